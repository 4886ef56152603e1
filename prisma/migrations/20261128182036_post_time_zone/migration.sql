-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "timeZone" TEXT;

