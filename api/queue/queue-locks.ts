// The lock on an account's queue: every change to which post holds which of its slots runs
// in a transaction holding it, so that two changes never interleave (the queue's own
// reorders and slot edits, and a post rescheduled by hand out of its slot).
import { randomInt } from 'node:crypto';
import type { Db } from '../../lib/db';
import type { Prisma } from '../../prisma/generated/client';
import { problems } from '../http/problem';

export type Tx = Prisma.TransactionClient;

/** How long a change waits for the accounts' queues while others change them. */
const LOCK_WAIT_MS = 60_000;

/** The longest pause between two tries for a busy queue. */
const MAX_BACKOFF_MS = 250;

/** Another request holds a queue: try again shortly. */
class QueueBusy extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `change` in a transaction holding the queues of `connectionIds`. The locks are
 * tried, not waited for, so that requests waiting for a busy queue hold no database
 * connection the holder's own reschedules may need; 503 after a minute of trying.
 */
export async function withQueueLocks<T>(db: Db, connectionIds: readonly string[], change: (tx: Tx) => Promise<T>): Promise<T> {
  const ids = [...new Set(connectionIds)].sort();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let tries = 1; ; tries += 1) {
    try {
      return await db.$transaction(
        async (tx) => {
          for (const id of ids) {
            const [{ locked }] = await tx.$queryRaw<
              [{ locked: boolean }]
            >`SELECT pg_try_advisory_xact_lock(hashtextextended(${`queue:${id}`}, 0)) AS locked`;
            if (!locked) throw new QueueBusy();
          }
          return change(tx);
        },
        { maxWait: 10_000, timeout: LOCK_WAIT_MS },
      );
    } catch (error) {
      if (!(error instanceof QueueBusy)) throw error;
      if (Date.now() > deadline) throw problems.unavailable('The queue is busy with other changes: try again in a moment.');
      // Backing off: fifty requests each trying every few milliseconds keep the CPU and the
      // connection pool busy while the holder works (a test's 50 concurrent adds answered 503
      // at a load of 20 on 2 cores); the jitter keeps them from trying together.
      await sleep(randomInt(5, Math.min(MAX_BACKOFF_MS, 10 * 2 ** tries)));
    }
  }
}
