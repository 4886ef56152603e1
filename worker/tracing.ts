// The worker's tracing, started when this module loads: worker/main.ts imports it first, so
// that pg is instrumented before the activities' modules load it.
import { startTracing } from '../lib/tracing';

export const tracing = startTracing('planrrr-worker');
