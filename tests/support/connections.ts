// Connections of the OAuth platforms as the OAuth flow stores them (credentials encrypted
// under the server's key), for publishing tests whose subject is not the flow itself
// (tests/integration/oauth-connect.test.ts tests the flow end to end).
import type { Platform, TokenPlatform } from '../../domain/post';
import { encryptSecret } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { TestEnv } from './harness';

export async function storeOAuthConnection(
  db: Db,
  env: TestEnv,
  connection: { teamId: string; platform: Exclude<Platform, 'DEMO' | TokenPlatform>; handle: string; credentials: object },
): Promise<string> {
  const { id } = await db.connection.create({
    data: {
      teamId: connection.teamId,
      platform: connection.platform,
      handle: connection.handle,
      displayName: connection.handle,
      encryptedCredentials: encryptSecret(JSON.stringify(connection.credentials), env.config.ENCRYPTION_KEY),
    },
    select: { id: true },
  });
  return id;
}
