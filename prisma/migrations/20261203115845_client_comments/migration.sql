-- AlterTable
ALTER TABLE "PostComment" ADD COLUMN     "clientName" TEXT,
ADD COLUMN     "previewLinkId" TEXT;

-- CreateIndex
CREATE INDEX "PostComment_previewLinkId_idx" ON "PostComment"("previewLinkId");

-- AddForeignKey
ALTER TABLE "PostComment" ADD CONSTRAINT "PostComment_previewLinkId_fkey" FOREIGN KEY ("previewLinkId") REFERENCES "PreviewLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

