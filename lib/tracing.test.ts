import { startTracing, tracedWorkflowBundlePath, workflowBundleFor } from './tracing';

// Loading the SDK fails this file: tracing that is off must not load it.
jest.mock('./tracing-sdk', () => {
  throw new Error('the OpenTelemetry SDK was loaded');
});

test('without an endpoint tracing is off, and the OpenTelemetry SDK is not loaded', async () => {
  const tracing = startTracing('planrrr-api', {});
  expect(tracing.clientInterceptors).toEqual([]);
  expect(tracing.activityInterceptors).toEqual([]);
  // and so the worker runs its workflows without Temporal's tracing interceptors
  expect(tracing.workflowSinks).toBeUndefined();
  await expect(tracing.shutdown()).resolves.toBeUndefined();
});

test('a bad endpoint leaves tracing off: the process then fails naming it (lib/config.ts)', () => {
  expect(startTracing('planrrr-worker', { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }).clientInterceptors).toEqual([]);
});

test('with an endpoint it loads the SDK, which this file refuses: the checks above are real', () => {
  expect(() => startTracing('planrrr-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' })).toThrow(
    'the OpenTelemetry SDK was loaded',
  );
});

test('a worker loads the prebuilt workflow bundle, or its traced twin beside it when tracing', () => {
  expect(tracedWorkflowBundlePath('/app/build/workflow-bundle.js')).toBe('/app/build/workflow-bundle.traced.js');
  expect(workflowBundleFor('/app/build/workflow-bundle.js', {})).toBe('/app/build/workflow-bundle.js');
  const traced = { workflowSinks: { exporter: { export: { fn: () => undefined } } } };
  expect(workflowBundleFor('/app/build/workflow-bundle.js', traced)).toBe('/app/build/workflow-bundle.traced.js');
});
