// Delivers one notification event (domain/notifications.ts) to the people it names, each by
// their settings: an in-app notification, an email through the outbox; and posts it to the
// team's Slack and Discord webhooks that want its kind. Called by API services and by
// activities alike; every step is idempotent on the event's dedupeKey, so an event noticed
// twice (a retried activity, a replayed request) is delivered once.
import { DEFAULT_NOTIFICATION_CHANNELS, type NotificationEvent } from '../../domain/notifications';
import { chatNotificationWorkflowId } from '../../temporal-config';
import type { chatNotificationWorkflow } from '../../workflows/chat-notification-workflow';
import { sha256 } from '../crypto';
import type { Db } from '../db';
import { queueEmail, type OutboxDeps } from '../email/outbox';
import { startWorkflowOnce } from '../temporal/start-once';
import { chatTitle, notificationPath, notificationTitle, type NotificationContext } from './message';

/** Where a user changes what they are told (the settings page's notifications section). */
const SETTINGS_PATH = '/settings#notifications';

export interface NotifyDeps extends OutboxDeps {
  /** where users reach the web app: the links in emails and chat messages */
  publicUrl: string;
}

export async function notify(deps: NotifyDeps, event: NotificationEvent): Promise<void> {
  const { db } = deps;
  const recipientIds = [...new Set(event.recipientUserIds)].filter((userId) => userId !== event.actorUserId);
  const [members, team, context] = await Promise.all([
    // only the team's members are told, whatever the caller named
    db.membership.findMany({
      where: { teamId: event.teamId, userId: { in: recipientIds } },
      select: {
        user: {
          select: { id: true, email: true, notificationSettings: { where: { kind: event.kind }, select: { inApp: true, email: true } } },
        },
      },
    }),
    db.team.findUniqueOrThrow({ where: { id: event.teamId }, select: { name: true } }),
    contextOf(db, event),
  ]);
  const title = notificationTitle(event, context);
  const path = notificationPath(event);
  const link = `${deps.publicUrl}${path}`;
  const recipients = members.map(({ user }) => ({
    ...user,
    channels: user.notificationSettings[0] ?? DEFAULT_NOTIFICATION_CHANNELS[event.kind],
  }));

  await db.notification.createMany({
    data: recipients
      .filter((recipient) => recipient.channels.inApp)
      .map((recipient) => ({
        userId: recipient.id,
        teamId: event.teamId,
        kind: event.kind,
        title,
        path,
        postId: 'postId' in event ? event.postId : null,
        connectionId: 'connectionId' in event ? event.connectionId : null,
        actorUserId: event.actorUserId ?? null,
        details: detailsOf(event),
        dedupeKey: event.dedupeKey,
      })),
    skipDuplicates: true,
  });
  await Promise.all([
    ...recipients
      .filter((recipient) => recipient.channels.email)
      .map((recipient) =>
        queueEmail(deps, {
          to: recipient.email,
          subject: `[${team.name}] ${title}`,
          text: emailText(event, { title, link, teamName: team.name, settingsUrl: `${deps.publicUrl}${SETTINGS_PATH}` }),
          dedupeKey: `${event.dedupeKey}:${recipient.id}`,
        }),
      ),
    postToChatWebhooks(deps, event, { title: chatTitle(event, context), link }),
  ]);
}

/** The team's admins and owners: who hears of failures and of accounts to reconnect. */
export async function teamAdminIds(db: Db, teamId: string): Promise<string[]> {
  const admins = await db.membership.findMany({ where: { teamId, role: { in: ['OWNER', 'ADMIN'] } }, select: { userId: true } });
  return admins.map((admin) => admin.userId);
}

async function contextOf(db: Db, event: NotificationEvent): Promise<NotificationContext> {
  const [post, connection, actor] = await Promise.all([
    'postId' in event ? db.post.findUnique({ where: { id: event.postId }, select: { content: true } }) : null,
    'connectionId' in event
      ? db.connection.findUnique({ where: { id: event.connectionId }, select: { displayName: true, platform: true } })
      : null,
    event.actorUserId ? db.user.findUnique({ where: { id: event.actorUserId }, select: { name: true } }) : null,
  ]);
  return {
    ...(post ? { postText: post.content } : {}),
    ...(connection ? { connection } : {}),
    ...(actor ? { actorName: actor.name } : {}),
  };
}

/** The event's fields beyond those with columns of their own. */
function detailsOf(event: NotificationEvent): Record<string, string> {
  switch (event.kind) {
    case 'approval_decided':
      return { decision: event.decision, ...(event.comment ? { comment: event.comment } : {}) };
    case 'mention':
      return { commentId: event.commentId };
    default:
      return {};
  }
}

function emailText(
  event: NotificationEvent,
  { title, link, teamName, settingsUrl }: { title: string; link: string; teamName: string; settingsUrl: string },
): string {
  const comment = event.kind === 'approval_decided' && event.comment ? `\n\nTheir comment:\n${event.comment}` : '';
  return [
    `${title}${comment}`,
    `Open it in planrrr: ${link}`,
    `--\nYou are told this as a member of ${teamName}. Choose what planrrr emails you about: ${settingsUrl}`,
  ].join('\n\n');
}

async function postToChatWebhooks(deps: NotifyDeps, event: NotificationEvent, message: { title: string; link: string }): Promise<void> {
  const webhooks = await deps.db.chatWebhook.findMany({
    where: { teamId: event.teamId, kinds: { has: event.kind } },
    select: { id: true },
  });
  // the event's key may be long and hold any character: a workflow id gets its hash
  const eventKey = sha256(event.dedupeKey).slice(0, 32);
  await Promise.all(
    webhooks.map((webhook) =>
      startWorkflowOnce<typeof chatNotificationWorkflow>(deps.temporal, 'chatNotificationWorkflow', {
        workflowId: chatNotificationWorkflowId(webhook.id, eventKey),
        taskQueue: deps.taskQueue,
        args: [{ chatWebhookId: webhook.id, ...message }],
      }),
    ),
  );
}
