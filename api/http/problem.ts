// Errors as RFC 9457 problem details (application/problem+json). Every error a client
// can see goes through here: a stable `type`, a human title, a useful detail, and never
// a stack trace.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../../lib/db';
import type { ErrorReporter } from '../../lib/error-reporting';
import type { Logger } from '../../lib/logger';

const TYPE_BASE = 'https://planrrr.dev/problems/';

export interface FieldError {
  /** where the bad value is, e.g. `body.publishAt` */
  field: string;
  message: string;
}

export class ProblemError extends Error {
  override name = 'ProblemError';

  constructor(
    readonly status: number,
    /** a stable slug: clients may branch on it */
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** seconds, sent as Retry-After */
    readonly retryAfter?: number,
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new ProblemError(
      400,
      'validation-failed',
      'The request is not valid',
      errors.map((error) => `${error.field}: ${error.message}`).join('; '),
      { errors },
    ),
  unprocessable: (slug: string, detail: string, extensions?: Record<string, unknown>) =>
    new ProblemError(422, slug, 'The request cannot be carried out', detail, extensions),
  unauthenticated: (detail = 'Log in, or send an API token as `Authorization: Bearer <token>`.') =>
    new ProblemError(401, 'unauthenticated', 'Authentication required', detail),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', 'Not allowed', detail),
  notFound: (entity: string, id: string) =>
    new ProblemError(404, 'not-found', `${entity} not found`, `No ${entity.toLowerCase()} with id ${id}.`),
  conflict: (slug: string, detail: string, extensions?: Record<string, unknown>) =>
    new ProblemError(409, slug, 'Conflict with the current state', detail, extensions),
  databaseUnavailable: () =>
    new ProblemError(503, 'service-unavailable', 'Temporarily unavailable', 'The database is not answering; try again shortly.', {}, 5),
  unavailable: (detail: string, retryAfter = 5) =>
    new ProblemError(503, 'service-unavailable', 'Temporarily unavailable', detail, {}, retryAfter),
  /** a write whose outcome is not known (it may have been applied): not to be retried blindly */
  outcomeUnknown: (detail: string, retryAfter = 5) =>
    new ProblemError(503, 'outcome-unknown', 'The outcome of the change is unknown', detail, {}, retryAfter),
  /** If-Match named another version than the resource's current `stateVersion` */
  preconditionFailed: (stateVersion: number) =>
    new ProblemError(
      412,
      'precondition-failed',
      'The resource changed since you read it',
      `It is now at stateVersion ${stateVersion} (ETag "${stateVersion}"): GET it and apply your change again.`,
      { stateVersion },
    ),
};

/** The problem's JSON document (RFC 9457). */
export function problemDocument(problem: ProblemError): Record<string, unknown> {
  return {
    ...problem.extensions,
    type: `${TYPE_BASE}${problem.slug}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
  };
}

export function sendProblem(res: Response, problem: ProblemError): void {
  if (problem.retryAfter !== undefined) res.setHeader('Retry-After', String(problem.retryAfter));
  res.status(problem.status).type('application/problem+json').json(problemDocument(problem));
}

/** body-parser marks its own errors with `type` and `status`. */
function bodyParserProblem(error: unknown): ProblemError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch ((error as { type: unknown }).type) {
    case 'entity.parse.failed':
      return new ProblemError(
        400,
        'invalid-json',
        'The request body is not valid JSON',
        'Send a JSON object with Content-Type: application/json.',
      );
    case 'entity.too.large':
      return new ProblemError(413, 'body-too-large', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemError(415, 'unsupported-encoding', 'The request body encoding is not supported');
    default:
      return undefined;
  }
}

/**
 * Client errors raised by Express and its router with a 4xx `status` (e.g. a path parameter
 * that is not valid percent-encoding: a URIError with status 400).
 */
function expressClientProblem(error: unknown): ProblemError | undefined {
  const { status, expose, message } = (error ?? {}) as { status?: unknown; expose?: unknown; message?: unknown };
  if (expose === false || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return new ProblemError(status, 'bad-request', 'The request is not valid', typeof message === 'string' ? message : undefined);
}

/** What finds a failed request again: the id the answer's X-Request-Id named (pino-http's), and the route. */
function requestTags(req: Request): Record<string, string> {
  return {
    request_id: String(req.id),
    method: req.method,
    ...(typeof req.route?.path === 'string' && { route: `${req.baseUrl}${req.route.path}` }),
  };
}

export function problemErrorHandler(logger: Logger, errorReporter: ErrorReporter): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      // A streamed answer (the CSV export) that failed half-way: too late for a problem
      // document. The stream already cut the connection, so the client sees it unfinished.
      logger.error({ err: error, method: req.method, path: req.path }, 'Failed after the answer had started');
      errorReporter.report(error, requestTags(req));
      res.destroy();
      return;
    }
    const problem =
      error instanceof ProblemError
        ? error
        : (bodyParserProblem(error) ??
          expressClientProblem(error) ??
          (isDatabaseUnavailable(error) ? problems.databaseUnavailable() : undefined));
    if (problem) {
      if (problem.status >= 500) logger.warn({ err: error, path: req.path }, problem.detail ?? problem.title);
      sendProblem(res, problem);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'Unhandled error');
    errorReporter.report(error, requestTags(req));
    sendProblem(
      res,
      new ProblemError(500, 'internal-error', 'Something went wrong on our side', 'The error was logged; please try again.'),
    );
  };
}
