-- AlterEnum
ALTER TYPE "Platform" ADD VALUE 'THREADS';

