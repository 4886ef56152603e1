-- AlterTable
ALTER TABLE "Template" ADD COLUMN     "targetOptions" JSONB NOT NULL DEFAULT '[]';
