// Media files of a team: upload (streamed into the media store), metadata, bytes, and
// deletion while no scheduled post still needs them. Another team's media is a 404.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { Request } from 'express';
import { MEDIA_KINDS, type RuleMedia } from '../../domain/platform-rules';
import type { Db } from '../../lib/db';
import { mediaFactsReader, UNKNOWN_FACTS, type MediaFacts } from '../../lib/media-facts';
import { MediaNotFoundError, type MediaStore } from '../../lib/media-store';
import { verifyMediaSignature } from '../../lib/media-urls';
import type { Actor } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import { UploadFieldsSchema } from './schemas';
import { ACCEPTED_MEDIA_TYPES, receiveUpload, storeFile, type AcceptedMediaType, type MediaKind, type UploadLimits } from './upload';
import { MEDIA_FIELDS, toMediaView, type MediaRow } from './view';

export interface MediaServiceDeps {
  db: Db;
  store: MediaStore;
  limits: UploadLimits;
  /** signs and checks the public, time-limited media URLs (lib/media-urls.ts) */
  sessionSecret: string;
}

/** Posts in these statuses may still publish their media. */
const PENDING_POST_STATUSES = ['DRAFT', 'SCHEDULED', 'PUBLISHING'] as const;

export interface MediaContent {
  mimeType: string;
  sizeBytes: number;
  stream: Readable;
}

/** How long a media URL (of an import) may take to answer, and to send its file. */
const URL_PROBE_TIMEOUT_MS = 10_000;
const URL_DOWNLOAD_TIMEOUT_MS = 120_000;
/** How much of a file at a URL is read to learn its dimensions and length before it is imported. */
const URL_FACTS_BYTES = 1024 * 1024;

/**
 * What the first bytes of the file at `url` say of it (an image's header, an MP4 whose movie
 * box comes first): asked with a Range, read no further than URL_FACTS_BYTES whatever the
 * server sends. Unknown when the server will not tell; the import reads the whole file anyway.
 */
async function urlFacts(url: string, kind: MediaKind): Promise<MediaFacts> {
  if (kind === 'DOCUMENT') return UNKNOWN_FACTS;
  try {
    const response = await fetch(url, {
      headers: { range: `bytes=0-${URL_FACTS_BYTES - 1}` },
      redirect: 'follow',
      signal: AbortSignal.timeout(URL_PROBE_TIMEOUT_MS),
    });
    if (!response.ok || !response.body) return UNKNOWN_FACTS;
    const reader = mediaFactsReader(kind);
    let read = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      reader.push(chunk);
      read += chunk.length;
      if (read >= URL_FACTS_BYTES) break; // leaving the loop cancels the rest of the body
    }
    return reader.facts();
  } catch {
    return UNKNOWN_FACTS;
  }
}

/** Why a media URL could not be fetched, as a refusal naming it. */
function unreachable(url: string, why: string): ProblemError {
  return problems.unprocessable('media-unreachable', `${url} ${why}`);
}

function fetchFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return `cannot be reached (${cause ?? (error instanceof Error ? error.message : String(error))})`;
}

export function createMediaService(deps: MediaServiceDeps) {
  const { db, store } = deps;
  const limitOf = (type: AcceptedMediaType) =>
    ACCEPTED_MEDIA_TYPES[type] === 'IMAGE' ? deps.limits.maxImageBytes : deps.limits.maxVideoBytes;

  async function findMedia(actor: Actor, id: string): Promise<MediaRow & { storageKey: string }> {
    const media = await db.media.findFirst({ where: { id, teamId: actor.teamId }, select: { ...MEDIA_FIELDS, storageKey: true } });
    if (!media) throw problems.notFound('Media', id);
    return media;
  }

  async function content(media: { mimeType: string; sizeBytes: number; storageKey: string }, id: string): Promise<MediaContent> {
    try {
      return { mimeType: media.mimeType, sizeBytes: media.sizeBytes, stream: await store.stream(media.storageKey) };
    } catch (error) {
      if (error instanceof MediaNotFoundError)
        throw new ProblemError(410, 'media-gone', 'The media file is gone', `The bytes of media ${id} are no longer in the media store.`);
      throw error;
    }
  }

  return {
    async upload(actor: Actor, req: Request) {
      const storageKey = `${actor.teamId}/${randomUUID()}`;
      const { file, fields } = await receiveUpload(req, { store, storageKey, limits: deps.limits });
      const parsed = UploadFieldsSchema.safeParse(fields);
      if (!file || !parsed.success) {
        if (file) await store.delete(file.storageKey).catch(() => undefined);
        throw problems.validation(
          parsed.success
            ? [{ field: 'body.file', message: 'send the image or video in the `file` field' }]
            : parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message })),
        );
      }
      const media = await db.media
        .create({
          data: {
            teamId: actor.teamId,
            uploaderId: actor.userId,
            kind: file.kind,
            mimeType: file.mimeType,
            sizeBytes: file.sizeBytes,
            ...file.facts,
            fileName: file.fileName.slice(0, 255),
            altText: parsed.data.altText,
            storageKey: file.storageKey,
          },
          select: MEDIA_FIELDS,
        })
        .catch(async (error: unknown) => {
          // no row names the file: it must not stay in the store
          await store.delete(file.storageKey).catch(() => undefined);
          throw error;
        });
      return toMediaView(media);
    },

    async get(actor: Actor, id: string) {
      return toMediaView(await findMedia(actor, id));
    },

    async content(actor: Actor, id: string): Promise<MediaContent> {
      return content(await findMedia(actor, id), id);
    },

    /** Describes an uploaded image or video after the upload (the composer asks for alt text beside its thumbnail). */
    async setAltText(actor: Actor, id: string, altText: string | null): Promise<void> {
      const parsed = UploadFieldsSchema.safeParse({ altText: altText ?? undefined });
      if (!parsed.success)
        throw problems.validation(parsed.error.issues.map((issue) => ({ field: `altText.${id}`, message: issue.message })));
      const { count } = await db.media.updateMany({ where: { id, teamId: actor.teamId }, data: { altText: parsed.data.altText } });
      if (count === 0) throw problems.notFound('Media', id);
    },

    /** The bytes behind a signed public URL; 403 for a wrong or expired signature. */
    async signedContent(id: string, expires: number, signature: string): Promise<MediaContent> {
      if (!verifyMediaSignature({ sessionSecret: deps.sessionSecret, mediaId: id, expires, signature })) {
        throw problems.forbidden('The link is invalid or has expired.');
      }
      const media = await db.media.findUnique({ where: { id }, select: { mimeType: true, sizeBytes: true, storageKey: true } });
      if (!media) throw problems.notFound('Media', id);
      return content(media, id);
    },

    async delete(actor: Actor, id: string): Promise<void> {
      const media = await findMedia(actor, id);
      const unpublished = { status: { in: [...PENDING_POST_STATUSES] } };
      const [pending, pendingParts] = await Promise.all([
        db.postMedia.findMany({ where: { mediaId: id, post: unpublished }, select: { postId: true } }),
        db.postPartMedia.findMany({ where: { mediaId: id, part: { post: unpublished } }, select: { part: { select: { postId: true } } } }),
      ]);
      if (pending.length > 0 || pendingParts.length > 0) {
        const postIds = [...new Set([...pending.map((link) => link.postId), ...pendingParts.map((link) => link.part.postId)])];
        throw problems.conflict(
          'media-in-use',
          `Posts that have not published yet use this media: ${postIds.join(', ')}. Remove it from them first.`,
          { postIds },
        );
      }
      // Finished posts keep their text and results; only their link to the file goes.
      await db.$transaction([
        db.postMedia.deleteMany({ where: { mediaId: id } }),
        db.postPartMedia.deleteMany({ where: { mediaId: id } }),
        db.media.delete({ where: { id } }),
      ]);
      await store.delete(media.storageKey);
    },

    /**
     * Why the file at `url` would not do as media (it does not answer, or says it is of a
     * type or size planrrr refuses), else the media as the platform rules see it (when the
     * server names its type), with the dimensions and length its first bytes tell. Fetched as
     * every outbound request of the process is: private addresses are refused unless
     * ALLOW_INSECURE_PLATFORM_URLS.
     */
    async probeUrl(url: string): Promise<{ problem: string } | { media?: RuleMedia }> {
      let response: Response;
      try {
        response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(URL_PROBE_TIMEOUT_MS) });
      } catch (error) {
        return { problem: `${url} ${fetchFailure(error)}` };
      }
      if (!response.ok) return { problem: `${url} answered ${response.status}` };
      const type = response.headers.get('content-type')?.split(';')[0]!.trim().toLowerCase();
      // a server that does not say: the download will tell
      if (!type) return {};
      if (!(type in ACCEPTED_MEDIA_TYPES))
        return { problem: `${url} is ${type}; accepted: ${Object.keys(ACCEPTED_MEDIA_TYPES).join(', ')}` };
      const accepted = type as AcceptedMediaType;
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > limitOf(accepted)) return { problem: `${url} is ${length} bytes; at most ${limitOf(accepted)} for ${type}` };
      const kind = ACCEPTED_MEDIA_TYPES[accepted];
      return { media: { kind: MEDIA_KINDS[kind], mimeType: type, sizeBytes: length, ...(await urlFacts(url, kind)) } };
    },

    /**
     * Downloads the file at `url` into the store as the team's media, typed and limited as an
     * upload is, under `storageKey`: the same key again answers the media stored the first
     * time, so a retried download stores nothing twice. 422 naming the URL when it fails.
     */
    async importFromUrl(actor: Actor, url: string, storageKey: string): Promise<string> {
      const existing = await db.media.findUnique({ where: { storageKey }, select: { id: true, teamId: true } });
      if (existing?.teamId === actor.teamId) return existing.id;
      let response: Response;
      try {
        response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(URL_DOWNLOAD_TIMEOUT_MS) });
      } catch (error) {
        throw unreachable(url, fetchFailure(error));
      }
      if (!response.ok || !response.body) throw unreachable(url, `answered ${response.status}`);
      const fileName = decodeURIComponent(new URL(url).pathname.split('/').at(-1) || 'media').slice(0, 255);
      let file;
      try {
        file = await storeFile(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), fileName, storageKey, store, deps.limits);
      } catch (error) {
        if (error instanceof ProblemError)
          throw unreachable(
            url,
            `is refused: ${error.extensions.errors ? (error.extensions.errors as Array<{ message: string }>)[0]!.message : error.title}`,
          );
        throw error;
      }
      const media = await db.media
        .create({
          data: {
            teamId: actor.teamId,
            uploaderId: actor.userId,
            kind: file.kind,
            mimeType: file.mimeType,
            sizeBytes: file.sizeBytes,
            ...file.facts,
            fileName,
            storageKey,
          },
          select: { id: true },
        })
        .catch(async (error: unknown) => {
          await store.delete(storageKey).catch(() => undefined);
          throw error;
        });
      return media.id;
    },

    /** The team's media among `ids`, in order; 422 naming the ones that are not. */
    async resolveForPost(actor: Actor, ids: readonly string[], field = 'body.media'): Promise<string[]> {
      const found = await db.media.findMany({ where: { id: { in: [...ids] }, teamId: actor.teamId }, select: { id: true } });
      const known = new Set(found.map((media) => media.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new ProblemError(
          422,
          'unknown-media',
          'The request cannot be carried out',
          `${field}: no media with id ${unknown.join(', ')} in this team.`,
          {
            errors: [{ field, message: `unknown media ${unknown.join(', ')}` }],
            mediaIds: unknown,
          },
        );
      }
      return [...ids];
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
