// zod at the HTTP boundary: parse, or answer 400 naming each bad field.
import type { Request } from 'express';
import type { z } from 'zod';
import { problems } from './problem';

type Part = 'body' | 'query' | 'params' | 'headers';

export function parseRequest<S extends z.ZodType>(schema: S, req: Request, part: Part): z.infer<S> {
  const result = schema.safeParse(req[part] ?? {});
  if (result.success) return result.data;
  throw problems.validation(
    result.error.issues.map((issue) => ({
      field: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
