import type { MediaView } from '../../api/media/view';

/** A small picture of an attachment: the image itself, or a video's first frame. */
export function MediaThumbnail({
  media,
  className = 'thumbnail',
}: {
  media: Pick<MediaView, 'kind' | 'contentUrl' | 'altText' | 'fileName'>;
  className?: string;
}) {
  return media.kind === 'VIDEO' ? (
    <video src={media.contentUrl} className={className} muted preload="metadata" aria-label={media.altText ?? media.fileName} />
  ) : (
    <img src={media.contentUrl} alt={media.altText ?? ''} className={className} loading="lazy" />
  );
}
