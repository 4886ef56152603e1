// Media files of a team: upload (streamed into the media store), metadata, bytes, and
// deletion while no scheduled post still needs them. Another team's media is a 404.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import type { Db } from '../../lib/db';
import { MediaNotFoundError, type MediaStore } from '../../lib/media-store';
import { verifyMediaSignature } from '../../lib/media-urls';
import type { Actor } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import { UploadFieldsSchema } from './schemas';
import { receiveUpload, type UploadLimits } from './upload';
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

export function createMediaService(deps: MediaServiceDeps) {
  const { db, store } = deps;

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
