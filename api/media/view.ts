// The JSON shape of a media file over the API.
export const MEDIA_FIELDS = {
  id: true,
  kind: true,
  mimeType: true,
  sizeBytes: true,
  fileName: true,
  altText: true,
  createdAt: true,
} as const;

export interface MediaRow {
  id: string;
  kind: 'IMAGE' | 'VIDEO';
  mimeType: string;
  sizeBytes: number;
  fileName: string;
  altText: string | null;
  createdAt: Date;
}

export function mediaContentPath(id: string): string {
  return `/api/v1/media/${encodeURIComponent(id)}/content`;
}

export function toMediaView(media: MediaRow) {
  return {
    id: media.id,
    kind: media.kind,
    mimeType: media.mimeType,
    sizeBytes: media.sizeBytes,
    fileName: media.fileName,
    altText: media.altText,
    createdAt: media.createdAt.toISOString(),
    contentUrl: mediaContentPath(media.id),
  };
}
