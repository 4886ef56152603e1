import type { Platform } from '../../domain/post';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db';
import { createDemoPublisher } from './demo';
import { createFacebookPublisher } from './facebook';
import { createInstagramPublisher } from './instagram';
import { createMastodonPublisher } from './mastodon';
import type { Publisher } from './publisher';
import { createYouTubePublisher } from './youtube';

export type Publishers = Partial<Record<Platform, Publisher>>;

/** The platforms planrrr can publish to, each behind the one Publisher interface. */
export function createPublishers(deps: {
  db: Db;
  config: Pick<Config, 'PUBLIC_URL' | 'FACEBOOK_GRAPH_BASE_URL' | 'FACEBOOK_GRAPH_API_VERSION' | 'YOUTUBE_API_BASE_URL'>;
}): Publishers {
  const { config } = deps;
  const graph = { baseUrl: config.FACEBOOK_GRAPH_BASE_URL, version: config.FACEBOOK_GRAPH_API_VERSION };
  return {
    DEMO: createDemoPublisher({ db: deps.db, publicUrl: config.PUBLIC_URL }),
    MASTODON: createMastodonPublisher(),
    FACEBOOK: createFacebookPublisher(graph),
    INSTAGRAM: createInstagramPublisher({ graph }),
    YOUTUBE: createYouTubePublisher({ baseUrl: config.YOUTUBE_API_BASE_URL }),
  };
}

export type { Publisher } from './publisher';
