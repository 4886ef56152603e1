// The one place that reads process.env. Every process parses its configuration once at
// start-up and fails with a message naming each bad variable.
import { z } from 'zod';
import type { KeyRing } from './crypto';
import { PLATFORMS, type Platform } from '../domain/post';

const booleanFromString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** Compose passes an unset optional variable as an empty string: treat it as unset. */
const unsetIfEmpty = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const optionalSecret = unsetIfEmpty(z.string().min(1));

const base64Key = (value: string) => Buffer.from(value, 'base64').length === 32;
/** How fast and how many at once planrrr publishes to one platform, across every worker. */
export interface PublishRateLimit {
  /** activities per second on the platform's task queue, enforced by the Temporal server */
  perSecond: number;
  /** activities one worker runs at once for the platform */
  concurrency: number;
}

/**
 * planrrr-wide budgets, below each platform's app-level limits; per-account limits are
 * the platform's to enforce (a 429 becomes the next retry's delay).
 */
export const DEFAULT_PUBLISH_RATE_LIMITS: Record<Platform, PublishRateLimit> = {
  // planrrr's own database
  DEMO: { perSecond: 100, concurrency: 50 },
  // each instance has its own limits (300 requests per 5 minutes per account by default)
  MASTODON: { perSecond: 10, concurrency: 20 },
  BLUESKY: { perSecond: 10, concurrency: 20 },
  X: { perSecond: 1, concurrency: 5 },
  FACEBOOK: { perSecond: 5, concurrency: 10 },
  // media containers are polled until ready: few at once
  INSTAGRAM: { perSecond: 1, concurrency: 5 },
  // resumable video uploads, and a daily quota that a few uploads exhaust
  YOUTUBE: { perSecond: 1, concurrency: 3 },
  LINKEDIN: { perSecond: 2, concurrency: 5 },
};

const PublishRateLimitOverridesSchema = z.partialRecord(
  z.enum(PLATFORMS),
  z.strictObject({
    perSecond: z.number().positive('must be a positive number').optional(),
    concurrency: z.number().int().positive('must be a positive integer').optional(),
  }),
);

/** JSON such as {"MASTODON":{"perSecond":2}}, merged over the defaults. */
const PublishRateLimitsSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return {};
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"MASTODON":{"perSecond":2,"concurrency":10}}' });
      return z.NEVER;
    }
  })
  .pipe(PublishRateLimitOverridesSchema)
  .transform((overrides) =>
    Object.fromEntries(
      PLATFORMS.map((platform) => [platform, { ...DEFAULT_PUBLISH_RATE_LIMITS[platform], ...overrides[platform] }]),
    ) as Record<Platform, PublishRateLimit>,
  );

const positiveInt = z.coerce.number().int().positive();

/**
 * Throughput knobs of the worker and of each process's database pool. The defaults are
 * what bursts of simultaneous posts needed on a 2-core machine (BENCHMARKS.md).
 */
const WORKER_TUNING_SHAPE = {
  /** publishing and state-saving activities one worker runs at once (they wait on the network) */
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(200),
  /** workflow tasks one worker runs at once */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(100),
  /** long polls for workflow tasks and for activity tasks, each */
  WORKER_TASK_POLLERS: positiveInt.default(10),
  /**
   * workflows kept in the worker's memory between tasks; a sleeping post leaves the cache
   * and is replayed from its history when it wakes, so what the worker holds is bounded
   * however many posts sleep
   */
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.default(1000),
  /** connections in each process's PostgreSQL pool */
  DATABASE_POOL_SIZE: positiveInt.default(20),
  /**
   * open connections from one process to one platform host: a burst of posts due in the
   * same second queues on them instead of opening thousands of sockets at once (the wait
   * does not count against a call's 30 s silence limit)
   */
  PLATFORM_CONNECTIONS_PER_HOST: positiveInt.default(128),
};

export type WorkerTuning = z.infer<z.ZodObject<typeof WORKER_TUNING_SHAPE>>;

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Behind a TLS-terminating reverse proxy, trust its X-Forwarded-* headers, so the
   * request counts as https and Secure session cookies are sent.
   */
  TRUST_PROXY: booleanFromString.default(false),
  /** where users reach the web app; used in links (e.g. the demo feed's post URLs); https makes session cookies Secure */
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.url({ message: 'must be a postgresql:// connection string' }),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('planrrr-posts'),
  /** the Temporal Web UI, linked from the app for operators */
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** AES-256-GCM key for platform credentials: 32 bytes, base64-encoded */
  ENCRYPTION_KEY: z
    .string()
    .refine(base64Key, 'must be 32 bytes encoded as base64'),
  /**
   * Keys that encrypted credentials before the current ENCRYPTION_KEY, comma-separated:
   * still accepted for decryption until `npm run keys:rotate` has re-encrypted everything.
   */
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
    .refine((keys) => keys.every(base64Key), 'must be comma-separated keys, each 32 bytes encoded as base64'),
  INTERNAL_API_KEY: z.string().min(32, 'must be at least 32 characters'),
  /**
   * Allow plain-http and loopback instance URLs (a local Mastodon in tests). Off in
   * production, where it would let users make the server call internal addresses.
   */
  ALLOW_INSECURE_PLATFORM_URLS: booleanFromString.default(false),
  /** a workflow bundle built by `npm run build:workflows`; without it the worker bundles at start-up */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** the worker's Prometheus endpoint (Temporal SDK metrics and planrrr's publishing figures) */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** how often the reconciler Schedule compares the database with Temporal (e.g. 5m, 1h) */
  RECONCILE_EVERY: z.string().regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 5m or 1h').default('5m'),
  /** sign-up and log-in attempts per IP address per minute */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** API writes (POST, PATCH, DELETE) per API token or user per minute */
  WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /**
   * Other web origins allowed to call the API from a browser (CORS), comma-separated,
   * e.g. `https://dashboard.example.com`. Empty: same-origin only.
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins such as https://app.example.com' }).transform((url) => new URL(url).origin))),
  /** how long the API waits for a workflow to answer an update before 503 */
  WORKFLOW_UPDATE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** X API v2 (posts and media upload); tests point it at a local fake */
  X_API_BASE_URL: z.url().default('https://api.x.com'),
  /** LinkedIn's versioned REST API (Posts, Images, Videos) */
  LINKEDIN_API_BASE_URL: z.url().default('https://api.linkedin.com'),
  /**
   * LinkedIn-Version header (YYYYMM). LinkedIn keeps each monthly version for about a
   * year: move it forward before it is sunset.
   */
  LINKEDIN_API_VERSION: z.string().regex(/^\d{6}$/, 'must be a LinkedIn API version such as 202610').default('202610'),
  /** where Bluesky accounts live unless the connection names its own PDS */
  BLUESKY_DEFAULT_SERVICE_URL: z.url().default('https://bsky.social'),

  // OAuth apps (README "Connecting platforms"). A platform can be connected once its
  // client id and secret are set; the URLs default to the real hosts (tests point them at a fake).
  X_CLIENT_ID: optionalSecret,
  X_CLIENT_SECRET: optionalSecret,
  X_AUTHORIZE_URL: z.url().default('https://x.com/i/oauth2/authorize'),
  X_TOKEN_URL: z.url().default('https://api.x.com/2/oauth2/token'),
  FACEBOOK_APP_ID: optionalSecret,
  FACEBOOK_APP_SECRET: optionalSecret,
  FACEBOOK_AUTHORIZE_URL: z.url().default('https://www.facebook.com/v26.0/dialog/oauth'),
  GOOGLE_CLIENT_ID: optionalSecret,
  GOOGLE_CLIENT_SECRET: optionalSecret,
  GOOGLE_AUTHORIZE_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  LINKEDIN_CLIENT_ID: optionalSecret,
  LINKEDIN_CLIENT_SECRET: optionalSecret,
  LINKEDIN_AUTHORIZE_URL: z.url().default('https://www.linkedin.com/oauth/v2/authorization'),
  LINKEDIN_TOKEN_URL: z.url().default('https://www.linkedin.com/oauth/v2/accessToken'),
  /** where uploaded media live on local disk when no S3 bucket is configured (shared by server and workers) */
  MEDIA_DIR: z.string().min(1).default('.data/media'),
  /** an S3-compatible bucket for media; when set, MEDIA_DIR is not used */
  MEDIA_S3_BUCKET: unsetIfEmpty(z.string().min(1)),
  /** the S3 API's address for non-AWS stores (MinIO, R2, …); unset for AWS */
  MEDIA_S3_ENDPOINT: unsetIfEmpty(z.url()),
  MEDIA_S3_REGION: z.string().min(1).default('us-east-1'),
  /** unset: the AWS SDK's default credential chain (instance role, AWS_* variables) */
  MEDIA_S3_ACCESS_KEY_ID: unsetIfEmpty(z.string().min(1)),
  MEDIA_S3_SECRET_ACCESS_KEY: unsetIfEmpty(z.string().min(1)),
  /** path-style bucket addressing, which MinIO and most self-hosted stores need */
  MEDIA_S3_FORCE_PATH_STYLE: booleanFromString.default(false),
  /** the largest image (JPEG, PNG, GIF, WebP) an upload may be */
  MEDIA_MAX_IMAGE_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  /** the largest video (MP4, QuickTime) an upload may be */
  MEDIA_MAX_VIDEO_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  /** Facebook's and Instagram's Graph API (publishing, connecting pages, its OAuth token endpoint) */
  FACEBOOK_GRAPH_BASE_URL: z.url().default('https://graph.facebook.com'),
  /** Meta supports each Graph API version for about two years: move it forward before it expires */
  FACEBOOK_GRAPH_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v26.0').default('v26.0'),
  /** Google's API host for the YouTube Data API v3 (uploads and metadata) */
  YOUTUBE_API_BASE_URL: z.url().default('https://www.googleapis.com'),
  /**
   * Allow webhook URLs that point at loopback or private addresses. Off in production,
   * where it would let users make the worker call internal services (SSRF); on by
   * default in development and tests, where receivers run on localhost.
   */
  WEBHOOK_ALLOW_PRIVATE_URLS: booleanFromString.optional(),
  /** the first retry delay of a webhook delivery; it doubles up to an hour, for 24 hours */
  WEBHOOK_RETRY_INITIAL_INTERVAL: z.string().regex(/^\d+(ms|s|m|h)$/, 'must be a duration such as 10s or 1m').default('10s'),
  /** open /api/v1/events streams per user; more answer 429 */
  EVENT_STREAMS_PER_USER: z.coerce.number().int().positive().default(5),
  /** per-platform publishing budgets over the defaults above, as JSON */
  PUBLISH_RATE_LIMITS: PublishRateLimitsSchema,
  /**
   * Publish activities start this long before their post's time and wait on the worker
   * for it, so posts due in the same second are queued ahead of it (0: they start at the
   * time). Changes to a post close 5 seconds before its time when this is set. Waiting
   * activities count towards a platform's concurrency, and up to perSecond × this many
   * posts can reach one platform in the same second.
   */
  PUBLISH_LEAD_SECONDS: z.coerce.number().int().min(0, 'must be 0 or more').max(600, 'must be at most 600').default(60),
  /** how long a platform's circuit stays open after an outage before a trial request */
  CIRCUIT_BREAKER_OPEN_SECONDS: z.coerce.number().positive().default(30),
  ...WORKER_TUNING_SHAPE,
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'WEBHOOK_ALLOW_PRIVATE_URLS'> & {
  PUBLIC_URL: string;
  WEBHOOK_ALLOW_PRIVATE_URLS: boolean;
};

/** Every variable the worker and server read, for deployment files to be checked against. */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.shape);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment, or throws a ConfigError naming every bad variable. */
function parseOrExplain<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new ConfigError(`Invalid environment configuration:\n${problems}`);
}

/** The keys for credentials at rest (lib/crypto.ts): the current one encrypts, all of them decrypt. */
export function keyRing(config: Pick<Config, 'ENCRYPTION_KEY' | 'ENCRYPTION_KEYS_PREVIOUS'>): KeyRing {
  return { current: config.ENCRYPTION_KEY, previous: config.ENCRYPTION_KEYS_PREVIOUS };
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = parseOrExplain(ConfigSchema, env);
  return {
    ...config,
    PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    WEBHOOK_ALLOW_PRIVATE_URLS: config.WEBHOOK_ALLOW_PRIVATE_URLS ?? config.NODE_ENV !== 'production',
  };
}

/** What `npm run keys:rotate` reads: the database and the keys, nothing else. */
export function parseKeyRotationConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseOrExplain(ConfigSchema.pick({ DATABASE_URL: true, ENCRYPTION_KEY: true, ENCRYPTION_KEYS_PREVIOUS: true }), env);
}

/** Only the tuning knobs, with their defaults: for reports that state the settings used. */
export function parseWorkerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  return parseOrExplain(z.object(WORKER_TUNING_SHAPE), env);
}

/**
 * What `npm start` reads to provision the embedded defaults. DATABASE_URL and
 * TEMPORAL_ADDRESS, when set, replace the embedded PostgreSQL and the dev server.
 */
const StartConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  TEMPORAL_DEV_SERVER_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_UI_URL: z.url().optional(),
});

export type StartConfig = z.infer<typeof StartConfigSchema>;

export function parseStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  return parseOrExplain(StartConfigSchema, env);
}

/** The Graph API's versioned root, e.g. https://graph.facebook.com/v26.0 */
export function graphApiUrl(config: Pick<Config, 'FACEBOOK_GRAPH_BASE_URL' | 'FACEBOOK_GRAPH_API_VERSION'>): string {
  return `${config.FACEBOOK_GRAPH_BASE_URL}/${config.FACEBOOK_GRAPH_API_VERSION}`;
}
