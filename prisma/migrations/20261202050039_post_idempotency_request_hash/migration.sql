-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "idempotencyRequestHash" TEXT;

