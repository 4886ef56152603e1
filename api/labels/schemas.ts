// Label request schemas, the source of the OpenAPI document's request bodies.
import { z } from 'zod';

export const LabelNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, { error: 'Name the label' })
  .max(40, { error: 'name must be at most 40 characters' });

export const LabelColourSchema = z
  .string({ error: 'colour is required' })
  .regex(/^#[0-9a-fA-F]{6}$/, { error: 'colour must be #rrggbb, e.g. #1e90ff' })
  .transform((colour) => colour.toLowerCase())
  .describe('`#rrggbb`, stored in lower case');

export const CreateLabelSchema = z.object({ name: LabelNameSchema, colour: LabelColourSchema });
export type CreateLabelInput = z.infer<typeof CreateLabelSchema>;

export const EditLabelSchema = z
  .object({ name: LabelNameSchema.optional(), colour: LabelColourSchema.optional() })
  .refine((edit) => edit.name !== undefined || edit.colour !== undefined, { error: 'Send name, colour, or both' });
export type EditLabelInput = z.infer<typeof EditLabelSchema>;

export const LabelIdsSchema = z
  .array(z.string().min(1).max(64), { error: 'labelIds must be a list of label ids' })
  .max(50, { error: 'At most 50 labels per post' })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'labelIds must not repeat' })
  .describe("the team's labels (GET /labels) to put on the post");

export const SetPostLabelsSchema = z.object({ labelIds: LabelIdsSchema });
