-- AlterTable
ALTER TABLE "DemoFeedItem" ADD COLUMN     "mediaIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

