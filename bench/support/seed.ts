// Many posts in planrrr without the HTTP API, for benchmarks that need more of them than
// the API creates in a reasonable time on one machine: rows inserted in bulk, and (for
// posts that must really sleep) their workflows started the way the API starts them.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { postWorkflowStartOptions } from '../../lib/temporal/post-workflow-start';
import type { PostWorkflowInput } from '../../workflows/post-messages';
import type { postWorkflow } from '../../workflows/post-workflow';
import { forEachConcurrently } from './stats';
import type { PlanrrrSystem } from './systems';

export interface PostToInsert {
  content: string;
  publishAt: Date;
  /** a published post (its target too), with the target's id on the platform if it has one; else a scheduled one */
  published?: { at: Date; platformPostId?: string };
}

export type SeededPost = PostToInsert & { id: string };

const INSERT_CHUNK = 5_000;
/** workflow starts in flight at once: enough to keep the dev server busy */
const START_CONCURRENCY = 64;
const PROGRESS_EVERY_MS = 5_000;

/**
 * Inserts the posts, each with one target on the system's connection: SCHEDULED and pending,
 * or PUBLISHED. Answers them with their ids, in the order given.
 */
export async function insertPosts(
  system: PlanrrrSystem,
  posts: readonly PostToInsert[],
  log: (line: string) => void,
): Promise<SeededPost[]> {
  const member = await system.db.membership.findFirstOrThrow({ where: { teamId: system.teamId }, select: { userId: true } });
  const seeded: SeededPost[] = [];
  for (let offset = 0; offset < posts.length; offset += INSERT_CHUNK) {
    const chunk = posts.slice(offset, offset + INSERT_CHUNK).map((post) => ({ ...post, id: randomUUID() }));
    await system.db.post.createMany({
      data: chunk.map((post) => ({
        id: post.id,
        teamId: system.teamId,
        authorId: member.userId,
        content: post.content,
        publishAt: post.publishAt,
        status: post.published ? ('PUBLISHED' as const) : ('SCHEDULED' as const),
        publishedAt: post.published?.at ?? null,
      })),
    });
    await system.db.postTarget.createMany({
      data: chunk.map((post) => ({
        postId: post.id,
        connectionId: system.connectionId,
        ...(post.published && {
          status: 'PUBLISHED' as const,
          revision: 1,
          platformPostId: post.published.platformPostId ?? null,
          publishedAt: post.published.at,
        }),
      })),
    });
    seeded.push(...chunk);
    log(`planrrr: ${seeded.length.toLocaleString('en')} / ${posts.length.toLocaleString('en')} posts inserted`);
  }
  await system.db.$executeRawUnsafe('ANALYZE "Post", "PostTarget"');
  return seeded;
}

/** Starts each seeded post's workflow with the options and input the API gives it. */
export async function startPostWorkflows(system: PlanrrrSystem, posts: readonly SeededPost[], log: (line: string) => void): Promise<void> {
  const { config } = system.env;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  let started = 0;
  let lastPrinted = Date.now();
  try {
    await forEachConcurrently(posts, START_CONCURRENCY, async (post) => {
      const input: PostWorkflowInput = {
        postId: post.id,
        teamId: system.teamId,
        publishAt: post.publishAt.toISOString(),
        content: post.content,
        revision: 1,
        targets: [{ connectionId: system.connectionId, platform: 'MASTODON' }],
        mediaIds: [],
        publishLeadMs: config.PUBLISH_LEAD_SECONDS * 1000,
      };
      await client.workflow.start<typeof postWorkflow>('postWorkflow', postWorkflowStartOptions(input, config.TEMPORAL_TASK_QUEUE));
      started += 1;
      if (Date.now() - lastPrinted > PROGRESS_EVERY_MS || started === posts.length) {
        log(`planrrr: ${started.toLocaleString('en')} / ${posts.length.toLocaleString('en')} workflows started`);
        lastPrinted = Date.now();
      }
    });
  } finally {
    await connection.close();
  }
}
