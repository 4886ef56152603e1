// What each platform accepts in one post: text length (measured the platform's way) and
// the number, kind and size of media. Checked before a post is scheduled, so a post that
// the platform would refuse is refused now, while the author can still fix it. Each
// platform's figures are its definition's `rules` (platforms/<name>/index.ts); the checks are here.
// NOTE: pure and browser-safe (no Node APIs): the API and the web composer share it.
import { platformDefinition, platformTable } from '../platforms';
import { formatBytes } from '../platforms/units';
import { takesComments, takesThreads, type Platform } from './post';
import { hasTargetOptions, optionsKey, targetOptionProblems, type TargetOptions } from './target-options';

export interface RuleMedia {
  /** a document is a PDF, which only LinkedIn publishes */
  kind: 'image' | 'video' | 'document';
  mimeType: string;
  sizeBytes: number;
  /**
   * An image's or video's size in pixels as displayed, and a video's length, read at upload
   * (lib/media-facts.ts). Absent or null where the file does not say: the checks that need
   * them are then skipped, and the platform judges at publishing.
   */
  width?: number | null;
  height?: number | null;
  durationMs?: number | null;
}

/** Media kinds as stored (the database's MediaKind) and as the rules and publishers name them. */
export const MEDIA_KINDS = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' } as const satisfies Record<string, RuleMedia['kind']>;

export interface PostForPlatform {
  platform: Platform;
  connectionId?: string;
  /** the account's own text limit, where its server sets one (a Mastodon instance) */
  maxCharacters?: number | null;
  content: string;
  media: readonly RuleMedia[];
  /** the account's platform options (domain/target-options.ts) */
  options?: TargetOptions | undefined;
  /** the media the options name (a YouTube thumbnail) that are the team's, by id; unchecked when absent (the composer) */
  optionMedia?: ReadonlyMap<string, RuleMedia> | undefined;
}

/** The rules about a post's media rather than its text: a form shows their violations beside the media. */
export const MEDIA_RULES: ReadonlySet<string> = new Set([
  'document-alone',
  'document-too-large',
  'documents-unsupported',
  'media-required',
  'mixed-media',
  'too-many-images',
  'too-many-media',
  'too-many-videos',
  'unsupported-media-type',
  'video-required',
  'aspect-ratio',
  'video-too-long',
  'video-too-short',
]);

export interface PlatformViolation {
  platform: Platform;
  connectionId?: string;
  /** in a thread, the part that breaks the rule: 0 is the post's content, 1 its `thread[0]` */
  part?: number;
  /** true when the first comment breaks the rule */
  firstComment?: true;
  /** a stable slug clients may branch on, e.g. `text-too-long` */
  rule: string;
  message: string;
  /**
   * the request field a `target-options` violation is about, e.g. `targetOptions.reddit.title`;
   * for a rule about one file, the file's place in its part's media: `media.1`
   */
  field?: string;
}

export interface MediaRules {
  maxImages: number;
  maxVideos: number;
  /** images and videos together, where the platform counts them as one list (an album, a carousel, attachments) */
  maxItems?: number;
  /** images and a video in the same post */
  allowsMixed: boolean;
  /** at least one image or video */
  requiresMedia?: boolean;
  /** a PDF document, alone in its post, up to this size; absent where the platform takes none */
  maxDocumentBytes?: number;
  requiresVideo?: boolean;
  imageTypes?: readonly string[];
  videoTypes?: readonly string[];
  maxImageBytes?: number;
  maxVideoBytes?: number;
  /** the shapes of images taken, as width over height (checked where the image's size is known) */
  imageAspectRatio?: AspectRatioRange;
  videoAspectRatio?: AspectRatioRange;
  /** a video's length, checked where it is known */
  minVideoMs?: number;
  maxVideoMs?: number;
}

/** Width over height, from `min` to `max` inclusive; `name` says it to a user: `from 4:5 to 1.91:1`. */
export interface AspectRatioRange {
  min: number;
  max: number;
  name: string;
}

/** A format an account's options choose (domain/target-options.ts: an Instagram Reel) that has media rules of its own. */
export interface FormatRules {
  /** how messages name it: `An Instagram Reel` */
  name: string;
  media: MediaRules;
  /** false where the platform takes no comment on it (a Story) */
  takesComments?: false;
}

export interface PlatformRules {
  name: string;
  maxLength: number;
  /** the text's length as the platform counts it */
  measure(content: string): number;
  /** what the platform calls a unit of maxLength, for messages */
  unit: string;
  media: MediaRules;
  /** a first comment's limit where it is shorter than a post's (measured the same way) */
  maxCommentLength?: number;
  /** the formats besides the default one, by the value of the account's `format` option */
  formats?: Record<string, FormatRules>;
  /** the format the options choose where it is not their `format` (a YouTube Short is `shorts: true`) */
  formatOf?(options: TargetOptions | undefined): string | undefined;
  /** rules beyond length and media, or about the text with media (a caption's shorter limit) or the account's options */
  extra?(content: string, media: readonly RuleMedia[], post: PostForPlatform): Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>>;
}

/** Each platform's rules, from its definition (platforms/<name>/index.ts). */
const RULES = platformTable((definition) => definition.rules);

/** The most images and videos one post under these rules carries. */
function mostMediaUnder(rules: MediaRules): number {
  return rules.maxItems ?? (rules.allowsMixed ? rules.maxImages + rules.maxVideos : Math.max(rules.maxImages, rules.maxVideos));
}

/**
 * The most media any platform takes in one post, in any of its formats (TikTok's photo posts:
 * 35): the API's bound on a post's media list. An account's own limit is its platform's rule,
 * which names the account when a post passes it.
 */
export const MOST_MEDIA_ANY_PLATFORM_TAKES = Math.max(
  ...Object.values(RULES).flatMap((rules) =>
    [rules.media, ...Object.values(rules.formats ?? {}).map((format) => format.media)].map(mostMediaUnder),
  ),
);

/** The text's length as the platform counts it, and its limit: for the composer's counters. */
export function textLength(
  platform: Platform,
  content: string,
  maxCharacters?: number | null,
): { length: number; limit: number; unit: string } {
  const rules = RULES[platform];
  return { length: rules.measure(content), limit: maxCharacters ?? rules.maxLength, unit: rules.unit };
}

/** A length as a user reads it: `45 s`, `60 s`, `2 min 20 s`, `15 min`; `round` decides the last tenth of a second. */
function formatDuration(ms: number, round: (value: number) => number = Math.round): string {
  const tenths = round(ms / 100);
  if (tenths <= 600) return `${tenths / 10} s`;
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Width by height, with the ratio as a user compares it with a rule's: `1000 × 3000 (1:3)`, `1080 × 566 (1.91:1)`. */
function shapeOf(width: number, height: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(width, height);
  const [across, down] = [width / divisor, height / divisor];
  const ratio = across <= 32 && down <= 32 ? `${across}:${down}` : `${Number((width / height).toFixed(2))}:1`;
  return `${width} × ${height} (${ratio})`;
}

/** Platforms round a shape's ratio: within this much of a bound it is taken (1080 × 566 is Instagram's 1.91:1). */
const ASPECT_RATIO_TOLERANCE = 0.01;

/** The rules about one file's shape and length, where the file says them. */
function factViolations(name: string, rules: MediaRules, item: RuleMedia): Array<Pick<PlatformViolation, 'rule' | 'message'>> {
  const problems: Array<Pick<PlatformViolation, 'rule' | 'message'>> = [];
  const range = item.kind === 'image' ? rules.imageAspectRatio : item.kind === 'video' ? rules.videoAspectRatio : undefined;
  if (range && item.width && item.height) {
    const ratio = item.width / item.height;
    if (ratio < range.min * (1 - ASPECT_RATIO_TOLERANCE) || ratio > range.max * (1 + ASPECT_RATIO_TOLERANCE))
      problems.push({
        rule: 'aspect-ratio',
        message: `${name} takes ${item.kind}s ${range.name}; this one is ${shapeOf(item.width, item.height)}`,
      });
  }
  if (item.kind === 'video' && item.durationMs) {
    if (rules.maxVideoMs !== undefined && item.durationMs > rules.maxVideoMs)
      problems.push({
        rule: 'video-too-long',
        message: `${name} takes videos up to ${formatDuration(rules.maxVideoMs)}; this one is ${formatDuration(item.durationMs, Math.ceil)}`,
      });
    if (rules.minVideoMs !== undefined && item.durationMs < rules.minVideoMs)
      problems.push({
        rule: 'video-too-short',
        message: `${name} takes videos of at least ${formatDuration(rules.minVideoMs)}; this one is ${formatDuration(item.durationMs, Math.floor)}`,
      });
  }
  return problems;
}

/** `name` starts sentences about what the platform takes (`Instagram`, `An Instagram Reel`), `subject` those about the post (`A Instagram post`). */
function mediaViolations(
  { name, subject }: { name: string; subject: string },
  rules: MediaRules,
  media: readonly RuleMedia[],
): Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>> {
  const problems: Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>> = [];
  const images = media.filter((item) => item.kind === 'image');
  const videos = media.filter((item) => item.kind === 'video');
  const documents = media.filter((item) => item.kind === 'document');
  if (documents.length > 0) {
    if (rules.maxDocumentBytes === undefined)
      return [{ rule: 'documents-unsupported', message: `${name} does not take PDF documents (only LinkedIn does)` }];
    if (media.length > 1)
      return [{ rule: 'document-alone', message: `A ${name} document post is one PDF and no other document, image or video` }];
    const { sizeBytes } = documents[0]!;
    return sizeBytes > rules.maxDocumentBytes
      ? [
          {
            rule: 'document-too-large',
            message: `${name} takes PDF documents up to ${formatBytes(rules.maxDocumentBytes)}, this one is ${formatBytes(sizeBytes)}`,
          },
        ]
      : [];
  }
  if (rules.requiresVideo && videos.length !== 1) problems.push({ rule: 'video-required', message: `${subject} is exactly one video` });
  if (rules.requiresMedia && media.length === 0)
    problems.push({ rule: 'media-required', message: `${subject} needs at least one image or video` });
  if (images.length > rules.maxImages) {
    problems.push({
      rule: 'too-many-images',
      message:
        rules.maxImages === 0
          ? `${name} does not take images`
          : `${name} takes at most ${rules.maxImages === 1 ? 'one image' : `${rules.maxImages} images`}, this post has ${images.length}`,
    });
  }
  if (videos.length > rules.maxVideos)
    problems.push({
      rule: 'too-many-videos',
      message: `${name} takes at most ${rules.maxVideos} video(s), this post has ${videos.length}`,
    });
  if (rules.maxItems !== undefined && media.length > rules.maxItems)
    problems.push({
      rule: 'too-many-media',
      message: `${name} takes at most ${rules.maxItems === 1 ? 'one image or video' : `${rules.maxItems} images and videos together`}, this post has ${media.length}`,
    });
  if (!rules.allowsMixed && images.length > 0 && videos.length > 0)
    problems.push({ rule: 'mixed-media', message: `${subject} carries either images or a video, not both` });
  for (const item of [...images, ...videos]) {
    const types = item.kind === 'image' ? rules.imageTypes : rules.videoTypes;
    if (types && !types.includes(item.mimeType)) {
      problems.push({
        rule: 'unsupported-media-type',
        message: `${name} does not take ${item.mimeType} ${item.kind}s (only ${types.join(', ')})`,
      });
    }
    const maxBytes = item.kind === 'image' ? rules.maxImageBytes : rules.maxVideoBytes;
    if (maxBytes !== undefined && item.sizeBytes > maxBytes) {
      problems.push({
        rule: `${item.kind}-too-large`,
        message: `${name} takes ${item.kind}s up to ${formatBytes(maxBytes)}, this one is ${formatBytes(item.sizeBytes)}`,
      });
    }
  }
  media.forEach((item, index) =>
    problems.push(...factViolations(name, rules, item).map((problem) => ({ ...problem, field: `media.${index}` }))),
  );
  return problems;
}

/** The format the account's options choose, where it has rules of its own (not the platform's default format). */
function formatOf(rules: PlatformRules, options: TargetOptions | undefined): FormatRules | undefined {
  const format = rules.formatOf ? rules.formatOf(options) : options?.format;
  return typeof format === 'string' && rules.formats && Object.hasOwn(rules.formats, format) ? rules.formats[format] : undefined;
}

/** Every rule the post breaks on one platform (empty when the platform will take it). */
export function checkPlatformRules(post: PostForPlatform): PlatformViolation[] {
  const rules = RULES[post.platform];
  const problems: Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>> = [];
  const { length, limit, unit } = textLength(post.platform, post.content, post.maxCharacters);
  if (length > limit) problems.push({ rule: 'text-too-long', message: `${rules.name} allows ${limit} ${unit}; this post has ${length}` });
  const format = formatOf(rules, post.options);
  const media = format
    ? mediaViolations({ name: format.name, subject: format.name }, format.media, post.media)
    : mediaViolations({ name: rules.name, subject: `A ${rules.name} post` }, rules.media, post.media);
  problems.push(...(rules.extra?.(post.content, post.media, post) ?? []), ...media);
  const key = hasTargetOptions(post.platform) ? optionsKey(post.platform) : 'options';
  for (const { field, message } of targetOptionProblems(post.platform, post.options)) {
    problems.push({ rule: 'target-options', field: `targetOptions.${key}${field ? `.${field}` : ''}`, message });
  }
  return problems.map((problem) => ({
    platform: post.platform,
    ...(post.connectionId ? { connectionId: post.connectionId } : {}),
    ...problem,
  }));
}

/**
 * A first comment on one account: refused where the platform takes none, else held to the
 * platform's text limit (a reply on X, Bluesky and Mastodon is a post of its own).
 */
function commentViolations(
  target: { platform: Platform; connectionId?: string; maxCharacters?: number | null; options?: TargetOptions | undefined },
  comment: string,
): PlatformViolation[] {
  const rules = RULES[target.platform];
  const account = {
    platform: target.platform,
    ...(target.connectionId ? { connectionId: target.connectionId } : {}),
    firstComment: true as const,
  };
  if (!takesComments(target.platform)) {
    return [{ ...account, rule: 'comments-unsupported', message: `planrrr cannot add a first comment on ${rules.name}` }];
  }
  const format = formatOf(rules, target.options);
  if (format?.takesComments === false) {
    return [
      {
        ...account,
        rule: 'comments-unsupported',
        message: `${format.name} takes no comments: leave the first comment out for this account`,
      },
    ];
  }
  const { length, limit: postLimit, unit } = textLength(target.platform, comment, target.maxCharacters);
  const limit = rules.maxCommentLength ?? postLimit;
  return length > limit
    ? [{ ...account, rule: 'text-too-long', message: `${rules.name} allows ${limit} ${unit}; this comment has ${length}` }]
    : [];
}

/** One part of a thread after the first, as the rules check it. */
export interface RulePart {
  content: string;
  media: readonly RuleMedia[];
}

/**
 * The rules of every target account, for one post's media and each account's text (its
 * override, else the post's content), then for each later part of a thread: each part is
 * checked against each account's limits, and a thread for a platform without threads is refused.
 */
export function checkPostForTargets(
  post: { content: string; media: readonly RuleMedia[]; thread?: readonly RulePart[]; firstComment?: string },
  targets: ReadonlyArray<{
    platform: Platform;
    connectionId?: string;
    maxCharacters?: number | null;
    content?: string;
    options?: TargetOptions | undefined;
    optionMedia?: ReadonlyMap<string, RuleMedia> | undefined;
  }>,
): PlatformViolation[] {
  const thread = post.thread ?? [];
  return targets.flatMap((target) => {
    const first = [
      ...checkPlatformRules({ ...target, media: post.media, content: target.content ?? post.content }),
      ...(post.firstComment !== undefined ? commentViolations(target, post.firstComment) : []),
    ];
    if (thread.length === 0) return first;
    if (!takesThreads(target.platform)) {
      const refusal: PlatformViolation = {
        platform: target.platform,
        ...(target.connectionId ? { connectionId: target.connectionId } : {}),
        part: 1,
        rule: 'threads-unsupported',
        message: `${RULES[target.platform].name} does not take threads: publish the ${thread.length + 1} parts as separate posts, or leave this account out`,
      };
      return [...first, refusal];
    }
    const parts = thread.flatMap((part, index) =>
      checkPlatformRules({ ...target, ...part }).map((violation) => ({ ...violation, part: index + 1 })),
    );
    return [...first, ...parts];
  });
}

/**
 * The days around a post within which the platform would refuse the same text again (its
 * definition's `duplicateTextWindowDays`). Evergreen rotation (domain/evergreen-rotation.ts)
 * keeps identical texts this far apart, and the set's own gap where the platform says nothing.
 */
export function duplicateTextWindowDays(platform: Platform, minGapDays: number): number {
  return platformDefinition(platform).duplicateTextWindowDays ?? minGapDays;
}
