import type { AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { roleAllows } from '../../domain/permissions';
import { withAvatars } from '../utils/account-avatars.server';
import { rethrowAsResponse } from '../utils/forms.server';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Failures older than this are history, not something to act on today. */
const ATTENTION_WINDOW_MS = 14 * DAY_MS;
const SHOWN = 5;
const OUTCOMES = new Set(['PUBLISHED', 'PARTIALLY_PUBLISHED', 'FAILED']);

/**
 * What an editor needs first: what goes out next (every scheduled post counts, as in
 * analytics), the drafts being written, what just went out, and what failed with why and
 * how to fix it (a failed target whose account needs reconnecting points there).
 */
export async function loadDashboard(context: AppLoadContext, actor: Actor) {
  const { posts, connections, analytics } = context.services;
  const now = Date.now();
  const [upcoming, scheduledCount, drafts, recent, accounts] = await Promise.all([
    posts.list(actor, { status: 'SCHEDULED', limit: SHOWN }).catch(rethrowAsResponse),
    analytics.upcomingScheduled(actor),
    posts.list(actor, { status: 'DRAFT', sort: '-createdAt', limit: SHOWN }).catch(rethrowAsResponse),
    posts.list(actor, { from: new Date(now - ATTENTION_WINDOW_MS), to: new Date(now + 60_000), limit: 200 }).catch(rethrowAsResponse),
    connections.list(actor),
  ]);
  const needsReconnect = new Set(accounts.filter((account) => account.status === 'NEEDS_RECONNECT').map((account) => account.id));
  const outcomes = recent.data.filter((post) => OUTCOMES.has(post.status)).reverse();
  const summary = (post: (typeof recent.data)[number]) => ({
    id: post.id,
    content: post.content,
    status: post.status,
    publishAt: post.publishAt,
    timeZone: post.timeZone,
    labels: post.labels,
    media: post.media.map(({ kind, contentUrl, altText, fileName }) => ({ kind, contentUrl, altText, fileName })),
    targets: withAvatars(post.targets, accounts).map((target) => ({
      connectionId: target.connectionId,
      platform: target.platform,
      handle: target.handle,
      displayName: target.displayName,
      avatarUrl: target.avatarUrl,
      status: target.status,
      url: target.url,
      lastError: target.lastError,
      needsReconnect: needsReconnect.has(target.connectionId),
    })),
  });
  return {
    upcoming: upcoming.data.map(summary),
    scheduledCount,
    drafts: drafts.data.map(summary),
    recentResults: outcomes.slice(0, SHOWN).map(summary),
    failures: outcomes.filter((post) => post.status === 'FAILED' || post.status === 'PARTIALLY_PUBLISHED').map(summary),
    reconnect: accounts
      .filter((account) => account.status === 'NEEDS_RECONNECT')
      .map(({ id, platform, handle, displayName, avatarUrl }) => ({ id, platform, handle, displayName, avatarUrl })),
    canSchedule: roleAllows(actor.role, 'posts:write'),
    hasConnections: accounts.length > 0,
  };
}
