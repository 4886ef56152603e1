-- CreateTable
CREATE TABLE "FollowerSample" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "followers" INTEGER,
    "missingReason" TEXT,

    CONSTRAINT "FollowerSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FollowerSample_connectionId_day_key" ON "FollowerSample"("connectionId", "day");

-- AddForeignKey
ALTER TABLE "FollowerSample" ADD CONSTRAINT "FollowerSample_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

