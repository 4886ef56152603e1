import type { MediaView } from '../../api/media/view';
import { DocumentCard } from './document-card';

/** A small picture of an attachment: the image itself, a video's first frame, or a PDF's card. */
export function MediaThumbnail({
  media,
  className = 'thumbnail',
}: {
  media: Pick<MediaView, 'kind' | 'contentUrl' | 'altText' | 'fileName'>;
  className?: string;
}) {
  if (media.kind === 'DOCUMENT') return <DocumentCard fileName={media.fileName} className={className} />;
  return media.kind === 'VIDEO' ? (
    <video src={media.contentUrl} className={className} muted preload="metadata" aria-label={media.altText ?? media.fileName} />
  ) : (
    <img src={media.contentUrl} alt={media.altText ?? ''} className={className} loading="lazy" />
  );
}
