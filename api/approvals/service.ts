// Approvals: the team's policy, and the decisions on posts waiting for one. A post's
// workflow holds it PENDING_APPROVAL until a decider approves or rejects it by update
// (workflows/post-workflow.ts); here, who may decide is checked, each decision is written to
// the audit log, and a rejection's reason becomes a comment on the post.
import { whyCannotDecide, type ApprovalPolicy } from '../../domain/approvals';
import { APPROVAL_POLICY_FIELDS, readApprovalPolicy } from '../../lib/approval-policy';
import type { Db } from '../../lib/db';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import type { CommentService } from '../comments/service';
import { problems } from '../http/problem';
import type { PostService } from '../posts/service';
import type { PostWorkflowClient } from '../posts/post-workflow-client';
import type { ApprovalPolicyInput, ApprovePostInput, RejectPostInput } from './schemas';

export interface ApprovalServiceDeps {
  db: Db;
  audit: AuditLog;
  posts: PostService;
  comments: CommentService;
  workflows: Pick<PostWorkflowClient, 'approve' | 'reject'>;
}

export function createApprovalService(deps: ApprovalServiceDeps) {
  const { db, audit } = deps;

  /** The post, if the actor may decide on it now: 404 for another team's, 409 unless pending, 403 for its author or a role that does not decide. */
  async function requireDecider(actor: Actor, postId: string) {
    const post = await db.post.findFirst({
      where: { id: postId, teamId: actor.teamId },
      select: { status: true, authorId: true, revision: true },
    });
    if (!post) throw problems.notFound('Post', postId);
    const why = whyCannotDecide(await readApprovalPolicy(db, actor.teamId), actor, post.authorId);
    if (why) throw problems.forbidden(why);
    if (post.status !== 'PENDING_APPROVAL') {
      throw problems.conflict('post-not-pending', `The post is ${post.status}; only a post PENDING_APPROVAL can be approved or rejected.`, {
        postStatus: post.status,
      });
    }
    return post;
  }

  return {
    async getPolicy(actor: Actor): Promise<ApprovalPolicy> {
      return readApprovalPolicy(db, actor.teamId);
    },

    /** Replaces the team's policy. Posts already submitted keep the deadline they were submitted with. */
    async setPolicy(actor: Actor, input: ApprovalPolicyInput): Promise<ApprovalPolicy> {
      const known = new Set(
        (await db.connection.findMany({ where: { id: { in: input.connectionIds }, teamId: actor.teamId }, select: { id: true } })).map(
          (connection) => connection.id,
        ),
      );
      const unknown = input.connectionIds.flatMap((id, index) =>
        known.has(id) ? [] : [{ field: `body.connectionIds.${index}`, message: `no connection with id ${id} in this team` }],
      );
      if (unknown.length > 0) throw problems.validation(unknown);
      const policy = await db.approvalPolicy.upsert({
        where: { teamId: actor.teamId },
        create: { teamId: actor.teamId, ...input },
        update: input,
        select: APPROVAL_POLICY_FIELDS,
      });
      await audit.record(actor, 'approval_policy.updated', { entityType: 'team', entityId: actor.teamId, details: { ...policy } });
      return policy;
    },

    /** Approves the post for its time, or with `publishAt` for a new one (needed once its decision deadline passed). */
    async approve(actor: Actor, postId: string, input: ApprovePostInput) {
      const post = await requireDecider(actor, postId);
      const state = await deps.workflows.approve(postId, actor.userId, input.publishAt);
      await audit.record(actor, 'post.approved', {
        entityType: 'post',
        entityId: postId,
        details: { revision: post.revision, publishAt: state.publishAt },
      });
      return deps.posts.get(actor, postId);
    },

    /** Rejects the post with a comment for its author: it goes back to them as a draft. */
    async reject(actor: Actor, postId: string, input: RejectPostInput) {
      const post = await requireDecider(actor, postId);
      await deps.workflows.reject(postId, actor.userId, input.comment);
      const comment = await deps.comments.addRejection(actor, postId, input.comment);
      await audit.record(actor, 'post.rejected', {
        entityType: 'post',
        entityId: postId,
        details: { revision: post.revision, commentId: comment.id },
      });
      return deps.posts.get(actor, postId);
    },
  };
}
export type ApprovalService = ReturnType<typeof createApprovalService>;
