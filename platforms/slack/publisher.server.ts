// Slack: a message in a channel by the account's Slack app (its bot token). Text alone is
// chat.postMessage. With media, each file is uploaded the way Slack asks since files.upload
// was retired: files.getUploadURLExternal (an upload URL and a file id), the bytes POSTed to
// that URL, then one files.completeUploadExternal shares them all in the channel with the
// text as `initial_comment`. The link comes from chat.getPermalink.
// https://docs.slack.dev/reference/methods/chat.postMessage https://docs.slack.dev/messaging/working-with-files#upload
// Followers: conversations.info with include_num_members (the channel's members). Metrics:
// the Web API gives no message analytics, so there is no fetchMetrics (PLATFORM_METRICS).
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { fetchWithinDeadline } from '../../lib/platforms/http';
import { slackCall, slackChannelInfo } from './api.server';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type Publisher,
  type PublishMedia,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const SlackCredentialsSchema = z.object({ botToken: z.string().startsWith('xoxb-'), channelId: z.string().min(1) });

const PostedSchema = z.object({ channel: z.string(), ts: z.string() });
const UploadUrlSchema = z.object({ upload_url: z.url(), file_id: z.string() });
// https://docs.slack.dev/reference/methods/files.completeUploadExternal: each file with where it was shared (public or private channels)
const ShareSchema = z.record(z.string(), z.array(z.object({ ts: z.string() })));
const CompletedSchema = z.object({
  files: z.array(
    z.object({
      id: z.string(),
      permalink: z.string().optional(),
      shares: z.object({ public: ShareSchema.optional(), private: ShareSchema.optional() }).optional(),
    }),
  ),
});
const PermalinkSchema = z.object({ permalink: z.url() });

/**
 * Slack reads `&`, `<` and `>` as its own markup (links, mentions): escaped, the post reads
 * as written. https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function createSlackPublisher(options: { baseUrl: string }): Publisher {
  const { baseUrl } = options;

  /** Uploads one file to the URL Slack hands out; answers its file id. */
  async function upload(botToken: string, item: PublishMedia): Promise<string> {
    // Slack checks the upload against the length announced here: the bytes' own
    const bytes = new Uint8Array(await item.read());
    const target = await slackCall(
      baseUrl,
      botToken,
      'files.getUploadURLExternal',
      { filename: item.fileName, length: bytes.length, ...(item.altText ? { alt_txt: item.altText } : {}) },
      UploadUrlSchema,
    );
    const response = await fetchWithinDeadline(
      'Slack',
      target.upload_url,
      { method: 'POST', headers: { 'Content-Type': item.mimeType }, body: bytes },
      PLATFORM_UPLOAD_TIMEOUT_MS,
    );
    if (!response.ok) {
      throw new PublishError(
        response.status >= 500 ? 'PLATFORM_UNAVAILABLE' : 'CONTENT_REJECTED',
        `Slack answered ${response.status} to the upload of ${item.fileName}`,
      );
    }
    return target.file_id;
  }

  /**
   * The message's link; none (never a wrong one) when Slack does not give it: the message is
   * posted by then, and failing would make the activity post it again.
   */
  async function permalink(botToken: string, channel: string, ts: string): Promise<string> {
    return slackCall(baseUrl, botToken, 'chat.getPermalink', { channel, message_ts: ts }, PermalinkSchema).then(
      (answer) => answer.permalink,
      () => '',
    );
  }

  return {
    publishesTo: () => baseUrl,
    // NOTE: Slack takes no idempotency key; the recorded publication (publish-to-target.ts)
    // keeps a retried activity from posting again.
    async publish({ content, media, connection }) {
      const { botToken, channelId } = SlackCredentialsSchema.parse(connection.credentials);
      const text = escapeSlackText(content);
      if (media.length === 0) {
        const posted = await slackCall(baseUrl, botToken, 'chat.postMessage', { channel: channelId, text }, PostedSchema);
        return { platformPostId: `${posted.channel}/${posted.ts}`, url: await permalink(botToken, posted.channel, posted.ts) };
      }
      const fileIds: string[] = [];
      for (const item of media) fileIds.push(await upload(botToken, item));
      const completed = await slackCall(
        baseUrl,
        botToken,
        'files.completeUploadExternal',
        {
          files: JSON.stringify(fileIds.map((id, index) => ({ id, title: media[index]!.fileName }))),
          channel_id: channelId,
          ...(text ? { initial_comment: text } : {}),
        },
        CompletedSchema,
      );
      const [first] = completed.files;
      const ts = first?.shares?.public?.[channelId]?.[0]?.ts ?? first?.shares?.private?.[channelId]?.[0]?.ts;
      // Slack may share the files a moment after it answers: then the first file stands for the message
      if (!ts) return { platformPostId: `file:${first?.id ?? fileIds[0]}`, url: first?.permalink ?? '' };
      return { platformPostId: `${channelId}/${ts}`, url: await permalink(botToken, channelId, ts) };
    },

    async fetchFollowers(connection) {
      const { botToken, channelId } = SlackCredentialsSchema.parse(connection.credentials);
      const channel = await slackChannelInfo(baseUrl, botToken, channelId);
      return channel.num_members === undefined
        ? { followers: null, missingReason: `Slack gave no member count for #${channel.name}` }
        : { followers: channel.num_members };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createSlackPublisher({ baseUrl: config.SLACK_API_BASE_URL });
