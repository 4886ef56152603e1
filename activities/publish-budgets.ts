// Publishing budgets where the platforms count them: per account and per app
// (lib/platforms/publish-limits.ts), shared by every worker process through PostgreSQL.
// A budget is one limit's log of the publishes it allowed, so that no window of the
// documented length ever holds more than the documented count, however the platform aligns
// its own windows. The log counts takes in buckets of a two-hundredth of the window
// ("PublishBudget".slots and counts): a row stays at most about 200 entries whatever
// the count (X's 10,000 a day per app), and a take, which locks the row, stays as quick at
// the end of a busy day as at its start (BENCHMARKS.md, bench:budgets). A bucket's takes may
// lie anywhere in it, so each is counted until its end has left the window: a window is
// counted at most 0.5 % longer than documented, never shorter. Each publish takes
// from its account's and its app's budgets at once, all or nothing, in one statement that
// locks their rows.
//
// NOTE: rate-limiter-flexible's PostgreSQL store (a dependency for the API's limits) counts
// fixed windows: across a window's edge it lets twice the count through, which a platform
// counting its own windows refuses; and it cannot take from two limits all or nothing.
import type { Platform } from '../domain/post';
import type { Db } from '../lib/db';
import { describeLimit, type PublishLimit } from '../lib/platforms/publish-limits';

/**
 * A publish reserved for later goes out a little after its time (a workflow timer, then
 * the activity's dispatch), so every window is counted this much longer than documented.
 */
export const BUDGET_MARGIN_MS = 2_000;

/** The account as the platform knows it: one account connected by two teams is counted once. */
export interface BudgetAccount {
  platform: Platform;
  handle: string;
  instanceUrl: string | null;
}

export type BudgetTake = { wait: false } | { wait: true; until: Date; limit: string };

/**
 * One limit's row: the account as the platform knows it (or the app) and the window, e.g.
 * `MASTODON account https://example.social @ann per 300 s`.
 */
function budgetKey(account: BudgetAccount, limit: PublishLimit): string {
  const whom =
    limit.per === 'app' ? `${account.platform} app` : `${account.platform} account ${account.instanceUrl ?? ''} ${account.handle}`;
  return `${whom} per ${limit.windowSeconds} s`;
}

/** Buckets per window: each bucket counts its takes until its end has left the window, 0.5 % longer than documented. */
const BUCKETS_PER_WINDOW = 200;

/** A row's bucket length, fixed when the row is made. */
const bucketMsOf = (limit: PublishLimit) => Math.max(1, Math.round((limit.windowSeconds * 1000) / BUCKETS_PER_WINDOW));

export function createPublishBudgets(db: Db, budgets: (platform: Platform) => readonly PublishLimit[]) {
  /** budget rows this process knows exist: the take locks rows, and cannot lock one it creates */
  const existing = new Set<string>();

  return {
    /**
     * Takes one publish from the account's budgets: it may go now (or at `notBefore`, a
     * publish started ahead of its time, whose take is recorded at that time), or it is
     * reserved for `until`, the first time every limit allows it, and `limit` names the one
     * it waits for.
     */
    async take(account: BudgetAccount, notBefore?: Date): Promise<BudgetTake> {
      const limits = budgets(account.platform);
      if (limits.length === 0) return { wait: false };
      const keys = limits.map((limit) => budgetKey(account, limit));
      const counts = limits.map((limit) => limit.count);
      const windowsMs = limits.map((limit) => Math.round(limit.windowSeconds * 1000) + BUDGET_MARGIN_MS);
      const missing = limits.filter((_, index) => !existing.has(keys[index]!));
      if (missing.length > 0) {
        const missingKeys = missing.map((limit) => budgetKey(account, limit));
        await db.$executeRaw`
          INSERT INTO "PublishBudget" (key, "bucketMs", slots, counts)
          SELECT DISTINCT missing.key, missing.bucket_ms, '{}'::timestamptz[], '{}'::integer[]
          FROM unnest(${missingKeys}::text[], ${missing.map(bucketMsOf)}::integer[]) AS missing(key, bucket_ms)
          ON CONFLICT (key) DO NOTHING`;
        for (const key of missingKeys) existing.add(key);
      }
      // A take waits for the row locks of the takes before it, then reads what they wrote.
      // It goes at the first time from `notBefore` when, for each limit, the bucket holding
      // the count-th newest take (reserved ones included) has left the window; buckets that
      // no window counts any more are dropped.
      const [taken] = await db.$queryRaw<Array<{ publish_at: Date; waited_for: bigint | null }>>`
        WITH limits AS (
          SELECT * FROM unnest(${keys}::text[], ${counts}::integer[], ${windowsMs}::bigint[]) WITH ORDINALITY
            AS limits(budget_key, max_count, window_ms, position)
        ),
        budgets AS (
          SELECT key, "bucketMs" AS bucket_ms, slots, counts FROM "PublishBudget"
          WHERE key IN (SELECT budget_key FROM limits) ORDER BY key FOR UPDATE
        ),
        -- read once the rows are locked: the takes before this one are in the past then
        clock AS MATERIALIZED (SELECT clock_timestamp() AS now FROM (SELECT count(*) FROM budgets) AS locked),
        earliest AS (SELECT clock.now, GREATEST(clock.now, ${notBefore ?? null}::timestamptz) AS at FROM clock),
        -- each limit's buckets, newest first, with the takes in it and every newer one
        counted AS (
          SELECT limits.position, limits.max_count, limits.window_ms, budgets.bucket_ms, bucket.slot,
            sum(bucket.takes) OVER (PARTITION BY limits.position ORDER BY bucket.slot DESC) AS takes_since
          FROM limits JOIN budgets ON budgets.key = limits.budget_key, unnest(budgets.slots, budgets.counts) AS bucket(slot, takes)
        ),
        candidates AS (
          SELECT position, max(slot) + (window_ms + bucket_ms) * INTERVAL '1 millisecond' AS at
          FROM counted WHERE takes_since >= max_count GROUP BY position, window_ms, bucket_ms
        ),
        decided AS (
          SELECT GREATEST(earliest.at, (SELECT max(at) FROM candidates)) AS publish_at,
            (SELECT position FROM candidates WHERE at > earliest.at ORDER BY at DESC, position LIMIT 1) AS waited_for,
            earliest.now
          FROM earliest
        ),
        taking AS (
          UPDATE "PublishBudget" AS budget
          SET (slots, counts) = (
            SELECT array_agg(merged.slot ORDER BY merged.slot), array_agg(merged.takes ORDER BY merged.slot)
            FROM (
              SELECT every.slot, sum(every.takes)::integer AS takes
              FROM (
                SELECT * FROM unnest(budgets.slots, budgets.counts) AS bucket(slot, takes)
                UNION ALL
                SELECT to_timestamp(floor(extract(epoch FROM decided.publish_at) * 1000 / budgets.bucket_ms) * budgets.bucket_ms / 1000.0), 1
              ) AS every
              WHERE every.slot + (limits.window_ms + budgets.bucket_ms) * INTERVAL '1 millisecond' > decided.now
              GROUP BY every.slot
            ) AS merged
          )
          FROM budgets, limits, decided
          WHERE budget.key = budgets.key AND limits.budget_key = budgets.key
        )
        SELECT publish_at, waited_for FROM decided`;
      if (!taken || taken.waited_for === null) return { wait: false };
      return { wait: true, until: taken.publish_at, limit: describeLimit(account.platform, limits[Number(taken.waited_for) - 1]!) };
    },
  };
}

export type PublishBudgets = ReturnType<typeof createPublishBudgets>;
