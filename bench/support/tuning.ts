import { parseWorkerTuning } from '../../lib/config';
import { BENCH_PLANRRR_ENV } from './systems';

/**
 * The settings a run gave planrrr (worker tuning from the environment or lib/config.ts
 * defaults, and the benchmarks' own publishing settings), for its report.
 */
export function workerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const settings = { ...BENCH_PLANRRR_ENV, ...env };
  return [
    ...Object.entries(parseWorkerTuning(settings)),
    ['PUBLISH_LEAD_SECONDS', settings.PUBLISH_LEAD_SECONDS],
    ['PUBLISH_RATE_LIMITS', settings.PUBLISH_RATE_LIMITS],
  ]
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
}
