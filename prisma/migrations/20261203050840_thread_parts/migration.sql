-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "threadDelaySeconds" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "PostTarget" ADD COLUMN     "platformCid" TEXT;

-- CreateTable
CREATE TABLE "PostPart" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "content" TEXT NOT NULL,

    CONSTRAINT "PostPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostPartMedia" (
    "partId" TEXT NOT NULL,
    "mediaId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PostPartMedia_pkey" PRIMARY KEY ("partId","mediaId")
);

-- CreateTable
CREATE TABLE "PartPublication" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "platformPostId" TEXT NOT NULL,
    "platformCid" TEXT,
    "url" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PostPart_postId_position_key" ON "PostPart"("postId", "position");

-- CreateIndex
CREATE INDEX "PostPartMedia_mediaId_idx" ON "PostPartMedia"("mediaId");

-- CreateIndex
CREATE UNIQUE INDEX "PostPartMedia_partId_position_key" ON "PostPartMedia"("partId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PartPublication_postId_connectionId_part_revision_key" ON "PartPublication"("postId", "connectionId", "part", "revision");

-- AddForeignKey
ALTER TABLE "PostPart" ADD CONSTRAINT "PostPart_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostPartMedia" ADD CONSTRAINT "PostPartMedia_partId_fkey" FOREIGN KEY ("partId") REFERENCES "PostPart"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostPartMedia" ADD CONSTRAINT "PostPartMedia_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartPublication" ADD CONSTRAINT "PartPublication_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

