-- AlterTable
ALTER TABLE "Post" ALTER COLUMN "publishAt" DROP NOT NULL;


-- Lists sorted by publish time place a draft without a time after every dated post
-- (api/posts/page-query.ts sorts and pages on this expression), which Prisma's schema
-- cannot express.
CREATE INDEX "Post_teamId_planned_at_idx" ON "Post"("teamId", COALESCE("publishAt", 'infinity'::timestamp), "id");
