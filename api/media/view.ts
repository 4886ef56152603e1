// The JSON shape of a media file over the API.
import { z } from 'zod';
import type { MediaSchema } from '../openapi/responses';

/** What the API sends for a media file: the document's Media schema. */
export type MediaView = z.infer<typeof MediaSchema>;

export const MEDIA_FIELDS = {
  id: true,
  kind: true,
  mimeType: true,
  sizeBytes: true,
  fileName: true,
  altText: true,
  width: true,
  height: true,
  durationMs: true,
  createdAt: true,
} as const;

/** A timestamp in rows that PostgreSQL returns as JSON: ISO 8601 with an offset (UTC, see lib/db.ts utcTimestamp). */
export const JsonTimestampSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** A media row as MEDIA_FIELDS selects it; the schema parses the same row read as JSON (api/posts/page-query.ts). */
export const MediaRowSchema = z.object({
  id: z.string(),
  kind: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT']),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  fileName: z.string(),
  altText: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: JsonTimestampSchema,
});
export type MediaRow = z.output<typeof MediaRowSchema>;

export function mediaContentPath(id: string): string {
  return `/api/v1/media/${encodeURIComponent(id)}/content`;
}

export function toMediaView(media: MediaRow): MediaView {
  return {
    id: media.id,
    kind: media.kind,
    mimeType: media.mimeType,
    sizeBytes: media.sizeBytes,
    fileName: media.fileName,
    altText: media.altText,
    width: media.width,
    height: media.height,
    durationMs: media.durationMs,
    createdAt: media.createdAt.toISOString(),
    contentUrl: mediaContentPath(media.id),
  };
}
