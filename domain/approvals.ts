// A team's approval policy and the rules of a decision: which posts need approval, who may
// decide, until when, and whom a comment mentions. Pure functions of their arguments.
// NOTE: imported by workflow code, so this file must stay deterministic and free of
// Node APIs; "now" is always an argument.
import type { NotificationEvent } from './notifications';
import type { Role } from './permissions';
import type { ApprovalDecision } from './post';

export interface ApprovalPolicy {
  /** false: no post needs approval */
  enabled: boolean;
  /** posts whose author has one of these roles need approval */
  authorRoles: Role[];
  /** only posts to one of these connections need approval; empty: posts to any connection */
  connectionIds: string[];
  /** who may decide; never the post's own author */
  deciderRoles: Role[];
  /** decisions close this many minutes before the post's publishAt */
  deadlineMinutes: number;
}

/** A team that never set a policy: approval off, and who would decide once it is on. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  enabled: false,
  authorRoles: ['EDITOR'],
  connectionIds: [],
  deciderRoles: ['OWNER', 'ADMIN'],
  deadlineMinutes: 60,
};

/** Whether a post by an author of `authorRole` to `connectionIds` needs approval under `policy`. */
export function needsApproval(policy: ApprovalPolicy, authorRole: Role, connectionIds: readonly string[]): boolean {
  if (!policy.enabled || !policy.authorRoles.includes(authorRole)) return false;
  return policy.connectionIds.length === 0 || connectionIds.some((id) => policy.connectionIds.includes(id));
}

/** Why `decider` may not decide on a post by `authorId`, or undefined when they may. */
export function whyCannotDecide(
  policy: Pick<ApprovalPolicy, 'deciderRoles'>,
  decider: { userId: string; role: Role },
  authorId: string | null,
): string | undefined {
  if (decider.userId === authorId) return 'You wrote this post: someone else on the team must approve or reject it.';
  if (!policy.deciderRoles.includes(decider.role)) {
    return `Your role (${decider.role}) does not decide on posts in this team; the approval policy lets ${policy.deciderRoles.join(', ')} decide.`;
  }
  return undefined;
}

/** The time (epoch ms) after which a post publishing at `publishAt` can no longer be approved for that time. */
export function decisionDeadline(publishAt: string, deadlineMinutes: number): number {
  return Date.parse(publishAt) - deadlineMinutes * 60_000;
}

/**
 * The mentions in a comment: `@name` (a first name or a name without spaces, any case) or
 * `@email`. Answers the tokens as written, without the `@`; the caller resolves them
 * against the team's members.
 */
export function mentionsIn(body: string): string[] {
  // NOTE: an email's own "@" is not a mention: a mention starts the text or follows a space or an opening bracket
  const found = body.matchAll(/(?:^|[\s(])@([\p{L}\p{N}._%+-]+(?:@[\p{L}\p{N}.-]+\.[\p{L}]{2,})?)/gu);
  return [...new Set([...found].map((match) => match[1]!.replace(/[.]+$/, '')))];
}

/** Whether `mention` (from mentionsIn) names the member: their email, their name without spaces, or their first name, ignoring case. */
export function mentionNames(mention: string, member: { name: string; email: string }): boolean {
  const wanted = mention.toLowerCase();
  const name = member.name.trim().toLowerCase();
  return wanted === member.email.toLowerCase() || wanted === name.replace(/\s+/g, '') || wanted === name.split(/\s+/)[0];
}

/** What the post workflow announces about a post's review (activities/approval-notices.ts tells the people concerned). */
export interface ApprovalNotice {
  kind: 'approval_requested' | 'approval_decided' | 'approval_expired';
  postId: string;
  teamId: string;
  revision: number;
  /** ISO 8601: the time the decision was due for */
  publishAt: string;
  /** for approval_decided: the decision */
  decision?: ApprovalDecision;
}

/**
 * The notification a notice becomes: a request goes to the deciders, a decision to the
 * author, an expiry to both; never to the person who caused it. Each is delivered once
 * (dedupeKey), however often the workflow's activity runs.
 */
export function approvalNotification(
  notice: ApprovalNotice,
  people: { authorId: string | null; deciderIds: readonly string[] },
): NotificationEvent {
  const author = people.authorId ? [people.authorId] : [];
  const base = { teamId: notice.teamId, postId: notice.postId };
  const without = (ids: readonly string[], actor: string | null | undefined) => [...new Set(ids)].filter((id) => id !== actor);
  switch (notice.kind) {
    case 'approval_requested':
      return {
        ...base,
        kind: 'approval_requested',
        recipientUserIds: without(people.deciderIds, people.authorId),
        ...(people.authorId !== null ? { actorUserId: people.authorId } : {}),
        dedupeKey: `approval_requested:${notice.postId}:${notice.revision}`,
      };
    case 'approval_decided': {
      const decision = notice.decision!;
      return {
        ...base,
        kind: 'approval_decided',
        decision: decision.kind,
        ...(decision.comment !== undefined && { comment: decision.comment }),
        recipientUserIds: without(author, decision.by),
        actorUserId: decision.by,
        dedupeKey: `approval_decided:${notice.postId}:${decision.at}`,
      };
    }
    case 'approval_expired':
      return {
        ...base,
        kind: 'approval_expired',
        recipientUserIds: without([...author, ...people.deciderIds], undefined),
        dedupeKey: `approval_expired:${notice.postId}:${notice.revision}:${notice.publishAt}`,
      };
  }
}
