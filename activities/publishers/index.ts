import type { Platform } from '../../domain/post';
import type { Db } from '../../lib/db';
import { createBlueskyPublisher } from './bluesky';
import { createDemoPublisher } from './demo';
import { createLinkedInPublisher } from './linkedin';
import { mastodonPublisher } from './mastodon';
import type { Publisher } from './publisher';
import { createXPublisher } from './x';

export type Publishers = Partial<Record<Platform, Publisher>>;

export interface PublisherDeps {
  db: Db;
  publicUrl: string;
  /** the platforms' API base URLs (lib/config.ts), so tests can point them at local fakes */
  xApiBaseUrl: string;
  linkedInApiBaseUrl: string;
  linkedInApiVersion: string;
  blueskyDefaultServiceUrl: string;
}

/** The platforms planrrr can publish to, each behind the one Publisher interface. */
export function createPublishers(deps: PublisherDeps): Publishers {
  return {
    DEMO: createDemoPublisher(deps),
    MASTODON: mastodonPublisher,
    X: createXPublisher({ baseUrl: deps.xApiBaseUrl }),
    BLUESKY: createBlueskyPublisher({ defaultServiceUrl: deps.blueskyDefaultServiceUrl }),
    LINKEDIN: createLinkedInPublisher({ baseUrl: deps.linkedInApiBaseUrl, apiVersion: deps.linkedInApiVersion }),
  };
}

export type { Publisher } from './publisher';
