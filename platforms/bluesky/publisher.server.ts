// Bluesky (AT Protocol) on the account's own PDS: a session from the app password
// (com.atproto.server.createSession, kept per account: sessions.server.ts), blobs for media
// (com.atproto.repo.uploadBlob), then an app.bsky.feed.post record
// (com.atproto.repo.createRecord) with rich-text facets.
// https://docs.bsky.app/docs/advanced-guides/posts
// https://docs.bsky.app/docs/tutorials/video (the "simple method": the video blob goes to the PDS)
// Follower counts: https://docs.bsky.app/docs/api/app-bsky-actor-get-profile (the session's own DID).
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { blueskyApi, fetchBlueskyProfile, xrpc } from './api.server';
import { BlueskySessions, type BlueskySession } from './sessions.server';
import { PublishError } from '../../lib/platforms/errors';
import { platformFetch, readJson } from '../../lib/platforms/http';
import type { PlatformPostRef } from '../../domain/post';
import {
  type ConnectionForPublishing,
  type PublishMedia,
  type Publisher,
  replyForComment,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const BlueskyCredentialsSchema = z.object({
  identifier: z.string().min(1),
  appPassword: z.string().min(1),
  serviceUrl: z.url(),
  did: z.string().startsWith('did:'),
});
export type BlueskyCredentials = z.infer<typeof BlueskyCredentialsSchema>;

const BlobSchema = z.object({
  blob: z.object({ $type: z.literal('blob'), ref: z.object({ $link: z.string() }), mimeType: z.string(), size: z.number() }),
});
const CreatedRecordSchema = z.object({ uri: z.string().startsWith('at://'), cid: z.string() });
// https://docs.bsky.app/docs/api/app-bsky-feed-get-posts: a deleted post is left out of `posts`
const PostCountsSchema = z.object({
  posts: z.array(
    z.object({
      uri: z.string(),
      likeCount: z.number().int().nonnegative().optional(),
      repostCount: z.number().int().nonnegative().optional(),
      replyCount: z.number().int().nonnegative().optional(),
      quoteCount: z.number().int().nonnegative().optional(),
    }),
  ),
});
const ResolvedHandleSchema = z.object({ did: z.string() });

export interface ByteRange {
  byteStart: number;
  byteEnd: number;
}

export interface DetectedFacets {
  links: Array<ByteRange & { uri: string }>;
  mentions: Array<ByteRange & { handle: string }>;
}

// The patterns from Bluesky's own guide to facets (docs.bsky.app/docs/advanced-guides/post-richtext):
// a mention or link starts the text or follows a non-word character.
const MENTION_PATTERN = /(^|\W)(@([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)/g;
const LINK_PATTERN =
  /(^|\W)(https?:\/\/(www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b([-a-zA-Z0-9()@:%_+.~#?&/=]*[-a-zA-Z0-9@%_+~#/=])?)/g;

/** Links and @mentions in the text, with the UTF-8 byte offsets facets use (not UTF-16 indexes). */
export function detectFacets(text: string): DetectedFacets {
  const bytesBefore = (index: number) => Buffer.byteLength(text.slice(0, index), 'utf8');
  const rangeOf = (match: RegExpMatchArray): ByteRange => {
    const start = match.index! + match[1]!.length;
    return { byteStart: bytesBefore(start), byteEnd: bytesBefore(start + match[2]!.length) };
  };
  return {
    links: [...text.matchAll(LINK_PATTERN)].map((match) => ({ ...rangeOf(match), uri: match[2]! })),
    mentions: [...text.matchAll(MENTION_PATTERN)].map((match) => ({ ...rangeOf(match), handle: match[2]!.slice(1) })),
  };
}

/** https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json */
export const BLUESKY_IMAGE_MAX_BYTES = 1_000_000;
/** https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json */
export const BLUESKY_VIDEO_MAX_BYTES = 100_000_000;

/** A reply names a post by its uri and the content id of the version it answers (com.atproto.repo.strongRef). */
function strongRef(post: PlatformPostRef): { uri: string; cid: string } {
  if (!post.platformCid) throw new PublishError('INTERNAL', `The Bluesky post ${post.platformPostId} to reply to has no recorded cid`);
  return { uri: post.platformPostId, cid: post.platformCid };
}

export function createBlueskyPublisher(options: { defaultServiceUrl: string; sessions?: BlueskySessions }): Publisher {
  const sessions = options.sessions ?? new BlueskySessions();
  /** The account's credentials to parse: on the default PDS unless they name their own. */
  const credentialsOf = (connection: ConnectionForPublishing) => ({ serviceUrl: options.defaultServiceUrl, ...connection.credentials });
  /** Runs `work` logged in as the account, on its kept session where there is one. */
  const asAccount = <T>(connection: ConnectionForPublishing, work: (session: BlueskySession, serviceUrl: string) => Promise<T>) => {
    const credentials = BlueskyCredentialsSchema.parse(credentialsOf(connection));
    return sessions.use(credentials, (session) => work(session, credentials.serviceUrl));
  };

  return {
    publishesTo: (connection) => BlueskyCredentialsSchema.safeParse(credentialsOf(connection)).data?.serviceUrl,
    // a post due at a time logs in before it, so that at the time only its own calls are left
    async prepare(connection) {
      await asAccount(connection, async () => undefined);
    },

    publish: ({ content, media, connection, replyTo }) =>
      asAccount(connection, async (session, serviceUrl) => {
        const auth = { Authorization: `Bearer ${session.accessJwt}` };

        const uploadBlob = async (item: PublishMedia) => {
          const response = await platformFetch(blueskyApi, xrpc(serviceUrl, 'com.atproto.repo.uploadBlob'), {
            method: 'POST',
            headers: { ...auth, 'Content-Type': item.mimeType },
            body: new Uint8Array(await item.read()),
          });
          return (await readJson(blueskyApi, response, BlobSchema, 'blob')).blob;
        };

        const videos = media.filter((item) => item.kind === 'video');
        if (videos.length > 0 && (videos.length > 1 || media.length > 1)) {
          throw new PublishError('CONTENT_REJECTED', 'A Bluesky post carries either up to 4 images or one video');
        }
        let embed: Record<string, unknown> | undefined;
        if (videos[0]) {
          embed = {
            $type: 'app.bsky.embed.video',
            video: await uploadBlob(videos[0]),
            ...(videos[0].altText ? { alt: videos[0].altText } : {}),
          };
        } else if (media.length > 0) {
          const images = [];
          for (const item of media) images.push({ alt: item.altText ?? '', image: await uploadBlob(item) });
          embed = { $type: 'app.bsky.embed.images', images };
        }

        const detected = detectFacets(content);
        const facets: unknown[] = detected.links.map(({ uri, ...index }) => ({
          index,
          features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
        }));
        for (const { handle, ...index } of detected.mentions) {
          const resolve = xrpc(serviceUrl, 'com.atproto.identity.resolveHandle');
          resolve.searchParams.set('handle', handle);
          let did: string;
          try {
            did = (await readJson(blueskyApi, await platformFetch(blueskyApi, resolve, { headers: auth }), ResolvedHandleSchema, 'handle'))
              .did;
          } catch (error) {
            // An @name that is no account stays plain text, as in Bluesky's own app.
            if (error instanceof PublishError && error.kind === 'CONTENT_REJECTED') continue;
            throw error;
          }
          facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
        }

        const record = {
          $type: 'app.bsky.feed.post',
          text: content,
          createdAt: new Date().toISOString(),
          ...(facets.length > 0 ? { facets } : {}),
          ...(embed ? { embed } : {}),
          // https://docs.bsky.app/docs/advanced-guides/posts#replies-quote-posts-and-embeds
          ...(replyTo ? { reply: { root: strongRef(replyTo.root), parent: strongRef(replyTo.parent) } } : {}),
        };
        // NOTE: no idempotency key in createRecord; the recorded publication
        // (publish-to-target.ts) keeps a retried activity from posting again.
        const response = await platformFetch(blueskyApi, xrpc(serviceUrl, 'com.atproto.repo.createRecord'), {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ repo: session.did, collection: 'app.bsky.feed.post', record }),
        });
        const created = await readJson(blueskyApi, response, CreatedRecordSchema, 'record');
        const rkey = created.uri.split('/').at(-1)!;
        return { platformPostId: created.uri, platformCid: created.cid, url: `https://bsky.app/profile/${session.handle}/post/${rkey}` };
      }),

    comment(request) {
      return this.publish(replyForComment(request));
    },

    async fetchMetrics({ platformPostId, connection }) {
      const post = await asAccount(connection, async (session, serviceUrl) => {
        // the PDS forwards app.bsky.* reads to the AppView that counts
        const url = xrpc(serviceUrl, 'app.bsky.feed.getPosts');
        url.searchParams.set('uris', platformPostId);
        const response = await platformFetch(blueskyApi, url, { headers: { Authorization: `Bearer ${session.accessJwt}` } });
        return (await readJson(blueskyApi, response, PostCountsSchema, 'post list')).posts.find((each) => each.uri === platformPostId);
      });
      if (!post) return { kind: 'deleted' };
      return {
        kind: 'reading',
        ...readingOf(
          'BLUESKY',
          { likes: post.likeCount, reposts: post.repostCount, replies: post.replyCount, quotes: post.quoteCount },
          { impressions: 'Bluesky does not count views', bookmarks: 'Bluesky does not show bookmark counts' },
        ),
      };
    },

    async fetchFollowers(connection) {
      const { followersCount } = await asAccount(connection, (session, serviceUrl) => fetchBlueskyProfile(serviceUrl, session));
      return followersCount === undefined
        ? { followers: null, missingReason: 'Bluesky gave no follower count for this profile' }
        : { followers: followersCount };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) =>
  createBlueskyPublisher({ defaultServiceUrl: config.BLUESKY_DEFAULT_SERVICE_URL });
