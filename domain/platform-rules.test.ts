import { youtubeTitleAndDescription } from '../platforms/youtube';
import { checkPlatformRules, checkPostForTargets, MOST_MEDIA_ANY_PLATFORM_TAKES, textLength, type RuleMedia } from './platform-rules';
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
    expect(youtubeTitleAndDescription('  Title line \nrest')).toEqual({ title: 'Title line', description: 'rest' });
  });

  const thumbnails = new Map<string, RuleMedia>([
    ['jpeg', image(2 * 1024 * 1024)],
    ['big', image(2 * 1024 * 1024 + 1)],
    ['gif', image(1000, 'image/gif')],
    ['clip', video()],
  ]);
  const youtube = (content: string, options: Record<string, unknown>, optionMedia?: ReadonlyMap<string, RuleMedia>) =>
    checkPlatformRules({ platform: 'YOUTUBE', content, media: [video()], options, optionMedia }).map((v) =>
      v.field ? `${v.field}: ${v.message}` : v.rule,
    );

  test("the account's options: a title of 1-100 characters without < or > replaces the first line's", () => {
    expect(youtube(`${'t'.repeat(150)}\nbody`, { title: 'Short title' })).toEqual([]);
    expect(youtube('Body', { title: '😀'.repeat(100) })).toEqual([]);
    expect(youtube('Body', { title: 't'.repeat(101) })).toEqual(['targetOptions.youtube.title: title is at most 100 characters']);
    expect(youtube('Body', { title: 'a <b>' })).toEqual(['targetOptions.youtube.title: title may not contain < or >']);
    expect(youtube('Body', { title: '  ' })).toEqual(['targetOptions.youtube.title: title must not be empty']);
  });

  test('a description of up to 5,000 bytes; tags of 500 characters together, commas and quotes counted', () => {
    expect(youtube('Title', { description: 'é'.repeat(2500) })).toEqual([]);
    expect(youtube('Title', { description: 'é'.repeat(2501) })).toEqual([
      'targetOptions.youtube.description: description is at most 5,000 bytes',
    ]);
    // 50 tags of 9 characters and 49 commas: 499
    expect(youtube('Title', { tags: Array.from({ length: 50 }, () => 'abcdefghi') })).toEqual([]);
    // a tag with a space counts its quotes: 441 + 31 + 2 + 49 commas = 523
    expect(youtube('Title', { tags: [...Array.from({ length: 49 }, () => 'abcdefghi'), 'a b c d e f g h i j k l m n o p'] })).toEqual([
      'targetOptions.youtube.tags: tags are at most 500 characters together (commas between them count, and quotes around a tag with a space)',
    ]);
    expect(youtube('Title', { tags: ['ok', ''] })).toEqual(['targetOptions.youtube.tags.1: a tag must not be empty']);
  });

  test("a category is one of YouTube's assignable ids; privacy public, unlisted or private; madeForKids and shorts are yes or no", () => {
    expect(youtube('Title', { categoryId: '22', privacy: 'private', madeForKids: true, shorts: false })).toEqual([]);
    expect(youtube('Title', { categoryId: '18', privacy: 'friends', madeForKids: 'yes' }).map((line) => line.split(':')[0])).toEqual([
      'targetOptions.youtube.categoryId',
      'targetOptions.youtube.privacy',
      'targetOptions.youtube.madeForKids',
    ]);
  });

  test('a Short ends its description with #Shorts, which must fit in the 5,000 bytes', () => {
    expect(youtubeTitleAndDescription('Title\nAbout it', { shorts: true })).toEqual({ title: 'Title', description: 'About it\n\n#Shorts' });
    expect(youtubeTitleAndDescription('Title #Shorts\nAbout it', { shorts: true }).description).toBe('About it');
    expect(youtube(`Title\n${'a'.repeat(4990)}`, { shorts: true })).toEqual([]);
    expect(youtube(`Title\n${'a'.repeat(4992)}`, { shorts: true })).toEqual(['text-too-long']);
  });

  test("the thumbnail is one of the team's JPEG or PNG images of up to 2 MB (checked where the media are known)", () => {
    expect(youtube('Title', { thumbnailMediaId: 'jpeg' }, thumbnails)).toEqual([]);
    expect(youtube('Title', { thumbnailMediaId: 'anything' })).toEqual([]);
    expect(youtube('Title', { thumbnailMediaId: 'big' }, thumbnails)).toEqual([
      'targetOptions.youtube.thumbnailMediaId: A YouTube thumbnail is at most 2 MB, this one is 2 MB',
    ]);
    expect(youtube('Title', { thumbnailMediaId: 'gif' }, thumbnails)).toEqual([
      'targetOptions.youtube.thumbnailMediaId: A YouTube thumbnail is a JPEG or PNG image, not image/gif',
    ]);
    expect(youtube('Title', { thumbnailMediaId: 'clip' }, thumbnails)).toEqual([
      'targetOptions.youtube.thumbnailMediaId: A YouTube thumbnail is a JPEG or PNG image, not video/mp4',
    ]);
    expect(youtube('Title', { thumbnailMediaId: 'other-team' }, thumbnails)).toEqual([
      'targetOptions.youtube.thumbnailMediaId: No uploaded media with id other-team in this team',
    ]);
  });
});

describe('PDF documents: LinkedIn only, alone in their post, up to 100 MB', () => {
  const pdf = (sizeBytes = 1_000_000): RuleMedia => ({ kind: 'document', mimeType: 'application/pdf', sizeBytes });

  test('LinkedIn takes one PDF and nothing beside it', () => {
    expect(rulesBroken('LINKEDIN', 'Our report', [pdf()])).toEqual([]);
    expect(rulesBroken('LINKEDIN', 'Our report', [pdf(100 * 1024 * 1024)])).toEqual([]);
    expect(rulesBroken('LINKEDIN', 'Our report', [pdf(100 * 1024 * 1024 + 1)])).toEqual(['document-too-large']);
    expect(rulesBroken('LINKEDIN', 'Our report', [pdf(), image()])).toEqual(['document-alone']);
    expect(rulesBroken('LINKEDIN', 'Our report', [pdf(), pdf()])).toEqual(['document-alone']);
  });

  test('every other platform refuses a PDF, naming the account', () => {
    for (const platform of ['X', 'BLUESKY', 'MASTODON', 'FACEBOOK', 'INSTAGRAM', 'THREADS', 'TELEGRAM'] as const) {
      expect(rulesBroken(platform, 'Our report', [pdf()])).toContain('documents-unsupported');
    }
    expect(checkPlatformRules({ platform: 'X', connectionId: 'x1', content: 'Report', media: [pdf()] })).toEqual([
      { platform: 'X', connectionId: 'x1', rule: 'documents-unsupported', message: 'X does not take PDF documents (only LinkedIn does)' },
    ]);
  });

  test('the document title is an option of at most 200 characters', () => {
    const linkedIn = (options: Record<string, unknown>) =>
      checkPlatformRules({ platform: 'LINKEDIN', content: 'Report', media: [pdf()], options }).map((v) => v.field);
    expect(linkedIn({ documentTitle: 'Q3 in numbers' })).toEqual([]);
    expect(linkedIn({ documentTitle: 't'.repeat(201) })).toEqual(['targetOptions.linkedin.documentTitle']);
  });
});

test("LinkedIn's first comment is at most 1,250 characters, shorter than a post", () => {
  const comment = (text: string) =>
    checkPostForTargets({ content: 'Post', media: [], firstComment: text }, [{ platform: 'LINKEDIN', connectionId: 'li1' }]);
  expect(comment('c'.repeat(1250))).toEqual([]);
  expect(comment('c'.repeat(1251))).toEqual([
    {
      platform: 'LINKEDIN',
      connectionId: 'li1',
      firstComment: true,
      rule: 'text-too-long',
      message: 'LinkedIn allows 1250 characters; this comment has 1251',
    },
  ]);
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

test("Reddit: one image, or 2 to 20 as a gallery (JPEG, PNG, GIF; 20 MB), with the text as body; the account's options name a subreddit and a title of at most 300 characters", () => {
  const options = { subreddit: 'r/planrrr', title: 'Weekly update' };
  expect(checkPlatformRules({ platform: 'REDDIT', content: 'hi', media: [], options })).toEqual([]);
  const mediaRulesBroken = (media: RuleMedia[], content = 'hi') =>
    checkPlatformRules({ platform: 'REDDIT', content, media, options }).map((v) => v.rule);
  expect(mediaRulesBroken([image(100, 'image/gif')])).toEqual([]);
  // the text goes with the images as the post's body, held to a text post's 40,000 characters
  expect(mediaRulesBroken([image(), image(100, 'image/png')], 'a body'.repeat(6_000))).toEqual([]);
  expect(mediaRulesBroken([image(), image()], 'x'.repeat(40_001))).toEqual(['text-too-long']);
  expect(mediaRulesBroken(Array.from({ length: 20 }, () => image()))).toEqual([]);
  expect(mediaRulesBroken(Array.from({ length: 21 }, () => image()))).toEqual(['too-many-images']);
  expect(mediaRulesBroken([video()])).toEqual(['too-many-videos']);
  expect(mediaRulesBroken([image(), video()])).toEqual(['too-many-videos', 'mixed-media']);
  expect(mediaRulesBroken([image(), image(100, 'image/webp')])).toEqual(['unsupported-media-type']);
  expect(mediaRulesBroken([image(100, 'image/webp')])).toEqual(['unsupported-media-type']);
  expect(mediaRulesBroken([image(21 * 1024 * 1024)])).toEqual(['image-too-large']);
  expect(checkPlatformRules({ platform: 'REDDIT', content: 'hi', media: [], connectionId: 'c1' })).toEqual([
    expect.objectContaining({ connectionId: 'c1', rule: 'target-options', field: 'targetOptions.reddit.subreddit' }),
    expect.objectContaining({ connectionId: 'c1', rule: 'target-options', field: 'targetOptions.reddit.title' }),
  ]);
  const bad = checkPlatformRules({
    platform: 'REDDIT',
    content: 'hi',
    media: Array.from({ length: 21 }, () => image()),
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

test("Pinterest: one image or one video; the account's options name a board, and a title and link that fit", () => {
  const rules = (media: RuleMedia[], options?: Record<string, unknown>) =>
    checkPlatformRules({ platform: 'PINTEREST', content: 'A pin', media, options }).map((v) => v.field ?? v.rule);
  expect(rules([image()], { boardId: '549755885176', title: 'Tart', link: 'https://example.com' })).toEqual([]);
  expect(rules([], {})).toEqual(['media-required', 'targetOptions.pinterest.boardId']);
  expect(rules([image(), image()], { boardId: '1' })).toEqual(['too-many-images']);
  expect(rules([video()], { boardId: '1' })).toEqual([]);
  expect(rules([image(), video()], { boardId: '1' })).toEqual(['mixed-media']);
  expect(rules([video(1000, 'video/webm')], { boardId: '1' })).toEqual(['unsupported-media-type']);
  expect(rules([video(3 * 1024 * 1024 * 1024)], { boardId: '1' })).toEqual(['video-too-large']);
  expect(rules([image()], { boardId: '1', title: 't'.repeat(101), link: 'ftp://example.com' })).toEqual([
    'targetOptions.pinterest.title',
    'targetOptions.pinterest.link',
  ]);
});

test("TikTok: one video (MP4, WebM, MOV) or up to 35 photos (JPEG, WebP), and a caption of 2,200; the account's options name the mode and, for a direct post, the privacy", () => {
  const rules = (content: string, media: RuleMedia[], options?: Record<string, unknown>) =>
    checkPlatformRules({ platform: 'TIKTOK', content, media, options }).map((v) => v.field ?? v.rule);
  const direct = { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE' };
  expect(rules('a'.repeat(2200), [video()], direct)).toEqual([]);
  expect(rules('😀'.repeat(1101), [video(1_000, 'video/webm')], { mode: 'inbox' })).toEqual(['text-too-long']);
  expect(rules('x', [], direct)).toEqual(['media-required']);
  expect(rules('x', [image(), image(100_000, 'image/webp')], direct)).toEqual([]);
  expect(rules('x', [image(100_000, 'image/png')], direct)).toEqual(['unsupported-media-type']);
  expect(
    rules(
      'x',
      Array.from({ length: 36 }, () => image()),
      direct,
    ),
  ).toEqual(['too-many-images']);
  expect(rules('x', [image(), video()], direct)).toEqual(['mixed-media']);
  expect(rules('x', [video(1_000, 'video/x-msvideo')], direct)).toEqual(['unsupported-media-type']);
  expect(rules('x', [video()], { mode: 'direct' })).toEqual(['targetOptions.tiktok.privacyLevel']);
  expect(rules('x', [video()], { mode: 'inbox', privacyLevel: 'SELF_ONLY' })).toEqual(['targetOptions.tiktok.mode']);
  expect(rules('x', [video()], { mode: 'live' })).toEqual(['targetOptions.tiktok.mode']);
  expect(rules('x', [video()], { ...direct, disableDuet: 'yes' })).toEqual(['targetOptions.tiktok.disableDuet']);
});

test('Google Business Profile: 1,500 characters without a phone number, one JPEG or PNG photo of up to 5 MB', () => {
  const rules = (content: string, media: RuleMedia[] = []) =>
    checkPlatformRules({ platform: 'GOOGLE_BUSINESS', content, media, options: { topicType: 'STANDARD' } }).map((v) => v.rule);
  expect(rules('a'.repeat(1500), [image()])).toEqual([]);
  expect(rules('a'.repeat(1501))).toEqual(['text-too-long']);
  expect(rules('x', [image(), image()])).toEqual(['too-many-images']);
  expect(rules('x', [image(6 * 1024 * 1024)])).toEqual(['image-too-large']);
  expect(rules('x', [image(1000, 'image/gif')])).toEqual(['unsupported-media-type']);
  expect(rules('x', [video()])).toEqual(['too-many-videos']);
  for (const phone of ['Call +44 20 7946 0958', 'call (555) 123-4567 today', 'ring 555.123.4567'])
    expect(rules(phone)).toEqual(['phone-number']);
  for (const notPhone of ['Open 2026-12-24, 9:00-18:00', 'Since 1998-2026', 'Only 12.50 today', 'On 24/12/2026'])
    expect(rules(notPhone)).toEqual([]);
});

test("Google Business Profile: the options' topic, and the event, offer and call to action it needs or refuses", () => {
  const fields = (options: Record<string, unknown>) =>
    checkPlatformRules({ platform: 'GOOGLE_BUSINESS', content: 'x', media: [], options }).map((v) => v.field ?? v.rule);
  const event = { title: 'Christmas tasting', start: '2026-12-24T10:00', end: '2026-12-24T16:00' };
  expect(fields({ topicType: 'STANDARD', callToAction: { actionType: 'ORDER', url: 'https://example.com/order' } })).toEqual([]);
  expect(fields({ topicType: 'STANDARD', callToAction: { actionType: 'CALL' } })).toEqual([]);
  expect(fields({ topicType: 'EVENT', event })).toEqual([]);
  expect(fields({ topicType: 'OFFER', event, offer: { couponCode: 'XMAS', redeemOnlineUrl: 'https://example.com/x' } })).toEqual([]);
  expect(fields({})).toEqual(['targetOptions.google_business.topicType']);
  expect(fields({ topicType: 'EVENT' })).toEqual(['targetOptions.google_business.event']);
  expect(fields({ topicType: 'OFFER', offer: {} })).toEqual(['targetOptions.google_business.event']);
  expect(fields({ topicType: 'STANDARD', event, offer: {} })).toEqual([
    'targetOptions.google_business.event',
    'targetOptions.google_business.offer',
  ]);
  expect(fields({ topicType: 'EVENT', event: { ...event, end: '2026-12-24T09:00' } })).toEqual(['targetOptions.google_business.event.end']);
  expect(fields({ topicType: 'EVENT', event: { ...event, start: '24/12/2026' } })).toEqual(['targetOptions.google_business.event.start']);
  expect(fields({ topicType: 'EVENT', event: { ...event, title: 't'.repeat(59) } })).toEqual(['targetOptions.google_business.event.title']);
  expect(fields({ topicType: 'STANDARD', callToAction: { actionType: 'BOOK' } })).toEqual([
    'targetOptions.google_business.callToAction.url',
  ]);
  expect(fields({ topicType: 'STANDARD', callToAction: { actionType: 'CALL', url: 'https://example.com' } })).toEqual([
    'targetOptions.google_business.callToAction.url',
  ]);
  expect(fields({ topicType: 'OFFER', event, callToAction: { actionType: 'SHOP', url: 'https://example.com' } })).toEqual([
    'targetOptions.google_business.callToAction',
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

describe('media dimensions and lengths, where the upload read them (lib/media-facts.ts)', () => {
  const sized = (width: number, height: number): RuleMedia => ({ ...image(), width, height });
  const lasting = (durationMs: number, shape: { width: number; height: number } = { width: 1080, height: 1920 }): RuleMedia => ({
    ...video(),
    ...shape,
    durationMs,
  });
  const broken = (platform: Platform, media: RuleMedia[], options?: Record<string, unknown>) =>
    checkPlatformRules({ platform, connectionId: 'c1', content: 'A caption', media, ...(options ? { options } : {}) });

  test('Instagram feed images are 4:5 to 1.91:1; a 1:3 one names the rule, the account and the file', () => {
    expect(broken('INSTAGRAM', [sized(1080, 1350), sized(1080, 1080), sized(1080, 566), sized(1200, 628)])).toEqual([]);
    expect(broken('INSTAGRAM', [sized(1080, 1080), sized(1000, 3000)])).toEqual([
      {
        platform: 'INSTAGRAM',
        connectionId: 'c1',
        rule: 'aspect-ratio',
        field: 'media.1',
        message: 'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); this one is 1000 × 3000 (1:3)',
      },
    ]);
    expect(broken('INSTAGRAM', [sized(2000, 1000)]).map((v) => v.message)).toEqual([
      'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); this one is 2000 × 1000 (2:1)',
    ]);
  });

  test('a file whose facts are unknown is not checked for them', () => {
    expect(broken('INSTAGRAM', [image(), { ...image(), width: null, height: null }])).toEqual([]);
    expect(broken('INSTAGRAM', [{ ...video(), durationMs: null }], { format: 'story' })).toEqual([]);
  });

  test('an Instagram Story video lasts at most 60 s; a Reel 3 s to 15 min', () => {
    expect(broken('INSTAGRAM', [lasting(60_000)], { format: 'story' })).toEqual([]);
    expect(broken('INSTAGRAM', [lasting(100_000)], { format: 'story' })).toEqual([
      {
        platform: 'INSTAGRAM',
        connectionId: 'c1',
        rule: 'video-too-long',
        field: 'media.0',
        message: 'An Instagram Story takes videos up to 60 s; this one is 1 min 40 s',
      },
    ]);
    expect(broken('INSTAGRAM', [lasting(15 * 60_000)], { format: 'reel' })).toEqual([]);
    expect(broken('INSTAGRAM', [lasting(15 * 60_000 + 20)], { format: 'reel' }).map((v) => v.message)).toEqual([
      'An Instagram Reel takes videos up to 15 min; this one is 15 min 0.1 s',
    ]);
    expect(broken('INSTAGRAM', [lasting(2_500)], { format: 'reel' }).map((v) => [v.rule, v.message])).toEqual([
      ['video-too-short', 'An Instagram Reel takes videos of at least 3 s; this one is 2.5 s'],
    ]);
  });

  test('a Facebook Reel lasts 3 to 90 s', () => {
    expect(broken('FACEBOOK', [lasting(90_000)], { format: 'reel' })).toEqual([]);
    expect(broken('FACEBOOK', [lasting(91_000)], { format: 'reel' }).map((v) => v.message)).toEqual([
      'A Facebook Reel takes videos up to 1 min 30 s; this one is 1 min 31 s',
    ]);
    // a Facebook feed video has no such limit
    expect(broken('FACEBOOK', [lasting(10 * 60_000)])).toEqual([]);
  });

  test('a YouTube Short lasts up to 3 min and is square or vertical; a plain video neither', () => {
    const landscape = { width: 1920, height: 1080 };
    expect(broken('YOUTUBE', [lasting(180_000)], { shorts: true })).toEqual([]);
    expect(broken('YOUTUBE', [lasting(60_000, { width: 1080, height: 1080 })], { shorts: true })).toEqual([]);
    expect(broken('YOUTUBE', [lasting(240_000, landscape)], { shorts: true }).map((v) => [v.rule, v.message])).toEqual([
      ['aspect-ratio', 'A YouTube Short takes videos square or vertical; this one is 1920 × 1080 (16:9)'],
      ['video-too-long', 'A YouTube Short takes videos up to 3 min; this one is 4 min'],
    ]);
    expect(broken('YOUTUBE', [lasting(240_000, landscape)])).toEqual([]);
  });

  test.each([
    ['X', 140_000, 141_000, 'X takes videos up to 2 min 20 s; this one is 2 min 21 s'],
    ['BLUESKY', 180_000, 181_000, 'Bluesky takes videos up to 3 min; this one is 3 min 1 s'],
    ['TIKTOK', 600_000, 601_000, 'TikTok takes videos up to 10 min; this one is 10 min 1 s'],
    ['THREADS', 300_000, 300_500, 'Threads takes videos up to 5 min; this one is 5 min 0.5 s'],
    ['PINTEREST', 900_000, 960_000, 'Pinterest takes videos up to 15 min; this one is 16 min'],
    ['LINKEDIN', 1_800_000, 1_860_000, 'LinkedIn takes videos up to 30 min; this one is 31 min'],
  ] as const)('%s takes videos up to %d ms', (platform, longest, tooLong, message) => {
    expect(broken(platform, [lasting(longest)]).filter((v) => v.rule.startsWith('video-'))).toEqual([]);
    expect(broken(platform, [lasting(tooLong)]).map((v) => v.message)).toContain(message);
  });

  test.each([
    ['PINTEREST', 3_900, 'Pinterest takes videos of at least 4 s; this one is 3.9 s'],
    ['LINKEDIN', 2_000, 'LinkedIn takes videos of at least 3 s; this one is 2 s'],
    ['TIKTOK', 1_000, 'TikTok takes videos of at least 3 s; this one is 1 s'],
  ] as const)('%s refuses a video too short', (platform, durationMs, message) => {
    const videoRules = broken(platform, [lasting(durationMs)]).filter((v) => v.rule !== 'target-options');
    expect(videoRules.map((v) => [v.rule, v.message])).toEqual([['video-too-short', message]]);
  });

  test("in a thread, the violation names the part and the file within that part's media", () => {
    const violations = checkPostForTargets(
      { content: 'One', media: [], thread: [{ content: 'Two', media: [image(), lasting(150_000)] }] },
      [{ platform: 'X', connectionId: 'c1' }],
    );
    expect(violations).toEqual([
      expect.objectContaining({ part: 1, rule: 'mixed-media' }),
      expect.objectContaining({ connectionId: 'c1', part: 1, field: 'media.1', rule: 'video-too-long' }),
    ]);
  });
});

test("a post's media list is bounded by the most any platform takes in one post: TikTok's 35 photos", () => {
  expect(MOST_MEDIA_ANY_PLATFORM_TAKES).toBe(35);
});
