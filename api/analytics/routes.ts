import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { json, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { EXPORT_COLUMNS } from './audience';
import { AnalyticsQuerySchema, AudienceQuerySchema, BestTimesQuerySchema, TopPostsQuerySchema } from './schemas';

const FILTER_PROBLEMS = {
  400: 'a bad parameter (named in `errors`), or a range that is empty or longer than 366 days',
  401: '',
  403: '',
  404: 'no such connection or label in this team',
} as const;

const RATE_DEFINITION =
  "Each publication (a post on one account) counts by its latest metrics sample. Engagements are likes + replies + reposts + quotes + saves + bookmarks + clicks, whichever the platform gives. A publication's engagement rate divides them by the first of impressions, reach and views its sample gives (X, LinkedIn, Facebook: impressions; Instagram: reach; YouTube: views), else by the account's followers on the publishing day (UTC; Mastodon, Bluesky), else it has none.";

export const analyticsEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/analytics',
    operationId: 'getAnalytics',
    tags: ['analytics'],
    summary: 'Posts by status, success rate by platform, posts per day and publishing lateness over a range',
    security: security.sessionOrToken,
    request: { query: AnalyticsQuerySchema },
    responses: { 200: json('Analytics', 'The summary of posts whose publish time falls in [from, to), and of all posts still scheduled') },
    problems: {
      400: 'a bad time, time zone, or a range that is empty or longer than 366 days',
      401: '',
      403: '',
      404: 'no such connection or label in this team',
    },
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      res.json(await services.analytics.summary(actor, parseRequest(AnalyticsQuerySchema, req, 'query')));
    },
  },
  {
    method: 'get',
    path: '/analytics/engagement',
    operationId: 'getEngagement',
    tags: ['analytics'],
    summary: 'Metric totals and engagement rate per account and for the team, over publications in a range',
    description: RATE_DEFINITION,
    security: security.sessionOrToken,
    request: { query: AudienceQuerySchema },
    responses: { 200: json('Engagement', 'The totals of publications whose publish time falls in [from, to)') },
    problems: FILTER_PROBLEMS,
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      res.json(await services.audience.engagement(actor, parseRequest(AudienceQuerySchema, req, 'query')));
    },
  },
  {
    method: 'get',
    path: '/analytics/top-posts',
    operationId: 'getTopPosts',
    tags: ['analytics'],
    summary: 'Publications ranked by a metric, engagements or engagement rate',
    description: `${RATE_DEFINITION} A publication without the metric is left out.`,
    security: security.sessionOrToken,
    request: { query: TopPostsQuerySchema },
    responses: { 200: json('TopPosts', 'The best publications first') },
    problems: FILTER_PROBLEMS,
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      res.json(await services.audience.topPosts(actor, parseRequest(TopPostsQuerySchema, req, 'query')));
    },
  },
  {
    method: 'get',
    path: '/analytics/best-times',
    operationId: 'getBestTimes',
    tags: ['analytics'],
    summary: "Mean engagements per post by weekday and hour of publishing, in a time zone, and the team's best times",
    description:
      "From the team's own publications (default: the last 365 days). With fewer than 10 publications with metrics, or no hour of the week with 2, `basis` is `fallback`: the suggestions are common times, and `fallbackReason` says so.",
    security: security.sessionOrToken,
    request: { query: BestTimesQuerySchema },
    responses: { 200: json('BestTimes', 'The heatmap cells and the suggestions') },
    problems: FILTER_PROBLEMS,
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      res.json(await services.audience.bestTimes(actor, parseRequest(BestTimesQuerySchema, req, 'query')));
    },
  },
  {
    method: 'get',
    path: '/analytics/export',
    operationId: 'exportMetrics',
    tags: ['analytics'],
    summary: 'Every metrics sample of the publications in a range, as CSV',
    description: `One row per post, account and sample, with a header: ${EXPORT_COLUMNS.join(', ')}. A metric the sample does not give is an empty cell; \`missing\` says why (\`metric: reason; …\`).`,
    security: security.sessionOrToken,
    request: { query: AudienceQuerySchema },
    responses: {
      200: {
        description: 'The CSV file (Content-Disposition names it)',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    },
    problems: FILTER_PROBLEMS,
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      const { filename, chunks } = await services.audience.exportCsv(actor, parseRequest(AudienceQuerySchema, req, 'query'));
      res.type('text/csv; charset=utf-8').attachment(filename);
      // Once the first chunk is sent a failure cannot become a problem answer: pipeline ends
      // the response unfinished (the client sees a cut download) and the error is logged.
      await pipeline(Readable.from(chunks), res);
    },
  },
]);

export function analyticsRoutes(services: Services): Router {
  return addRoutes(Router(), analyticsEndpoints, services);
}
