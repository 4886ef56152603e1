// Platform options in import rows (`options:<account or platform>`, docs/import.md): a row's
// Reddit subreddit and title are checked in the dry run (a bad option is a problem naming the
// row, the column and the rule), then published through the Reddit API contract fake; JSON
// rows give the same options as an object.
import { createDb, type Db } from '../../lib/db';
import { storeOAuthConnection } from '../support/connections';
import { FakeReddit } from '../fakes/reddit';
import { ApiClient, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const reddit = new FakeReddit();
const stack = useServerAndWorker({
  // the fake's address is known once it has started
  env: async () =>
    testEnv({
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
      REDDIT_API_BASE_URL: reddit.url,
      REDDIT_USER_AGENT: 'web:planrrr:test (by /u/planrrr)',
    }),
  alongside: [reddit],
});
let db: Db;
let api: ApiClient;
let redditId = '';
let demoId = '';

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Orla'));
  redditId = await storeOAuthConnection(db, stack.env, {
    teamId: (await api.get('/api/v1/me')).body.currentTeamId,
    platform: 'REDDIT',
    handle: 'u/alice_reddit',
    credentials: { username: 'alice_reddit', accessToken: 'rd-token-alice' },
  });
  demoId = (await api.post('/api/v1/connections', { platform: 'demo', name: 'Options demo' })).body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

/** RFC 4180: every cell quoted. */
function csv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

function upload(content: string) {
  const form = new FormData();
  form.set('file', new Blob([content], { type: 'text/csv' }), 'reddit.csv');
  return api.post('/api/v1/imports', form);
}

function waitForPhase(id: string, phases: string[]) {
  return waitFor(
    () => api.get(`/api/v1/imports/${id}`),
    (response) => phases.includes(response.body.phase),
    90_000,
  );
}

async function rowsOf(id: string) {
  const response = await api.get(`/api/v1/imports/${id}/rows?limit=500`);
  expect(response.status).toBe(200);
  return response.body.data as Array<{
    row: number;
    status: string;
    problems: Array<{ column: string; message: string }>;
    postIds: string[];
  }>;
}

test("a row's Reddit options are checked in the dry run, then published to that subreddit with that title", async () => {
  // changes close 10 s before the time: the dry run and the creation must be done by then
  const soon = new Date(Date.now() + 60_000).toISOString();
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const file = csv([
    ['text', 'accounts', 'time', 'options:reddit', `options:${demoId}`],
    ['Imported to Reddit', 'u/alice_reddit; Options demo', soon, '{"subreddit": "r/planrrr", "title": "Imported, with a title"}', ''],
    ['A title too long', 'u/alice_reddit', later, JSON.stringify({ subreddit: 'planrrr', title: 't'.repeat(301) }), ''],
    ['No options for Reddit', 'u/alice_reddit', later, '', ''],
    ['Not JSON', 'u/alice_reddit', later, 'subreddit=planrrr', ''],
    ['An option misspelt', 'u/alice_reddit', later, '{"subreddit": "planrrr", "titel": "Hi"}', ''],
    ['Options for a platform without any', 'Options demo', later, '', '{"title": "Hi"}'],
  ]);
  const created = await upload(file);
  expect(created.status).toBe(201);

  const checked = await waitForPhase(created.body.id, ['CHECKED']);
  expect(checked.body.rows).toMatchObject({ total: 6, valid: 1, invalid: 5 });
  const rows = await rowsOf(created.body.id);
  const problems = Object.fromEntries(rows.map((row) => [row.row, row.problems.map((problem) => `${problem.column}: ${problem.message}`)]));
  expect(problems[1]).toEqual([]);
  expect(problems[2]).toEqual(['options:reddit: REDDIT (target-options) for u/alice_reddit: title is at most 300 characters']);
  expect(problems[3]).toEqual([
    'options:reddit: REDDIT (target-options) for u/alice_reddit: subreddit is required',
    'options:reddit: REDDIT (target-options) for u/alice_reddit: title is required',
  ]);
  expect(problems[4]).toEqual([
    `options:reddit: must be a JSON object of the platform's options, e.g. {"subreddit": "planrrr", "title": "Our news"}`,
  ]);
  expect(problems[5]).toEqual([
    'options:reddit: REDDIT (target-options) for u/alice_reddit: title is required',
    'options:reddit: REDDIT (target-options) for u/alice_reddit: Unrecognized key: "titel"',
  ]);
  expect(problems[6]).toEqual([`options:${demoId}: demo is a DEMO account: DEMO takes no platform options`]);

  expect((await api.post(`/api/v1/imports/${created.body.id}/confirm`)).status).toBe(202);
  const done = await waitForPhase(created.body.id, ['DONE']);
  expect(done.body.rows).toMatchObject({ created: 1, failed: 0 });
  const [made] = (await rowsOf(created.body.id)).filter((row) => row.status === 'CREATED');
  const postId = made!.postIds[0]!;
  const post = await api.get(`/api/v1/posts/${postId}`);
  expect(post.body.targets.find((target: { connectionId: string }) => target.connectionId === redditId).options).toEqual({
    reddit: { subreddit: 'planrrr', title: 'Imported, with a title' },
  });

  const published = await waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (response) => !['SCHEDULED', 'PUBLISHING'].includes(response.body.status),
    120_000,
    500,
  );
  expect(published.body.status).toBe('PUBLISHED');
  expect(reddit.posts.filter((each) => each.text === 'Imported to Reddit')).toEqual([
    expect.objectContaining({ subreddit: 'planrrr', title: 'Imported, with a title', kind: 'self' }),
  ]);
});

test('a JSON row gives the options as an object, under the account it names', async () => {
  const created = await api.post('/api/v1/imports', {
    rows: [
      {
        text: 'JSON to Reddit',
        accounts: ['u/alice_reddit'],
        time: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        'options:u/alice_reddit': { subreddit: 'planrrr', title: 'From JSON' },
      },
    ],
  });
  expect(created.status).toBe(201);
  await waitForPhase(created.body.id, ['CHECKED']);
  expect((await rowsOf(created.body.id))[0]).toMatchObject({ status: 'VALID', problems: [] });
});

test("a row naming a template takes the template's options; its own options column wins", async () => {
  const template = await api.post('/api/v1/templates', {
    name: 'Reddit weekly',
    content: 'This week: {{news}}',
    connectionIds: [redditId],
    targetOptions: [{ connectionId: redditId, reddit: { subreddit: 'planrrr', title: 'Weekly update' } }],
  });
  expect(template.status).toBe(201);
  const time = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const created = await api.post('/api/v1/imports', {
    dryRun: false,
    rows: [
      { template: 'Reddit weekly', 'var:news': 'a new importer', time: time(3) },
      { template: 'Reddit weekly', 'var:news': 'a special', time: time(4), 'options:reddit': { subreddit: 'planrrr', title: 'Special' } },
      { template: 'Reddit weekly', 'var:news': 'a bad title', time: time(5), 'options:reddit': { subreddit: 'planrrr', title: '' } },
    ],
  });
  expect(created.status).toBe(201);
  await waitForPhase(created.body.id, ['DONE']);
  const rows = await rowsOf(created.body.id);
  expect(rows.map((row) => row.status)).toEqual(['CREATED', 'CREATED', 'INVALID']);
  expect(rows[2]!.problems).toEqual([
    { column: 'options:reddit', message: 'REDDIT (target-options) for u/alice_reddit: title is required' },
  ]);
  const titles = await Promise.all(
    rows.slice(0, 2).map(async (row) => {
      const post = await api.get(`/api/v1/posts/${row.postIds[0]}`);
      return post.body.targets[0].options.reddit.title;
    }),
  );
  expect(titles).toEqual(['Weekly update', 'Special']);
});
