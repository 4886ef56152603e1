// Pinterest's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

// https://developers.pinterest.com/docs/api/v5/pins-create: board_id, title up to 100
// characters, link up to 2,048
export const PinterestOptionsSchema = z.strictObject({
  boardId: z
    .string({ error: 'boardId is required' })
    .trim()
    .regex(/^\d{1,30}$/, { error: "boardId must be the id of one of the account's boards" })
    .describe("one of the account's boards (GET /api/v1/connections/{id}/pinterest/boards)"),
  title: z.string().trim().max(100, { error: 'title is at most 100 characters' }).optional(),
  link: z.httpUrl({ error: 'link must be an http(s) URL' }).max(2048, { error: 'link is at most 2,048 characters' }).optional(),
});

/** What the composer shows under a Pinterest account. */
export const PINTEREST_OPTION_FIELDS: readonly TargetOptionField[] = [
  { name: 'boardId', label: 'Board', required: true, choices: 'pinterest-boards' },
  { name: 'title', label: 'Title', required: false, maxLength: 100 },
  { name: 'link', label: 'Link', required: false, hint: 'where the pin leads, an http(s) address' },
];
