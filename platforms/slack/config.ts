// Slack's configuration (platforms/platform-config.ts).
import { z } from 'zod';
import { definePlatformConfig } from '../platform-config';

export const slackConfig = definePlatformConfig({
  variables: {
    SLACK_WEBHOOKS_BASE_URL: z
      .url()
      .default('https://hooks.slack.com')
      .describe("Slack's incoming-webhook host: a team's Slack notification webhook must be on it (`/services/T…/B…/…`)."),
    SLACK_API_BASE_URL: z
      .url()
      .default('https://slack.com')
      .describe("Slack's Web API host (`/api/<method>`): chat.postMessage, files.* and conversations.info."),
  },
  // chat.postMessage: about 1 message per second per channel, Tier 4 (100+ per minute) per workspace for files.getUploadURLExternal
  publishPace: { perSecond: 5, concurrency: 5 },
});
