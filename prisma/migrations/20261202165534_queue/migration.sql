-- CreateTable
CREATE TABLE "QueueSettings" (
    "connectionId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "slots" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QueueSettings_pkey" PRIMARY KEY ("connectionId")
);

-- CreateTable
CREATE TABLE "QueueBooking" (
    "connectionId" TEXT NOT NULL,
    "slotAt" TIMESTAMP(3) NOT NULL,
    "postId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QueueBooking_pkey" PRIMARY KEY ("connectionId","slotAt")
);

-- CreateIndex
CREATE UNIQUE INDEX "QueueBooking_postId_connectionId_key" ON "QueueBooking"("postId", "connectionId");

-- AddForeignKey
ALTER TABLE "QueueSettings" ADD CONSTRAINT "QueueSettings_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueBooking" ADD CONSTRAINT "QueueBooking_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueBooking" ADD CONSTRAINT "QueueBooking_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

