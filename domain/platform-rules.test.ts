import { checkPlatformRules, checkPostForTargets, textLength, youtubeTitleAndDescription, type RuleMedia } from './platform-rules';
import type { Platform } from './post';
import { parseTargetOptions } from './target-options';

const image = (sizeBytes = 100_000, mimeType = 'image/jpeg'): RuleMedia => ({ kind: 'image', mimeType, sizeBytes });
const video = (sizeBytes = 1_000_000, mimeType = 'video/mp4'): RuleMedia => ({ kind: 'video', mimeType, sizeBytes });
const rulesBroken = (platform: Platform, content: string, media: RuleMedia[] = []) =>
  checkPlatformRules({ platform, content, media }).map((v) => v.rule);

describe('X: 280 weighted characters', () => {
  test('280 Latin characters fit; 281 do not', () => {
    expect(rulesBroken('X', 'a'.repeat(280))).toEqual([]);
    expect(rulesBroken('X', 'a'.repeat(281))).toEqual(['text-too-long']);
  });

  test('CJK characters weigh 2: 140 fit, 141 do not', () => {
    expect(textLength('X', '漢'.repeat(140)).length).toBe(280);
    expect(rulesBroken('X', '漢'.repeat(140))).toEqual([]);
    expect(rulesBroken('X', '漢'.repeat(141))).toEqual(['text-too-long']);
  });

  test('an emoji weighs 2, even a ZWJ family or a flag made of several code points', () => {
    expect(textLength('X', '😀').length).toBe(2);
    expect(textLength('X', '👩‍👩‍👧‍👦').length).toBe(2);
    expect(textLength('X', '🇫🇷').length).toBe(2);
    expect(rulesBroken('X', '😀'.repeat(140))).toEqual([]);
    expect(rulesBroken('X', '😀'.repeat(141))).toEqual(['text-too-long']);
  });

  test('every URL weighs 23, however long', () => {
    const url = `https://example.com/${'p'.repeat(200)}`;
    expect(textLength('X', url).length).toBe(23);
    // 256 letters + a space + 23 for the link = 280
    expect(rulesBroken('X', `${'a'.repeat(256)} ${url}`)).toEqual([]);
    expect(rulesBroken('X', `${'a'.repeat(257)} ${url}`)).toEqual(['text-too-long']);
  });

  test('the message names X, the limit and the length', () => {
    const [violation] = checkPlatformRules({ platform: 'X', connectionId: 'c1', content: 'a'.repeat(300), media: [] });
    expect(violation).toEqual({
      platform: 'X',
      connectionId: 'c1',
      rule: 'text-too-long',
      message: expect.stringMatching(/^X allows 280 .* this post has 300$/),
    });
  });

  test('up to 4 images or 1 video, never both; sizes and types checked', () => {
    expect(rulesBroken('X', 'hi', [image(), image(), image(), image()])).toEqual([]);
    expect(rulesBroken('X', 'hi', [image(), image(), image(), image(), image()])).toEqual(['too-many-images']);
    expect(rulesBroken('X', 'hi', [video()])).toEqual([]);
    expect(rulesBroken('X', 'hi', [video(), video()])).toEqual(['too-many-videos']);
    expect(rulesBroken('X', 'hi', [image(), video()])).toEqual(['mixed-media']);
    expect(rulesBroken('X', 'hi', [image(5 * 1024 * 1024)])).toEqual([]);
    expect(rulesBroken('X', 'hi', [image(5 * 1024 * 1024 + 1)])).toEqual(['image-too-large']);
    expect(rulesBroken('X', 'hi', [image(1000, 'image/tiff')])).toEqual(['unsupported-media-type']);
  });
});

describe('Bluesky: 300 graphemes', () => {
  test('300 graphemes fit, 301 do not, whatever their code points', () => {
    expect(rulesBroken('BLUESKY', 'a'.repeat(300))).toEqual([]);
    expect(rulesBroken('BLUESKY', 'a'.repeat(301))).toEqual(['text-too-long']);
    // a family emoji is one grapheme of 7 code points (25 bytes)
    const family = '👩‍👩‍👧‍👦';
    expect(textLength('BLUESKY', family).length).toBe(1);
    expect(rulesBroken('BLUESKY', family.repeat(100))).toEqual([]);
  });

  test('an accent written as a combining mark is one grapheme', () => {
    expect(textLength('BLUESKY', 'e\u0301'.repeat(300)).length).toBe(300);
    expect(rulesBroken('BLUESKY', 'e\u0301'.repeat(300))).toEqual([]);
  });

  test('CJK counts one per character; the 3,000-byte cap still applies', () => {
    expect(rulesBroken('BLUESKY', '漢'.repeat(300))).toEqual([]);
    // 121 family emoji: 121 graphemes but 3,025 bytes
    expect(rulesBroken('BLUESKY', '👩‍👩‍👧‍👦'.repeat(121))).toEqual(['text-too-long']);
  });

  test('a URL counts every character (no shortening)', () => {
    expect(textLength('BLUESKY', 'https://example.com/abc').length).toBe(23);
    expect(textLength('BLUESKY', `https://example.com/${'p'.repeat(100)}`).length).toBe(120);
  });

  test('up to 4 images of 1,000,000 bytes, or one MP4 video', () => {
    expect(rulesBroken('BLUESKY', 'hi', [image(1_000_000), image(), image(), image()])).toEqual([]);
    expect(rulesBroken('BLUESKY', 'hi', [image(1_000_001)])).toEqual(['image-too-large']);
    expect(rulesBroken('BLUESKY', 'hi', [image(), image(), image(), image(), image()])).toEqual(['too-many-images']);
    expect(rulesBroken('BLUESKY', 'hi', [video(100_000_000)])).toEqual([]);
    expect(rulesBroken('BLUESKY', 'hi', [video(1000, 'video/quicktime')])).toEqual(['unsupported-media-type']);
    expect(rulesBroken('BLUESKY', 'hi', [image(), video()])).toEqual(['mixed-media']);
  });
});

describe('Mastodon: 500 characters, links count 23', () => {
  test('500 fit, 501 do not', () => {
    expect(rulesBroken('MASTODON', 'a'.repeat(500))).toEqual([]);
    expect(rulesBroken('MASTODON', 'a'.repeat(501))).toEqual(['text-too-long']);
  });

  test('an emoji is one character per code point; a long link counts 23', () => {
    expect(textLength('MASTODON', '😀').length).toBe(1);
    expect(textLength('MASTODON', `see https://example.com/${'x'.repeat(300)}`).length).toBe(4 + 23);
  });

  test("an instance's own limit, when the connection knows it, replaces the default", () => {
    expect(checkPlatformRules({ platform: 'MASTODON', maxCharacters: 1000, content: 'a'.repeat(1000), media: [] })).toEqual([]);
    expect(checkPlatformRules({ platform: 'MASTODON', maxCharacters: 1000, content: 'a'.repeat(1001), media: [] })).toEqual([
      expect.objectContaining({ rule: 'text-too-long', message: 'Mastodon allows 1000 characters (links count 23); this post has 1001' }),
    ]);
    expect(textLength('MASTODON', 'hi', null).limit).toBe(500);
  });

  test('at most 4 attachments', () => {
    expect(rulesBroken('MASTODON', 'hi', [image(), image(), image(), image(), image()])).toEqual(['too-many-images']);
  });
});

describe('LinkedIn, Facebook, Instagram, YouTube', () => {
  test('LinkedIn: 3,000 characters; images or one video', () => {
    expect(rulesBroken('LINKEDIN', 'a'.repeat(3000))).toEqual([]);
    expect(rulesBroken('LINKEDIN', 'a'.repeat(3001))).toEqual(['text-too-long']);
    expect(rulesBroken('LINKEDIN', 'hi', [image(), video()])).toEqual(['mixed-media']);
  });

  test('Facebook: 63,206 characters', () => {
    expect(rulesBroken('FACEBOOK', 'a'.repeat(63_206))).toEqual([]);
    expect(rulesBroken('FACEBOOK', 'a'.repeat(63_207))).toEqual(['text-too-long']);
  });

  test('Instagram: 2,200 characters, 30 hashtags, and always an image or video', () => {
    expect(rulesBroken('INSTAGRAM', 'a'.repeat(2200), [image()])).toEqual([]);
    expect(rulesBroken('INSTAGRAM', 'a'.repeat(2201), [image()])).toEqual(['text-too-long']);
    expect(rulesBroken('INSTAGRAM', 'Text only')).toEqual(['media-required']);
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#tag${i}`).join(' ');
    expect(rulesBroken('INSTAGRAM', tags(30), [image()])).toEqual([]);
    expect(rulesBroken('INSTAGRAM', tags(31), [image()])).toEqual(['too-many-hashtags']);
    expect(rulesBroken('INSTAGRAM', 'hi', [image(1000, 'image/png')])).toEqual(['unsupported-media-type']);
  });

  test('YouTube: exactly one video; the first line is a title of at most 100 characters; no angle brackets', () => {
    expect(rulesBroken('YOUTUBE', 'My video\nAll about it', [video()])).toEqual([]);
    expect(rulesBroken('YOUTUBE', 'My video')).toEqual(['video-required']);
    expect(rulesBroken('YOUTUBE', 'My video', [video(), video()])).toEqual(['video-required', 'too-many-videos']);
    expect(rulesBroken('YOUTUBE', 'My video', [image()])).toEqual(['video-required', 'too-many-images']);
    expect(rulesBroken('YOUTUBE', `${'t'.repeat(100)}\nbody`, [video()])).toEqual([]);
    expect(rulesBroken('YOUTUBE', `${'t'.repeat(101)}\nbody`, [video()])).toEqual(['title-too-long']);
    expect(rulesBroken('YOUTUBE', 'a <b> c', [video()])).toEqual(['angle-brackets']);
    // the description limit is in bytes: 2,500 two-byte characters fit, 2,501 do not
    expect(rulesBroken('YOUTUBE', `t\n${'é'.repeat(2499)}`, [video()])).toEqual([]);
    expect(rulesBroken('YOUTUBE', `t\n${'é'.repeat(2500)}`, [video()])).toEqual(['text-too-long']);
    expect(youtubeTitleAndDescription('  Title line \nrest')).toEqual({ title: 'Title line', description: '  Title line \nrest' });
  });
});

describe('Telegram: 4,096 characters, a 1,024-character caption with media', () => {
  test('4,096 UTF-16 code units fit, 4,097 do not; an emoji counts 2', () => {
    expect(rulesBroken('TELEGRAM', 'a'.repeat(4096))).toEqual([]);
    expect(rulesBroken('TELEGRAM', 'a'.repeat(4097))).toEqual(['text-too-long']);
    expect(textLength('TELEGRAM', '😀').length).toBe(2);
  });

  test('with media the text is a caption: 1,024 fit, 1,025 do not', () => {
    expect(rulesBroken('TELEGRAM', 'a'.repeat(1024), [image()])).toEqual([]);
    expect(rulesBroken('TELEGRAM', 'a'.repeat(1025), [image()])).toEqual(['caption-too-long']);
    expect(rulesBroken('TELEGRAM', 'a'.repeat(1025))).toEqual([]);
  });

  test('an album holds up to 10 photos and videos, mixed; photos up to 10 MB, videos 50 MB', () => {
    expect(
      rulesBroken('TELEGRAM', 'Album', [...Array.from({ length: 5 }, () => image()), ...Array.from({ length: 5 }, () => video())]),
    ).toEqual([]);
    expect(
      rulesBroken('TELEGRAM', 'Album', [...Array.from({ length: 6 }, () => image()), ...Array.from({ length: 5 }, () => video())]),
    ).toEqual(['too-many-media']);
    expect(rulesBroken('TELEGRAM', 'Big', [image(11 * 1024 * 1024)])).toEqual(['image-too-large']);
    expect(rulesBroken('TELEGRAM', 'Big', [video(51 * 1024 * 1024)])).toEqual(['video-too-large']);
    expect(rulesBroken('TELEGRAM', 'GIF', [image(1000, 'image/gif')])).toEqual(['unsupported-media-type']);
  });
});

describe('Discord and Slack channels', () => {
  test('Discord: 2,000 characters; 10 attachments of 10 MiB, images and videos mixed', () => {
    expect(rulesBroken('DISCORD', 'a'.repeat(2000), [image(), video()])).toEqual([]);
    expect(rulesBroken('DISCORD', 'a'.repeat(2001))).toEqual(['text-too-long']);
    expect(
      rulesBroken(
        'DISCORD',
        'Files',
        Array.from({ length: 11 }, () => image()),
      ),
    ).toEqual(['too-many-images', 'too-many-media']);
    expect(rulesBroken('DISCORD', 'Big', [video(11 * 1024 * 1024)])).toEqual(['video-too-large']);
  });

  test("Slack: 4,000 characters (Slack's recommendation, so a message arrives whole); 10 files", () => {
    expect(rulesBroken('SLACK', 'a'.repeat(4000))).toEqual([]);
    expect(rulesBroken('SLACK', 'a'.repeat(4001))).toEqual(['text-too-long']);
    expect(
      rulesBroken('SLACK', 'Files', [...Array.from({ length: 6 }, () => image()), ...Array.from({ length: 5 }, () => video())]),
    ).toEqual(['too-many-media']);
  });
});

test('Threads: 500 characters, 5 links, up to 20 images and videos together (JPEG or PNG, MP4 or MOV)', () => {
  expect(rulesBroken('THREADS', 'a'.repeat(500))).toEqual([]);
  expect(rulesBroken('THREADS', 'a'.repeat(501))).toEqual(['text-too-long']);
  const links = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}`).join(' ');
  expect(rulesBroken('THREADS', links(5))).toEqual([]);
  expect(rulesBroken('THREADS', links(6))).toEqual(['too-many-links']);
  expect(rulesBroken('THREADS', 'a carousel', [...Array.from({ length: 19 }, () => image()), video()])).toEqual([]);
  expect(rulesBroken('THREADS', 'too many', [...Array.from({ length: 20 }, () => image()), video()])).toEqual(['too-many-media']);
  expect(rulesBroken('THREADS', 'hi', [image(1000, 'image/gif')])).toEqual(['unsupported-media-type']);
  expect(rulesBroken('THREADS', 'hi', [image(9 * 1024 * 1024)])).toEqual(['image-too-large']);
});

test("Reddit: no media; the account's options name a subreddit and a title of at most 300 characters", () => {
  const options = { subreddit: 'r/planrrr', title: 'Weekly update' };
  expect(checkPlatformRules({ platform: 'REDDIT', content: 'hi', media: [], options })).toEqual([]);
  expect(checkPlatformRules({ platform: 'REDDIT', content: 'hi', media: [], connectionId: 'c1' })).toEqual([
    expect.objectContaining({ connectionId: 'c1', rule: 'target-options', field: 'targetOptions.reddit.subreddit' }),
    expect.objectContaining({ connectionId: 'c1', rule: 'target-options', field: 'targetOptions.reddit.title' }),
  ]);
  const bad = checkPlatformRules({
    platform: 'REDDIT',
    content: 'hi',
    media: [image()],
    options: { subreddit: 'no spaces', title: 't'.repeat(301) },
  });
  expect(bad.map((violation) => [violation.rule, violation.field ?? null])).toEqual([
    ['too-many-images', null],
    ['target-options', 'targetOptions.reddit.subreddit'],
    ['target-options', 'targetOptions.reddit.title'],
  ]);
  // a platform without options takes none
  expect(checkPlatformRules({ platform: 'X', content: 'hi', media: [], options: { title: 'x' } })).toEqual([
    expect.objectContaining({ rule: 'target-options', field: 'targetOptions.options' }),
  ]);
  expect(parseTargetOptions('REDDIT', { subreddit: '/r/planrrr', title: ' T ' })).toEqual({ subreddit: 'planrrr', title: 'T' });
});

test("Pinterest: one image; the account's options name a board, and a title and link that fit", () => {
  const rules = (media: RuleMedia[], options?: Record<string, unknown>) =>
    checkPlatformRules({ platform: 'PINTEREST', content: 'A pin', media, options }).map((v) => v.field ?? v.rule);
  expect(rules([image()], { boardId: '549755885176', title: 'Tart', link: 'https://example.com' })).toEqual([]);
  expect(rules([], {})).toEqual(['media-required', 'targetOptions.pinterest.boardId']);
  expect(rules([image(), image()], { boardId: '1' })).toEqual(['too-many-images']);
  expect(rules([video()], { boardId: '1' })).toEqual(['too-many-videos']);
  expect(rules([image()], { boardId: '1', title: 't'.repeat(101), link: 'ftp://example.com' })).toEqual([
    'targetOptions.pinterest.title',
    'targetOptions.pinterest.link',
  ]);
});

test('checkPostForTargets lists every violation of every target, each naming its platform and account', () => {
  const content = 'a'.repeat(400);
  const violations = checkPostForTargets({ content, media: [] }, [
    { platform: 'X', connectionId: 'x1' },
    { platform: 'BLUESKY', connectionId: 'b1' },
    { platform: 'MASTODON', connectionId: 'm1' },
    { platform: 'INSTAGRAM', connectionId: 'i1' },
  ]);
  expect(violations.map((v) => [v.platform, v.connectionId, v.rule])).toEqual([
    ['X', 'x1', 'text-too-long'],
    ['BLUESKY', 'b1', 'text-too-long'],
    ['INSTAGRAM', 'i1', 'media-required'],
  ]);
});

test("checkPostForTargets checks an account with its own text against that text, not the post's", () => {
  const violations = checkPostForTargets({ content: 'a'.repeat(400), media: [] }, [
    { platform: 'X', connectionId: 'x1', content: 'Short for X' },
    { platform: 'BLUESKY', connectionId: 'b1' },
    { platform: 'MASTODON', connectionId: 'm1', content: 'm'.repeat(501) },
  ]);
  expect(violations.map((v) => [v.connectionId, v.rule, v.message])).toEqual([
    ['b1', 'text-too-long', 'Bluesky allows 300 characters; this post has 400'],
    ['m1', 'text-too-long', 'Mastodon allows 500 characters (links count 23); this post has 501'],
  ]);
});

describe("Instagram and Facebook formats, chosen by the account's format option", () => {
  const formatRules = (platform: Platform, format: string | undefined, media: RuleMedia[], content = 'A caption') =>
    checkPlatformRules({ platform, connectionId: 'c1', content, media, ...(format ? { options: { format } } : {}) }).map((v) => v.rule);

  test('Instagram feed: one image or video, or a carousel of up to 10 (an 11th is too many)', () => {
    expect(formatRules('INSTAGRAM', undefined, [image()])).toEqual([]);
    expect(formatRules('INSTAGRAM', 'feed', [video()])).toEqual([]);
    expect(formatRules('INSTAGRAM', 'feed', [...Array.from({ length: 9 }, () => image()), video()])).toEqual([]);
    expect(
      formatRules(
        'INSTAGRAM',
        'feed',
        Array.from({ length: 11 }, () => image()),
      ),
    ).toEqual(['too-many-images', 'too-many-media']);
    const [eleven] = checkPlatformRules({
      platform: 'INSTAGRAM',
      connectionId: 'c1',
      content: 'x',
      media: [...Array.from({ length: 6 }, () => image()), ...Array.from({ length: 5 }, () => video())],
    });
    expect(eleven).toEqual({
      platform: 'INSTAGRAM',
      connectionId: 'c1',
      rule: 'too-many-media',
      message: 'Instagram takes at most 10 images and videos together, this post has 11',
    });
  });

  test('an Instagram Reel is exactly one MP4 or MOV video of at most 300 MB', () => {
    expect(formatRules('INSTAGRAM', 'reel', [video()])).toEqual([]);
    expect(formatRules('INSTAGRAM', 'reel', [video(1000, 'video/quicktime')])).toEqual([]);
    expect(formatRules('INSTAGRAM', 'reel', [image()])).toEqual(['video-required', 'too-many-images']);
    expect(formatRules('INSTAGRAM', 'reel', [])).toEqual(['video-required']);
    expect(formatRules('INSTAGRAM', 'reel', [video(), video()])).toEqual(['video-required', 'too-many-videos']);
    expect(formatRules('INSTAGRAM', 'reel', [video(301 * 1024 * 1024)])).toEqual(['video-too-large']);
    const [withoutVideo] = checkPlatformRules({
      platform: 'INSTAGRAM',
      connectionId: 'c1',
      content: 'x',
      media: [],
      options: { format: 'reel' },
    });
    expect(withoutVideo).toEqual({
      platform: 'INSTAGRAM',
      connectionId: 'c1',
      rule: 'video-required',
      message: 'An Instagram Reel is exactly one video',
    });
  });

  test('an Instagram Story is one JPEG image or one video of at most 100 MB', () => {
    expect(formatRules('INSTAGRAM', 'story', [image()])).toEqual([]);
    expect(formatRules('INSTAGRAM', 'story', [video()])).toEqual([]);
    expect(formatRules('INSTAGRAM', 'story', [])).toEqual(['media-required']);
    expect(formatRules('INSTAGRAM', 'story', [image(), image()])).toEqual(['too-many-images', 'too-many-media']);
    expect(formatRules('INSTAGRAM', 'story', [image(1000, 'image/png')])).toEqual(['unsupported-media-type']);
    expect(formatRules('INSTAGRAM', 'story', [video(101 * 1024 * 1024)])).toEqual(['video-too-large']);
  });

  test('a Facebook Reel is one video; a Facebook Story one photo or one video; a post keeps the Page rules', () => {
    expect(formatRules('FACEBOOK', undefined, [image(), image()])).toEqual([]);
    expect(formatRules('FACEBOOK', 'post', [])).toEqual([]);
    expect(formatRules('FACEBOOK', 'reel', [video()])).toEqual([]);
    expect(formatRules('FACEBOOK', 'reel', [])).toEqual(['video-required']);
    expect(formatRules('FACEBOOK', 'reel', [image()])).toEqual(['video-required', 'too-many-images']);
    expect(formatRules('FACEBOOK', 'story', [image()])).toEqual([]);
    expect(formatRules('FACEBOOK', 'story', [video()])).toEqual([]);
    expect(formatRules('FACEBOOK', 'story', [])).toEqual(['media-required']);
    expect(formatRules('FACEBOOK', 'story', [image(), video()])).toEqual(['too-many-media']);
    const [story] = checkPlatformRules({ platform: 'FACEBOOK', connectionId: 'f1', content: 'x', media: [], options: { format: 'story' } });
    expect(story!.message).toBe('A Facebook Story needs at least one image or video');
  });

  test('an unknown format is a target-options violation naming the option; the default format needs no options', () => {
    expect(checkPlatformRules({ platform: 'INSTAGRAM', content: 'x', media: [image()], options: { format: 'igtv' } })).toEqual([
      expect.objectContaining({
        rule: 'target-options',
        field: 'targetOptions.instagram.format',
        message: 'format must be feed, reel or story',
      }),
    ]);
    expect(parseTargetOptions('INSTAGRAM', undefined)).toEqual({ format: 'feed' });
    expect(parseTargetOptions('FACEBOOK', {})).toEqual({ format: 'post' });
  });

  test('a Story takes no first comment; a Reel does', () => {
    const violations = checkPostForTargets({ content: 'x', media: [video()], firstComment: '#tags' }, [
      { platform: 'INSTAGRAM', connectionId: 'i1', options: { format: 'story' } },
      { platform: 'FACEBOOK', connectionId: 'f1', options: { format: 'story' } },
      { platform: 'INSTAGRAM', connectionId: 'i2', options: { format: 'reel' } },
    ]);
    expect(violations.map((v) => [v.connectionId, v.rule, v.firstComment, v.message])).toEqual([
      ['i1', 'comments-unsupported', true, 'An Instagram Story takes no comments: leave the first comment out for this account'],
      ['f1', 'comments-unsupported', true, 'A Facebook Story takes no comments: leave the first comment out for this account'],
    ]);
  });
});

test('Threads takes threads: each part is held to 500 characters, and a part too long names the account and the part', () => {
  const violations = checkPostForTargets(
    {
      content: 'Part one',
      media: [],
      thread: [
        { content: 'Part two', media: [] },
        { content: 'a'.repeat(501), media: [] },
      ],
    },
    [{ platform: 'THREADS', connectionId: 't1' }],
  );
  expect(violations).toEqual([expect.objectContaining({ platform: 'THREADS', connectionId: 't1', part: 2, rule: 'text-too-long' })]);
});
