-- CreateIndex
CREATE INDEX "MetricsCollection_publishedAt_postId_connectionId_idx" ON "MetricsCollection"("publishedAt", "postId", "connectionId");

