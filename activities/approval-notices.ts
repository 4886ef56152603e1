// Tells the people concerned about a post's review: the deciders when it waits for them,
// its author when it is decided, both when its decision deadline passes. The post workflow
// announces; recipients are read here, when the notice is sent, so a member who left is
// not told and the policy's current deciders are.
import { approvalNotification, type ApprovalNotice } from '../domain/approvals';
import { deciderIds, readApprovalPolicy } from '../lib/approval-policy';
import { notify, type NotifyDeps } from '../lib/notifications/notify';

export function createApprovalNoticeActivities(deps: NotifyDeps) {
  const { db } = deps;
  return {
    async announceApproval(notice: ApprovalNotice): Promise<void> {
      const [post, policy] = await Promise.all([
        db.post.findUnique({ where: { id: notice.postId }, select: { authorId: true } }),
        readApprovalPolicy(db, notice.teamId),
      ]);
      const people = { authorId: post?.authorId ?? null, deciderIds: await deciderIds(db, notice.teamId, policy) };
      // notify() delivers each event once, by its dedupeKey, however often this activity runs
      await notify(deps, approvalNotification(notice, people));
    },
  };
}
