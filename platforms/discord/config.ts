// Discord's configuration (platforms/platform-config.ts).
import { z } from 'zod';
import { definePlatformConfig } from '../platform-config';

export const discordConfig = definePlatformConfig({
  variables: {
    DISCORD_API_BASE_URL: z
      .url()
      .default('https://discord.com')
      .describe(
        "Discord's host: a channel webhook URL must start with it (`/api/webhooks/<id>/<token>`), and planrrr calls the webhook there.",
      ),
    DISCORD_CDN_BASE_URL: z
      .url()
      .default('https://cdn.discordapp.com')
      .describe("Discord's CDN, where a webhook's picture is downloaded when it is connected."),
  },
  // 50 requests per second per IP in all; each webhook about 5 per 2 seconds (Discord's 429 retry_after)
  publishPace: { perSecond: 10, concurrency: 5 },
});
