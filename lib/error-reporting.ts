// Unexpected errors to Sentry, when SENTRY_DSN is set: an API answer 500, an activity
// failure that is not a deliberate answer, a process that crashes. Each report carries the
// ids that find the request or the workflow again, and nothing about users: no request data,
// no breadcrumbs. Unset, Sentry's SDK is not loaded.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Config } from './config';
import type { ServiceName } from './tracing';

export interface ErrorReporter {
  /** an error nobody meant; `tags` are ids only (request id, workflow id, activity type) */
  report(error: unknown, tags: Record<string, string>): void;
  /** also reports what crashes the process: an uncaught exception or unhandled rejection (it still exits) */
  reportCrashes(): void;
  /** sends what is queued; before the process exits */
  flush(): Promise<void>;
}

export const NO_ERROR_REPORTING: ErrorReporter = {
  report: () => undefined,
  reportCrashes: () => undefined,
  flush: async () => undefined,
};

const FLUSH_TIMEOUT_MS = 2_000;

export async function startErrorReporting(
  config: Pick<Config, 'SENTRY_DSN' | 'SENTRY_ENVIRONMENT' | 'NODE_ENV'>,
  serviceName: ServiceName,
): Promise<ErrorReporter> {
  if (!config.SENTRY_DSN) return NO_ERROR_REPORTING;
  const Sentry = await import('@sentry/node');
  // Not Sentry's defaults: they add the request (cookies, bodies), console breadcrumbs and tracing.
  Sentry.initWithoutDefaultIntegrations({
    dsn: config.SENTRY_DSN,
    environment: config.SENTRY_ENVIRONMENT ?? config.NODE_ENV,
    // and should an integration ever collect them: no user, cookies, headers, bodies or queries
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    integrations: [Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration()],
    initialScope: { tags: { service: serviceName } },
  });
  return {
    report: (error, tags) => {
      Sentry.withScope((scope) => {
        scope.setTags(tags);
        Sentry.captureException(error);
      });
    },
    reportCrashes: () => {
      Sentry.addIntegration(Sentry.onUncaughtExceptionIntegration());
      // 'strict' keeps Node's own behaviour: an unhandled rejection ends the process
      Sentry.addIntegration(Sentry.onUnhandledRejectionIntegration({ mode: 'strict' }));
    },
    flush: async () => {
      await Sentry.flush(FLUSH_TIMEOUT_MS);
    },
  };
}

/**
 * Deliberate failures are an activity's answer, not an error to report: an ApplicationFailure
 * (a platform's classified refusal, a post changed meanwhile) or a cancellation. INTERNAL is
 * what publishing calls an unexpected error it caught (activities/publish-to-target.ts).
 */
export function isUnexpectedActivityFailure(error: unknown): boolean {
  if (error instanceof CancelledFailure) return false;
  if (error instanceof ApplicationFailure) return error.type === 'INTERNAL';
  return true;
}

/** Reports every unexpected activity failure with its workflow id, workflow type, activity type and attempt. */
export function activityFailureReporting(reporter: ErrorReporter): ActivityInterceptorsFactory {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          if (isUnexpectedActivityFailure(error)) {
            const { workflowExecution, workflowType, activityType, attempt } = context.info;
            reporter.report(error, {
              activity_type: activityType,
              attempt: String(attempt),
              ...(workflowExecution && { workflow_id: workflowExecution.workflowId }),
              ...(workflowType && { workflow_type: workflowType }),
            });
          }
          throw error;
        }
      },
    },
  });
}
