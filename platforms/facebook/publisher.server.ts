// Facebook Pages through the Graph API, with a Page access token:
// text (and a link preview) on POST /{page-id}/feed; one photo on POST /{page-id}/photos
// (multipart `source`); several photos uploaded unpublished, then attached to one feed post
// with attached_media; a video on POST /{page-id}/videos.
// The account's format option (domain/target-options.ts) may choose a Reel instead: POST
// /{page-id}/video_reels upload_phase=start, the bytes to rupload.facebook.com, then
// upload_phase=finish with video_state PUBLISHED, then its status followed until Facebook has
// processed and published it (a video it cannot process fails the post); or a Story: a photo uploaded unpublished then
// POST /{page-id}/photo_stories, or a video through /{page-id}/video_stories (start, upload,
// finish). A Story shows no text.
// https://developers.facebook.com/docs/pages-api/posts
// https://developers.facebook.com/docs/video-api/guides/reels-publishing
// https://developers.facebook.com/docs/page-stories-api
// Metrics: the post's reactions, comments and shares (pages_read_engagement), and its
// lifetime insights post_media_view and post_clicks (read_insights); followers from the
// Page's followers_count.
// https://developers.facebook.com/docs/graph-api/reference/object/reactions (reactions.summary(total_count))
// https://developers.facebook.com/docs/graph-api/reference/insights (Page post metrics)
// https://developers.facebook.com/docs/video-api/guides/insights (a video's total_video_views)
// https://developers.facebook.com/blog/post/2025/08/15/page-insights-api-updates/ (impressions retired for views)
// https://developers.facebook.com/docs/graph-api/reference/page (followers_count, fan_count)
// NOTE: the Graph API takes no idempotency key. A retry after an answer that was lost in
// transit can post twice; publish-to-target's recorded publication prevents every other repeat.
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import {
  createGraphClient,
  isGraphNotFound,
  readInsights,
  unlessRefused,
  type GraphApiOptions,
  type GraphClient,
  graphApiOf,
} from '../../activities/publishers/graph';
import { mediaBlob, sleep } from '../../activities/publishers/media-upload';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type PublishedPost,
  type Publisher,
  type PublishMedia,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const FacebookCredentialsSchema = z.object({ pageId: z.string().min(1), accessToken: z.string().min(1) });

const GraphIdSchema = z.object({ id: z.string() });
const PhotoSchema = z.object({ id: z.string(), post_id: z.string().optional() });
const UploadStartedSchema = z.object({ video_id: z.string() });
const SuccessSchema = z.object({ success: z.literal(true) });
const StorySchema = z.object({ success: z.literal(true), post_id: z.string() });
const PhaseSchema = z.object({
  status: z.string(),
  errors: z.array(z.object({ code: z.number().optional(), message: z.string() })).optional(),
});
/** A video's status (Graph's VideoStatus): a Reel is uploaded, processed, then published. */
const VideoStatusSchema = z.object({
  status: z.object({ video_status: z.string(), processing_phase: PhaseSchema.optional(), publishing_phase: PhaseSchema.optional() }),
});

const CountSummarySchema = z.object({ summary: z.object({ total_count: z.number().int().nonnegative() }) });
const PostCountsSchema = z.object({
  id: z.string(),
  reactions: CountSummarySchema.optional(),
  comments: CountSummarySchema.optional(),
  // Graph leaves `shares` out while nobody has shared the post
  shares: z.object({ count: z.number().int().nonnegative() }).optional(),
});
const PageFollowersSchema = z.object({
  followers_count: z.number().int().nonnegative().optional(),
  fan_count: z.number().int().nonnegative().optional(),
});
/** every reaction (like, love, haha…) counts as a like; limit(0): the totals without the people */
const POST_COUNT_FIELDS = 'reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count),shares';
const POST_INSIGHTS = ['post_media_view', 'post_clicks'] as const;
/** a Video node has no shares field */
const VIDEO_COUNT_FIELDS = 'reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count)';

const FIRST_LINK = /https?:\/\/[^\s<>"]+/;

export function facebookPostUrl(postId: string): string {
  return `https://www.facebook.com/${postId}`;
}

async function uploadPhoto(graph: GraphClient, pageId: string, photo: PublishMedia, fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (photo.altText) form.set('alt_text_custom', photo.altText);
  form.set('source', await mediaBlob(photo), photo.fileName);
  return graph.post(`${pageId}/photos`, form, PhotoSchema, 'photo', PLATFORM_UPLOAD_TIMEOUT_MS);
}

export interface FacebookPublisherOptions extends GraphApiOptions {
  /** FACEBOOK_RUPLOAD_BASE_URL, e.g. https://rupload.facebook.com: where Reels' and Stories' videos are uploaded */
  ruploadBaseUrl: string;
  /** how often a finished Reel's status is read */
  pollIntervalMs?: number;
  /** how long a Reel's status is followed after finish; within the activity's 2 minutes, with the upload */
  maxProcessingWaitMs?: number;
}

export function createFacebookPublisher(options: FacebookPublisherOptions): Publisher {
  const pollIntervalMs = options.pollIntervalMs ?? 3_000;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? 45_000;

  /**
   * Follows a finished Reel until Facebook has published it. A video Facebook cannot process
   * fails the post (CONTENT_REJECTED: sending it again would fail again). A Reel still
   * processing at the deadline, or whose status cannot be read, was accepted: it counts as
   * published, since a retry would upload it a second time.
   */
  async function followReel(graph: GraphClient, videoId: string): Promise<void> {
    const deadline = Date.now() + maxProcessingWaitMs;
    for (;;) {
      let status: z.infer<typeof VideoStatusSchema>['status'];
      try {
        ({ status } = await graph.get(videoId, { fields: 'status' }, VideoStatusSchema, 'reel status'));
      } catch {
        return;
      }
      if (status.publishing_phase?.status === 'complete') return;
      const failed = [status.processing_phase, status.publishing_phase].find((phase) => phase?.status === 'error');
      if (failed || status.video_status === 'error') {
        const why = failed?.errors?.map((error) => error.message).join('; ') || `video_status ${status.video_status}`;
        throw new PublishError('CONTENT_REJECTED', `Facebook could not process the Reel's video: ${why}`);
      }
      if (Date.now() + pollIntervalMs > deadline) return;
      await sleep(pollIntervalMs);
    }
  }

  /**
   * A video through a resumable upload edge (video_reels, video_stories): start, the bytes to
   * rupload, then finish with `finishFields`; answers the video's id and what finish answered.
   */
  async function uploadVideo<S extends z.ZodType>(
    graph: GraphClient,
    edge: string,
    video: PublishMedia,
    finishFields: Record<string, string>,
    finished: S,
  ): Promise<{ videoId: string; answer: z.infer<S> }> {
    const { video_id: videoId } = await graph.post(edge, { upload_phase: 'start' }, UploadStartedSchema, 'upload session');
    const uploadUrl = new URL(`/video-upload/${options.version}/${encodeURIComponent(videoId)}`, options.ruploadBaseUrl);
    await graph.upload(uploadUrl, await video.read(), SuccessSchema, 'video upload', PLATFORM_UPLOAD_TIMEOUT_MS);
    const answer = await graph.post(edge, { ...finishFields, upload_phase: 'finish', video_id: videoId }, finished, 'finished upload');
    return { videoId, answer };
  }

  return {
    publishesTo: () => options.baseUrl,
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const { pageId, accessToken } = FacebookCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Facebook', options, accessToken);
      const { format } = parseTargetOptions('FACEBOOK', targetOptions);

      if (format === 'reel') {
        const video = media[0];
        // the rules refused this when the post was scheduled: here it fails in words before any upload, not as a Graph error
        if (media.length !== 1 || video?.kind !== 'video')
          throw new PublishError('CONTENT_REJECTED', 'A Facebook Reel is exactly one video');
        const { videoId } = await uploadVideo(
          graph,
          `${pageId}/video_reels`,
          video,
          { video_state: 'PUBLISHED', description: content },
          SuccessSchema,
        );
        await followReel(graph, videoId);
        return { platformPostId: videoId, url: `https://www.facebook.com/reel/${videoId}` };
      }
      if (format === 'story') {
        const item = media[0];
        if (media.length !== 1 || !item) throw new PublishError('CONTENT_REJECTED', 'A Facebook Story is exactly one photo or video');
        let story: z.infer<typeof StorySchema>;
        if (item.kind === 'video') {
          ({ answer: story } = await uploadVideo(graph, `${pageId}/video_stories`, item, {}, StorySchema));
        } else {
          const photo = await uploadPhoto(graph, pageId, item, { published: 'false' });
          story = await graph.post(`${pageId}/photo_stories`, { photo_id: photo.id }, StorySchema, 'story');
        }
        return { platformPostId: story.post_id, url: facebookPostUrl(story.post_id) };
      }

      const videos = media.filter((item) => item.kind === 'video');
      const photos = media.filter((item) => item.kind === 'image');

      if (videos.length > 0) {
        if (media.length > 1)
          throw new PublishError('CONTENT_REJECTED', 'A Facebook post carries photos or one video, not several media with a video');
        const form = new FormData();
        form.set('description', content);
        form.set('source', await mediaBlob(videos[0]!), videos[0]!.fileName);
        const video = await graph.post(`${pageId}/videos`, form, GraphIdSchema, 'video', PLATFORM_UPLOAD_TIMEOUT_MS);
        return { platformPostId: video.id, url: facebookPostUrl(video.id) };
      }

      if (photos.length === 1) {
        const photo = await uploadPhoto(graph, pageId, photos[0]!, { message: content });
        const postId = photo.post_id ?? photo.id;
        return { platformPostId: postId, url: facebookPostUrl(postId) };
      }

      const fields: Record<string, string> = { message: content };
      if (photos.length > 1) {
        // Uploaded unpublished, they appear only as part of the one post below.
        const uploaded = [];
        for (const photo of photos) uploaded.push(await uploadPhoto(graph, pageId, photo, { published: 'false' }));
        uploaded.forEach((photo, index) => (fields[`attached_media[${index}]`] = JSON.stringify({ media_fbid: photo.id })));
      } else {
        const link = FIRST_LINK.exec(content)?.[0];
        if (link) fields.link = link;
      }
      const post = await graph.post(`${pageId}/feed`, fields, GraphIdSchema, 'post');
      return { platformPostId: post.id, url: facebookPostUrl(post.id) };
    },

    // https://developers.facebook.com/docs/graph-api/reference/object/comments/#publish
    async comment({ content, connection, post }) {
      const { accessToken } = FacebookCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Facebook', options, accessToken);
      const created = await graph.post(`${post.platformPostId}/comments`, { message: content }, GraphIdSchema, 'comment');
      return { platformPostId: created.id, url: `${facebookPostUrl(post.platformPostId)}?comment_id=${encodeURIComponent(created.id)}` };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const { accessToken } = FacebookCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Facebook', options, accessToken);
      // a video (and a Reel) publishes as a Video node, whose id (unlike a post's <page>_<post>) has no underscore
      const isVideo = !platformPostId.includes('_');
      const fields = isVideo ? VIDEO_COUNT_FIELDS : POST_COUNT_FIELDS;
      let counts: z.infer<typeof PostCountsSchema> | { refused: string };
      try {
        counts = await unlessRefused(() => graph.get(platformPostId, { fields }, PostCountsSchema, 'post counts'));
      } catch (error) {
        if (isGraphNotFound(error)) return { kind: 'deleted' };
        throw error;
      }
      const insights = await unlessRefused(() =>
        isVideo
          ? readInsights(graph, `${platformPostId}/video_insights`, ['total_video_views'])
          : readInsights(graph, `${platformPostId}/insights`, POST_INSIGHTS, { period: 'lifetime' }),
      );
      const countsRefused =
        'refused' in counts ? `Facebook refused the post's counts (pages_read_engagement): ${counts.refused}` : undefined;
      const insightsRefused =
        'refused' in insights
          ? `Facebook refused the post's insights (the Page token needs read_insights): ${insights.refused}`
          : undefined;
      const post = 'refused' in counts ? undefined : counts;
      const stats = 'refused' in insights ? {} : insights;
      const noViewsYet = 'Facebook has no views of this post yet (insights can lag a day)';
      return {
        kind: 'reading',
        ...readingOf(
          'FACEBOOK',
          {
            likes: post?.reactions?.summary.total_count,
            replies: post?.comments?.summary.total_count,
            reposts: post?.shares?.count,
            views: isVideo ? stats.total_video_views : stats.post_media_view,
            clicks: stats.post_clicks,
          },
          {
            likes: countsRefused,
            replies: countsRefused,
            reposts:
              countsRefused ??
              (isVideo
                ? 'Facebook gives no share count for a video'
                : 'Facebook gave no share count: it leaves it out while nobody has shared the post'),
            views: insightsRefused ?? noViewsYet,
            clicks: isVideo
              ? 'Facebook counts no clicks on a video'
              : (insightsRefused ?? 'Facebook has no clicks of this post yet (insights can lag a day)'),
            impressions: 'Facebook retired post impressions in November 2025; planrrr reads views (post_media_view) instead',
          },
        ),
      };
    },

    async fetchFollowers(connection) {
      const { pageId, accessToken } = FacebookCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Facebook', options, accessToken);
      const page = await unlessRefused(() => graph.get(pageId, { fields: 'followers_count,fan_count' }, PageFollowersSchema, 'page'));
      if ('refused' in page) return { followers: null, missingReason: `Facebook refused the Page's follower count: ${page.refused}` };
      // followers_count is the Page's followers; fan_count (its likes) only where Graph gives no followers
      const followers = page.followers_count ?? page.fan_count;
      return followers === undefined ? { followers: null, missingReason: 'Facebook gave no follower count for this Page' } : { followers };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) =>
  createFacebookPublisher({ ...graphApiOf(config), ruploadBaseUrl: config.FACEBOOK_RUPLOAD_BASE_URL });
