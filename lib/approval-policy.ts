// A team's approval policy as stored, read by the API (to submit posts and check deciders)
// and by the activity that tells the deciders (activities/approval-notices.ts).
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../domain/approvals';
import { prepared, type Db } from './db';

export const APPROVAL_POLICY_FIELDS = {
  enabled: true,
  authorRoles: true,
  connectionIds: true,
  deciderRoles: true,
  deadlineMinutes: true,
} as const;

/** The team's policy; the default (approval off) for a team that never set one. On the pool: read on every create. */
export async function readApprovalPolicy(db: Pick<Db, '$pool'>, teamId: string): Promise<ApprovalPolicy> {
  // pg reads an array of an enum as its text ('{OWNER,ADMIN}'): the roles are read as text[]
  const { rows } = await db.$pool.query<ApprovalPolicy>(
    prepared(
      `SELECT enabled, "authorRoles"::text[] AS "authorRoles", "connectionIds", "deciderRoles"::text[] AS "deciderRoles", "deadlineMinutes"
     FROM "ApprovalPolicy" WHERE "teamId" = $1`,
      [teamId],
    ),
  );
  return rows[0] ?? DEFAULT_APPROVAL_POLICY;
}

/** The team's members who may decide under `policy`, as user ids. */
export async function deciderIds(
  db: Pick<Db, 'membership'>,
  teamId: string,
  policy: Pick<ApprovalPolicy, 'deciderRoles'>,
): Promise<string[]> {
  const members = await db.membership.findMany({
    where: { teamId, role: { in: policy.deciderRoles } },
    select: { userId: true },
    orderBy: { createdAt: 'asc' },
  });
  return members.map((member) => member.userId);
}
