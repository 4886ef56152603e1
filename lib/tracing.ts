// Traces over OTLP, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. One post's life is one
// trace: the HTTP request, the workflow start, the workflow, each activity and the platform
// call, carried across processes by Temporal's OpenTelemetry interceptors (in the workflow
// and activity headers). Off, the OpenTelemetry SDK is not loaded at all.
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { parseTelemetryConfig } from './config';

/** How each process names itself in traces (and in error reports). */
export type ServiceName = 'planrrr-api' | 'planrrr-worker';

export interface Tracing {
  /** for every Temporal client: workflow starts, signals and updates carry the trace */
  clientInterceptors: WorkflowClientInterceptor[];
  /** for every worker: each activity is a span under the workflow's */
  activityInterceptors: ActivityInterceptorsFactory[];
  /**
   * Where the workflow interceptors' spans leave the workflow sandbox. Absent when tracing is
   * off, and then the worker runs its workflows without the interceptors (workflowBundleFor).
   */
  workflowSinks?: InjectedSinks<OpenTelemetrySinks>;
  /** sends the spans not yet exported; before the process exits */
  shutdown(): Promise<void>;
}

/**
 * Temporal's workflow interceptors, in a worker's workflows only when it traces: even with their
 * spans dropped they cost about 1.6 MiB per cached workflow (docs/operations.md, "Traces and
 * error tracking"). They add no command to a workflow's history, so a post started traced replays
 * untraced and the other way round (tests/workflows/replay.test.ts).
 */
export const WORKFLOW_TRACING_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** The prebuilt bundle's traced twin, written beside it (runtime/build-workflow-bundle.ts). */
export function tracedWorkflowBundlePath(bundlePath: string): string {
  return bundlePath.replace(/(\.js)?$/, '.traced.js');
}

/** The prebuilt bundle (WORKFLOW_BUNDLE_PATH) a worker loads: with the interceptors only when it traces. */
export function workflowBundleFor(bundlePath: string, tracing: Pick<Tracing, 'workflowSinks'>): string {
  return tracing.workflowSinks ? tracedWorkflowBundlePath(bundlePath) : bundlePath;
}

const TRACING_OFF: Tracing = {
  clientInterceptors: [],
  activityInterceptors: [],
  shutdown: async () => undefined,
};

/**
 * Starts tracing for this process if an endpoint is configured. Call it before anything
 * loads `http` or `pg`: their instrumentation patches them as they are loaded.
 */
export function startTracing(serviceName: ServiceName, env: NodeJS.ProcessEnv = process.env): Tracing {
  let config: ReturnType<typeof parseTelemetryConfig>;
  try {
    config = parseTelemetryConfig(env);
  } catch {
    // the process's own parseConfig names the bad variable and exits
    return TRACING_OFF;
  }
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return TRACING_OFF;
  // NOTE: require, not import(): synchronous, so the instrumentation is in place before the
  // entry point's next imports load http and pg; and only now, so an untraced process never loads the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  return startTracingSdk({ serviceName, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, headers: config.OTEL_EXPORTER_OTLP_HEADERS });
}
