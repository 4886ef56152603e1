// The worker container's health check in docker-compose.yml: healthy while this container's
// worker polls planrrr's task queue for both workflow and activity tasks, as Temporal sees
// it. A worker has no HTTP port; a live process that stopped polling is what matters.
// Run as `node --import tsx worker/healthcheck.ts`; exit 0 = healthy.
import os from 'node:os';
import { Connection } from '@temporalio/client';
import { parseConfig } from '../lib/config';

/** The SDK's default worker identity is `<pid>@<hostname>`; a container's hostname is its own. */
const IDENTITY_SUFFIX = `@${os.hostname()}`;
/** Pollers re-poll at least every minute or so; an older last poll means this worker stopped. */
const MAX_POLL_AGE_MS = 3 * 60 * 1000;
/** temporal.api.enums.v1.TaskQueueType */
const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 } as const;

async function main(): Promise<number> {
  const config = parseConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 5_000 });
  try {
    const problems: string[] = [];
    for (const [kind, taskQueueType] of Object.entries(TASK_QUEUE_TYPES)) {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
        taskQueueType,
      });
      const now = Date.now();
      const recent = pollers.filter((poller) => {
        if (!poller.identity?.endsWith(IDENTITY_SUFFIX)) return false;
        const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 <= MAX_POLL_AGE_MS;
      });
      if (recent.length === 0) problems.push(`no ${kind} poller from *${IDENTITY_SUFFIX} on ${config.TEMPORAL_TASK_QUEUE}`);
    }
    if (problems.length > 0) {
      console.error(`unhealthy: ${problems.join('; ')}`);
      return 1;
    }
    console.log(`healthy: polling ${config.TEMPORAL_TASK_QUEUE} as *${IDENTITY_SUFFIX}`);
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
