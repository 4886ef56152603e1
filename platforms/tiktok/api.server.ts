// The TikTok API v2 as planrrr calls it: one client whose answers, `{data, error: {code,
// message, log_id}}`, become PublishErrors by TikTok's error code (not only its HTTP status:
// a spam-risk refusal is a 403 that reconnecting would not fix), and the user's shape, read at
// connect (platforms/tiktok/accounts.server.ts) and by the publisher (platforms/tiktok/publisher.server.ts).
// https://developers.tiktok.com/doc/tiktok-api-v2-error-handling
// https://developers.tiktok.com/doc/content-posting-api-reference-direct-post (its error codes)
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';

// https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info: the fields user.info.basic gives
export const TikTokUserSchema = z.object({
  data: z.object({
    user: z.object({
      open_id: z.string().min(1),
      display_name: z.string().optional(),
      avatar_url: z.string().optional(),
    }),
  }),
});
export const TIKTOK_USER_FIELDS = 'open_id,union_id,avatar_url,display_name';

/** TikTok's error codes that mean the token no longer works, or lacks a scope: reconnecting fixes them. */
const AUTH_CODES = new Set(['access_token_invalid', 'scope_not_authorized', 'scope_permission_missed']);

function errorCode(detail: string): string {
  return /^([a-z_]+):/.exec(detail)?.[1] ?? '';
}

const TIKTOK_API: PlatformApi = {
  name: 'TikTok',
  // "<code>: <message>", so that classify reads the code
  errorDetail: (body) =>
    firstString(body, (json) => {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      return error?.code ? `${error.code}: ${error.message || 'no message'}` : undefined;
    }),
  classify(status, detail) {
    const code = errorCode(detail);
    const message = `TikTok refused the request (${status}): ${detail}`;
    if (AUTH_CODES.has(code)) return new PublishError('AUTH_FAILED', message, undefined, status);
    // spam_risk_too_many_posts, spam_risk_user_banned_from_posting, privacy_level_option_mismatch,
    // unaudited_client_can_only_post_to_private_accounts, url_ownership_unverified, invalid_params…
    // (403s among them): the post or the app's setup, which neither trying again nor
    // reconnecting changes. rate_limit_exceeded is a 429, as its status says.
    if (code !== '' && status >= 400 && status < 500 && status !== 408 && status !== 429)
      return new PublishError('CONTENT_REJECTED', message, undefined, status);
    return undefined;
  },
  // TikTok's limits are per minute and its 429 names no wait
  rateLimitResetMs: () => 60_000,
};

/**
 * TikTok's JSON with its int64 ids (a post's publicaly_available_post_id) kept whole: they
 * pass 2^53, which JSON.parse would round, so integers of 16 digits or more become strings.
 */
export function parseTikTokJson(text: string): unknown {
  return JSON.parse(text.replace(/([[:,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

export function createTikTokClient(baseUrl: string, accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
  return {
    async get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(TIKTOK_API, `${baseUrl}/v2/${path}?${new URLSearchParams(query)}`, { headers });
      return readJson(TIKTOK_API, response, schema, what);
    },
    async post<S extends z.ZodType>(path: string, body: unknown, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(TIKTOK_API, `${baseUrl}/v2/${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' },
        body: JSON.stringify(body),
      });
      const text = await response.text().catch(() => '');
      let json: unknown;
      try {
        json = parseTikTokJson(text);
      } catch {
        json = undefined;
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new PublishError('INVALID_RESPONSE', `TikTok answered with an unexpected ${what}`);
      return parsed.data;
    },
    /** One chunk of a FILE_UPLOAD to the upload_url TikTok answered (206 for a part, 201 for the last). */
    async upload(uploadUrl: string, chunk: Uint8Array, range: { first: number; total: number }, mimeType: string, deadlineMs: number) {
      await platformFetch(
        TIKTOK_API,
        uploadUrl,
        {
          method: 'PUT',
          headers: {
            'content-type': mimeType,
            'content-range': `bytes ${range.first}-${range.first + chunk.length - 1}/${range.total}`,
          },
          // a copy typed for fetch (a Buffer's slice may share a larger pool)
          body: new Uint8Array(chunk),
        },
        deadlineMs,
      );
    },
  };
}
