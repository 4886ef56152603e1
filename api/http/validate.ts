// zod at the HTTP boundary: parse, or answer 400 naming each bad field.
import type { Request, RequestParamHandler } from 'express';
import type { z } from 'zod';
import { problems, type FieldError } from './problem';

type Part = 'body' | 'query' | 'params' | 'headers';

/**
 * Strings PostgreSQL cannot store although JSON and JavaScript allow them: a NUL
 * character, or a lone UTF-16 surrogate (`"\ud800"`, which is not Unicode text). Refused
 * here, naming the field, rather than failing in the database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store `value`, or undefined when it can. */
export function unstorableText(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

/** The first unstorable string in a parsed body or query, walked without recursion (bodies may nest deeply). */
function findUnstorableText(input: unknown, part: Part): FieldError | undefined {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value: input, path: [part] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      const message = unstorableText(value);
      if (message) return { field: path.join('.'), message };
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) pending.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * Query keys in bracket notation (`status[]=x`, `a[b]=c`): Express's simple query parser
 * keeps them as literal names, so a schema would silently ignore them. Refused instead, so
 * a client learns its filter was not applied.
 */
function bracketedQueryKeys(query: unknown): FieldError[] {
  if (typeof query !== 'object' || query === null) return [];
  return Object.keys(query)
    .filter((key) => key.includes('['))
    .map((key) => {
      const name = key.slice(0, key.indexOf('[')) || key;
      return { field: `query.${name}`, message: `send ${name} as one plain value (${name}=...), not in bracket notation (${key})` };
    });
}

export function parseRequest<S extends z.ZodType>(schema: S, req: Request, part: Part): z.infer<S> {
  const input: unknown = req[part] ?? {};
  const bracketed = part === 'query' ? bracketedQueryKeys(input) : [];
  if (bracketed.length > 0) throw problems.validation(bracketed);
  const unstorable = findUnstorableText(input, part);
  if (unstorable) throw problems.validation([unstorable]);
  return parseAs(schema, input, part);
}

/** Parses `input` as the request's `part` (e.g. an edit merged with what it changes), naming fields from there. */
export function parseAs<S extends z.ZodType>(schema: S, input: unknown, part: Part): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw problems.validation(
    result.error.issues.map((issue) => ({
      field: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

/** The ids planrrr hands out (cuids); anything else names no resource. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * For `router.param('id', ...)`: an id that cannot exist answers 404 before it reaches
 * the database, which refuses some of them outright (a NUL character).
 */
export function malformedIdIsNotFound(entity: string): RequestParamHandler {
  return (_req, _res, next, id) => next(ID_PATTERN.test(String(id)) ? undefined : problems.notFound(entity, String(id)));
}
