-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "avatarImage" BYTEA,
ADD COLUMN     "avatarMimeType" TEXT,
ADD COLUMN     "avatarUpdatedAt" TIMESTAMP(3);

