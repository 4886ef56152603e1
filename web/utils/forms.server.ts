// Forms on the server: parse with the same zod schemas the API uses, and turn schema
// issues or service problems into messages beside the fields they concern.
import { data, type HeadersArgs } from 'react-router';
import type { z } from 'zod';
import type { FieldError, ProblemError } from '../../api/http/problem';
import type { FieldErrors, FormFailure } from './forms';

/** The form's text value, or '' when it is missing or a file. */
export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

export function formTexts(formData: FormData, name: string): string[] {
  return formData.getAll(name).filter((value): value is string => typeof value === 'string');
}

function addError(errors: FieldErrors, key: string, message: string): void {
  (errors[key] ??= []).push(message);
}

/** Which of a form's fields an error's path (`overrides.0.content`) is shown beside. */
export type FieldOf = (path: readonly string[]) => string;

/** The path's first name (`overrides`), or the form as a whole: for forms whose fields are the request's top-level ones. */
export const topLevelField: FieldOf = (path) => path[0] ?? 'form';

export function parseForm<S extends z.ZodType>(
  schema: S,
  values: unknown,
  fieldOf: FieldOf = topLevelField,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) addError(errors, fieldOf(issue.path.map(String)), issue.message);
  return { ok: false, errors };
}

/**
 * NOTE: recognised by shape, not `instanceof`: importing the class here would bundle a
 * second copy of it into the server build, unrelated to the one the services throw.
 */
export function isProblemError(error: unknown): error is ProblemError {
  return (
    error instanceof Error &&
    error.name === 'ProblemError' &&
    typeof (error as Partial<ProblemError>).status === 'number' &&
    typeof (error as Partial<ProblemError>).slug === 'string'
  );
}

/** A problem's field errors (`body.publishAt` → `publishAt`), or its detail for the whole form. */
export function problemErrors(problem: ProblemError, fieldOf: FieldOf = topLevelField): FieldErrors {
  const fieldErrors = problem.extensions.errors as FieldError[] | undefined;
  if (!Array.isArray(fieldErrors) || fieldErrors.length === 0) return { form: [problem.detail ?? problem.title] };
  const errors: FieldErrors = {};
  for (const { field, message } of fieldErrors) {
    addError(errors, fieldOf(field.replace(/^(body|query|params|headers)\./, '').split('.')), message);
  }
  return errors;
}

/** The action's answer when the form needs correcting: re-rendered with errors, refilled. */
export function invalid<Fields>(errors: FieldErrors, fields: Fields, status = 400, headers?: HeadersInit) {
  return data<FormFailure<Fields>>({ errors, fields }, { status, headers });
}

/** A service's problem shown on the form it came from (with its Retry-After); any other error goes to the error boundary. */
export function problemAsInvalid<Fields>(error: unknown, fields: Fields, fieldOf: FieldOf = topLevelField) {
  if (!isProblemError(error)) throw error;
  const headers = error.retryAfter === undefined ? undefined : { 'Retry-After': String(error.retryAfter) };
  return invalid(problemErrors(error, fieldOf), fields, error.status, headers);
}

/** A form route's `headers` export: the action's Retry-After (a form refused for a while) reaches the page's response. */
export function retryAfterHeaders({ actionHeaders }: HeadersArgs): HeadersInit {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : {};
}

/** For loaders: a service's problem becomes a response with its status (404, 403, ...). */
export function rethrowAsResponse(error: unknown): never {
  if (!isProblemError(error)) throw error;
  throw data({ title: error.title, detail: error.detail }, { status: error.status });
}
