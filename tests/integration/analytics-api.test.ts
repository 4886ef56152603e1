// GET /api/v1/analytics on the real stack: counts by status and platform, posts per day
// in the caller's time zone, and lateness measured from what the worker recorded.
import { inSeconds, signUpWithToken, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const stack = useServerAndWorker();
let api: ApiClient;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Ana'));
});

test('a published, a scheduled and a cancelled post are counted by status, platform, day and lateness', async () => {
  const demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body;
  const other = (await api.post('/api/v1/connections', { platform: 'demo', name: 'Other feed' })).body;
  const published = (await api.post('/api/v1/posts', { content: 'Goes out', publishAt: inSeconds(1), connectionIds: [demo.id] })).body;
  await api.post('/api/v1/posts', { content: 'Waits', publishAt: inSeconds(3600), connectionIds: [demo.id] });
  const cancelled = (await api.post('/api/v1/posts', { content: 'Never', publishAt: inSeconds(3600), connectionIds: [other.id] })).body;
  expect((await api.post(`/api/v1/posts/${cancelled.id}/cancel`)).status).toBe(200);
  const done = await waitFor(
    () => api.get(`/api/v1/posts/${published.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );

  const range = { from: inSeconds(-3600), to: inSeconds(2 * 3600), timeZone: 'Pacific/Kiritimati' };
  const all = await api.get(`/api/v1/analytics?${new URLSearchParams(range)}`);
  expect(all.status).toBe(200);
  expect(all.body).toMatchObject({
    totalPosts: 3,
    byStatus: { PUBLISHED: 1, SCHEDULED: 1, CANCELLED: 1, FAILED: 0 },
    byPlatform: [{ platform: 'DEMO', published: 1, failed: 0, successRate: 1 }],
    timeZone: 'Pacific/Kiritimati',
  });
  // Days are counted in the asked zone (UTC+14): the published post's day there.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date(published.publishAt));
  expect(all.body.perDay.find((entry: { date: string }) => entry.date === day).counts.PUBLISHED).toBe(1);
  const expectedLateness = (Date.parse(done.body.targets[0].publishedAt) - Date.parse(done.body.publishAt)) / 1000;
  expect(all.body.lateness).toEqual({
    publications: 1,
    p50Seconds: expectedLateness,
    p90Seconds: expectedLateness,
    maxSeconds: expectedLateness,
  });

  const onlyOther = await api.get(`/api/v1/analytics?${new URLSearchParams({ ...range, connectionId: other.id })}`);
  expect(onlyOther.body).toMatchObject({
    totalPosts: 1,
    byStatus: { CANCELLED: 1, PUBLISHED: 0 },
    lateness: { publications: 0, p50Seconds: null },
  });

  const backwards = await api.get(`/api/v1/analytics?${new URLSearchParams({ from: inSeconds(60), to: inSeconds(0) })}`);
  expect(backwards.status).toBe(400);
  expect(backwards.body.errors).toEqual([{ field: 'query.from', message: 'from must be before to' }]);
});

test('posts scheduled after the range still count as scheduledUpcoming, and labelId keeps only the posts with that label', async () => {
  const { api: planner } = await signUpWithToken(stack.server.url, 'Uma');
  const demo = (await planner.post('/api/v1/connections', { platform: 'demo' })).body;
  const launch = (await planner.post('/api/v1/labels', { name: 'Launch', colour: '#e4572e' })).body;
  const tomorrow = (hour: number) => inSeconds(24 * 3600 + hour * 60);
  // two posts for tomorrow, as the issue found them: the dashboard lists both
  await planner.post('/api/v1/posts', {
    content: 'Tomorrow, labelled',
    publishAt: tomorrow(1),
    connectionIds: [demo.id],
    labelIds: [launch.id],
  });
  await planner.post('/api/v1/posts', { content: 'Tomorrow, plain', publishAt: tomorrow(2), connectionIds: [demo.id] });
  await planner.post('/api/v1/posts', {
    content: 'A labelled draft',
    publishAt: tomorrow(3),
    connectionIds: [demo.id],
    labelIds: [launch.id],
    draft: true,
  });

  // the default range ends now: nothing of tomorrow's is in it, yet both are upcoming
  const byDefault = await planner.get('/api/v1/analytics');
  expect(byDefault.status).toBe(200);
  expect(byDefault.body).toMatchObject({ totalPosts: 0, byStatus: { SCHEDULED: 0 }, scheduledUpcoming: 2, labelId: null });

  const labelled = await planner.get(`/api/v1/analytics?${new URLSearchParams({ labelId: launch.id, to: inSeconds(2 * 24 * 3600) })}`);
  expect(labelled.status).toBe(200);
  expect(labelled.body).toMatchObject({
    labelId: launch.id,
    totalPosts: 2,
    byStatus: { SCHEDULED: 1, DRAFT: 1 },
    scheduledUpcoming: 1,
  });

  // another team's label, or none, is not found
  const otherTeamsLabel = (await api.post('/api/v1/labels', { name: 'Not Uma’s', colour: '#000000' })).body;
  for (const labelId of [otherTeamsLabel.id, 'no-such-label']) {
    const refused = await planner.get(`/api/v1/analytics?labelId=${labelId}`);
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('https://planrrr.dev/problems/not-found');
  }
});
