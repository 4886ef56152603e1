// The OpenTelemetry SDK, loaded by lib/tracing.ts only when traces are configured: spans are
// batched and sent over OTLP/HTTP; incoming HTTP requests and PostgreSQL queries are
// instrumented; Temporal's interceptors carry the trace through workflows and activities.
import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { ServiceName, Tracing } from './tracing';

/** Probes and scrapes every few seconds: not worth a trace each. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Express sets these on the request once a route matched. */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

const pathOf = (url: string | undefined) => (url ?? '/').split('?')[0]!;

/**
 * Temporal's exporter copies the whole WorkflowInfo onto each workflow span, memo and search
 * attributes included (the memo holds the start of the post's text): it gets the ids only.
 */
type WorkflowSpanExporter = NonNullable<Tracing['workflowSinks']>['exporter'];

function withWorkflowIdsOnly(exporter: WorkflowSpanExporter): WorkflowSpanExporter {
  return {
    export: {
      ...exporter.export,
      fn: (info, spans) => {
        const { workflowId, runId, workflowType, taskQueue, namespace, attempt } = info;
        // NOTE: a WorkflowInfo with only these fields: the exporter reads nothing else of it
        return exporter.export.fn({ workflowId, runId, workflowType, taskQueue, namespace, attempt } as WorkflowInfo, spans);
      },
    },
  };
}

export function startTracingSdk(options: { serviceName: ServiceName; endpoint: string; headers: Record<string, string> }): Tracing {
  const resource = Resource.default().merge(new Resource({ 'service.name': options.serviceName }));
  const spanProcessor = new BatchSpanProcessor(
    new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces`, headers: options.headers }),
  );
  const provider = new NodeTracerProvider({ resource, mergeResourceWithDefaults: false, spanProcessors: [spanProcessor] });
  // AsyncLocalStorage carries the active span; W3C trace context is read from incoming requests
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.url)),
        // outgoing calls go through fetch (platforms: lib/platforms/http.ts has its own span); http is the exporters' own
        disableOutgoingRequestInstrumentation: true,
        // query strings can carry secrets (OAuth codes, signed media links): the path only
        requestHook: (span, request) => {
          if (!('headers' in request) || !('url' in request)) return;
          span.setAttribute('http.target', pathOf(request.url));
          span.setAttribute('http.url', `http://${request.headers.host ?? 'localhost'}${pathOf(request.url)}`);
        },
        // the route, once Express has matched one (its own instrumentation does not know Express 5)
        applyCustomAttributesOnSpan: (span, request) => {
          const { route, baseUrl, method } = request as RoutedRequest;
          if (typeof route?.path !== 'string') return;
          span.setAttribute('http.route', `${baseUrl ?? ''}${route.path}`);
          span.updateName(`${method ?? 'GET'} ${baseUrl ?? ''}${route.path}`);
        },
      }),
      // statements only (with their $1 placeholders), never the values
      new PgInstrumentation(),
    ],
  });
  return {
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor()],
    activityInterceptors: [
      (context) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(context),
        outbound: new OpenTelemetryActivityOutboundInterceptor(context),
      }),
    ],
    workflowSinks: { exporter: withWorkflowIdsOnly(makeWorkflowExporter(spanProcessor, resource)) },
    shutdown: () => provider.shutdown(),
  };
}
