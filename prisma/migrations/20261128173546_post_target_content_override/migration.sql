-- AlterTable
ALTER TABLE "PostTarget" ADD COLUMN     "contentOverride" TEXT;

