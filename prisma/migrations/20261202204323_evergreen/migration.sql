-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "evergreenSetId" TEXT,
ADD COLUMN     "evergreenSourceId" TEXT;

-- CreateTable
CREATE TABLE "EvergreenSet" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "connectionIds" TEXT[],
    "labelId" TEXT,
    "sourcePostIds" TEXT[],
    "minGapDays" INTEGER NOT NULL,
    "horizonDays" INTEGER NOT NULL DEFAULT 7,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvergreenSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EvergreenSet_teamId_idx" ON "EvergreenSet"("teamId");

-- CreateIndex
CREATE INDEX "EvergreenSet_labelId_idx" ON "EvergreenSet"("labelId");

-- CreateIndex
CREATE INDEX "EvergreenSet_createdById_idx" ON "EvergreenSet"("createdById");

-- CreateIndex
CREATE INDEX "Post_evergreenSetId_idx" ON "Post"("evergreenSetId");

-- CreateIndex
CREATE INDEX "Post_evergreenSourceId_idx" ON "Post"("evergreenSourceId");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_evergreenSetId_fkey" FOREIGN KEY ("evergreenSetId") REFERENCES "EvergreenSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_evergreenSourceId_fkey" FOREIGN KEY ("evergreenSourceId") REFERENCES "Post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvergreenSet" ADD CONSTRAINT "EvergreenSet_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvergreenSet" ADD CONSTRAINT "EvergreenSet_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvergreenSet" ADD CONSTRAINT "EvergreenSet_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

