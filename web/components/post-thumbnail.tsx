// The first image or video of a post, small, beside its text in lists: what a planner
// recognises a post by. The file comes from the API (GET /api/v1/media/{id}/content).
import type { MediaView } from '../../api/media/view';
import { DocumentCard } from './document-card';

type ThumbnailMedia = Pick<MediaView, 'kind' | 'contentUrl' | 'altText' | 'fileName'>;

/** Nothing when the post has no media; a video shows its first frame with a play mark. */
export function PostThumbnail({ media }: { media: readonly ThumbnailMedia[] }) {
  const first = media[0];
  if (!first) return null;
  const more = media.length > 1 ? <span className="post-thumbnail-count">+{media.length - 1}</span> : null;
  if (first.kind === 'DOCUMENT') {
    return (
      <span className="post-thumbnail">
        <DocumentCard fileName={first.fileName} className="post-thumbnail-document" />
        {more}
      </span>
    );
  }
  if (first.kind === 'VIDEO') {
    return (
      <span className="post-thumbnail" role="img" aria-label={`Video: ${first.altText || first.fileName}`}>
        <video src={first.contentUrl} muted preload="metadata" aria-hidden="true" />
        <span className="post-thumbnail-play" aria-hidden="true">
          ▶
        </span>
        {more}
      </span>
    );
  }
  return (
    <span className="post-thumbnail">
      <img src={first.contentUrl} alt={first.altText || `Image: ${first.fileName}`} loading="lazy" decoding="async" />
      {more}
    </span>
  );
}
