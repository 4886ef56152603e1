// zod at the HTTP boundary: parse, or answer 400 naming each bad field.
import type { Request } from 'express';
import type { z } from 'zod';
import { problems } from './problem';

type Part = 'body' | 'query' | 'params' | 'headers';

/**
 * The path of the first string holding a NUL character: valid JSON and valid JavaScript,
 * but PostgreSQL's text cannot store it, so it is refused here rather than by the database.
 */
function findNulCharacter(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findNulCharacter(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

export function parseRequest<S extends z.ZodType>(schema: S, req: Request, part: Part): z.infer<S> {
  const input: unknown = req[part] ?? {};
  const nul = findNulCharacter(input, [part]);
  if (nul) throw problems.validation([{ field: nul.join('.'), message: 'must not contain the NUL character (U+0000)' }]);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw problems.validation(
    result.error.issues.map((issue) => ({
      field: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
