-- Publishing budgets become one row per limit, counted in buckets of a two-hundredth of
-- its window (activities/publish-budgets.ts): a row of one take per publish grew to 10,000
-- entries a day for X's app, and every take rewrote it under its lock.
--
-- The old rows' takes are carried over into a row for each limit documented when this was
-- written (lib/platforms/publish-limits.ts, platforms/<name>/index.ts), so budgets spent or
-- reserved before the upgrade still count. A limit an operator set with PUBLISH_RATE_LIMITS
-- in another window starts an empty row.
ALTER TABLE "PublishBudget" RENAME TO "PublishBudgetTakes";
ALTER TABLE "PublishBudgetTakes" RENAME CONSTRAINT "PublishBudget_pkey" TO "PublishBudgetTakes_pkey";

CREATE TABLE "PublishBudget" (
    "key" TEXT NOT NULL,
    "bucketMs" INTEGER NOT NULL,
    "slots" TIMESTAMPTZ(6)[],
    "counts" INTEGER[],

    CONSTRAINT "PublishBudget_pkey" PRIMARY KEY ("key")
);

INSERT INTO "PublishBudget" ("key", "bucketMs", "slots", "counts")
SELECT old."key" || ' per ' || documented.window_seconds || ' s', documented.window_seconds * 5,
  COALESCE(buckets.slots, '{}'), COALESCE(buckets.counts, '{}')
FROM "PublishBudgetTakes" AS old
JOIN (VALUES
    ('MASTODON', 'account', 300),
    ('BLUESKY', 'account', 3600),
    ('BLUESKY', 'account', 86400),
    ('X', 'account', 900),
    ('X', 'account', 10800),
    ('X', 'app', 86400),
    ('FACEBOOK', 'account', 86400),
    ('INSTAGRAM', 'account', 86400),
    ('YOUTUBE', 'app', 86400),
    ('LINKEDIN', 'account', 86400),
    ('THREADS', 'account', 86400)
  ) AS documented(platform, per, window_seconds)
  ON old."key" = documented.platform || ' app' AND documented.per = 'app'
  OR old."key" LIKE documented.platform || ' account %' AND documented.per = 'account'
-- a bucket is a two-hundredth of the window: window_seconds * 5 milliseconds
CROSS JOIN LATERAL (
  SELECT array_agg(bucket.slot ORDER BY bucket.slot) AS slots, array_agg(bucket.takes ORDER BY bucket.slot) AS counts
  FROM (
    SELECT to_timestamp(floor(extract(epoch FROM take) * 1000 / (documented.window_seconds * 5)) * documented.window_seconds * 5 / 1000.0) AS slot,
      count(*)::integer AS takes
    FROM unnest(old."takes") AS take
    GROUP BY 1
  ) AS bucket
) AS buckets;

DROP TABLE "PublishBudgetTakes";
