// The credential checks of the platforms connected with a pasted token, each in its folder
// (platforms/<name>/api.server.ts) and registered here by its id: api/connections/service.ts
// calls the platform's, then stores the account it found. The typecheck fails until a token
// platform of the registry (platforms/index.ts) has its check here.
import type { z } from 'zod';
import type { TokenPlatform } from '../domain/post';
import { checkBlueskyAccount } from './bluesky/api.server';
import type { PlatformConfigValues } from './configs';
import { checkDiscordAccount } from './discord/api.server';
import { checkMastodonAccount } from './mastodon/api.server';
import { checkSlackAccount } from './slack/api.server';
import { checkTelegramAccount } from './telegram/api.server';
import type { TokenConnect } from './token-connect';

/** What a credential check found: the account, and what publishing to it needs. */
export interface TokenAccount {
  /** the platform's own id of the account, so that connecting it again reconnects it */
  platformAccountId: string;
  handle: string;
  displayName: string;
  /** the server the account lives on, where users choose one (a Mastodon instance, a Bluesky PDS) */
  instanceUrl?: string;
  /** the account's own text limit where its server sets one */
  maxCharacters?: number;
  /** what the publisher reads back, stored encrypted */
  credentials: Record<string, unknown>;
  /** the account's picture, read now (none: the account shows its initials; a failure keeps the one it had) */
  avatarUrl?(): Promise<string | undefined>;
}

/** What the API gives a credential check: the configuration, and its way of refusing a request. */
export interface TokenAccountCheckContext {
  config: PlatformConfigValues;
  /**
   * the origin of a host the user named (`field` of the body): refused unless it is a public
   * https:// address, or ALLOW_INSECURE_PLATFORM_URLS is on
   */
  userHostOrigin(url: string, field: string): Promise<string>;
  /**
   * the platform's answer to a check; its refusal (AUTH_FAILED) is reported on `field` as
   * `origin` rejecting `what`, any other failure as `origin` being unreachable
   */
  verify<T>(check: Promise<T>, refusal: { origin: string; field: string; what: string }): Promise<T>;
  /** a request the check refuses before asking the platform: `message` beside `field` */
  invalid(field: string, message: string): Error;
}

/** A platform's credential check (its `api.server.ts`): the account the pasted credentials give, or a refusal. */
export type TokenAccountCheck<Input> = (input: Input, context: TokenAccountCheckContext) => Promise<TokenAccount>;

/** The input a token platform's connect form gives, as its schema parses it. */
export type TokenConnectInput<Connect extends TokenConnect> = z.output<Connect['schema']>;

export const TOKEN_ACCOUNT_CHECKS: Record<TokenPlatform, TokenAccountCheck<never>> = {
  MASTODON: checkMastodonAccount,
  BLUESKY: checkBlueskyAccount,
  TELEGRAM: checkTelegramAccount,
  DISCORD: checkDiscordAccount,
  SLACK: checkSlackAccount,
};
