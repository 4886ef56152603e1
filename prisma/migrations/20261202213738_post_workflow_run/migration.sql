-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "hasWorkflowRun" BOOLEAN NOT NULL DEFAULT false;

-- Every post that is not a draft had a run, and so did a draft whose versions moved (until
-- now only a run moved them).
UPDATE "Post" SET "hasWorkflowRun" = true WHERE "status" <> 'DRAFT' OR "stateVersion" > 0;
