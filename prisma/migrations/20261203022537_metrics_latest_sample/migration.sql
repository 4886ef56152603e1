-- AlterTable
ALTER TABLE "MetricsCollection" ADD COLUMN     "latestMetrics" JSONB,
ADD COLUMN     "latestSampleIndex" INTEGER;


-- Collections sampled before this migration: their newest sample
UPDATE "MetricsCollection" AS collection
SET "latestMetrics" = latest.metrics, "latestSampleIndex" = latest."sampleIndex"
FROM (
  SELECT DISTINCT ON ("postId", "connectionId") "postId", "connectionId", metrics, "sampleIndex"
  FROM "MetricSample"
  ORDER BY "postId", "connectionId", "sampleIndex" DESC
) AS latest
WHERE latest."postId" = collection."postId" AND latest."connectionId" = collection."connectionId";
