// YouTube's per-video options and LinkedIn's company pages and PDF document posts, end to
// end: the HTTP API, a real Temporal dev server, real PostgreSQL, the worker process and the
// contract fakes. The LinkedIn member connects through the OAuth flow, which lists the company
// pages they administer; the PDF post publishes as one of those pages.
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { FakeLinkedIn } from '../fakes/linkedin';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FakeYouTube } from '../fakes/youtube';
import { storeOAuthConnection } from '../support/connections';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { JPEG, MP4, PDF, pdfWithPages, uploadMedia } from '../support/media-fixtures';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
const linkedIn = new FakeLinkedIn(provider);
const youtube = new FakeYouTube();
const stack = useServerAndWorker({
  env: async () => {
    const port = await freePort();
    return testEnv({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...provider.env(),
      LINKEDIN_API_BASE_URL: linkedIn.url,
      YOUTUBE_API_BASE_URL: youtube.url,
    });
  },
  alongside: [provider, linkedIn, youtube],
});
let env: TestEnv;
let db: Db;
let api: ApiClient;
let channelId = '';
const [acmeCorp, acmeLabs] = FAKE_ACCOUNTS.linkedinOrganizations;

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Yolanda'));
  const teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  channelId = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'YOUTUBE',
    handle: '@yolanda',
    credentials: { channelId: 'UC1', accessToken: 'yt-token' },
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

const settled = (postId: string) =>
  waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );

async function linkedInAccounts(): Promise<Record<string, any>> {
  const connections = (await api.get('/api/v1/connections')).body.data.filter((c: any) => c.platform === 'LINKEDIN');
  return Object.fromEntries(connections.map((connection: any) => [connection.displayName, connection]));
}

test('LinkedIn connects the member and each company page the member administers, with its logo', async () => {
  const started = await api.request('GET', '/api/v1/connections/linkedin/authorize', undefined, { accept: 'application/json' });
  const scopes = new URL(started.body.authorizeUrl).searchParams.get('scope')!.split(' ');
  expect(scopes).toEqual(expect.arrayContaining(['w_organization_social', 'r_organization_social', 'rw_organization_admin']));
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');

  const accounts = await linkedInAccounts();
  expect(Object.keys(accounts).sort()).toEqual([acmeCorp!.localizedName, acmeLabs!.localizedName, FAKE_ACCOUNTS.linkedin.name].sort());
  expect(accounts[acmeCorp!.localizedName]).toMatchObject({ handle: acmeCorp!.vanityName, avatarUrl: expect.any(String) });
  // a page without a logo connects all the same
  expect(accounts[acmeLabs!.localizedName]).toMatchObject({ handle: acmeLabs!.localizedName, avatarUrl: null });
});

test('a YouTube video publishes once with its title, description, tags, category, privacy and thumbnail', async () => {
  const [video, thumbnail] = [
    await uploadMedia(api, MP4, 'launch.mp4', 'video/mp4'),
    await uploadMedia(api, JPEG, 'cover.jpg', 'image/jpeg'),
  ];
  const options = {
    title: 'Launch day, the video',
    description: 'Everything we shipped, in four minutes.',
    tags: ['planrrr', 'launch day'],
    categoryId: '28',
    privacy: 'unlisted',
    madeForKids: false,
    thumbnailMediaId: thumbnail,
  };
  const created = await api.post('/api/v1/posts', {
    content: 'A first line that is not the title',
    publishAt: inSeconds(2),
    connectionIds: [channelId],
    media: [video],
    targetOptions: [{ connectionId: channelId, youtube: options }],
  });
  expect(created.status).toBe(201);
  const done = await settled(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');
  const uploaded = youtube.videos.filter((candidate) => candidate.title === options.title);
  expect(uploaded).toEqual([
    expect.objectContaining({
      description: options.description,
      tags: options.tags,
      categoryId: '28',
      privacyStatus: 'unlisted',
      selfDeclaredMadeForKids: false,
    }),
  ]);
  expect(uploaded[0]!.thumbnail?.bytes.equals(JPEG)).toBe(true);
  expect(done.body.targets[0]).toMatchObject({
    platformPostId: uploaded[0]!.id,
    lastError: null,
    options: { youtube: options },
  });
});

test('a thumbnail YouTube refuses leaves the video published once, the refusal on the target', async () => {
  youtube.thumbnailsRefused.add('yt-token');
  try {
    const [video, thumbnail] = [await uploadMedia(api, MP4, 'clip.mp4', 'video/mp4'), await uploadMedia(api, JPEG, 'c.jpg', 'image/jpeg')];
    const created = await api.post('/api/v1/posts', {
      content: 'Unverified channel\nNo custom thumbnails here',
      publishAt: inSeconds(2),
      connectionIds: [channelId],
      media: [video],
      targetOptions: [{ connectionId: channelId, youtube: { thumbnailMediaId: thumbnail, shorts: true } }],
    });
    expect(created.status).toBe(201);
    const done = await settled(created.body.id);
    expect(done.body.status).toBe('PUBLISHED');
    const uploaded = youtube.videos.filter((candidate) => candidate.title === 'Unverified channel');
    expect(uploaded.map((candidate) => candidate.description)).toEqual(['No custom thumbnails here\n\n#Shorts']);
    expect(done.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 1 });
    expect(done.body.targets[0].lastError).toMatch(/^The video is published, but its thumbnail was not set: .*custom video thumbnails/);
  } finally {
    youtube.thumbnailsRefused.delete('yt-token');
  }
});

test('a thumbnail that is no JPEG or PNG image of the team, and a PDF for YouTube, are 422 naming the account and field', async () => {
  const video = await uploadMedia(api, MP4, 'v.mp4', 'video/mp4');
  const pdf = await uploadMedia(api, PDF, 'report.pdf', 'application/pdf');
  const thumbnail = await api.post('/api/v1/posts', {
    content: 'Title',
    publishAt: inSeconds(60),
    connectionIds: [channelId],
    media: [video],
    targetOptions: [{ connectionId: channelId, youtube: { thumbnailMediaId: video } }],
  });
  expect(thumbnail.status).toBe(422);
  expect(thumbnail.body.violations).toEqual([
    expect.objectContaining({
      connectionId: channelId,
      rule: 'target-options',
      field: 'targetOptions.youtube.thumbnailMediaId',
      message: 'A YouTube thumbnail is a JPEG or PNG image, not video/mp4',
    }),
  ]);
  const document = await api.post('/api/v1/posts', {
    content: 'Title',
    publishAt: inSeconds(60),
    connectionIds: [channelId],
    media: [pdf],
  });
  expect(document.status).toBe(422);
  expect(document.body.violations).toEqual([
    expect.objectContaining({ connectionId: channelId, handle: '@yolanda', rule: 'documents-unsupported' }),
  ]);
});

test('the media library takes a PDF by its bytes, and refuses one over 300 pages', async () => {
  const stored = await api.get(`/api/v1/media/${await uploadMedia(api, PDF, 'report.pdf', 'application/octet-stream')}`);
  expect(stored.body).toMatchObject({ kind: 'DOCUMENT', mimeType: 'application/pdf', fileName: 'report.pdf' });
  const content = await api.request('GET', stored.body.contentUrl);
  expect(content.headers.get('content-disposition')).toBe('attachment');
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(pdfWithPages(301, { compressed: true }))], { type: 'application/pdf' }), 'long.pdf');
  const refused = await api.request('POST', '/api/v1/media', form);
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({
    type: 'https://planrrr.dev/problems/document-too-long',
    errors: [{ field: 'body.file', message: "a PDF document may have at most 300 pages (LinkedIn's limit), this one has 301" }],
  });
});

test('a PDF document post publishes once as the company page, with its title; a first comment over 1,250 characters is refused', async () => {
  const page = (await linkedInAccounts())[acmeCorp!.localizedName];
  const pdf = await uploadMedia(api, PDF, 'Quarterly report.pdf', 'application/pdf');
  const tooLong = await api.post('/api/v1/posts', {
    content: 'Our quarter in numbers',
    publishAt: inSeconds(60),
    connectionIds: [page.id],
    media: [pdf],
    firstComment: 'c'.repeat(1251),
  });
  expect(tooLong.status).toBe(422);
  expect(tooLong.body.violations).toEqual([expect.objectContaining({ connectionId: page.id, firstComment: true, rule: 'text-too-long' })]);

  const created = await api.post('/api/v1/posts', {
    content: 'Our quarter in numbers',
    publishAt: inSeconds(2),
    connectionIds: [page.id],
    media: [pdf],
    targetOptions: [{ connectionId: page.id, linkedin: { documentTitle: 'Q3 2026' } }],
  });
  expect(created.status).toBe(201);
  const done = await settled(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');
  const shares = linkedIn.posts.filter((post) => post.commentary === 'Our quarter in numbers');
  expect(shares).toEqual([
    expect.objectContaining({
      author: `urn:li:organization:${acmeCorp!.id}`,
      content: { media: { id: expect.stringMatching(/^urn:li:document:/), title: 'Q3 2026' } },
    }),
  ]);
  expect(done.body.targets[0]).toMatchObject({ platformPostId: shares[0]!.urn, status: 'PUBLISHED' });
});
