-- AlterEnum
ALTER TYPE "MediaKind" ADD VALUE 'DOCUMENT';

