// Import request schemas (docs/import.md), the source of the OpenAPI document's request bodies.
import { z } from 'zod';
import { IMPORT_ROW_LIMIT, IMPORT_ROW_STATUSES } from '../../domain/import-rows';

const SpreadTimeSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 time with an offset, e.g. 2026-12-01T09:00:00+01:00' })
  .transform((value) => new Date(value));

export const SpreadSchema = z
  .object({ from: SpreadTimeSchema, to: SpreadTimeSchema })
  .refine((spread) => spread.from < spread.to, { error: 'to must be after from', path: ['to'] })
  .refine((spread) => spread.from.getTime() > Date.now(), { error: 'the window must start in the future', path: ['from'] })
  .describe('spread the rows without a time evenly over this window, instead of queueing them');

const DryRunSchema = z
  .boolean({ error: 'dryRun must be true or false' })
  .default(true)
  .describe(
    'check every row and wait for POST /imports/{id}/confirm before creating anything (default); false: create the valid rows at once',
  );

export const ImportOptionsSchema = z.object({ dryRun: DryRunSchema, spread: SpreadSchema.optional() });
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

/** The text fields of a multipart upload beside `file`, as ImportOptions. */
export const UploadFieldsSchema = z
  .object({
    dryRun: z.enum(['true', 'false'], { error: 'dryRun must be true or false' }).optional(),
    spreadFrom: z.string().optional(),
    spreadTo: z.string().optional(),
  })
  .strict()
  .transform((fields) => ({
    ...(fields.dryRun !== undefined && { dryRun: fields.dryRun === 'true' }),
    ...((fields.spreadFrom !== undefined || fields.spreadTo !== undefined) && { spread: { from: fields.spreadFrom, to: fields.spreadTo } }),
  }));

const CellSchema = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())], {
  error: "a cell is text, a list of texts, or (an options: column's) an object",
});

export const CreateImportJsonSchema = ImportOptionsSchema.extend({
  rows: z
    .array(z.record(z.string(), CellSchema.nullable()), { error: 'rows must be a list of rows, each an object of columns' })
    .min(1, { error: 'send at least one row' })
    .max(IMPORT_ROW_LIMIT, { error: `at most ${IMPORT_ROW_LIMIT} rows per import` })
    .describe(
      'the rows, each an object of the same columns as a CSV file (docs/import.md); a list cell may be an array, an `options:` cell the object itself',
    ),
  fileName: z.string().trim().min(1).max(255).optional().describe('a name to show the import by'),
});
export type CreateImportJsonInput = z.infer<typeof CreateImportJsonSchema>;

export const ImportRowsQuerySchema = z.object({
  status: z.enum(IMPORT_ROW_STATUSES, { error: `status must be one of ${IMPORT_ROW_STATUSES.join(', ')}` }).optional(),
  after: z.coerce.number().int().min(0).default(0).describe('rows after this row number (the previous page’s last `row`)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ImportRowsQuery = z.infer<typeof ImportRowsQuerySchema>;
