import type { Platform } from '../../domain/post';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db';
import { createBlueskyPublisher } from './bluesky';
import { createDemoPublisher } from './demo';
import { createDiscordPublisher } from './discord';
import { createFacebookPublisher } from './facebook';
import { createGoogleBusinessPublisher } from './google-business';
import { createInstagramPublisher } from './instagram';
import { createLinkedInPublisher } from './linkedin';
import { createMastodonPublisher } from './mastodon';
import { createPinterestPublisher } from './pinterest';
import type { Publisher } from './publisher';
import { createSlackPublisher } from './slack';
import { createTelegramPublisher } from './telegram';
import { createRedditPublisher } from './reddit';
import { createThreadsPublisher } from './threads';
import { createTikTokPublisher } from './tiktok';
import { createXPublisher } from './x';
import { createYouTubePublisher } from './youtube';

export type Publishers = Partial<Record<Platform, Publisher>>;

/** The platforms' API base URLs come from lib/config.ts, so tests can point them at local fakes. */
export type PublisherConfig = Pick<
  Config,
  | 'PUBLIC_URL'
  | 'X_API_BASE_URL'
  | 'LINKEDIN_API_BASE_URL'
  | 'LINKEDIN_API_VERSION'
  | 'BLUESKY_DEFAULT_SERVICE_URL'
  | 'FACEBOOK_GRAPH_BASE_URL'
  | 'FACEBOOK_GRAPH_API_VERSION'
  | 'FACEBOOK_RUPLOAD_BASE_URL'
  | 'YOUTUBE_API_BASE_URL'
  | 'TELEGRAM_API_BASE_URL'
  | 'SLACK_API_BASE_URL'
  | 'THREADS_API_BASE_URL'
  | 'THREADS_API_VERSION'
  | 'REDDIT_API_BASE_URL'
  | 'REDDIT_USER_AGENT'
  | 'PINTEREST_API_BASE_URL'
  | 'TIKTOK_API_BASE_URL'
  | 'GOOGLE_BUSINESS_API_BASE_URL'
>;

/** The platforms planrrr can publish to, each behind the one Publisher interface. */
export function createPublishers(deps: { db: Db; config: PublisherConfig }): Publishers {
  const { config } = deps;
  const graph = { baseUrl: config.FACEBOOK_GRAPH_BASE_URL, version: config.FACEBOOK_GRAPH_API_VERSION };
  return {
    DEMO: createDemoPublisher({ db: deps.db, publicUrl: config.PUBLIC_URL }),
    MASTODON: createMastodonPublisher(),
    X: createXPublisher({ baseUrl: config.X_API_BASE_URL }),
    BLUESKY: createBlueskyPublisher({ defaultServiceUrl: config.BLUESKY_DEFAULT_SERVICE_URL }),
    LINKEDIN: createLinkedInPublisher({ baseUrl: config.LINKEDIN_API_BASE_URL, apiVersion: config.LINKEDIN_API_VERSION }),
    FACEBOOK: createFacebookPublisher({ ...graph, ruploadBaseUrl: config.FACEBOOK_RUPLOAD_BASE_URL }),
    INSTAGRAM: createInstagramPublisher({ graph }),
    YOUTUBE: createYouTubePublisher({ baseUrl: config.YOUTUBE_API_BASE_URL }),
    TELEGRAM: createTelegramPublisher({ baseUrl: config.TELEGRAM_API_BASE_URL }),
    DISCORD: createDiscordPublisher(),
    SLACK: createSlackPublisher({ baseUrl: config.SLACK_API_BASE_URL }),
    THREADS: createThreadsPublisher({ api: { baseUrl: config.THREADS_API_BASE_URL, version: config.THREADS_API_VERSION } }),
    REDDIT: createRedditPublisher({ baseUrl: config.REDDIT_API_BASE_URL, userAgent: config.REDDIT_USER_AGENT }),
    PINTEREST: createPinterestPublisher({ baseUrl: config.PINTEREST_API_BASE_URL }),
    TIKTOK: createTikTokPublisher({ baseUrl: config.TIKTOK_API_BASE_URL }),
    GOOGLE_BUSINESS: createGoogleBusinessPublisher({ baseUrl: config.GOOGLE_BUSINESS_API_BASE_URL }),
  };
}

export type { Publisher } from './publisher';
