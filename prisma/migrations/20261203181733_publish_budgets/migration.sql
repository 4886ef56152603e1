-- CreateTable
CREATE TABLE "PublishBudget" (
    "key" TEXT NOT NULL,
    "takes" TIMESTAMPTZ(6)[],

    CONSTRAINT "PublishBudget_pkey" PRIMARY KEY ("key")
);


