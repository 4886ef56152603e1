-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "maxCharacters" INTEGER;

