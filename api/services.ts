// The application's services, built once per process from its dependencies. The API's
// routes and the web app's loaders and actions call the same services.
import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { createAnalyticsService } from './analytics/service';
import { createAuthService } from './auth/service';
import { createConnectionService } from './connections/service';
import { createPostService } from './posts/service';
import { createProfileService } from './profile/service';
import { createTokenService } from './tokens/service';

export interface ServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

export function createServices({ config, db, temporal }: ServiceDeps) {
  return {
    auth: createAuthService({ db }),
    profile: createProfileService({ db }),
    tokens: createTokenService({ db }),
    connections: createConnectionService({
      db,
      encryptionKey: config.ENCRYPTION_KEY,
      allowInsecurePlatformUrls: config.ALLOW_INSECURE_PLATFORM_URLS,
    }),
    posts: createPostService({
      db,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      temporalUiUrl: config.TEMPORAL_UI_URL,
      updateTimeoutMs: config.WORKFLOW_UPDATE_TIMEOUT_MS,
    }),
    analytics: createAnalyticsService({ db }),
  };
}

export type Services = ReturnType<typeof createServices>;
