-- AlterEnum
ALTER TYPE "Platform" ADD VALUE 'THREADS';
ALTER TYPE "Platform" ADD VALUE 'REDDIT';
ALTER TYPE "Platform" ADD VALUE 'PINTEREST';

-- AlterTable
ALTER TABLE "PostTarget" ADD COLUMN     "options" JSONB;
