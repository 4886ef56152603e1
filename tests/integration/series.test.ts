// Series (recurring posts) on the real stack: each series is a Temporal Schedule whose
// firings create normal posts. Firings are brought forward with the Schedule's backfill,
// which takes the actions of a time range at once, each with its own scheduled time.
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { localDateOf, SERIES_RENEWAL_YEARS } from '../../domain/series-rule';
import { createDb, type Db } from '../../lib/db';
import { lastWrittenDate, seriesScheduleUpdate } from '../../lib/temporal/series-schedule';
import { storeOAuthConnection } from '../support/connections';
import { inSeconds, signUpWithToken, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const stack = useServerAndWorker();
let api: ApiClient;
let demoId: string;
let userId: string;
let db: Db;

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Serena'));
  userId = (await api.get('/api/v1/me')).body.user.id;
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

interface Occurrence {
  occurrenceAt: string;
  outcome: string;
  number: number | null;
  note: string | null;
  post: { id: string; publishAt: string; status: string } | null;
}

async function createSeries(fields: Record<string, unknown>) {
  const created = await api.post('/api/v1/series', {
    name: 'Morning tip',
    content: 'Tip {{n}} of {{date}}',
    connectionIds: [demoId],
    rule: { frequency: 'daily' },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-03-25',
    ...fields,
  });
  expect(created.status).toBe(201);
  return created.body;
}

/**
 * Takes the firings of [start, end) now, one after the other (BUFFER_ALL, as the Schedule's
 * own policy: occurrence numbers follow their times), and waits until each is recorded.
 */
async function backfill(seriesId: string, start: string, end: string, firings: number): Promise<Occurrence[]> {
  const before = (await api.get(`/api/v1/series/${seriesId}`)).body.occurrences.length;
  await stack.server.temporal.schedule
    .getHandle(`series-${seriesId}`)
    .backfill([{ start: new Date(start), end: new Date(end), overlap: ScheduleOverlapPolicy.BUFFER_ALL }]);
  const read = await waitFor(
    () => api.get(`/api/v1/series/${seriesId}`),
    (response) => response.body.occurrences.length >= before + firings,
    60_000,
  );
  return read.body.occurrences.slice(before);
}

async function postWorkflowsOf(seriesId: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `PlanrrrSeriesId="${seriesId}" AND WorkflowType="postWorkflow"`;
  for await (const execution of stack.server.temporal.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

test('a daily 09:00 series in Berlin stays at 09:00 across the change to summer time; each post is a normal one, found by PlanrrrSeriesId', async () => {
  const series = await createSeries({});
  expect(series).toMatchObject({
    rule: { frequency: 'daily', every: 1 },
    end: { type: 'never' },
    paused: false,
    remaining: null,
    occurrences: [],
    scheduleId: `series-${series.id}`,
  });
  // 09:00 in Berlin is 08:00Z in winter time
  expect(series.nextOccurrences.slice(0, 2)).toEqual(['2027-03-25T08:00:00.000Z', '2027-03-26T08:00:00.000Z']);

  // operators find it under Schedules, by its id, with its name and team in the memo
  const schedule = await stack.server.temporal.schedule.getHandle(`series-${series.id}`).describe();
  expect(schedule.memo).toEqual({ name: 'Morning tip', teamId: series.teamId });
  expect(schedule.spec.timezone).toBe('Europe/Berlin');

  // 2027-03-28 is the last Sunday of March: clocks go from 02:00 to 03:00
  const occurrences = await backfill(series.id, '2027-03-26T00:00:00Z', '2027-03-31T00:00:00Z', 5);
  expect(occurrences.map((occurrence) => [occurrence.occurrenceAt, occurrence.outcome, occurrence.number])).toEqual([
    ['2027-03-26T08:00:00.000Z', 'CREATED', 1],
    ['2027-03-27T08:00:00.000Z', 'CREATED', 2],
    ['2027-03-28T07:00:00.000Z', 'CREATED', 3],
    ['2027-03-29T07:00:00.000Z', 'CREATED', 4],
    ['2027-03-30T07:00:00.000Z', 'CREATED', 5],
  ]);
  const posts = await Promise.all(occurrences.map((occurrence) => api.get(`/api/v1/posts/${occurrence.post!.id}`)));
  expect(posts.map((post) => [post.body.publishAt, post.body.content, post.body.status, post.body.seriesId, post.body.timeZone])).toEqual([
    ['2027-03-26T08:00:00.000Z', 'Tip 1 of 2027-03-26', 'SCHEDULED', series.id, 'Europe/Berlin'],
    ['2027-03-27T08:00:00.000Z', 'Tip 2 of 2027-03-27', 'SCHEDULED', series.id, 'Europe/Berlin'],
    ['2027-03-28T07:00:00.000Z', 'Tip 3 of 2027-03-28', 'SCHEDULED', series.id, 'Europe/Berlin'],
    ['2027-03-29T07:00:00.000Z', 'Tip 4 of 2027-03-29', 'SCHEDULED', series.id, 'Europe/Berlin'],
    ['2027-03-30T07:00:00.000Z', 'Tip 5 of 2027-03-30', 'SCHEDULED', series.id, 'Europe/Berlin'],
  ]);
  // each post's workflow runs and is found by the series' search attribute
  const expected = posts.map((post) => `post-${post.body.id}`).sort();
  expect(
    await waitFor(
      () => postWorkflowsOf(series.id),
      (ids) => ids.length === 5,
      15_000,
    ),
  ).toEqual(expected);

  // a firing repeated (a replayed backfill) creates nothing more
  await backfill(series.id, '2027-03-26T00:00:00Z', '2027-03-27T00:00:00Z', 0);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const again = await api.get(`/api/v1/series/${series.id}`);
  expect(again.body.occurrences).toHaveLength(5);
  expect(
    (await api.get(`/api/v1/posts?limit=200`)).body.data.filter((post: { seriesId: string }) => post.seriesId === series.id),
  ).toHaveLength(5);

  // and the posts are the posts API's: one is cancelled like any other
  expect((await api.post(`/api/v1/posts/${posts[4]!.body.id}/cancel`)).body.status).toBe('CANCELLED');
});

test('a firing whose time has passed by more than the catch-up window is recorded as missed, not published late', async () => {
  const series = await createSeries({ name: 'Past', startDate: '2026-03-20' });
  // 2026-03-29 is the change to summer time that year
  const occurrences = await backfill(series.id, '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z', 3);
  expect(occurrences.map((occurrence) => [occurrence.occurrenceAt, occurrence.outcome, occurrence.post])).toEqual([
    ['2026-03-28T08:00:00.000Z', 'MISSED', null],
    ['2026-03-29T07:00:00.000Z', 'MISSED', null],
    ['2026-03-30T07:00:00.000Z', 'MISSED', null],
  ]);
  expect(occurrences[0]!.note).toMatch(/more than an hour after its time/);
});

test('a series that ends after 3 posts creates 3 of 5 firings; Temporal counts the rest down', async () => {
  const series = await createSeries({ name: 'Three', startDate: '2027-04-01', end: { type: 'after', count: 3 } });
  expect(series.remaining).toBe(3);
  expect((await stack.server.temporal.schedule.getHandle(`series-${series.id}`).describe()).state.remainingActions).toBe(3);
  const occurrences = await backfill(series.id, '2027-04-01T00:00:00Z', '2027-04-06T00:00:00Z', 5);
  expect(occurrences.map((occurrence) => [occurrence.outcome, occurrence.number])).toEqual([
    ['CREATED', 1],
    ['CREATED', 2],
    ['CREATED', 3],
    ['SKIPPED', null],
    ['SKIPPED', null],
  ]);
  expect(occurrences[3]!.note).toBe('the series had already created its 3 posts');
  const read = await api.get(`/api/v1/series/${series.id}`);
  expect(read.body).toMatchObject({ remaining: 0, nextOccurrences: [] });
  // an edit writes the count left into the Schedule
  await api.patch(`/api/v1/series/${series.id}`, { name: 'Three, ended' });
  expect((await stack.server.temporal.schedule.getHandle(`series-${series.id}`).describe()).state.remainingActions).toBe(0);
  expect((await api.post(`/api/v1/series/${series.id}/skip-next`)).status).toBe(409);
});

test('pause and resume pause the Schedule with a note; a firing while paused creates nothing', async () => {
  const series = await createSeries({ name: 'Pausable', startDate: '2027-05-01' });
  const handle = stack.server.temporal.schedule.getHandle(`series-${series.id}`);
  const paused = await api.post(`/api/v1/series/${series.id}/pause`);
  expect(paused.status).toBe(200);
  expect(paused.body.paused).toBe(true);
  expect((await handle.describe()).state).toMatchObject({ paused: true, note: expect.stringMatching(/^Paused in planrrr/) });
  // a backfill fires even a paused Schedule: the series' row refuses it
  const [occurrence] = await backfill(series.id, '2027-05-01T00:00:00Z', '2027-05-02T00:00:00Z', 1);
  expect(occurrence).toMatchObject({ outcome: 'SKIPPED', note: 'the series was paused', post: null });

  const resumed = await api.post(`/api/v1/series/${series.id}/resume`);
  expect(resumed.body.paused).toBe(false);
  expect((await handle.describe()).state).toMatchObject({ paused: false, note: expect.stringMatching(/^Resumed in planrrr/) });
  const [next] = await backfill(series.id, '2027-05-02T00:00:00Z', '2027-05-03T00:00:00Z', 1);
  expect(next).toMatchObject({ occurrenceAt: '2027-05-02T07:00:00.000Z', outcome: 'CREATED', number: 1 });
});

test('skip-next leaves the next occurrence out of the Schedule: it never fires, and the one after it is the next', async () => {
  const series = await createSeries({ name: 'Skippy', startDate: '2027-06-01' });
  expect(series.nextOccurrences[0]).toBe('2027-06-01T07:00:00.000Z');
  const skipped = await api.post(`/api/v1/series/${series.id}/skip-next`);
  expect(skipped.status).toBe(200);
  expect(skipped.body.skipped).toEqual(['2027-06-01T07:00:00.000Z']);
  expect(skipped.body.nextOccurrences[0]).toBe('2027-06-02T07:00:00.000Z');
  const occurrences = await backfill(series.id, '2027-06-01T00:00:00Z', '2027-06-03T00:00:00Z', 1);
  expect(occurrences.map((occurrence) => [occurrence.occurrenceAt, occurrence.number])).toEqual([['2027-06-02T07:00:00.000Z', 1]]);
});

test('an edit changes the coming occurrences; the posts already created stay as they were', async () => {
  const series = await createSeries({
    name: 'Weekly',
    content: 'A {{n}}',
    rule: { frequency: 'weekly', days: ['MONDAY'] },
    startDate: '2027-06-01',
  });
  const [first] = await backfill(series.id, '2027-06-07T00:00:00Z', '2027-06-08T00:00:00Z', 1);
  expect(first).toMatchObject({ occurrenceAt: '2027-06-07T07:00:00.000Z', number: 1 });

  const edited = await api.patch(`/api/v1/series/${series.id}`, {
    content: 'B {{n}}',
    rule: { frequency: 'weekly', every: 2, days: ['WEDNESDAY'] },
    time: '10:30',
  });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ content: 'B {{n}}', time: '10:30', rule: { frequency: 'weekly', every: 2, days: ['WEDNESDAY'] } });
  // every other week from the week of the start (Monday 2027-05-31): 2 June, 16 June, ...
  expect(edited.body.nextOccurrences.slice(0, 2)).toEqual(['2027-06-02T08:30:00.000Z', '2027-06-16T08:30:00.000Z']);

  const old = await api.get(`/api/v1/posts/${first!.post!.id}`);
  expect(old.body).toMatchObject({ content: 'A 1', publishAt: '2027-06-07T07:00:00.000Z', status: 'SCHEDULED' });
  const [next] = await backfill(series.id, '2027-06-07T00:00:00Z', '2027-06-17T00:00:00Z', 1);
  expect(next).toMatchObject({ occurrenceAt: '2027-06-16T08:30:00.000Z', number: 2 });
  expect((await api.get(`/api/v1/posts/${next!.post!.id}`)).body.content).toBe('B 2');
});

test('a firing renews the dates an every-2 rule wrote out once fewer than nine years are left; its post is by the series’ author', async () => {
  const timing = {
    rule: { frequency: 'daily' as const, every: 2 },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2016-01-01',
    end: { type: 'never' as const },
  };
  const series = await createSeries({ name: 'Every other day', ...timing });
  const handle = stack.server.temporal.schedule.getHandle(`series-${series.id}`);
  const today = localDateOf(new Date(), 'Europe/Berlin');
  const renewedFrom = (written: string | undefined) => Number(written?.slice(0, 4)) - Number(today.slice(0, 4));
  expect(renewedFrom(lastWrittenDate(await handle.describe()))).toBe(10);

  // the Schedule as written on 2017-01-02 and never since: its dates end within a month or so
  const source = { id: series.id, teamId: series.teamId, name: series.name, timing, paused: false, skippedTimes: [], remaining: undefined };
  await handle.update(() => seriesScheduleUpdate(source, stack.env.config.TEMPORAL_TASK_QUEUE, new Date('2017-01-02T12:00:00Z')));
  const short = await handle.describe();
  expect(lastWrittenDate(short)! < `${Number(today.slice(0, 4)) + 1}-03-01`).toBe(true);

  // its next firing, taken now: the post is created, and the dates are written ten years ahead again
  const next = short.info.nextActionTimes[0]!;
  const [occurrence] = await backfill(
    series.id,
    new Date(next.getTime() - 1000).toISOString(),
    new Date(next.getTime() + 1000).toISOString(),
    1,
  );
  expect(occurrence).toMatchObject({ occurrenceAt: next.toISOString(), outcome: 'CREATED', number: 1 });
  const renewed = await waitFor(
    () => handle.describe(),
    (description) => renewedFrom(lastWrittenDate(description)) > SERIES_RENEWAL_YEARS,
    15_000,
  );
  expect(renewedFrom(lastWrittenDate(renewed))).toBe(10);
  expect(renewed.info.nextActionTimes[0]).toEqual(next);

  // a firing of a Schedule far enough ahead leaves it as it is
  const written = lastWrittenDate(renewed);
  const [again] = await backfill(
    series.id,
    new Date(next.getTime() - 1000).toISOString(),
    new Date(next.getTime() + 1000).toISOString(),
    0,
  );
  expect(again).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(lastWrittenDate(await handle.describe())).toBe(written);

  const post = await db.post.findUniqueOrThrow({ where: { id: occurrence!.post!.id }, select: { authorId: true } });
  expect(post.authorId).toBe(userId);
});

test('a series carries threads, a first comment and platform options to each post it creates; the rules check them when saved', async () => {
  const teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  const xId = await storeOAuthConnection(db, stack.env, {
    teamId,
    platform: 'X',
    handle: '@serena',
    credentials: { accessToken: 'x-token', refreshToken: 'x-refresh', expiresAt: inSeconds(7200) },
  });
  const redditId = await storeOAuthConnection(db, stack.env, {
    teamId,
    platform: 'REDDIT',
    handle: 'u/serena',
    credentials: { username: 'serena', accessToken: 'reddit-token' },
  });

  // a thread where an account takes none, and an account without its required options, are refused naming them
  const refused = await api.post('/api/v1/series', {
    name: 'Refused',
    content: 'Tip {{n}}',
    connectionIds: [xId, redditId],
    thread: [{ content: 'More on tip {{n}}' }],
    rule: { frequency: 'daily' },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-05-01',
  });
  expect(refused.status).toBe(422);
  const violations = refused.body.violations.map((violation: { connectionId: string; rule: string; field?: string }) =>
    [violation.connectionId, violation.rule, violation.field ?? ''].join(' '),
  );
  expect(violations.sort()).toEqual([
    `${redditId} target-options targetOptions.reddit.subreddit`,
    `${redditId} target-options targetOptions.reddit.title`,
    `${redditId} threads-unsupported `,
  ]);

  const thread = await createSeries({
    name: 'Thread tip',
    content: 'Tip {{n}}',
    connectionIds: [xId],
    thread: [{ content: 'Why tip {{n}} works' }, { content: 'Tip {{n}}, in short' }],
    threadDelaySeconds: 30,
    firstComment: 'Tip {{n}}: tell us how it went',
    startDate: '2027-05-01',
  });
  expect(thread).toMatchObject({
    thread: [
      { content: 'Why tip {{n}} works', media: [] },
      { content: 'Tip {{n}}, in short', media: [] },
    ],
    threadDelaySeconds: 30,
    firstComment: 'Tip {{n}}: tell us how it went',
  });
  const asked = await createSeries({
    name: 'Reddit tip',
    content: 'Tip {{n}}',
    connectionIds: [redditId],
    targetOptions: [{ connectionId: redditId, reddit: { subreddit: 'r/planrrr', title: 'A tip a day' } }],
    startDate: '2027-05-01',
  });
  expect(asked.targetOptions).toEqual([{ connectionId: redditId, reddit: { subreddit: 'planrrr', title: 'A tip a day' } }]);

  const [threadPost] = await backfill(thread.id, '2027-05-02T00:00:00Z', '2027-05-03T00:00:00Z', 1);
  const [redditPost] = await backfill(asked.id, '2027-05-02T00:00:00Z', '2027-05-03T00:00:00Z', 1);
  const threaded = (await api.get(`/api/v1/posts/${threadPost!.post!.id}`)).body;
  expect(threaded).toMatchObject({
    content: 'Tip 1',
    thread: [
      { content: 'Why tip 1 works', media: [] },
      { content: 'Tip 1, in short', media: [] },
    ],
    threadDelaySeconds: 30,
    firstComment: 'Tip 1: tell us how it went',
    status: 'SCHEDULED',
  });
  const onReddit = (await api.get(`/api/v1/posts/${redditPost!.post!.id}`)).body;
  expect(onReddit.targets).toEqual([
    expect.objectContaining({ connectionId: redditId, options: { reddit: { subreddit: 'planrrr', title: 'A tip a day' } } }),
  ]);

  // an edit replaces them for the coming posts: the comment taken off, the thread a single post again
  const edited = await api.patch(`/api/v1/series/${thread.id}`, { firstComment: null, thread: [] });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ thread: [], firstComment: null, threadDelaySeconds: 30 });
  const [next] = await backfill(thread.id, '2027-05-03T00:00:00Z', '2027-05-04T00:00:00Z', 1);
  expect((await api.get(`/api/v1/posts/${next!.post!.id}`)).body).toMatchObject({ content: 'Tip 2', thread: [], firstComment: null });
});

test('deleting a series deletes its Schedule; its posts stay', async () => {
  const series = await createSeries({ name: 'Doomed', startDate: '2027-07-01' });
  const [occurrence] = await backfill(series.id, '2027-07-01T00:00:00Z', '2027-07-02T00:00:00Z', 1);
  expect((await api.request('DELETE', `/api/v1/series/${series.id}`)).status).toBe(204);
  expect((await api.get(`/api/v1/series/${series.id}`)).status).toBe(404);
  await expect(stack.server.temporal.schedule.getHandle(`series-${series.id}`).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  const post = await api.get(`/api/v1/posts/${occurrence!.post!.id}`);
  expect(post.body).toMatchObject({ status: 'SCHEDULED', seriesId: null, content: 'Tip 1 of 2027-07-01' });
  // its workflow still carries the series id, for operators
  expect(
    await waitFor(
      () => postWorkflowsOf(series.id),
      (ids) => ids.length > 0,
      15_000,
    ),
  ).toEqual([`post-${post.body.id}`]);
});

test('bad input is refused naming the field', async () => {
  const base = {
    name: 'Bad',
    content: 'x',
    connectionIds: [demoId],
    rule: { frequency: 'daily' },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-03-01',
  };
  const fieldsOf = async (body: Record<string, unknown>) => {
    const response = await api.post('/api/v1/series', { ...base, ...body });
    expect(response.status).toBe(400);
    return response.body.errors.map((error: { field: string }) => error.field);
  };
  expect(await fieldsOf({ rule: { frequency: 'weekly', days: [] } })).toEqual(['body.rule.days']);
  expect(await fieldsOf({ rule: { frequency: 'daily', every: 0 } })).toEqual(['body.rule.every']);
  expect(await fieldsOf({ rule: { frequency: 'hourly' } })).toEqual(['body.rule.frequency']);
  expect(await fieldsOf({ end: { type: 'on', date: '2027-02-01' } })).toEqual(['body.end.date']);
  expect(await fieldsOf({ end: { type: 'after', count: 0 } })).toEqual(['body.end.count']);
  expect(await fieldsOf({ timeZone: 'Mars/Olympus_Mons' })).toEqual(['body.timeZone']);
  expect(await fieldsOf({ time: '9am' })).toEqual(['body.time']);
  expect(await fieldsOf({ startDate: '2027-02-30' })).toEqual(['body.startDate']);
  // February has no 30th, and every 12 months from February stays in February
  expect(await fieldsOf({ startDate: '2027-02-01', rule: { frequency: 'monthly', every: 12, dayOfMonth: 30 } })).toEqual([
    'body.rule.dayOfMonth',
  ]);
  // 02:30 does not exist in Berlin on 2027-03-28: Temporal's calendar would leave that day out
  const gap = await api.post('/api/v1/series', { ...base, time: '02:30' });
  expect(gap.body.errors).toEqual([
    {
      field: 'body.time',
      message:
        '02:30 does not exist in Europe/Berlin on 2027-03-28 (the clocks skip it), so that day would have no post: choose another time',
    },
  ]);
  // an edit is checked whole: an end before the (unchanged) start
  const series = await createSeries({ name: 'Edited badly' });
  const badEdit = await api.patch(`/api/v1/series/${series.id}`, { end: { type: 'on', date: '2027-03-01' } });
  expect(badEdit.status).toBe(400);
  expect(badEdit.body.errors.map((error: { field: string }) => error.field)).toEqual(['body.end.date']);

  const unknown = await api.post('/api/v1/series', { ...base, connectionIds: ['nope'] });
  expect(unknown.status).toBe(422);
  expect(unknown.body.type).toBe('https://planrrr.dev/problems/unknown-connection');
  // the longest text an occurrence can have is checked: {{date}} grows by two characters
  const tooLong = await api.post('/api/v1/series', { ...base, content: `${'x'.repeat(9_991)} {{date}}` });
  expect(tooLong.status).toBe(422);
  expect(tooLong.body.type).toBe('https://planrrr.dev/problems/platform-rules');
});
