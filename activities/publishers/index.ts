import type { Platform } from '../../domain/post';
import type { Db } from '../../lib/db';
import { createDemoPublisher } from './demo';
import { mastodonPublisher } from './mastodon';
import type { Publisher } from './publisher';

export type Publishers = Partial<Record<Platform, Publisher>>;

/** The platforms planrrr can publish to, each behind the one Publisher interface. */
export function createPublishers(deps: { db: Db; publicUrl: string }): Publishers {
  return {
    DEMO: createDemoPublisher(deps),
    MASTODON: mastodonPublisher,
  };
}

export type { Publisher } from './publisher';
