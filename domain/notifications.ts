// What a team member can be told about, in the app, by email, and in the team's Slack or
// Discord: the one list of notification kinds and what each event carries. The code that
// notices an event (the approval workflow, the post workflow's end, a connection refusing
// its token, a comment's mentions) names who to tell; lib/notifications delivers it by
// each recipient's settings.
// NOTE: imported by workflow code, so this file must stay deterministic and free of
// Node APIs.

export const NOTIFICATION_KINDS = [
  'approval_requested',
  'approval_decided',
  'approval_expired',
  'post_failed',
  'post_partly_published',
  'connection_needs_reconnect',
  'mention',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

interface EventBase {
  teamId: string;
  /** the team members to tell; the actor who caused the event is never told of it */
  recipientUserIds: string[];
  /** who caused it, when a person did */
  actorUserId?: string;
  /**
   * Unique per event, so that an event noticed twice (a retried activity, a replayed
   * request) is delivered once; e.g. `approval_requested:<postId>:<revision>`.
   */
  dedupeKey: string;
}

export type NotificationEvent =
  | (EventBase & { kind: 'approval_requested'; postId: string })
  | (EventBase & { kind: 'approval_decided'; postId: string; decision: 'approved' | 'rejected'; comment?: string })
  | (EventBase & { kind: 'approval_expired'; postId: string })
  | (EventBase & { kind: 'post_failed' | 'post_partly_published'; postId: string })
  | (EventBase & { kind: 'connection_needs_reconnect'; connectionId: string })
  | (EventBase & { kind: 'mention'; postId: string; commentId: string });

/** Where a user is told of one kind of event. */
export interface NotificationChannels {
  inApp: boolean;
  email: boolean;
}

/**
 * What a user who never changed their settings is told: everything in the app, and by email
 * what needs someone to act (a decision, a failure, a reconnect, a question in a comment).
 */
export const DEFAULT_NOTIFICATION_CHANNELS: Record<NotificationKind, NotificationChannels> = {
  approval_requested: { inApp: true, email: true },
  approval_decided: { inApp: true, email: true },
  approval_expired: { inApp: true, email: true },
  post_failed: { inApp: true, email: true },
  post_partly_published: { inApp: true, email: false },
  connection_needs_reconnect: { inApp: true, email: true },
  mention: { inApp: true, email: true },
};

/** Each kind in a sentence, as the settings list it. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  approval_requested: 'A post waits for your approval',
  approval_decided: 'Your post was approved or rejected',
  approval_expired: 'No decision came before a post’s time',
  post_failed: 'A post failed to publish',
  post_partly_published: 'A post was published on some accounts only',
  connection_needs_reconnect: 'An account needs reconnecting',
  mention: 'Someone mentioned you in a comment',
};
