// LinkedIn's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

// https://learn.microsoft.com/linkedin/marketing/community-management/shares/documents-api
export const LinkedInOptionsSchema = z.strictObject({
  documentTitle: z
    .string()
    .trim()
    .min(1, { error: 'documentTitle must not be empty' })
    // LinkedIn documents no limit: planrrr keeps a title to what a document card shows
    .max(200, { error: 'documentTitle is at most 200 characters' })
    .optional()
    .describe("a PDF document post's title; the file's name when left out"),
});

/** What the composer shows under a LinkedIn account. */
export const LINKEDIN_OPTION_FIELDS: readonly TargetOptionField[] = [
  { name: 'documentTitle', label: 'Document title', required: false, hint: "for a PDF post; the file's name when empty" },
];
