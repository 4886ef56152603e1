// The one interface every platform implements. A publisher turns content into a post on
// its platform, or throws a PublishError that says whether trying again can help.
import type { Platform } from '../../domain/post';

export interface ConnectionForPublishing {
  id: string;
  platform: Platform;
  handle: string;
  instanceUrl: string | null;
  /** decrypted credentials, shaped per platform */
  credentials: Record<string, unknown>;
}

export interface PublishRequest {
  content: string;
  /** stable for one (post, target, revision): sent where the platform honours one */
  idempotencyKey: string;
  connection: ConnectionForPublishing;
}

export interface PublishedPost {
  platformPostId: string;
  url: string;
}

export interface Publisher {
  publish(request: PublishRequest): Promise<PublishedPost>;
}

/** How long we wait for a platform's answer before treating the attempt as timed out. */
export const PLATFORM_REQUEST_TIMEOUT_MS = 30_000;
