// The Pinterest API v5 as planrrr calls it: one client that maps Pinterest's answers
// (`{code, message}`, 401 for a refused token, 429 with Retry-After) to PublishErrors, the
// account's shape, and the boards an account can pin to. The publisher
// (platforms/pinterest/publisher.server.ts) and the API's board list
// (GET /connections/{id}/pinterest/boards) both call through it.
// https://developers.pinterest.com/docs/api/v5/user_account-get
// https://developers.pinterest.com/docs/api/v5/boards-list
import { z } from 'zod';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';

// https://developers.pinterest.com/docs/api/v5/user_account-get
export const PinterestAccountSchema = z.object({
  id: z.string().optional(),
  username: z.string().min(1),
  business_name: z.string().nullable().optional(),
  profile_image: z.string().optional(),
  follower_count: z.number().int().nonnegative().optional(),
});

const BoardsPageSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), privacy: z.string().optional() })),
  bookmark: z.string().nullable().optional(),
});
export type PinterestBoard = z.infer<typeof BoardsPageSchema>['items'][number];

/** Boards read per account: Pinterest pages them 250 at a time; more than this is not a real account's case. */
const MAX_BOARD_PAGES = 8;

const PINTEREST_API: PlatformApi = {
  name: 'Pinterest',
  errorDetail: (body) => firstString(body, (json) => (json as { message?: string }).message),
};

export function createPinterestClient(baseUrl: string, accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
  return {
    async get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(PINTEREST_API, `${baseUrl}/v5/${path}?${new URLSearchParams(query)}`, { headers });
      return readJson(PINTEREST_API, response, schema, what);
    },
    /** A file to the upload URL a media registration answered, with the fields it named (an S3 form post). */
    async uploadMedia(uploadUrl: string, fields: Record<string, string>, file: Blob, fileName: string, deadlineMs: number): Promise<void> {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      form.set('file', file, fileName);
      await platformFetch(PINTEREST_API, uploadUrl, { method: 'POST', body: form }, deadlineMs);
    },
    async post<S extends z.ZodType>(path: string, body: unknown, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(PINTEREST_API, `${baseUrl}/v5/${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return readJson(PINTEREST_API, response, schema, what);
    },
  };
}

/** The boards the account can pin to, by name. */
export async function listPinterestBoards(baseUrl: string, accessToken: string): Promise<PinterestBoard[]> {
  const client = createPinterestClient(baseUrl, accessToken);
  const boards: PinterestBoard[] = [];
  let bookmark: string | null | undefined;
  for (let page = 0; page < MAX_BOARD_PAGES; page += 1) {
    const answer = await client.get('boards', { page_size: '250', ...(bookmark ? { bookmark } : {}) }, BoardsPageSchema, 'boards');
    boards.push(...answer.items);
    bookmark = answer.bookmark;
    if (!bookmark) break;
  }
  return boards.sort((a, b) => a.name.localeCompare(b.name));
}
