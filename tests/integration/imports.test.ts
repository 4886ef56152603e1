// Bulk imports over the API, on the real stack: a CSV with good and bad rows is checked (the
// dry run names each problem by row and column), then confirmed and created, a post per
// good row; the same file again creates nothing; files that are not imports are refused as
// a whole; rows without a time are queued or spread; an undo cancels what an import made;
// media URLs are probed in the dry run, then downloaded; rows name a template and fill its variables.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb } from '../../lib/db';
import { FakeMastodon } from '../fakes/mastodon';
import { storeOAuthConnection } from '../support/connections';
import { mp4Movie, PNG } from '../support/media-fixtures';
import { ApiClient, signUpWithToken, testEnv, waitFor, type ApiResponse } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const mastodon = new FakeMastodon();
const stack = useServerAndWorker({ env: testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' }), alongside: [mastodon] });
let api: ApiClient;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Imogen'));
});

/** RFC 4180: every cell quoted. */
function csv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

function upload(client: ApiClient, content: string | Buffer, fields: Record<string, string> = {}, fileName = 'posts.csv') {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: 'text/csv' }), fileName);
  return client.post('/api/v1/imports', form);
}

async function demoAccount(client: ApiClient, name: string): Promise<string> {
  const created = await client.post('/api/v1/connections', { platform: 'demo', name });
  expect(created.status).toBe(201);
  return created.body.id;
}

function waitForPhase(id: string, phases: string[], timeoutMs = 90_000) {
  return waitFor(
    () => api.get(`/api/v1/imports/${id}`),
    (response) => phases.includes(response.body.phase),
    timeoutMs,
  );
}

async function rowsOf(id: string, status?: string) {
  const response = await api.get(`/api/v1/imports/${id}/rows?limit=500${status ? `&status=${status}` : ''}`);
  expect(response.status).toBe(200);
  return response.body.data as Array<{
    row: number;
    status: string;
    problems: Array<{ column: string; message: string }>;
    postIds: string[];
  }>;
}

/** In days from now, as ISO 8601 with an offset. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function expectFileRefused(response: ApiResponse, status: number, message: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.errors[0].field).toBe('body.file');
  expect(response.body.errors[0].message).toMatch(message);
}

test('a dry run names every bad row by column; confirmed, each good row becomes one post; the same file again creates nothing', async () => {
  const demo = await demoAccount(api, 'Imports demo');
  const toot = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(toot.status).toBe(201);
  const label = await api.post('/api/v1/labels', { name: 'Launch', colour: '#1e90ff' });
  const { api: other } = await signUpWithToken(stack.server.url, 'Otto');
  const othersAccount = await demoAccount(other, 'Not yours');
  const tomorrow = daysAhead(1);
  const berlin = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

  const file = csv([
    ['text', 'accounts', 'time', 'timezone', 'labels', 'first_comment', 'text:mastodon', 'part2'],
    ['Row one', 'Imports demo', tomorrow, '', 'launch', '', '', ''],
    ['Row two', `Imports demo; ${toot.body.id}`, `${berlin} 09:30`, 'Europe/Berlin', '', '', 'Row two, tooted', ''],
    ['Not our account', othersAccount, tomorrow, '', '', '', '', ''],
    ['Bad time', 'Imports demo', 'tomorrow-ish', '', '', '', '', ''],
    ['Row one', 'imports demo', tomorrow, '', 'launch', '', '', ''],
    ['x'.repeat(600), toot.body.id, tomorrow, '', '', '', '', ''],
    ['=HYPERLINK("https://evil.example","click")', demo, daysAhead(3), '', '', '', '', ''],
    ['No time, no queue', 'Imports demo', '', '', '', '', '', ''],
    ['A thread', toot.body.id, daysAhead(4), '', 'Nope', '', '', 'its second part'],
    ['A comment where none can go', 'Imports demo', daysAhead(5), '', '', 'First!', '', ''],
  ]);
  const created = await upload(api, file);
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe(`/api/v1/imports/${created.body.id}`);
  expect(created.body).toMatchObject({ format: 'csv', dryRun: true, fileName: 'posts.csv', workflowId: `import-${created.body.id}` });
  expect(created.body.rows.total).toBe(10);

  const checked = await waitForPhase(created.body.id, ['CHECKED']);
  expect(checked.body.rows).toMatchObject({ total: 10, valid: 3, invalid: 7, created: 0 });
  const problems = Object.fromEntries(
    (await rowsOf(created.body.id, 'INVALID')).map((row) => [
      row.row,
      row.problems.map((problem) => `${problem.column}: ${problem.message}`),
    ]),
  );
  expect(Object.keys(problems).map(Number)).toEqual([3, 4, 5, 6, 8, 9, 10]);
  expect(problems[3]).toEqual([`accounts: no account "${othersAccount}" in this team`]);
  expect(problems[4]![0]).toMatch(/^time: "tomorrow-ish" is not a time/);
  expect(problems[5]).toEqual(['row: the same text, accounts and time as row 1']);
  expect(problems[6]![0]).toMatch(/^text: MASTODON \(text-too-long\)/);
  expect(problems[8]![0]).toMatch(/^time: demo has no open queue/);
  expect(problems[9]).toEqual(['labels: no label "Nope" in this team']);
  expect(problems[10]![0]).toMatch(/^first_comment: DEMO \(comments-unsupported\) for demo/);
  // nothing is created before the confirmation
  expect((await api.get('/api/v1/posts?limit=200')).body.data).toHaveLength(0);

  expect((await api.post(`/api/v1/imports/${created.body.id}/confirm`)).status).toBe(202);
  const done = await waitForPhase(created.body.id, ['DONE']);
  expect(done.body.rows).toMatchObject({ total: 10, created: 3, invalid: 7, failed: 0 });
  const made = await rowsOf(created.body.id, 'CREATED');
  expect(made.map((row) => row.row)).toEqual([1, 2, 7]);
  expect(made.every((row) => row.postIds.length === 1)).toBe(true);

  const [one, two, formula] = await Promise.all(made.map((row) => api.get(`/api/v1/posts/${row.postIds[0]}`)));
  expect(one!.body).toMatchObject({ content: 'Row one', status: 'SCHEDULED', publishAt: tomorrow });
  expect(one!.body.labels.map((each: { id: string }) => each.id)).toEqual([label.body.id]);
  expect(two!.body).toMatchObject({ content: 'Row two', timeZone: 'Europe/Berlin' });
  expect(new Date(two!.body.publishAt).toISOString()).toBe(new Date(`${berlin}T09:30:00+01:00`).toISOString());
  expect(two!.body.targets.find((target: { connectionId: string }) => target.connectionId === toot.body.id).content).toBe(
    'Row two, tooted',
  );
  // a formula is text like any other: stored as written, never evaluated
  expect(formula!.body.content).toBe('=HYPERLINK("https://evil.example","click")');

  // the same file again: the same import, and not one post more
  const again = await upload(api, file);
  expect(again.status).toBe(200);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.id).toBe(created.body.id);
  expect((await api.get('/api/v1/posts?limit=200')).body.data).toHaveLength(3);
  // and another team's import is not ours to read
  expect((await other.get(`/api/v1/imports/${created.body.id}`)).status).toBe(404);
  expect((await api.post(`/api/v1/imports/${created.body.id}/confirm`)).status).toBe(409);
});

test('files that are not imports are refused as a whole, naming the file and why', async () => {
  expectFileRefused(await upload(api, PNG, {}, 'photo.png'), 415, /image\/png/);
  expectFileRefused(await upload(api, Buffer.from('text,accounts\r\nCaf\xe9 au lait,demo\r\n', 'latin1')), 400, /not UTF-8/);
  expectFileRefused(await upload(api, 'Hello world,demo,2027-01-01T09:00:00Z\r\n'), 400, /unknown columns/);
  expectFileRefused(await upload(api, ''), 400, /empty/);
  expectFileRefused(await upload(api, '{"text": "one row"}', {}, 'rows.json'), 400, /array of rows/);
  const tooMany = await upload(api, `text,accounts\r\n${Array.from({ length: 100_000 }, (_, index) => `post ${index},demo\r\n`).join('')}`);
  expect(tooMany.status).toBe(413);
  expect(tooMany.body).toMatchObject({ type: 'https://planrrr.dev/problems/import-too-large', maxRows: 10_000 });
  const badOption = await upload(api, 'text\r\nhello\r\n', { dryRun: 'maybe' });
  expect(badOption.status).toBe(400);
  expect(badOption.body.errors[0].field).toBe('body.dryRun');
  // a UTF-8 BOM is fine
  const withBom = await upload(api, `\ufefftext,accounts,time\r\nBOM row ${Date.now()},nobody,${daysAhead(1)}\r\n`);
  expect(withBom.status).toBe(201);
  // nothing refused left an import behind
  expect((await api.get('/api/v1/imports')).body.data.map((each: { id: string }) => each.id)).toContain(withBom.body.id);
});

test('JSON rows, undated rows queued or spread over a window, and an undo that cancels what was created', async () => {
  const queued = await demoAccount(api, 'Queued demo');
  const slots = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, time: '12:00' }));
  expect((await api.request('PUT', `/api/v1/connections/${queued}/queue`, { timeZone: 'UTC', slots })).status).toBe(200);
  const from = daysAhead(10);
  const to = daysAhead(11);
  const created = await api.post('/api/v1/imports', {
    dryRun: false,
    rows: [
      { text: 'Queued one', accounts: [queued], time: 'queue' },
      { text: 'Spread one', accounts: [queued] },
      { text: 'Spread two', accounts: [queued] },
    ],
    spread: { from, to },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ format: 'json', dryRun: false, spread: { from, to } });
  await waitForPhase(created.body.id, ['DONE']);
  const rows = await rowsOf(created.body.id);
  expect(rows.map((row) => row.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);
  const posts = await Promise.all(rows.map((row) => api.get(`/api/v1/posts/${row.postIds[0]}`)));
  expect(new Date(posts[0]!.body.publishAt).getUTCHours()).toBe(12);
  const window = (to: string, from: string) => Date.parse(to) - Date.parse(from);
  expect(Date.parse(posts[1]!.body.publishAt)).toBe(Date.parse(from) + window(to, from) / 4);
  expect(Date.parse(posts[2]!.body.publishAt)).toBe(Date.parse(from) + (3 * window(to, from)) / 4);

  const undo = await api.post(`/api/v1/imports/${created.body.id}/undo`);
  expect(undo.status).toBe(202);
  const undone = await waitForPhase(created.body.id, ['UNDONE']);
  expect(undone.body.rows).toMatchObject({ undone: 3, created: 0 });
  for (const row of rows) {
    expect((await api.get(`/api/v1/posts/${row.postIds[0]}`)).body.status).toBe('CANCELLED');
  }
  expect((await api.post(`/api/v1/imports/${created.body.id}/undo`)).status).toBe(409);

  const badRows = await api.post('/api/v1/imports', { rows: [{ text: 'x', colour: 'red' }] });
  expect(badRows.status).toBe(400);
  expect(badRows.body.errors[0].field).toBe('body.rows.0');
});

test('pause holds the creation between batches, resume goes on, cancel stops it', async () => {
  const demo = await demoAccount(api, 'Paused demo');
  const rows = Array.from({ length: 120 }, (_, index) => ({ text: `Paused ${index}`, accounts: demo, time: daysAhead(5 + index / 1000) }));
  const created = await api.post('/api/v1/imports', { rows });
  await waitForPhase(created.body.id, ['CHECKED']);
  expect((await api.post(`/api/v1/imports/${created.body.id}/pause`)).status).toBe(409);
  await api.post(`/api/v1/imports/${created.body.id}/confirm`);
  await waitForPhase(created.body.id, ['CREATING', 'DONE']);
  await api.post(`/api/v1/imports/${created.body.id}/pause`);
  const paused = await waitForPhase(created.body.id, ['PAUSED', 'DONE']);
  if (paused.body.phase === 'PAUSED') {
    const held = paused.body.rows.created;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await api.get(`/api/v1/imports/${created.body.id}`)).body.rows.created).toBe(held);
    expect((await api.post(`/api/v1/imports/${created.body.id}/resume`)).status).toBe(202);
    await api.post(`/api/v1/imports/${created.body.id}/cancel`);
    const ended = await waitForPhase(created.body.id, ['CANCELLED', 'DONE']);
    expect(ended.body.rows.created).toBeGreaterThanOrEqual(held);
  }
});

test('media URLs: probed and checked by the platform rules in the dry run, downloaded once when the post is created', async () => {
  // a three-minute video, its movie box first: the dry run reads its length from its first bytes
  const talk = mp4Movie({ width: 1280, height: 720, durationMs: 180_000 });
  const files = createServer((req, res) => {
    if (req.url === '/talk.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': talk.length }).end(req.method === 'HEAD' ? undefined : talk);
      return;
    }
    if (req.url === '/dot.png')
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(req.method === 'HEAD' ? undefined : PNG);
    else if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>not an image</p>');
    else if (req.url?.startsWith('/clip.mp4')) res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 5000 }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  try {
    const demo = await demoAccount(api, 'Media demo');
    const db = createDb(stack.env.config.DATABASE_URL);
    const x = await storeOAuthConnection(db, stack.env, {
      teamId: (await api.get('/api/v1/me')).body.currentTeamId,
      platform: 'X',
      handle: '@imogen',
      credentials: { accessToken: 'x-token', refreshToken: 'x-refresh' },
    });
    await db.$disconnect();
    const created = await api.post('/api/v1/imports', {
      rows: [
        { text: 'With a picture', accounts: demo, time: daysAhead(2), media: `${base}/dot.png` },
        { text: 'Missing picture', accounts: demo, time: daysAhead(2), media: `${base}/gone.png` },
        { text: 'Not a picture', accounts: demo, time: daysAhead(2), media: `${base}/page.html` },
        // the demo feed takes one video: the rules see the files at URLs as their server describes them
        { text: 'Two videos', accounts: demo, time: daysAhead(2), media: [`${base}/clip.mp4?1`, `${base}/clip.mp4?2`] },
        { text: 'The whole talk', accounts: x, time: daysAhead(2), media: `${base}/talk.mp4` },
      ],
    });
    await waitForPhase(created.body.id, ['CHECKED']);
    const invalid = await rowsOf(created.body.id, 'INVALID');
    expect(invalid.map((row) => [row.row, row.problems])).toEqual([
      [2, [{ column: 'media', message: `${base}/gone.png answered 404` }]],
      [3, [{ column: 'media', message: expect.stringMatching(/page.html is text\/html; accepted: image\/jpeg/) }]],
      [4, [{ column: 'media', message: expect.stringMatching(/^DEMO \(too-many-videos\) for demo/) }]],
      [5, [{ column: 'media', message: 'X (video-too-long) for @imogen: X takes videos up to 2 min 20 s; this one is 3 min' }]],
    ]);
    await api.post(`/api/v1/imports/${created.body.id}/confirm`);
    await waitForPhase(created.body.id, ['DONE']);
    const [row] = await rowsOf(created.body.id, 'CREATED');
    const post = await api.get(`/api/v1/posts/${row!.postIds[0]}`);
    expect(post.body.media).toEqual([
      expect.objectContaining({ kind: 'IMAGE', mimeType: 'image/png', sizeBytes: PNG.length, fileName: 'dot.png' }),
    ]);
  } finally {
    files.close();
  }
});

test("rows filled from a template: its text and accounts where the row has none, the row's values in its variables", async () => {
  const demo = await demoAccount(api, 'Template demo');
  const template = await api.post('/api/v1/templates', {
    name: 'Store opening',
    content: 'Our {{city}} store opens {{day|soon}}',
    connectionIds: [demo],
  });
  expect(template.status).toBe(201);
  const at = daysAhead(6);
  const created = await api.post('/api/v1/imports', {
    rows: [
      { template: 'Store opening', 'var:city': 'Oslo', time: at },
      { template: 'store opening', text: 'Rome, in our own words', 'var:city': 'Rome', time: at },
      { template: 'Store opening', time: at },
      { template: 'Nope', time: at },
      { text: 'Plain', accounts: demo, time: at, 'var:city': 'Oslo' },
      { template: template.body.id, 'var:city': 'Oslo', 'var:town': 'Bergen', time: daysAhead(7) },
    ],
  });
  expect(created.status).toBe(201);
  await waitForPhase(created.body.id, ['CHECKED']);
  expect((await rowsOf(created.body.id, 'INVALID')).map((row) => [row.row, row.problems])).toEqual([
    [3, [{ column: 'var:city', message: 'a value for city is required: it has no default' }]],
    [4, [{ column: 'template', message: 'no template "Nope" in this team' }]],
    [5, [{ column: 'template', message: 'the row has var: columns but names no template to fill' }]],
    [6, [{ column: 'var:town', message: 'the template has no variable town' }]],
  ]);
  await api.post(`/api/v1/imports/${created.body.id}/confirm`);
  await waitForPhase(created.body.id, ['DONE']);
  const made = await rowsOf(created.body.id, 'CREATED');
  expect(made.map((row) => row.row)).toEqual([1, 2]);
  const [oslo, rome] = await Promise.all(made.map((row) => api.get(`/api/v1/posts/${row.postIds[0]}`)));
  expect(oslo!.body).toMatchObject({ content: 'Our Oslo store opens soon', publishAt: at, targets: [{ connectionId: demo }] });
  expect(rome!.body).toMatchObject({ content: 'Rome, in our own words', targets: [{ connectionId: demo }] });
});
