-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "needsReconnectSince" TIMESTAMP(3);

