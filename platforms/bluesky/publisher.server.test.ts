// The Bluesky publisher against the contract fake of a PDS (tests/fakes/bluesky.ts).
import { FakeBluesky } from '../../tests/fakes/bluesky';
import { publishMedia } from '../../tests/support/publish-media';
import { PublishError } from '../../lib/platforms/errors';
import { createBlueskyPublisher, detectFacets } from './publisher.server';
import type { PublishRequest, Publisher } from '../../activities/publishers/publisher';

const pds = new FakeBluesky();
let publisher: Publisher;

beforeAll(async () => {
  await pds.start();
  publisher = createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' });
});
afterAll(() => pds.stop());
beforeEach(() => {
  pds.calls.length = 0;
});

function request(content: string, overrides: Partial<PublishRequest> = {}, appPassword = 'alice-app-password'): PublishRequest {
  return {
    content,
    media: [],
    idempotencyKey: 'planrrr-post-conn-r1',
    connection: {
      id: 'conn-bsky',
      platform: 'BLUESKY',
      handle: 'alice.bsky.social',
      instanceUrl: pds.url,
      credentials: { identifier: 'alice.bsky.social', appPassword, serviceUrl: pds.url, did: 'did:plc:alice' },
    },
    ...overrides,
  };
}

async function publishError(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

describe('detectFacets', () => {
  test('byte offsets count UTF-8 bytes, so text after emoji and accents still lines up', () => {
    const text = 'Café ☕ 👩‍👩‍👧 see https://example.com/a?b=1 and ask @bob.bsky.social!';
    const { links, mentions } = detectFacets(text);
    const bytes = Buffer.from(text, 'utf8');
    expect(links).toHaveLength(1);
    expect(bytes.subarray(links[0]!.byteStart, links[0]!.byteEnd).toString()).toBe('https://example.com/a?b=1');
    expect(mentions).toEqual([expect.objectContaining({ handle: 'bob.bsky.social' })]);
    expect(bytes.subarray(mentions[0]!.byteStart, mentions[0]!.byteEnd).toString()).toBe('@bob.bsky.social');
  });

  test('an email address is not a mention and plain words are not links', () => {
    expect(detectFacets('write to alice@example.com or visit example dot com')).toEqual({ links: [], mentions: [] });
  });
});

test('a text post: session, then an app.bsky.feed.post with createdAt; the URL uses the handle and rkey', async () => {
  const published = await createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' }).publish(
    request('Hello Bluesky from planrrr'),
  );
  const post = pds.posts.at(-1)!;
  expect(pds.calls).toEqual(['createSession', 'createRecord']);
  expect(post.did).toBe('did:plc:alice');
  expect(post.record.text).toBe('Hello Bluesky from planrrr');
  expect(Date.parse(post.record.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  expect(published).toEqual({
    platformPostId: `at://did:plc:alice/app.bsky.feed.post/${post.rkey}`,
    platformCid: `bafyrei${post.rkey}`,
    url: `https://bsky.app/profile/alice.bsky.social/post/${post.rkey}`,
  });
});

test("a thread's parts reply with strong references to the root and the part before; a reply to an unknown post is refused", async () => {
  const root = await publisher.publish(request('Part one'));
  const second = await publisher.publish(request('Part two', { replyTo: { root, parent: root } }));
  await publisher.publish(request('Part three', { replyTo: { root, parent: second } }));
  const [, secondRecord, thirdRecord] = pds.posts.slice(-3).map((post) => post.record);
  const ref = (published: typeof root) => ({ uri: published.platformPostId, cid: published.platformCid });
  expect(secondRecord!.reply).toEqual({ root: ref(root), parent: ref(root) });
  expect(thirdRecord!.reply).toEqual({ root: ref(root), parent: ref(second) });

  const unknown = { platformPostId: 'at://did:plc:alice/app.bsky.feed.post/3lnothere', platformCid: 'bafyreinothere' };
  const error = await publishError(publisher.publish(request('Orphan', { replyTo: { root: unknown, parent: unknown } })));
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toMatch(/reply.root names no post/);
});

test('links and resolvable mentions become facets; an unknown @name stays text', async () => {
  const text = 'Über 🎉 https://planrrr.dev thanks @bob.bsky.social and @nobody.example.com';
  await publisher.publish(request(text));
  const { facets } = pds.posts.at(-1)!.record;
  const bytes = Buffer.from(text, 'utf8');
  const spans = facets!.map((facet) => [bytes.subarray(facet.index.byteStart, facet.index.byteEnd).toString(), facet.features[0]]);
  expect(spans).toEqual([
    ['https://planrrr.dev', { $type: 'app.bsky.richtext.facet#link', uri: 'https://planrrr.dev' }],
    ['@bob.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bob' }],
  ]);
});

test('images are uploaded as blobs first and embedded with their alt text', async () => {
  const first = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 1500, altText: 'A sunrise' });
  const second = publishMedia({ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 900 });
  await publisher.publish(request('Two pictures', { media: [first, second] }));
  expect(pds.calls.filter((call) => call !== 'createSession')).toEqual(['uploadBlob', 'uploadBlob', 'createRecord']);
  const embed = pds.posts.at(-1)!.record.embed!;
  expect(embed.$type).toBe('app.bsky.embed.images');
  expect(embed.images.map((image: any) => [image.alt, image.image.mimeType, image.image.size])).toEqual([
    ['A sunrise', 'image/png', 1500],
    ['', 'image/jpeg', 900],
  ]);
});

test('a video goes up as a blob and is embedded as app.bsky.embed.video', async () => {
  const video = publishMedia({ kind: 'video', mimeType: 'video/mp4', sizeBytes: 4096, altText: 'A short clip' });
  await publisher.publish(request('A clip', { media: [video] }));
  const embed = pds.posts.at(-1)!.record.embed!;
  expect(embed).toMatchObject({ $type: 'app.bsky.embed.video', alt: 'A short clip', video: { mimeType: 'video/mp4', size: 4096 } });
});

test('a wrong app password is AUTH_FAILED and not retryable', async () => {
  const error = await publishError(publisher.publish(request('Nobody hears', {}, 'wrong')));
  expect(error).toMatchObject({ kind: 'AUTH_FAILED', retryable: false });
  expect(error.message).toContain('Invalid identifier or password');
});

test('429 is RATE_LIMITED with Retry-After, or with RateLimit-Reset when that is all Bluesky sends', async () => {
  pds.failNext({ status: 429, headers: { 'Retry-After': '3' }, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } });
  expect(await publishError(publisher.publish(request('Slow 1')))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 3000 });

  pds.failNext({ status: 429, headers: { 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) } });
  const error = await publishError(publisher.publish(request('Slow 2')));
  expect(error.kind).toBe('RATE_LIMITED');
  expect(error.retryAfterMs).toBeGreaterThan(25_000);
});

test('500 twice then success: retryable twice, then exactly one post', async () => {
  pds.failNext({ status: 500 }, { status: 502 });
  const before = pds.posts.length;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    expect(await publishError(publisher.publish(request('Persistence')))).toMatchObject({ kind: 'PLATFORM_UNAVAILABLE', retryable: true });
  }
  await publisher.publish(request('Persistence'));
  expect(pds.posts.slice(before).map((post) => post.record.text)).toEqual(['Persistence']);
});

test('a record the PDS refuses (400) is CONTENT_REJECTED', async () => {
  const error = await publishError(publisher.publish(request('x'.repeat(301))));
  expect(error).toMatchObject({ kind: 'CONTENT_REJECTED', retryable: false });
  expect(error.message).toContain('300 graphemes');
});

describe('sessions', () => {
  const logins = () => pds.logins.filter((identifier) => identifier === 'alice.bsky.social').length;

  test('an account logs in once for a burst: 40 posts due together pass the PDS limit of 30 logins in 5 minutes', async () => {
    const fresh = createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' });
    const before = { logins: logins(), posts: pds.posts.length };
    await Promise.all(Array.from({ length: 40 }, (_, index) => fresh.publish(request(`Burst ${index}`))));
    expect(logins() - before.logins).toBe(1);
    expect(pds.posts.length - before.posts).toBe(40);
  });

  test('prepare logs in ahead, so the publish at the time makes only its own call', async () => {
    const fresh = createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' });
    await fresh.prepare!(request('').connection);
    expect(pds.calls).toEqual(['createSession']);
    await fresh.publish(request('Prepared'));
    expect(pds.calls).toEqual(['createSession', 'createRecord']);
  });

  test('a kept session the PDS no longer takes (400 ExpiredToken) is replaced by a new login, and the post goes out once', async () => {
    const fresh = createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' });
    await fresh.prepare!(request('').connection);
    pds.expireSessions();
    const before = pds.posts.length;
    await fresh.publish(request('After expiry'));
    // the fake logs only calls that got past the session check: the refused createRecord is not listed
    expect(pds.calls).toEqual(['createSession', 'createSession', 'createRecord']);
    expect(pds.posts.slice(before).map((post) => post.record.text)).toEqual(['After expiry']);
  });

  test('a session about to expire is not used: a new login comes first', async () => {
    pds.sessionLifetimeMs = 4 * 60_000;
    try {
      const fresh = createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' });
      await fresh.publish(request('Short-lived 1'));
      await fresh.publish(request('Short-lived 2'));
      expect(pds.calls).toEqual(['createSession', 'createRecord', 'createSession', 'createRecord']);
    } finally {
      pds.sessionLifetimeMs = 2 * 3_600_000;
    }
  });

  test('a revoked app password is AUTH_FAILED after one new login; its replacement (a reconnect) logs in anew', async () => {
    const fresh = createBlueskyPublisher({ defaultServiceUrl: 'https://bsky.invalid' });
    await fresh.publish(request('Old password'));
    // revoking an app password ends its sessions
    pds.accounts.get('alice.bsky.social')!.password = 'alice-new-app-password';
    pds.expireSessions();
    try {
      expect(await publishError(fresh.publish(request('Stale', {}, 'alice-app-password')))).toMatchObject({ kind: 'AUTH_FAILED' });
      await fresh.publish(request('New password', {}, 'alice-new-app-password'));
      // the refused createRecord is not listed: it did not get past the session check
      expect(pds.calls).toEqual(['createSession', 'createRecord', 'createSession', 'createSession', 'createRecord']);
    } finally {
      pds.accounts.get('alice.bsky.social')!.password = 'alice-app-password';
    }
  });
});
