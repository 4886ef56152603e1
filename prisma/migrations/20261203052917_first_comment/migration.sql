-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "firstComment" TEXT;

-- AlterTable
ALTER TABLE "PostTarget" ADD COLUMN     "commentError" TEXT;

-- CreateTable
CREATE TABLE "CommentPublication" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "platformCommentId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommentPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommentPublication_postId_connectionId_revision_key" ON "CommentPublication"("postId", "connectionId", "revision");

-- AddForeignKey
ALTER TABLE "CommentPublication" ADD CONSTRAINT "CommentPublication_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

