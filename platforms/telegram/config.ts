// Telegram's configuration (platforms/platform-config.ts).
import { z } from 'zod';
import { definePlatformConfig } from '../platform-config';

export const telegramConfig = definePlatformConfig({
  variables: {
    TELEGRAM_API_BASE_URL: z
      .url()
      .default('https://api.telegram.org')
      .describe(
        "Telegram's Bot API host (`/bot<token>/<method>`); tests point it at a local fake, a self-hosted Bot API server goes here.",
      ),
  },
  // bots: about 30 messages per second in all, 20 per minute in one channel (Telegram enforces that one with 429 retry_after)
  publishPace: { perSecond: 20, concurrency: 10 },
});
