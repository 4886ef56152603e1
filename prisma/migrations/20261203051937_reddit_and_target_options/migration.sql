-- AlterEnum
ALTER TYPE "Platform" ADD VALUE 'REDDIT';

-- AlterTable
ALTER TABLE "PostTarget" ADD COLUMN     "options" JSONB;

