// The first image of a post, small, where posts are listed: it tells posts apart at a glance.

interface PostMedia {
  kind: 'IMAGE' | 'VIDEO';
  contentUrl: string;
  altText: string | null;
}

/** The post's first image (a video has no still to show), or nothing. */
export function PostThumbnail({ media }: { media: readonly PostMedia[] }) {
  const image = media.find((file) => file.kind === 'IMAGE');
  if (!image) return null;
  // without alt text the image only repeats the post beside it
  return <img src={image.contentUrl} alt={image.altText ?? ''} className="post-thumbnail" loading="lazy" />;
}
