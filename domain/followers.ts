// The vocabulary of followers over time: one count per account and UTC day, read by the
// daily followers Schedule (workflows/followers-workflow.ts). Shared by the workflow,
// activities and API.
// NOTE: imported by workflow code, so this file must stay deterministic and free of Node APIs.

/** The UTC day (YYYY-MM-DD) an instant belongs to: an account's count is kept once per day. */
export function utcDayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** How one account's daily read ended: a count, a reason instead of one, or the account is gone. */
export type FollowersOutcome = 'counted' | 'missing' | 'disconnected';

/** What one run of the followers workflow did, as operators read it in its result. */
export interface FollowersReport {
  /** the UTC day the counts were stored under */
  day: string;
  counted: number;
  /** stored without a count, with the platform's reason (refused, needs reconnecting, not read yet) */
  missing: number;
  /** disconnected while the run was under way: nothing stored */
  disconnected: number;
}
