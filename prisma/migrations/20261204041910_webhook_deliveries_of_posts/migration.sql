-- CreateIndex
CREATE INDEX "WebhookDelivery_status_createdAt_idx" ON "WebhookDelivery"("status", "createdAt");

-- Deliveries of posts deleted before this migration (the key did not exist) go as the key would have taken them
DELETE FROM "WebhookDelivery" AS delivery
WHERE delivery."postId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Post" AS post WHERE post.id = delivery."postId");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

