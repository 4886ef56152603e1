// Who a YouTube grant connects: the Google account's channels (platforms/oauth-flows.server.ts registers it).
import { z } from 'zod';
import {
  AccountDiscoveryError,
  expiringCredentials,
  getAccountJson,
  type AccountDiscoveryDeps,
  type DiscoveredAccount,
} from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';

// https://developers.google.com/youtube/v3/docs/channels/list (mine=true)
const YouTubeChannelsSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1),
        snippet: z.object({
          title: z.string(),
          customUrl: z.string().optional(),
          thumbnails: z.object({ default: z.object({ url: z.string() }).optional() }).optional(),
        }),
      }),
    )
    .default([]),
});

export async function discoverYouTubeAccounts({ config }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const url = `${config.YOUTUBE_API_BASE_URL}/youtube/v3/channels?${new URLSearchParams({ part: 'snippet', mine: 'true' })}`;
  const { items } = await getAccountJson('YouTube', url, YouTubeChannelsSchema, tokens.accessToken);
  if (items.length === 0) throw new AccountDiscoveryError('This Google account has no YouTube channel: create one, then connect again.');
  return items.map((channel) => ({
    platform: 'YOUTUBE' as const,
    platformAccountId: channel.id,
    handle: channel.snippet.customUrl ?? channel.id,
    displayName: channel.snippet.title,
    ...(channel.snippet.thumbnails?.default ? { avatarUrl: channel.snippet.thumbnails.default.url } : {}),
    credentials: { channelId: channel.id, ...expiringCredentials(tokens) },
  }));
}
