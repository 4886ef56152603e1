// The floor under planrrr's post creation: how fast a Temporal server starts workflows at
// all, with no planrrr code in the way. A workflow type no worker runs, on a queue nobody
// polls, so each start is one history write and nothing more; every one is terminated
// when the measuring is done.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { forEachConcurrently } from './stats';

export interface EmptyWorkflows {
  /** starts one empty workflow; answers how long the start took, in ms */
  start(): Promise<number>;
  /** empty workflows started per second by `callers` at once, `count` in all */
  startsPerSecond(count: number, callers: number): Promise<number>;
  /** terminates every workflow started here and closes the connection */
  close(): Promise<void>;
}

const TERMINATE_CONCURRENCY = 32;

export async function connectEmptyWorkflows(address: string, namespace: string): Promise<EmptyWorkflows> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const taskQueue = `bench-empty-${randomUUID()}`;
  const started: string[] = [];
  const start = async () => {
    const workflowId = `${taskQueue}-${started.length}`;
    started.push(workflowId);
    const before = performance.now();
    await client.workflow.start('benchEmptyWorkflow', { workflowId, taskQueue, args: [] });
    return performance.now() - before;
  };
  return {
    start,
    async startsPerSecond(count, callers) {
      const before = Date.now();
      await forEachConcurrently(
        Array.from({ length: count }, () => undefined),
        callers,
        async () => void (await start()),
      );
      return (count * 1000) / (Date.now() - before);
    },
    async close() {
      try {
        await forEachConcurrently(started, TERMINATE_CONCURRENCY, async (workflowId) => {
          await client.workflow.getHandle(workflowId).terminate('benchmark measured');
        });
      } finally {
        await connection.close();
      }
    },
  };
}
