// Template request schemas, the source of the OpenAPI document's request bodies. A template
// holds a post's content fields (api/posts/schemas.ts), with variables in its texts.
import { z } from 'zod';
import { PLATFORMS } from '../../domain/post';
import { LabelIdsSchema } from '../labels/schemas';
import { MediaIdsSchema } from '../media/schemas';
import {
  ConnectionIdsSchema,
  ContentSchema,
  CreatePostFieldsSchema,
  FirstCommentSchema,
  TargetOptionsSchema,
  ThreadSchema,
} from '../posts/schemas';

export const TemplateNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, { error: 'Name the template' })
  .max(80, { error: 'name must be at most 80 characters' });

export const VariantsSchema = z
  .array(
    z.object({
      platform: z.enum(PLATFORMS, { error: `platform must be one of ${PLATFORMS.join(', ')}` }),
      content: ContentSchema,
    }),
    { error: 'variants must be a list of { platform, content }' },
  )
  .max(PLATFORMS.length, { error: 'At most one variant per platform' })
  .superRefine((variants, context) => {
    const seen = new Set<string>();
    variants.forEach(({ platform }, index) => {
      if (seen.has(platform)) context.addIssue({ code: 'custom', path: [index, 'platform'], message: `${platform} already has a variant` });
      seen.add(platform);
    });
  })
  .describe("per-platform text: the accounts of each platform named here publish its content instead of the template's");

/** What a template holds besides its name; every text may hold variables (`{{name}}`, `{{name|default}}`). */
const TEMPLATE_FIELDS = {
  content: ContentSchema.describe('the text, with variables: `{{name}}`, or `{{name|default}}`'),
  connectionIds: ConnectionIdsSchema.describe('the accounts a post made from the template goes to, unless it names its own'),
  variants: VariantsSchema,
  media: MediaIdsSchema.describe('uploaded media ids (POST /api/v1/media), in publishing order'),
  labelIds: LabelIdsSchema,
  firstComment: FirstCommentSchema.nullable(),
  thread: ThreadSchema,
  targetOptions: TargetOptionsSchema.describe(
    "its accounts' platform options, as a post's (`[{ connectionId, reddit: { subreddit, title } }]`): a post made from it takes them for the accounts it has, unless it gives an account its own; used as written (no variables)",
  ),
};

export const CreateTemplateSchema = z.object({
  name: TemplateNameSchema,
  content: TEMPLATE_FIELDS.content,
  connectionIds: TEMPLATE_FIELDS.connectionIds.default([]),
  variants: TEMPLATE_FIELDS.variants.default([]),
  media: TEMPLATE_FIELDS.media.default([]),
  labelIds: TEMPLATE_FIELDS.labelIds.default([]),
  firstComment: TEMPLATE_FIELDS.firstComment.default(null),
  thread: TEMPLATE_FIELDS.thread.default([]),
  targetOptions: TEMPLATE_FIELDS.targetOptions.default([]),
});
export type CreateTemplateInput = z.infer<typeof CreateTemplateSchema>;

export const EditTemplateSchema = z
  .object({
    name: TemplateNameSchema.optional(),
    content: TEMPLATE_FIELDS.content.optional(),
    connectionIds: TEMPLATE_FIELDS.connectionIds.optional(),
    variants: TEMPLATE_FIELDS.variants.optional(),
    media: TEMPLATE_FIELDS.media.optional(),
    labelIds: TEMPLATE_FIELDS.labelIds.optional(),
    firstComment: TEMPLATE_FIELDS.firstComment.optional(),
    thread: TEMPLATE_FIELDS.thread.optional(),
    targetOptions: TEMPLATE_FIELDS.targetOptions.optional(),
  })
  .refine((edit) => Object.values(edit).some((value) => value !== undefined), {
    error: 'Send at least one of name, content, connectionIds, variants, media, labelIds, firstComment, thread, targetOptions',
  })
  .describe(
    "what is sent replaces what the template had; what is left out stays (an account's options go with the account when connectionIds drop it)",
  );
export type EditTemplateInput = z.infer<typeof EditTemplateSchema>;

export const TemplateVariablesSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'a variable name is a letter or _ followed by letters, digits or _' }),
    z.string({ error: 'a variable value must be text' }).max(10_000, { error: 'a variable value must be at most 10,000 characters' }),
    { error: 'variables must be an object of name: value' },
  )
  .describe("the template's variables by name; a variable with a default may be left out");

/** How a new post names the template it is made from (POST /posts); the rest of the body wins over the template. */
export const PostFromTemplateSchema = z.looseObject({
  templateId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("a template of the team's to start from: its fields fill what the body leaves out"),
  variables: TemplateVariablesSchema.optional(),
});
export type PostFromTemplateInput = z.infer<typeof PostFromTemplateSchema>;

/** createPost's body as documented: a post's fields, of which content and connectionIds may come from the template instead. */
export const CreatePostRequestSchema = CreatePostFieldsSchema.extend({
  content: ContentSchema.optional().describe("required unless `templateId`: the template's content, filled, is used when left out"),
  connectionIds: ConnectionIdsSchema.optional().describe(
    "at least one unless `draft`; with `templateId`, the template's accounts when left out",
  ),
  templateId: PostFromTemplateSchema.shape.templateId,
  variables: PostFromTemplateSchema.shape.variables,
});
