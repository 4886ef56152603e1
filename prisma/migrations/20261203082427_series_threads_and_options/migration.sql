-- AlterTable
ALTER TABLE "Series" ADD COLUMN     "firstComment" TEXT,
ADD COLUMN     "targetOptions" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "thread" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "threadDelaySeconds" INTEGER NOT NULL DEFAULT 0;

