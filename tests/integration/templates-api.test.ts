// Templates, snippets and signatures through the REST API: CRUD and team scoping, a
// template checked against its platforms' rules when saved, posts made from a template
// with variables, and each account's signature appended to what it publishes (the demo
// channel, through the real worker), counted by the rules, or left off; a template's
// platform options, checked when saved and given to posts made from it.
import { createDb, type Db } from '../../lib/db';
import { storeOAuthConnection } from '../support/connections';
import { JPEG, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const stack = useServerAndWorker({ env: () => testEnv() });
let db: Db;
let api: ApiClient;
let other: ApiClient;
const ids = { demo: '', x: '', label: '', reddit: '', instagram: '' };

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Tilda'));
  ({ api: other } = await signUpWithToken(stack.server.url, 'Oskar'));
  const teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  ids.demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  ids.x = await storeOAuthConnection(db, stack.env, { teamId, platform: 'X', handle: '@tilda', credentials: { accessToken: 'x-token' } });
  ids.label = (await api.post('/api/v1/labels', { name: 'Launch', colour: '#336699' })).body.id;
  ids.reddit = await storeOAuthConnection(db, stack.env, {
    teamId,
    platform: 'REDDIT',
    handle: 'u/tilda',
    credentials: { username: 'tilda', accessToken: 'reddit-token' },
  });
  ids.instagram = await storeOAuthConnection(db, stack.env, {
    teamId,
    platform: 'INSTAGRAM',
    handle: 'tilda.ig',
    credentials: { accessToken: 'ig-token', igUserId: '17841400000000000' },
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

const targetOf = (post: { targets: Array<{ connectionId: string; content: string | null }> }, connectionId: string) =>
  post.targets.find((target) => target.connectionId === connectionId)!;

describe('templates', () => {
  test('are created, listed with their variables, read, changed and deleted, within the team', async () => {
    const created = await api.post('/api/v1/templates', {
      name: 'Weekly tip',
      content: 'Tip of the week from {{author}}: {{tip|keep it short}}',
      connectionIds: [ids.x],
      variants: [{ platform: 'X', content: '{{tip|keep it short}} #tip' }],
      labelIds: [ids.label],
      firstComment: 'More tips at planrrr.example',
      thread: [{ content: 'And one more thing, {{author}}.' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/templates/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'Weekly tip',
      connectionIds: [ids.x],
      media: [],
      labelIds: [ids.label],
      variables: [{ name: 'author' }, { name: 'tip', default: 'keep it short' }],
    });

    expect((await api.get('/api/v1/templates')).body.data.map((template: { name: string }) => template.name)).toContain('Weekly tip');
    expect((await api.get(`/api/v1/templates/${created.body.id}`)).body).toEqual(created.body);

    const renamed = await api.patch(`/api/v1/templates/${created.body.id}`, { name: 'Monday tip', thread: [] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Monday tip', thread: [], content: created.body.content });

    const taken = await api.post('/api/v1/templates', { name: 'Monday tip', content: 'again' });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toMatch(/template-name-taken$/);

    // another team sees none of it, and may not change or use it
    expect((await other.get(`/api/v1/templates/${created.body.id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/templates/${created.body.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await other.delete(`/api/v1/templates/${created.body.id}`)).status).toBe(404);
    expect((await other.get('/api/v1/templates')).body.data).toEqual([]);
    const borrowed = await other.post('/api/v1/posts', { templateId: created.body.id, variables: { author: 'Oskar' }, draft: true });
    expect(borrowed.status).toBe(422);
    expect(borrowed.body.type).toMatch(/unknown-template$/);
    // nor name its accounts in a template of its own
    const foreign = await other.post('/api/v1/templates', { name: 'Foreign', content: 'hi', connectionIds: [ids.demo] });
    expect(foreign.status).toBe(422);
    expect(foreign.body.type).toMatch(/unknown-connection$/);

    expect((await api.delete(`/api/v1/templates/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/templates/${created.body.id}`)).status).toBe(404);
  });

  test('a text a target platform refuses is a 422 naming the platform and the rule, with variables filled by defaults or 20 characters', async () => {
    // 260 characters, a 20-character placeholder and a default: more than X's 280
    const tooLongForX = await api.post('/api/v1/templates', {
      name: 'Too long for X',
      content: `${'a'.repeat(260)} {{name}} {{place|here}}`,
      connectionIds: [ids.x],
    });
    expect(tooLongForX.status).toBe(422);
    expect(tooLongForX.body.type).toMatch(/platform-rules$/);
    expect(tooLongForX.body.detail).toMatch(/^X \(text-too-long\) for @tilda: X allows 280/);
    expect(tooLongForX.body.violations).toEqual([expect.objectContaining({ platform: 'X', connectionId: ids.x, rule: 'text-too-long' })]);

    // a variant is checked on its platform even without an account there
    const variant = await api.post('/api/v1/templates', {
      name: 'Variant too long',
      content: 'short',
      variants: [{ platform: 'X', content: 'x'.repeat(281) }],
    });
    expect(variant.status).toBe(422);
    expect(variant.body.detail).toMatch(/^X \(text-too-long\) for its variant/);

    // the same text with a default of a plausible length fits
    const fits = await api.post('/api/v1/templates', {
      name: 'Fits X',
      content: `${'a'.repeat(260)} {{name|Ada}}`,
      connectionIds: [ids.x],
    });
    expect(fits.status).toBe(201);
    // and an edit is checked as a whole
    const longer = await api.patch(`/api/v1/templates/${fits.body.id}`, { content: `${'a'.repeat(290)}` });
    expect(longer.status).toBe(422);
    expect(longer.body.violations[0]).toMatchObject({ platform: 'X', rule: 'text-too-long' });
  });

  test('bad input names the field', async () => {
    const response = await api.post('/api/v1/templates', {
      name: ' ',
      content: 'hi',
      variants: [
        { platform: 'X', content: 'a' },
        { platform: 'X', content: 'b' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.name', message: 'Name the template' },
        { field: 'body.variants.1.platform', message: 'X already has a variant' },
      ]),
    );
  });
});

describe('a post made from a template', () => {
  let templateId: string;

  beforeAll(async () => {
    const template = await api.post('/api/v1/templates', {
      name: 'Event',
      content: 'Join {{speaker}} at {{venue|the office}} on {{day}}',
      connectionIds: [ids.demo, ids.x],
      variants: [{ platform: 'X', content: '{{speaker}} on {{day}} #event' }],
      labelIds: [ids.label],
    });
    expect(template.status).toBe(201);
    templateId = template.body.id;
  });

  test('gets its texts with the variables filled, its accounts, variants and labels', async () => {
    const created = await api.post('/api/v1/posts', {
      templateId,
      variables: { speaker: 'Ada', day: 'Friday' },
      publishAt: inSeconds(3600),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      content: 'Join Ada at the office on Friday',
      labels: [expect.objectContaining({ id: ids.label })],
    });
    expect(targetOf(created.body, ids.demo).content).toBeNull();
    expect(targetOf(created.body, ids.x).content).toBe('Ada on Friday #event');
  });

  test('a first comment and thread parts get their variables filled too', async () => {
    const template = await api.post('/api/v1/templates', {
      name: 'Thread',
      content: 'Out on {{day}}',
      connectionIds: [ids.x],
      thread: [{ content: 'See you {{day}}' }],
      firstComment: 'Tickets: planrrr.example/{{day}}',
    });
    expect(template.status).toBe(201);
    const created = await api.post('/api/v1/posts', {
      templateId: template.body.id,
      variables: { day: 'Friday' },
      publishAt: inSeconds(3600),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ content: 'Out on Friday', firstComment: 'Tickets: planrrr.example/Friday' });
    expect(created.body.thread).toEqual([expect.objectContaining({ content: 'See you Friday' })]);
  });

  test("the body's own fields win over the template's", async () => {
    const created = await api.post('/api/v1/posts', {
      templateId,
      variables: { speaker: 'Ada', day: 'Friday' },
      content: 'My own words',
      connectionIds: [ids.demo],
      draft: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.content).toBe('My own words');
    expect(created.body.targets.map((target: { connectionId: string }) => target.connectionId)).toEqual([ids.demo]);
    expect(created.body.labels).toEqual([expect.objectContaining({ id: ids.label })]);

    const ownText = await api.post('/api/v1/posts', {
      templateId,
      variables: { speaker: 'Ada', day: 'Friday' },
      overrides: [{ connectionId: ids.x, content: 'Only for X' }],
      draft: true,
    });
    expect(targetOf(ownText.body, ids.x).content).toBe('Only for X');
  });

  test('a missing variable is a 422 naming it, and an unknown one a 400', async () => {
    const missing = await api.post('/api/v1/posts', { templateId, variables: { speaker: 'Ada' }, publishAt: inSeconds(3600) });
    expect(missing.status).toBe(422);
    expect(missing.body.type).toMatch(/template-variables-missing$/);
    expect(missing.body.errors).toEqual([{ field: 'body.variables.day', message: 'a value for day is required: it has no default' }]);

    const unknown = await api.post('/api/v1/posts', {
      templateId,
      variables: { speaker: 'Ada', day: 'Friday', dya: 'typo' },
      publishAt: inSeconds(3600),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'body.variables.dya', message: 'the template has no variable dya' }]);

    const withoutTemplate = await api.post('/api/v1/posts', {
      content: 'hi',
      connectionIds: [ids.demo],
      variables: { a: 'b' },
      draft: true,
    });
    expect(withoutTemplate.status).toBe(400);
    expect(withoutTemplate.body.errors).toEqual([{ field: 'body.variables', message: 'variables go with templateId' }]);
  });

  test('filled values are checked by the rules when the post is scheduled', async () => {
    const tooLong = await api.post('/api/v1/posts', {
      templateId,
      variables: { speaker: 's'.repeat(300), day: 'Friday' },
      publishAt: inSeconds(3600),
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.violations).toEqual([expect.objectContaining({ platform: 'X', connectionId: ids.x, rule: 'text-too-long' })]);
  });
});

describe('snippets', () => {
  test('are created, listed, changed and deleted, within the team', async () => {
    const created = await api.post('/api/v1/snippets', { name: 'Hashtags', content: '#planrrr #scheduling' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Hashtags', content: '#planrrr #scheduling' });
    expect((await api.get('/api/v1/snippets')).body.data).toEqual([created.body]);
    const changed = await api.patch(`/api/v1/snippets/${created.body.id}`, { content: '#planrrr' });
    expect(changed.body).toMatchObject({ name: 'Hashtags', content: '#planrrr' });
    expect((await api.post('/api/v1/snippets', { name: 'Hashtags', content: 'x' })).status).toBe(409);
    const empty = await api.post('/api/v1/snippets', { name: 'Empty', content: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'body.content', message: 'Write the text the snippet inserts' }]);

    expect((await other.get(`/api/v1/snippets/${created.body.id}`)).status).toBe(404);
    expect((await other.delete(`/api/v1/snippets/${created.body.id}`)).status).toBe(404);
    expect((await other.get('/api/v1/snippets')).body.data).toEqual([]);

    expect((await api.delete(`/api/v1/snippets/${created.body.id}`)).status).toBe(204);
    expect((await api.get('/api/v1/snippets')).body.data).toEqual([]);
  });
});

describe('signatures', () => {
  afterEach(async () => {
    await api.request('PUT', `/api/v1/connections/${ids.x}/signature`, { signature: null });
    await api.request('PUT', `/api/v1/connections/${ids.demo}/signature`, { signature: null });
  });

  test("are appended to each account's text when a post is created, and published as shown", async () => {
    const set = await api.request('PUT', `/api/v1/connections/${ids.demo}/signature`, { signature: '— the Tilda team' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id: ids.demo, signature: '— the Tilda team' });
    expect((await api.get('/api/v1/connections')).body.data).toContainEqual(
      expect.objectContaining({ id: ids.demo, signature: '— the Tilda team' }),
    );
    expect((await other.request('PUT', `/api/v1/connections/${ids.demo}/signature`, { signature: 'mine' })).status).toBe(404);

    const created = await api.post('/api/v1/posts', {
      content: 'Hello, signed',
      connectionIds: [ids.demo, ids.x],
      publishAt: inSeconds(3600),
    });
    expect(created.status).toBe(201);
    expect(targetOf(created.body, ids.demo).content).toBe('Hello, signed\n\n— the Tilda team');
    // an account without a signature publishes the main text
    expect(targetOf(created.body, ids.x).content).toBeNull();
    await api.post(`/api/v1/posts/${created.body.id}/cancel`);

    const published = await api.post('/api/v1/posts', { content: 'Published, signed', connectionIds: [ids.demo], publishAt: inSeconds(2) });
    const feed = await waitFor(
      async () => (await api.get(`/api/v1/connections/${ids.demo}/demo-feed`)).body.items as Array<{ content: string }>,
      (items) => items.some((item) => item.content.startsWith('Published, signed')),
      60_000,
    );
    expect(feed.find((item) => item.content.startsWith('Published, signed'))!.content).toBe('Published, signed\n\n— the Tilda team');
    expect(published.status).toBe(201);
  });

  test('are counted by the rules: a text that fits only without the signature is refused, unless signatures are left off', async () => {
    await api.request('PUT', `/api/v1/connections/${ids.x}/signature`, { signature: 'Sent with planrrr' });
    const fitsAlone = 'f'.repeat(270);
    const refused = await api.post('/api/v1/posts', { content: fitsAlone, connectionIds: [ids.x], publishAt: inSeconds(3600) });
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual([expect.objectContaining({ platform: 'X', connectionId: ids.x, rule: 'text-too-long' })]);

    const leftOff = await api.post('/api/v1/posts', {
      content: fitsAlone,
      connectionIds: [ids.x],
      publishAt: inSeconds(3600),
      signatures: false,
    });
    expect(leftOff.status).toBe(201);
    expect(targetOf(leftOff.body, ids.x).content).toBeNull();
    await api.post(`/api/v1/posts/${leftOff.body.id}/cancel`);
  });

  test('an empty signature removes it; a signature too long is refused naming the field', async () => {
    const tooLong = await api.request('PUT', `/api/v1/connections/${ids.x}/signature`, { signature: 's'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'body.signature', message: 'signature must be at most 1,000 characters' }]);
    await api.request('PUT', `/api/v1/connections/${ids.x}/signature`, { signature: 'sig' });
    const removed = await api.request('PUT', `/api/v1/connections/${ids.x}/signature`, { signature: '  ' });
    expect(removed.body.signature).toBeNull();
  });
});

describe("a template's platform options", () => {
  const weekly = { subreddit: 'planrrr', title: 'Weekly update' };

  test('are saved per account, checked by the rules, and go with an account the template drops', async () => {
    const created = await api.post('/api/v1/templates', {
      name: 'Weekly on Reddit',
      content: 'This week: {{news}}',
      connectionIds: [ids.reddit, ids.demo],
      targetOptions: [{ connectionId: ids.reddit, reddit: { subreddit: 'r/planrrr', title: 'Weekly update' } }],
    });
    expect(created.status).toBe(201);
    // as the API reads them: r/ taken off the subreddit
    expect(created.body.targetOptions).toEqual([{ connectionId: ids.reddit, reddit: weekly }]);
    expect((await api.get(`/api/v1/templates/${created.body.id}`)).body.targetOptions).toEqual(created.body.targetOptions);

    // an option's own rule, as a post's: 400 naming it
    const tooLong = await api.patch(`/api/v1/templates/${created.body.id}`, {
      targetOptions: [{ connectionId: ids.reddit, reddit: { subreddit: 'planrrr', title: 't'.repeat(301) } }],
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'body.targetOptions.0.reddit.title' })]);
    // another platform's options, or options for an account the template does not go to
    const wrongPlatform = await api.patch(`/api/v1/templates/${created.body.id}`, {
      targetOptions: [{ connectionId: ids.demo, reddit: weekly }],
    });
    expect(wrongPlatform.status).toBe(400);
    expect(wrongPlatform.body.errors).toEqual([expect.objectContaining({ field: 'body.targetOptions.0.reddit' })]);
    const elsewhere = await api.post('/api/v1/templates', {
      name: 'Elsewhere',
      content: 'hi',
      connectionIds: [ids.demo],
      targetOptions: [{ connectionId: ids.reddit, reddit: weekly }],
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'body.targetOptions.0.connectionId' })]);

    // a Reel is one video: the rules of the format the options choose hold the template's media
    const image = await uploadMedia(api, JPEG, 'photo.jpg', 'image/jpeg');
    const reel = await api.post('/api/v1/templates', {
      name: 'Reel',
      content: 'Our reel',
      media: [image],
      connectionIds: [ids.instagram],
      targetOptions: [{ connectionId: ids.instagram, instagram: { format: 'reel' } }],
    });
    expect(reel.status).toBe(422);
    expect(reel.body.type).toMatch(/platform-rules$/);
    expect(reel.body.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ platform: 'INSTAGRAM', connectionId: ids.instagram, message: 'An Instagram Reel does not take images' }),
      ]),
    );
    // the same template as a feed post takes the image
    const feed = await api.post('/api/v1/templates', {
      name: 'Feed',
      content: 'Our photo',
      media: [image],
      connectionIds: [ids.instagram],
      targetOptions: [{ connectionId: ids.instagram, instagram: { format: 'feed' } }],
    });
    expect(feed.status).toBe(201);

    // an account taken off the template takes its options with it
    const demoOnly = await api.patch(`/api/v1/templates/${created.body.id}`, { connectionIds: [ids.demo] });
    expect(demoOnly.status).toBe(200);
    expect(demoOnly.body.targetOptions).toEqual([]);
  });

  test("a post made from it takes them; the post's own options for an account win", async () => {
    const template = await api.post('/api/v1/templates', {
      name: 'Reddit news',
      content: 'News: {{news}}',
      connectionIds: [ids.reddit, ids.demo],
      targetOptions: [{ connectionId: ids.reddit, reddit: weekly }],
    });
    expect(template.status).toBe(201);

    const fromTemplate = await api.post('/api/v1/posts', {
      templateId: template.body.id,
      variables: { news: 'we shipped' },
      publishAt: inSeconds(3600),
    });
    expect(fromTemplate.status).toBe(201);
    expect(targetOf(fromTemplate.body, ids.reddit)).toMatchObject({ options: { reddit: weekly } });

    const ownOptions = await api.post('/api/v1/posts', {
      templateId: template.body.id,
      variables: { news: 'we shipped' },
      publishAt: inSeconds(3600),
      targetOptions: [{ connectionId: ids.reddit, reddit: { subreddit: 'planrrr', title: 'Special edition' } }],
    });
    expect(ownOptions.status).toBe(201);
    expect(targetOf(ownOptions.body, ids.reddit)).toMatchObject({
      options: { reddit: { subreddit: 'planrrr', title: 'Special edition' } },
    });

    // a post to other accounts than the template's takes none of its options
    const demoOnly = await api.post('/api/v1/posts', {
      templateId: template.body.id,
      variables: { news: 'we shipped' },
      connectionIds: [ids.demo],
      draft: true,
    });
    expect(demoOnly.status).toBe(201);
    expect(targetOf(demoOnly.body, ids.demo)).toMatchObject({ options: null });
  });
});
