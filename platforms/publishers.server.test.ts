// Every platform's publisher, as the worker makes them from its configuration.
import type { ConnectionForPublishing } from '../activities/publishers/publisher';
import type { Platform } from '../domain/post';
import { parseConfig } from '../lib/config';
import type { Db } from '../lib/db';
import { generateSecrets } from '../runtime/dev-secrets';
import { createPublishers } from './publishers.server';

const config = parseConfig({ ...generateSecrets(), DATABASE_URL: 'postgresql://u:p@localhost:5432/planrrr' });
// the demo publisher is the only one that reads the database, and none does when made
const publishers = createPublishers({ db: {} as Db, config });

/** An account as the worker hands it to a publisher; the credentials name the host where the account picks it. */
function account(platform: Platform): ConnectionForPublishing {
  return {
    id: 'connection-1',
    platform,
    handle: '@someone',
    instanceUrl: platform === 'MASTODON' ? 'https://mastodon.example' : null,
    credentials: {
      accessToken: 'token',
      identifier: 'someone.example',
      appPassword: 'app-password',
      did: 'did:plc:someone',
      webhookUrl: 'https://discord.com/api/webhooks/1/abc',
      guildId: 'guild-1',
    },
  };
}

test('every platform publisher but the demo says where it publishes, so a publish waiting for its time connects ahead', () => {
  const destinations = Object.fromEntries(
    Object.entries(publishers).map(([platform, publisher]) => [platform, publisher?.publishesTo?.(account(platform as Platform))]),
  );
  for (const [platform, destination] of Object.entries(destinations)) {
    if (platform === 'DEMO') expect(destination).toBeUndefined();
    else expect({ platform, origin: new URL(destination!).origin }).toEqual({ platform, origin: expect.stringMatching(/^https:\/\//) });
  }
  expect(destinations.MASTODON).toBe('https://mastodon.example');
  expect(new URL(destinations.X!).origin).toBe(new URL(config.X_API_BASE_URL).origin);
  expect(new URL(destinations.DISCORD!).origin).toBe('https://discord.com');
  expect(destinations.BLUESKY).toBe(config.BLUESKY_DEFAULT_SERVICE_URL);
});
