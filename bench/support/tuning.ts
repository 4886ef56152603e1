import { parseWorkerTuning } from '../../lib/config';
import { BENCH_PLANRRR_ENV } from './systems';

/**
 * The settings a run gave planrrr (worker tuning from the environment or lib/config.ts
 * defaults, and the benchmarks' own publishing settings), for its report.
 */
export function workerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const { PUBLISH_LEAD_SECONDS, PUBLISH_RATE_LIMITS } = { ...BENCH_PLANRRR_ENV, ...env };
  return [...Object.entries(parseWorkerTuning(env)), ['PUBLISH_LEAD_SECONDS', PUBLISH_LEAD_SECONDS], ['PUBLISH_RATE_LIMITS', PUBLISH_RATE_LIMITS]]
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
}
