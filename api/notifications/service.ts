// A user's in-app notifications in the current team (written by lib/notifications/notify.ts):
// a page at a time, newest first, with the unread count the bell shows; marking them read;
// and the user's choice, per kind, of being told in the app and by email.
import {
  DEFAULT_NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannels,
  type NotificationKind,
} from '../../domain/notifications';
import type { Db } from '../../lib/db';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { MarkReadInput, NotificationListQuery, NotificationSettingsInput } from './schemas';

const NOTIFICATION_FIELDS = {
  id: true,
  kind: true,
  title: true,
  path: true,
  postId: true,
  connectionId: true,
  actorUserId: true,
  details: true,
  readAt: true,
  createdAt: true,
} as const;

export function createNotificationService(deps: { db: Db }) {
  const { db } = deps;

  function unreadCount(actor: Actor) {
    return db.notification.count({ where: { userId: actor.userId, teamId: actor.teamId, readAt: null } });
  }

  /** Every kind, with the user's choice or the default. */
  async function settings(userId: string): Promise<Record<NotificationKind, NotificationChannels>> {
    const rows = await db.notificationSetting.findMany({ where: { userId }, select: { kind: true, inApp: true, email: true } });
    const chosen = new Map(rows.map((row) => [row.kind, { inApp: row.inApp, email: row.email }]));
    return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(kind) ?? DEFAULT_NOTIFICATION_CHANNELS[kind]])) as Record<
      NotificationKind,
      NotificationChannels
    >;
  }

  return {
    unreadCount,
    settings,

    /** Newest first; `before` is the id of the last notification of the previous page. */
    async list(actor: Actor, query: NotificationListQuery) {
      const mine = { userId: actor.userId, teamId: actor.teamId };
      const after = query.before
        ? await db.notification.findFirst({ where: { id: query.before, ...mine }, select: { id: true, createdAt: true } })
        : undefined;
      if (query.before && !after) throw problems.validation([{ field: 'query.before', message: 'is not one of your notifications' }]);
      const [rows, unread] = await Promise.all([
        db.notification.findMany({
          where: {
            ...mine,
            ...(query.unread ? { readAt: null } : {}),
            ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
          },
          select: NOTIFICATION_FIELDS,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: query.limit + 1,
        }),
        unreadCount(actor),
      ]);
      const page = rows.slice(0, query.limit);
      return { data: page, nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null, unreadCount: unread };
    },

    /** Marks the named notifications (ids of others' are ignored), or all of them, read. */
    async markRead(actor: Actor, input: MarkReadInput) {
      await db.notification.updateMany({
        where: { userId: actor.userId, teamId: actor.teamId, readAt: null, ...(input.ids ? { id: { in: input.ids } } : {}) },
        data: { readAt: new Date() },
      });
      return { unreadCount: await unreadCount(actor) };
    },

    async saveSettings(userId: string, input: NotificationSettingsInput) {
      await db.$transaction(
        NOTIFICATION_KINDS.flatMap((kind) => {
          const channels = input[kind];
          if (!channels) return [];
          return [
            db.notificationSetting.upsert({
              where: { userId_kind: { userId, kind } },
              create: { userId, kind, ...channels },
              update: channels,
            }),
          ];
        }),
      );
      return settings(userId);
    },
  };
}
