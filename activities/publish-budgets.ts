// Publishing budgets where the platforms count them: per account and per app
// (lib/platforms/publish-limits.ts), shared by every worker process through PostgreSQL.
// A budget is a sliding log of the publishes it allowed ("PublishBudget".takes), so that no
// window of the documented length ever holds more than the documented count, however the
// platform aligns its own windows. Each publish takes from its account's and its app's
// budgets at once, all or nothing, in one statement that locks their rows.
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
      const keys = limits.map((limit) =>
        limit.per === 'app' ? `${account.platform} app` : `${account.platform} account ${account.instanceUrl ?? ''} ${account.handle}`,
      );
      const counts = limits.map((limit) => limit.count);
      const windowsMs = limits.map((limit) => Math.round(limit.windowSeconds * 1000) + BUDGET_MARGIN_MS);
      const missing = keys.filter((key) => !existing.has(key));
      if (missing.length > 0) {
        await db.$executeRaw`
          INSERT INTO "PublishBudget" (key, takes) SELECT DISTINCT missing, '{}'::timestamptz[] FROM unnest(${missing}::text[]) AS missing
          ON CONFLICT (key) DO NOTHING`;
        for (const key of missing) existing.add(key);
      }
      // A take waits for the row locks of the takes before it, then reads what they wrote.
      // It goes at the first time from `notBefore` when, for each limit, the count-th newest
      // take (reserved ones included) has left the window; takes that no window counts any
      // more are dropped.
      const [taken] = await db.$queryRaw<Array<{ publish_at: Date; waited_for: bigint | null }>>`
        WITH limits AS (
          SELECT * FROM unnest(${keys}::text[], ${counts}::integer[], ${windowsMs}::bigint[]) WITH ORDINALITY
            AS limits(budget_key, max_count, window_ms, position)
        ),
        budgets AS (
          SELECT key, takes FROM "PublishBudget" WHERE key IN (SELECT budget_key FROM limits) ORDER BY key FOR UPDATE
        ),
        -- read once the rows are locked: the takes before this one are in the past then
        clock AS MATERIALIZED (SELECT clock_timestamp() AS now FROM (SELECT count(*) FROM budgets) AS locked),
        earliest AS (SELECT clock.now, GREATEST(clock.now, ${notBefore ?? null}::timestamptz) AS at FROM clock),
        candidates AS (
          SELECT limits.position,
            budgets.takes[cardinality(budgets.takes) - limits.max_count + 1] + limits.window_ms * INTERVAL '1 millisecond' AS at
          FROM limits JOIN budgets ON budgets.key = limits.budget_key
          WHERE cardinality(budgets.takes) >= limits.max_count
        ),
        decided AS (
          SELECT GREATEST(earliest.at, (SELECT max(at) FROM candidates)) AS publish_at,
            (SELECT position FROM candidates WHERE at > earliest.at ORDER BY at DESC, position LIMIT 1) AS waited_for,
            earliest.now
          FROM earliest
        ),
        longest AS (SELECT budget_key, max(window_ms) AS window_ms FROM limits GROUP BY budget_key),
        taking AS (
          UPDATE "PublishBudget" AS budget
          SET takes = ARRAY(
            SELECT take FROM unnest(array_append(budgets.takes, decided.publish_at)) AS take
            WHERE take > decided.now - longest.window_ms * INTERVAL '1 millisecond' ORDER BY take)
          FROM budgets, longest, decided
          WHERE budget.key = budgets.key AND longest.budget_key = budgets.key
        )
        SELECT publish_at, waited_for FROM decided`;
      if (!taken || taken.waited_for === null) return { wait: false };
      return { wait: true, until: taken.publish_at, limit: describeLimit(account.platform, limits[Number(taken.waited_for) - 1]!) };
    },
  };
}

export type PublishBudgets = ReturnType<typeof createPublishBudgets>;
