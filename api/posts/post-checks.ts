// The checks a post must pass before anything is scheduled: its accounts are the team's
// and usable, its media and labels the team's, and every target platform's rules hold.
// Shared by posts and series (a series is checked as the post each occurrence will be).
import { checkPostForTargets, MEDIA_KINDS, type PlatformViolation, type RuleMedia } from '../../domain/platform-rules';
import type { ThreadPart } from '../../domain/post';
import type { PostTargetInput } from '../../domain/post-lifecycle';
import { prepared, type Db } from '../../lib/db';
import type { Connection } from '../../prisma/generated/client';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { LabelService } from '../labels/service';
import type { MediaService } from '../media/service';
import { optionMediaIds, optionsKey, hasTargetOptions, type TargetOptions } from '../../domain/target-options';
import type { OverridesInput, TargetOptionsInput, ThreadInput } from './schemas';

export interface PostChecksDeps {
  db: Db;
  /** checks that attached media belong to the team */
  media: Pick<MediaService, 'resolveForPost'>;
  /** checks that labels put on posts belong to the team */
  labels: Pick<LabelService, 'resolve'>;
}

/** What a post publishes, as rules check it: each account gets its override, else the content. */
export interface PostForRules {
  content: string;
  connectionIds: readonly string[];
  mediaIds: readonly string[];
  overrides: ReadonlyMap<string, string>;
  /** each account's platform options (an account that needs them and has none breaks a rule) */
  targetOptions: ReadonlyMap<string, TargetOptions>;
  /** a thread's parts after the first */
  thread: readonly ThreadPart[];
  /** null: none */
  firstComment: string | null;
  /** media not uploaded yet (an import's URLs), at their places among mediaIds' */
  urlMedia?: readonly UrlMedia[];
}

/** A file at a URL that is to become one of the post's media, as far as the rules are concerned. */
export interface UrlMedia {
  /** its place among the post's media */
  position: number;
  media: RuleMedia;
}

/** The post's media in order: the uploaded ones with the ones still at URLs in their places. */
function withUrlMedia(uploaded: readonly RuleMedia[], urlMedia: readonly UrlMedia[]): RuleMedia[] {
  const media = [...uploaded];
  for (const { position, media: item } of [...urlMedia].sort((a, b) => a.position - b.position)) media.splice(position, 0, item);
  return media;
}

export function overridesMap(overrides: OverridesInput | undefined): Map<string, string> {
  return new Map((overrides ?? []).map((override) => [override.connectionId, override.content]));
}

/** The targets, each with its override from `overrides` (and no other), keeping their platform options. */
export function withOverrides(targets: PostTargetInput[], overrides: ReadonlyMap<string, string>): PostTargetInput[] {
  return targets.map(({ connectionId, platform, options }) => {
    const content = overrides.get(connectionId);
    return { connectionId, platform, ...(content !== undefined ? { content } : {}), ...(options !== undefined ? { options } : {}) };
  });
}

/**
 * The targets with the platform options sent for them (and no other). Options under another
 * platform's key than the account's are a 400 naming the entry.
 */
export function withTargetOptions(targets: PostTargetInput[], entries: TargetOptionsInput): PostTargetInput[] {
  const byConnection = new Map(entries.map((entry, index) => [entry.connectionId, { entry, index }]));
  const errors: Array<{ field: string; message: string }> = [];
  const withOptions = targets.map(({ options: _previous, ...target }) => {
    const sent = byConnection.get(target.connectionId);
    if (!sent) return target;
    const { connectionId: _id, ...keyed } = sent.entry;
    const [key, options] = Object.entries(keyed)[0] ?? [];
    if (!hasTargetOptions(target.platform) || key !== optionsKey(target.platform)) {
      errors.push({
        field: `body.targetOptions.${sent.index}.${key}`,
        message: `${target.connectionId} is a ${target.platform} account: it takes no ${key} options`,
      });
      return target;
    }
    return { ...target, options: options as TargetOptions };
  });
  if (errors.length > 0) throw problems.validation(errors);
  return withOptions;
}

/** The targets' platform options by connection id. */
export function targetOptionsOf(targets: readonly PostTargetInput[]): Map<string, TargetOptions> {
  return new Map(targets.flatMap((target) => (target.options ? [[target.connectionId, target.options] as const] : [])));
}

/** A stored media row as the rules see it. */
function ruleMediaOf(item: { kind: keyof typeof MEDIA_KINDS } & Omit<RuleMedia, 'kind'>): RuleMedia {
  const { mimeType, sizeBytes, width, height, durationMs } = item;
  return { kind: MEDIA_KINDS[item.kind], mimeType, sizeBytes, width, height, durationMs };
}

/** The team's media among `ids` as the rules see them: a lookup from media ids to their RuleMedia, in order (unknown ids left out). */
export async function ruleMediaLookup(db: Db, actor: Actor, ids: readonly string[]): Promise<(mediaIds: readonly string[]) => RuleMedia[]> {
  const mediaRows =
    ids.length === 0
      ? []
      : await db.media.findMany({
          where: { id: { in: [...ids] }, teamId: actor.teamId },
          select: { id: true, kind: true, mimeType: true, sizeBytes: true, width: true, height: true, durationMs: true },
        });
  const mediaById = new Map(mediaRows.map((item) => [item.id, item]));
  return (mediaIds) =>
    mediaIds.flatMap((mediaId) => {
      const item = mediaById.get(mediaId);
      return item ? [ruleMediaOf(item)] : [];
    });
}

/** What the checks read of a connection (readConnections). */
export type ConnectionRow = Pick<Connection, 'id' | 'platform' | 'status' | 'handle' | 'maxCharacters' | 'signature'>;

export type PostChecks = ReturnType<typeof createPostChecks>;

export function createPostChecks({ db, media, labels }: PostChecksDeps) {
  /** The team's connections among `ids` (unknown ids left out), with what the checks and a new post's signatures need. */
  async function readConnections(actor: Actor, ids: readonly string[]): Promise<ConnectionRow[]> {
    // on the pool: read on every create and edit
    const { rows } = await db.$pool.query<ConnectionRow>(
      prepared(
        'SELECT id, platform, status, handle, "maxCharacters", signature FROM "Connection" WHERE id = ANY($1::text[]) AND "teamId" = $2',
        [ids, actor.teamId],
      ),
    );
    return rows;
  }

  /** The connections `ids` name, in order, when all are the team's and active; 422 naming the ones that are not. */
  function targetsOf(ids: readonly string[], connections: readonly ConnectionRow[]): PostTargetInput[] {
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw problems.unprocessable('unknown-connection', `No connected account with id ${unknown.join(', ')} in this team.`, {
        connectionIds: unknown,
      });
    }
    const inactive = connections.filter((connection) => connection.status !== 'ACTIVE');
    if (inactive.length > 0) {
      throw problems.unprocessable(
        'connection-needs-reconnect',
        `Reconnect ${inactive.map((c) => c.id).join(', ')} before scheduling to it.`,
      );
    }
    return ids.map((id) => ({ connectionId: id, platform: byId.get(id)!.platform }));
  }

  /** The team's active connections among `ids`, in order; 422 naming the ones that are not. */
  async function resolveTargets(actor: Actor, ids: string[]): Promise<PostTargetInput[]> {
    return targetsOf(ids, await readConnections(actor, ids));
  }

  /**
   * 422 listing every rule a target platform would break, so the author can fix them all at
   * once. Each account is checked against the text it will publish: its override, else the content.
   * `known`: the post's connections, when the caller read them already (readConnections).
   */
  async function assertPlatformRules(actor: Actor, post: PostForRules, known?: readonly ConnectionRow[]): Promise<void> {
    const connections = known ?? (await readConnections(actor, post.connectionIds));
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const optionMediaOf = (id: string) => optionMediaIds(byId.get(id)!.platform, post.targetOptions.get(id));
    const ruleMedia = await ruleMediaLookup(db, actor, [
      ...post.mediaIds,
      ...post.thread.flatMap((part) => part.mediaIds),
      ...connections.flatMap((connection) => optionMediaOf(connection.id)),
    ]);
    // in the order the author chose the accounts and arranged the media
    const targets = post.connectionIds.flatMap((id) => {
      const connection = byId.get(id);
      return connection
        ? [
            {
              connectionId: id,
              platform: connection.platform,
              maxCharacters: connection.maxCharacters,
              content: post.overrides.get(id),
              options: post.targetOptions.get(id),
              // the team's media among those the options name: another's is absent, and the rules say so
              optionMedia: new Map(optionMediaOf(id).flatMap((mediaId) => ruleMedia([mediaId]).map((item) => [mediaId, item] as const))),
            },
          ]
        : [];
    });
    const thread = post.thread.map((part) => ({ content: part.content, media: ruleMedia(part.mediaIds) }));
    const checked = {
      content: post.content,
      media: withUrlMedia(ruleMedia(post.mediaIds), post.urlMedia ?? []),
      thread,
      firstComment: post.firstComment ?? undefined,
    };
    const violations = checkPostForTargets(checked, targets).map((violation) => ({
      ...violation,
      handle: byId.get(violation.connectionId!)!.handle,
    }));
    if (violations.length === 0) return;
    const inPart = (violation: PlatformViolation) =>
      violation.firstComment
        ? ' in the first comment'
        : violation.part === undefined
          ? ''
          : ` in part ${violation.part + 1} of ${post.thread.length + 1}`;
    throw problems.unprocessable(
      'platform-rules',
      violations
        .map((violation) => `${violation.platform} (${violation.rule}) for ${violation.handle}${inPart(violation)}: ${violation.message}`)
        .join('; '),
      { violations },
    );
  }

  /** A thread's parts with their media checked to be the team's (422 naming the part's field otherwise). */
  async function resolveThread(actor: Actor, thread: ThreadInput): Promise<ThreadPart[]> {
    const parts: ThreadPart[] = [];
    for (const [index, part] of thread.entries()) {
      const mediaIds = part.media ? await media.resolveForPost(actor, part.media, `body.thread.${index}.media`) : [];
      parts.push({ content: part.content, mediaIds });
    }
    return parts;
  }

  return {
    readConnections,
    resolveTargets,
    assertPlatformRules,
    resolveThread,

    /**
     * A new post's accounts, media and labels, checked to be the team's (and the accounts
     * usable), then its platform rules unless `platformRules` is false (a draft may break
     * them while it is written). `publishedText` is the text the rules see, when it is not
     * the content itself (a series checks an occurrence's text). `connections`: the accounts
     * `connectionIds` name, when the caller read them already (readConnections).
     */
    async checkNewPost(
      actor: Actor,
      input: {
        content: string;
        connectionIds: string[];
        overrides?: OverridesInput | undefined;
        targetOptions?: TargetOptionsInput | undefined;
        media?: string[] | undefined;
        labelIds?: string[] | undefined;
        thread?: ThreadInput | undefined;
        firstComment?: string | undefined;
      },
      options: {
        platformRules: boolean;
        publishedText?: (text: string) => string;
        urlMedia?: readonly UrlMedia[];
        connections?: readonly ConnectionRow[];
      },
    ) {
      const overrides = overridesMap(input.overrides);
      const connections = options.connections ?? (await readConnections(actor, input.connectionIds));
      const targets = withTargetOptions(withOverrides(targetsOf(input.connectionIds, connections), overrides), input.targetOptions ?? []);
      const mediaIds = input.media ? await media.resolveForPost(actor, input.media) : [];
      const thread = await resolveThread(actor, input.thread ?? []);
      const labelIds = await labels.resolve(actor, input.labelIds ?? [], 'body.labelIds');
      if (options.platformRules) {
        const published = options.publishedText ?? ((text: string) => text);
        await assertPlatformRules(
          actor,
          {
            content: published(input.content),
            connectionIds: input.connectionIds,
            mediaIds,
            overrides: new Map([...overrides].map(([connectionId, text]) => [connectionId, published(text)])),
            targetOptions: targetOptionsOf(targets),
            thread: thread.map((part) => ({ ...part, content: published(part.content) })),
            firstComment: input.firstComment === undefined ? null : published(input.firstComment),
            ...(options.urlMedia && { urlMedia: options.urlMedia }),
          },
          connections,
        );
      }
      return { targets, mediaIds, labelIds, overrides, thread };
    },
  };
}
