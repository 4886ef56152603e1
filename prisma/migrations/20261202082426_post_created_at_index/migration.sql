-- CreateIndex
CREATE INDEX "Post_teamId_createdAt_idx" ON "Post"("teamId", "createdAt");

