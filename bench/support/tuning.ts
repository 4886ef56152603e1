import { parseWorkerTuning } from '../../lib/config';

/** The worker settings a run used (environment or lib/config.ts defaults), for its report. */
export function workerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return Object.entries(parseWorkerTuning(env))
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
}
