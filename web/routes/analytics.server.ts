import type { AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { AnalyticsQuerySchema, TOP_POST_METRICS, type TopPostMetric } from '../../api/analytics/schemas';
import { lastDaysIn } from '../utils/analytics-range';
import { FALLBACK_TIME_ZONE } from '../utils/time';
import { parseForm, rethrowAsResponse } from '../utils/forms.server';

const TOP_POSTS = 10;

const RANGES = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
] as const;

/**
 * The audience (engagement, top posts, best times, followers: GET /analytics/engagement and
 * its siblings) and the summary the API's GET /analytics answers, for the chosen days up to today (what is
 * due later counts as Scheduled (upcoming)), account and label, in the user's time zone.
 */
export async function loadAnalytics(context: AppLoadContext, actor: Actor, url: URL) {
  const days = RANGES.find((range) => String(range.days) === url.searchParams.get('range'))?.days ?? 30;
  const accountId = url.searchParams.get('account') || undefined;
  const labelId = url.searchParams.get('label') || undefined;
  const profile = await context.services.profile.get(actor.userId);
  const timeZone = profile.timeZone ?? FALLBACK_TIME_ZONE;
  const { from, to } = lastDaysIn(days, timeZone);
  const query = parseForm(AnalyticsQuerySchema, {
    from: from.toISOString(),
    to: to.toISOString(),
    connectionId: accountId,
    labelId,
    timeZone,
  });
  if (!query.ok) throw new Error(`The analytics page built an invalid query: ${JSON.stringify(query.errors)}`);
  const metric = TOP_POST_METRICS.find((name) => name === url.searchParams.get('metric')) ?? 'engagements';
  const filter = { from: query.data.from, to: query.data.to, connectionId: query.data.connectionId, labelId: query.data.labelId };
  const { audience } = context.services;
  const [summary, connections, labels, engagement, topPosts, bestTimes, followers] = await Promise.all([
    context.services.analytics.summary(actor, query.data).catch(rethrowAsResponse),
    context.services.connections.list(actor),
    context.services.labels.list(actor),
    audience.engagement(actor, filter).catch(rethrowAsResponse),
    audience.topPosts(actor, { ...filter, metric, limit: TOP_POSTS }).catch(rethrowAsResponse),
    audience.bestTimes(actor, { ...filter, timeZone }).catch(rethrowAsResponse),
    audience.followers(actor, filter).catch(rethrowAsResponse),
  ]);
  const exportQuery = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  if (accountId) exportQuery.set('connectionId', accountId);
  if (labelId) exportQuery.set('labelId', labelId);
  return {
    days,
    ranges: RANGES,
    accountId: accountId ?? null,
    accounts: connections.map(({ id, displayName, handle, platform }) => ({ id, displayName, handle, platform })),
    labelId: labelId ?? null,
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    summary,
    metric: metric satisfies TopPostMetric,
    metrics: TOP_POST_METRICS,
    engagement,
    topPosts,
    bestTimes,
    followers,
    csvUrl: `/api/v1/analytics/export?${exportQuery}`,
  };
}
