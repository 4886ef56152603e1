// The worker's publishers: every platform's, from its folder (platforms/<name>/publisher.server.ts),
// each behind the one Publisher interface (activities/publishers/publisher.ts). The platforms'
// API base URLs come from lib/config.ts, so tests can point them at local fakes.
import type { PublisherFactory, Publishers } from '../activities/publishers/publisher';
import type { Platform } from '../domain/post';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import * as bluesky from './bluesky/publisher.server';
import * as demo from './demo/publisher.server';
import * as discord from './discord/publisher.server';
import * as facebook from './facebook/publisher.server';
import * as googleBusiness from './google-business/publisher.server';
import * as instagram from './instagram/publisher.server';
import * as linkedin from './linkedin/publisher.server';
import * as mastodon from './mastodon/publisher.server';
import * as pinterest from './pinterest/publisher.server';
import * as reddit from './reddit/publisher.server';
import * as slack from './slack/publisher.server';
import * as telegram from './telegram/publisher.server';
import * as threads from './threads/publisher.server';
import * as tiktok from './tiktok/publisher.server';
import * as x from './x/publisher.server';
import * as youtube from './youtube/publisher.server';

/** One per platform: a platform added to the registry (platforms/index.ts) without a publisher fails the typecheck here. */
const PUBLISHER_FACTORIES: Record<Platform, PublisherFactory> = {
  DEMO: demo.publisherFromConfig,
  MASTODON: mastodon.publisherFromConfig,
  BLUESKY: bluesky.publisherFromConfig,
  X: x.publisherFromConfig,
  FACEBOOK: facebook.publisherFromConfig,
  INSTAGRAM: instagram.publisherFromConfig,
  YOUTUBE: youtube.publisherFromConfig,
  LINKEDIN: linkedin.publisherFromConfig,
  TELEGRAM: telegram.publisherFromConfig,
  DISCORD: discord.publisherFromConfig,
  SLACK: slack.publisherFromConfig,
  THREADS: threads.publisherFromConfig,
  REDDIT: reddit.publisherFromConfig,
  PINTEREST: pinterest.publisherFromConfig,
  TIKTOK: tiktok.publisherFromConfig,
  GOOGLE_BUSINESS: googleBusiness.publisherFromConfig,
};

/** The platforms planrrr can publish to, each behind the one Publisher interface. */
export function createPublishers(deps: { db: Db; config: Config }): Publishers {
  return Object.fromEntries(Object.entries(PUBLISHER_FACTORIES).map(([platform, factory]) => [platform, factory(deps)]));
}
