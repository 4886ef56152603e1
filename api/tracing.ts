// The server's tracing, started when this module loads: api/main.ts imports it first, so
// that http and pg are instrumented before the server's modules load them.
import { startTracing } from '../lib/tracing';

export const tracing = startTracing('planrrr-api');
