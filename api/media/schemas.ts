// Media schemas: the upload's text fields and the ids a post refers to media by.
import { z } from 'zod';
import { MOST_MEDIA_ANY_PLATFORM_TAKES } from '../../domain/platform-rules';

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

export const MediaIdsSchema = z
  .array(z.string().min(1).max(64), { error: 'media must be a list of media ids' })
  // each account's own limit is its platform's rule (a 422 naming the account); this bounds the request
  .max(MOST_MEDIA_ANY_PLATFORM_TAKES, { error: `At most ${MOST_MEDIA_ANY_PLATFORM_TAKES} media per post, the most any platform takes` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'media must not repeat' });

export const SignedMediaQuerySchema = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(1).max(128),
});
