-- CreateEnum
CREATE TYPE "ImportPhase" AS ENUM ('RECEIVED', 'CHECKING', 'CHECKED', 'CREATING', 'PAUSED', 'DONE', 'CANCELLED', 'UNDOING', 'UNDONE');

-- CreateEnum
CREATE TYPE "ImportRowStatus" AS ENUM ('PENDING', 'VALID', 'INVALID', 'CREATED', 'FAILED', 'UNDONE');

-- CreateTable
CREATE TABLE "Import" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "createdById" TEXT,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "fileHash" TEXT,
    "dryRun" BOOLEAN NOT NULL,
    "spreadFrom" TIMESTAMP(3),
    "spreadTo" TIMESTAMP(3),
    "phase" "ImportPhase" NOT NULL DEFAULT 'RECEIVED',
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "undatedCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRow" (
    "importId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "cells" JSONB NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "undatedIndex" INTEGER,
    "status" "ImportRowStatus" NOT NULL DEFAULT 'PENDING',
    "problems" JSONB NOT NULL DEFAULT '[]',
    "postIds" TEXT[],

    CONSTRAINT "ImportRow_pkey" PRIMARY KEY ("importId","index")
);

-- CreateIndex
CREATE INDEX "Import_teamId_createdAt_idx" ON "Import"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Import_teamId_fileHash_key" ON "Import"("teamId", "fileHash");

-- CreateIndex
CREATE INDEX "ImportRow_importId_fingerprint_idx" ON "ImportRow"("importId", "fingerprint");

-- CreateIndex
CREATE INDEX "ImportRow_importId_status_idx" ON "ImportRow"("importId", "status");

-- AddForeignKey
ALTER TABLE "Import" ADD CONSTRAINT "Import_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRow" ADD CONSTRAINT "ImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

