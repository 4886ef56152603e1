// Where an editor reconnects an account that planrrr can no longer publish to.
import { isTokenPlatform } from '../../domain/post';

/**
 * A token account's form on the connections page, filled in but for the new token; for an
 * OAuth account, the connections page, whose Reconnect button opens the provider's consent.
 */
export function reconnectLink(connection: { id: string; platform: string }): string {
  return isTokenPlatform(connection.platform)
    ? `/connections?reconnect=${encodeURIComponent(connection.id)}#${connection.platform.toLowerCase()}-heading`
    : '/connections';
}
