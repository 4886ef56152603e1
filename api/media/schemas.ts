// Media schemas: the upload's text fields and the ids a post refers to media by.
import { z } from 'zod';

export const ALT_TEXT_MAX = 1500;

/** The text fields of an upload; any other field is refused rather than ignored. */
export const UploadFieldsSchema = z.strictObject({
  altText: z
    .string()
    .trim()
    .max(ALT_TEXT_MAX, { error: `altText must be at most ${ALT_TEXT_MAX} characters` })
    .optional()
    .transform((value) => (value ? value : null)),
});

export const MAX_MEDIA_PER_POST = 10;

export const MediaIdsSchema = z
  .array(z.string().min(1).max(64), { error: 'media must be a list of media ids' })
  .max(MAX_MEDIA_PER_POST, { error: `At most ${MAX_MEDIA_PER_POST} media per post` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'media must not repeat' });

export const SignedMediaQuerySchema = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(1).max(128),
});
