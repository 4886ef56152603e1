// The reads benchmark's baseline (bench/reads.ts): GET /api/v1/posts as little code as can
// answer it, plain node:http and a pg Pool as large as the API's. It runs the statements the
// API runs for the request (api/auth/passport.ts's bearer token with its membership, then
// api/posts/page-query.ts's page), named as the API names them (lib/db.ts prepared), and
// answers the same JSON (api/posts/view.ts postRowFromJson and toPostView), with no
// framework, middleware, logging or validation around them. What planrrr's API takes beyond this is the cost of its code, not of the database.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { BEARER_TOKEN_SQL } from '../../api/auth/passport';
import { parseConfig } from '../../lib/config';
import { prepared } from '../../lib/db';
import { sha256 } from '../../lib/crypto';
import { reportReady } from '../../lib/readiness';
import { DEFAULT_POST_SORT, encodePostPageCursor } from '../../api/posts/page-cursor';
import { postPageSql, type PostPageFilter } from '../../api/posts/page-query';
import { postRowFromJson, toPostView, type PostRowJson } from '../../api/posts/view';
import type { PostStatus } from '../../domain/post';

const DEFAULT_LIMIT = 50;

async function main(): Promise<void> {
  const config = parseConfig();
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const viewOptions = { temporalUiUrl: config.TEMPORAL_UI_URL, namespace: config.TEMPORAL_NAMESPACE };

  /** The team the bearer token acts for, if it is a token of a member of it: api/auth/passport.ts's statement. */
  async function teamOf(req: IncomingMessage): Promise<string | undefined> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    const { rows } = await pool.query<{ teamId: string; expiresAt: Date | null; role: string | null }>(
      prepared(BEARER_TOKEN_SQL, [sha256(token)]),
    );
    const found = rows[0];
    return found?.role && !(found.expiresAt && found.expiresAt <= new Date()) ? found.teamId : undefined;
  }

  async function listPosts(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://baseline');
    if (req.method !== 'GET' || url.pathname !== '/api/v1/posts') return send(res, 404, { title: 'Not found' });
    const teamId = await teamOf(req);
    if (!teamId) return send(res, 401, { title: 'Unauthenticated' });
    const query = url.searchParams;
    const limit = Number(query.get('limit') ?? DEFAULT_LIMIT);
    const cursor = query.get('cursor');
    const after = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: string; id: string }) : undefined;
    const filter: PostPageFilter = {
      teamId,
      status: (query.get('status') as PostStatus | null) ?? undefined,
      from: query.has('from') ? new Date(query.get('from')!) : undefined,
      to: query.has('to') ? new Date(query.get('to')!) : undefined,
      connectionId: query.get('connectionId') ?? undefined,
      sort: DEFAULT_POST_SORT,
      after: after && { sort: DEFAULT_POST_SORT, at: new Date(after.at), id: after.id },
    };
    const { text, values } = postPageSql(filter, limit + 1);
    const { rows } = await pool.query<{ post: PostRowJson }>(prepared(text, values));
    const page = rows.slice(0, limit).map((row) => postRowFromJson(row.post));
    const last = page.at(-1);
    send(res, 200, {
      data: page.map((post) => toPostView(post, viewOptions)),
      nextCursor: rows.length > limit && last ? encodePostPageCursor({ sort: DEFAULT_POST_SORT, at: last.publishAt, id: last.id }) : null,
    });
  }

  const server = createServer((req, res) => {
    listPosts(req, res).catch((error: unknown) => {
      console.error(error);
      send(res, 500, { title: String(error) });
    });
  });
  server.listen(config.PORT, '127.0.0.1', () => reportReady());
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
