// The one place that reads process.env. Every process parses its configuration once at
// start-up and fails with a message naming each bad variable.
import { z } from 'zod';
import type { KeyRing } from './crypto';
import { optionalSecret, unsetIfEmpty } from './config-fields';
import { PLATFORMS, type Platform } from '../domain/post';
import { DOCUMENTED_PUBLISH_LIMITS, type PublishLimit } from './platforms/publish-limits';
import { durationMs, METRICS_SAMPLE_OFFSETS } from '../domain/post-metrics';
import { PLATFORM_PUBLISH_PACES, PLATFORM_VARIABLES } from '../platforms/configs';
import { PACED_BY_BUDGETS, type PublishPace } from '../platforms/platform-config';

const booleanFromString = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const base64Key = (value: string) => Buffer.from(value, 'base64').length === 32;

/** How fast and how many at once planrrr publishes to one platform, and within which of its limits. */
export interface PublishRateLimit extends PublishPace {
  /** the platform's limits per account and per app, counted for every worker (lib/platforms/publish-limits.ts) */
  budgets: readonly PublishLimit[];
}

/** Each platform's pace (platforms/<name>/config.ts) with its documented budgets (its definition's `publishLimits`). */
export const DEFAULT_PUBLISH_RATE_LIMITS: Record<Platform, PublishRateLimit> = Object.fromEntries(
  PLATFORMS.map((platform) => [platform, { ...PLATFORM_PUBLISH_PACES[platform], budgets: DOCUMENTED_PUBLISH_LIMITS[platform] ?? [] }]),
) as Record<Platform, PublishRateLimit>;

const PublishRateLimitOverridesSchema = z.partialRecord(
  z.enum(PLATFORMS),
  z.strictObject({
    perSecond: z.number().positive('must be a positive number').optional(),
    concurrency: z.number().int().positive('must be a positive integer').optional(),
    budgets: z
      .array(
        z.strictObject({
          per: z.enum(['account', 'app']),
          count: z.number().int().positive('must be a positive integer'),
          windowSeconds: z.number().positive('must be a positive number'),
        }),
      )
      .optional(),
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
  .transform(
    (overrides) =>
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
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt
    .default(200)
    .describe('Publishing and state-saving activities one worker runs at once (they wait on the network).'),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(100).describe('Workflow tasks one worker runs at once.'),
  WORKER_TASK_POLLERS: positiveInt
    .default(10)
    .describe('Long polls the worker keeps open for workflow tasks and for activity tasks, each.'),
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt
    .default(1000)
    .describe(
      'Workflows a worker keeps in memory between tasks. A sleeping post leaves the cache and is replayed from its history when it wakes, so what the worker holds is bounded however many posts sleep.',
    ),
  DATABASE_POOL_SIZE: positiveInt.default(20).describe('PostgreSQL connections per server or worker process.'),
  PLATFORM_CONNECTIONS_PER_HOST: positiveInt
    .default(PACED_BY_BUDGETS.concurrency)
    .describe(
      "Open connections from one worker (or API server) to one platform host. The default is as many publishes as one worker runs at once for a platform paced by its budgets, so that posts due in the same second go out together; a publish waiting for its time opens its connection 5 s ahead. Lower it if a proxy or your file descriptors limit connections: calls beyond it wait for a free connection. A platform silent for 30 s once a request is sent is a timeout; the wait for a connection is not counted (a call's whole deadline is 90 s, uploads 100 s).",
    ),
};

const httpUrl = (example: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${example}` });

/** One `name=value` header of OTEL_EXPORTER_OTLP_HEADERS, percent-decoded; undefined when it is not one. */
function otlpHeader(pair: string): [string, string] | undefined {
  const separator = pair.indexOf('=');
  if (separator <= 0) return undefined;
  try {
    return [decodeURIComponent(pair.slice(0, separator).trim()), decodeURIComponent(pair.slice(separator + 1).trim())];
  } catch {
    return undefined; // not valid percent-encoding
  }
}

/** `name=value` pairs, comma-separated and percent-encoded (the OpenTelemetry specification's format). */
const OtlpHeadersSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const headers = (value ?? '')
      .split(',')
      .filter((pair) => pair.trim())
      .map(otlpHeader);
    if (headers.every((header): header is [string, string] => header !== undefined)) return Object.fromEntries(headers);
    ctx.addIssue({
      code: 'custom',
      message: 'must be name=value pairs separated by commas, percent-encoded, e.g. x-honeycomb-team=abc123',
    });
    return z.NEVER;
  });

/**
 * Traces and error tracking (operations.md, "Traces and error tracking"): both off unless
 * configured. The OpenTelemetry variables are the standard ones; these are the ones planrrr reads.
 */
const TELEMETRY_SHAPE = {
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetIfEmpty(httpUrl('http://localhost:4318')).describe(
    'Where traces are sent over OTLP/HTTP (JSON), e.g. `http://localhost:4318` (a local collector, Jaeger, Tempo) or `https://api.honeycomb.io`; traces go to `<endpoint>/v1/traces`. The server traces as `planrrr-api`, workers as `planrrr-worker`. Unset: no traces, and the OpenTelemetry SDK is not loaded.',
  ),
  OTEL_EXPORTER_OTLP_HEADERS: OtlpHeadersSchema.describe(
    'Headers sent with every export, as `name=value` pairs separated by commas (percent-encoded), e.g. `x-honeycomb-team=<API key>` or `authorization=Basic%20<base64>`.',
  ),
  SENTRY_DSN: unsetIfEmpty(httpUrl('https://<key>@o0.ingest.sentry.io/<project>')).describe(
    "Your Sentry project's DSN: unexpected errors (an API answer 500, an activity failure that is not a platform's classified answer, a crash) are reported there with the request id or the workflow id and activity type, and no user data. Unset: nothing is reported.",
  ),
  SENTRY_ENVIRONMENT: unsetIfEmpty(z.string().min(1)).describe(
    'The environment Sentry files the errors under (e.g. `production`, `staging`); unset: `NODE_ENV`.',
  ),
};

export type WorkerTuning = z.infer<z.ZodObject<typeof WORKER_TUNING_SHAPE>>;

export const ConfigSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe("The web app's mode (React Router), and the default of `WEBHOOK_ALLOW_PRIVATE_URLS`."),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  HOST: z.string().default('0.0.0.0').describe('The address the server listens on.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('The port the server (web app and REST API) listens on.'),
  TRUST_PROXY: booleanFromString
    .default(false)
    .describe(
      "Behind a TLS-terminating reverse proxy, `true` trusts its `X-Forwarded-*` headers, so the request counts as https, Secure session cookies are sent, and log-in limits count the client's address rather than the proxy's.",
    ),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe(
      "Where users reach the web app (unset: `http://localhost:<PORT>`); used in links such as OAuth redirect URIs, the demo feed's post URLs and signed media links. `https://` makes session cookies Secure.",
    ),
  DATABASE_URL: z
    .url({ message: 'must be a postgresql:// connection string' })
    .describe(
      'PostgreSQL connection string. `npm start` runs an embedded PostgreSQL when it is unset. Through a pooler, use session mode or PgBouncer 1.21+ with `max_prepared_statements` (docs/operations.md, Connection poolers).',
    ),
  TEMPORAL_ADDRESS: z
    .string()
    .min(1)
    .default('localhost:7233')
    .describe("The Temporal frontend, `host:port`. `npm start` runs the Temporal CLI's dev server when it is unset."),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe("The Temporal namespace posts' workflows run in."),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .min(1)
    .default('planrrr-posts')
    .describe("The main task queue; each platform's publishes have their own, `<TEMPORAL_TASK_QUEUE>-publish-<platform>`."),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233').describe('Where operators open the Temporal Web UI, linked from the app.'),
  DOCS_URL: z
    .url()
    .optional()
    .describe(
      "Where planrrr's documentation (the repository's `docs/` folder) is published, e.g. `https://github.com/<owner>/planrrr/blob/main/docs`; the web app links its pages from there (the Connections page's setup hint for a platform without its OAuth app). Unset: the app names the file and section instead of linking.",
    ),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .describe('Signs session cookies (and derives the key of signed media links); at least 32 characters.'),
  ENCRYPTION_KEY: z
    .string()
    .refine(base64Key, 'must be 32 bytes encoded as base64')
    .describe('Encrypts platform credentials at rest (AES-256-GCM): 32 random bytes, base64 (`openssl rand -base64 32`).'),
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every(base64Key), 'must be comma-separated keys, each 32 bytes encoded as base64')
    .describe(
      'Comma-separated keys that encrypted credentials before the current `ENCRYPTION_KEY`: still read until `npm run keys:rotate` has re-encrypted everything (see operations.md, "Rotating the encryption key").',
    ),
  ALLOW_INSECURE_PLATFORM_URLS: booleanFromString
    .default(false)
    .describe(
      "`true` allows `http://` instance URLs, and hosts users choose (Mastodon instances, Bluesky PDSs) on loopback, private or link-local addresses: a local Mastodon in tests; `npm start` turns it on. Off, an instance's name is resolved when the account is connected (400 otherwise) and every connection the server or worker opens to it is checked again (DNS rebinding), so a name that later resolves privately fails the post without retries. The hosts the operator configures (`X_API_BASE_URL` and the like) are not checked. Unlike `WEBHOOK_ALLOW_PRIVATE_URLS` it does not follow `NODE_ENV`: a production server started without `NODE_ENV=production` stays closed.",
    ),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A workflow bundle built by `npm run build:workflows`, so workers start without bundling; a tracing worker loads the `.traced.js` twin written beside it. Unset: the worker bundles at start-up.',
    ),
  WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(9464)
    .describe("The worker's Prometheus endpoint (Temporal SDK metrics and planrrr's publishing figures)."),
  METRICS_TOKEN: unsetIfEmpty(z.string().min(16, 'must be at least 16 characters')).describe(
    "The bearer token Prometheus sends to the server's `GET /metrics` (`authorization: credentials` in its scrape config; `openssl rand -hex 32`). Unset: `/metrics` answers 404 in production, and is open in development and tests.",
  ),
  RECONCILE_EVERY: z
    .string()
    .regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 5m or 1h')
    .default('5m')
    .describe('How often the reconciler Schedule compares the database with Temporal (e.g. `5m`, `1h`).'),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(20)
    .describe(
      'Sign-up and log-in attempts per IP address per minute, through the API and the web forms alike; the counters are in PostgreSQL, shared by every server process.',
    ),
  LOGIN_FAILURES_BEFORE_BLOCK: z.coerce
    .number()
    .int()
    .positive()
    .default(10)
    .describe(
      'Consecutive wrong passwords for one account from one IP address after which log-ins to that account from that address are refused (429) for 15 minutes; a successful log-in starts the count again.',
    ),
  LOGIN_FAILURES_BEFORE_SLOWDOWN: z.coerce
    .number()
    .int()
    .positive()
    .default(5)
    .describe(
      'Wrong passwords for one account within an hour, from any address, after which every log-in to it waits before the password is checked: 1 s, doubling with each further failure, at most 10 s. A slowdown, not a lockout: the right password is still accepted.',
    ),
  WRITE_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(600)
    .describe(
      'API writes (POST, PATCH, DELETE) per API token or user per minute, counted in PostgreSQL: one limit across every server process.',
    ),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .url({ error: 'must be a comma-separated list of origins such as https://app.example.com' })
          .transform((url) => new URL(url).origin),
      ),
    )
    .describe(
      'Other web origins allowed to call the API from a browser, with credentials, comma-separated (e.g. `https://dashboard.example.com`). Empty: same origin only.',
    ),
  WORKFLOW_UPDATE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('How long the API waits for a workflow to answer an edit, reschedule or cancel before it answers 503.'),
  // each platform's hosts, API versions and OAuth app (platforms/<name>/config.ts); an OAuth
  // platform can be connected once its client id and secret are set (docs/platforms.md,
  // "Registering the OAuth apps"); the URLs default to the real hosts (tests point them at a fake)
  ...PLATFORM_VARIABLES,
  MEDIA_DIR: z
    .string()
    .min(1)
    .default('.data/media')
    .describe(
      'Where uploaded images and videos are kept on local disk when no S3 bucket is configured; the server and the workers must share it.',
    ),
  MEDIA_S3_BUCKET: unsetIfEmpty(z.string().min(1)).describe(
    'An S3-compatible bucket for media (AWS S3, MinIO, Cloudflare R2, …); when set, `MEDIA_DIR` is not used.',
  ),
  MEDIA_S3_ENDPOINT: unsetIfEmpty(z.url()).describe("The S3 API's address for non-AWS stores (MinIO, R2, …); unset for AWS."),
  MEDIA_S3_REGION: z.string().min(1).default('us-east-1').describe("The bucket's region."),
  MEDIA_S3_ACCESS_KEY_ID: unsetIfEmpty(z.string().min(1)).describe(
    "The bucket's access key; unset: the AWS SDK's default credential chain (instance role, `AWS_*` variables).",
  ),
  MEDIA_S3_SECRET_ACCESS_KEY: unsetIfEmpty(z.string().min(1)).describe('The secret of `MEDIA_S3_ACCESS_KEY_ID`.'),
  MEDIA_S3_FORCE_PATH_STYLE: booleanFromString
    .default(false)
    .describe('Path-style bucket addressing, which MinIO and most self-hosted stores need.'),
  MEDIA_MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024)
    .describe('The largest image (JPEG, PNG, GIF, WebP) an upload may be (default 16 MiB); a larger one answers 413.'),
  MEDIA_MAX_VIDEO_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024)
    .describe('The largest video (MP4, QuickTime) an upload may be (default 512 MiB); a larger one answers 413.'),
  WEBHOOK_ALLOW_PRIVATE_URLS: booleanFromString
    .optional()
    .describe(
      '`true` lets webhooks call loopback and private-network addresses. Unset: `false` in production, where it would let users make the worker call internal services (SSRF), and `true` in development and tests, where receivers run on localhost.',
    ),
  WEBHOOK_RETRY_INITIAL_INTERVAL: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, 'must be a duration such as 10s or 1m')
    .default('10s')
    .describe('The first retry delay of a webhook delivery; it doubles, at most an hour apart, for 24 hours.'),
  SMTP_URL: unsetIfEmpty(z.url({ message: 'must be a URL such as smtps://user:password@smtp.example.com:465' })).describe(
    'The SMTP server planrrr sends email through, as a URL: `smtp://host:587` (STARTTLS when the server offers it), `smtps://user:password@host:465` (TLS from the start); the user and password percent-encoded. Unset: `smtp://127.0.0.1:1025` outside production, the mail catcher `npm start` runs (notifications.md); in production, email is off and each message is recorded as failed.',
  ),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('planrrr <planrrr@localhost>')
    .describe('The sender of every email, e.g. `planrrr <notifications@example.com>`; use an address your SMTP server may send as.'),
  EVENT_STREAMS_PER_USER: z.coerce
    .number()
    .int()
    .positive()
    .default(5)
    .describe('Open `/api/v1/events` streams per user; more answer 429.'),
  METRICS_SAMPLE_OFFSETS: z
    .string()
    .default(METRICS_SAMPLE_OFFSETS.join(','))
    .transform((list, context) => {
      const offsets = list.split(',').map((each) => durationMs(each.trim()));
      const valid = offsets.every((offset, index) => offset !== undefined && (index === 0 || offset > offsets[index - 1]!));
      if (!valid) context.addIssue({ code: 'custom', message: 'must be increasing durations such as 1h,6h,24h,3d' });
      return offsets as number[];
    })
    .describe(
      "When a published post's metrics are sampled, after its publication: increasing durations (`s`, `m`, `h`, `d`). A workflow started with them keeps them.",
    ),
  FOLLOWERS_SAMPLE_TIME: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, 'must be a UTC time of day such as 06:00, or off')
    .default('06:00')
    .describe(
      "When the daily followers Schedule reads every account's follower count, as HH:MM in UTC. A worker that starts with another time moves the Schedule to it; `off` deletes it (newly connected accounts are still counted once).",
    ),
  PUBLISH_RATE_LIMITS: PublishRateLimitsSchema.describe(
    'Publishing limits per platform as JSON, merged over the defaults (operations.md, "Rate budgets per platform"): the task queue\'s rate and slots, and `budgets`, the platform\'s limits per account or app that replace the documented ones, e.g. `{"X":{"budgets":[{"per":"account","count":100,"windowSeconds":86400}]}}`.',
  ),
  PUBLISH_LEAD_SECONDS: z.coerce
    .number()
    .int()
    .min(0, 'must be 0 or more')
    .max(600, 'must be at most 600')
    .default(60)
    .describe(
      'Publish activities start this long before their post\'s time and wait on the worker for it, so posts due in the same second are queued ahead of it (0: they start at the time). When it is set, changes to a post close 10 seconds before its time. Waiting activities count towards a platform\'s concurrency, and up to that many posts can reach one platform in the same second (operations.md, "Publish lead").',
    ),
  CIRCUIT_BREAKER_OPEN_SECONDS: z.coerce
    .number()
    .positive()
    .default(30)
    .describe('How long publishing to a failing platform pauses (its circuit stays open) before a trial request.'),
  ...WORKER_TUNING_SHAPE,
  AI_BASE_URL: unsetIfEmpty(z.url()).describe(
    "An OpenAI-compatible chat-completions API (`<AI_BASE_URL>/chat/completions`): `https://api.openai.com/v1`, Ollama's `http://localhost:11434/v1`, vLLM, LM Studio, OpenRouter (ai.md). Unset: the AI suggestions are off.",
  ),
  AI_API_KEY: optionalSecret.describe(
    'Sent as `Authorization: Bearer` to `AI_BASE_URL`; local servers (Ollama, LM Studio) need none. Never sent in a prompt nor written to the audit log.',
  ),
  AI_MODEL: optionalSecret.describe(
    'The model the suggestions are asked of (e.g. `gpt-4o-mini`, `llama3.2`); the AI suggestions are off without it.',
  ),
  AI_VISION_MODEL: optionalSecret.describe('The model that writes alt text for images; unset: `AI_MODEL`, which then must read images.'),
  AI_MONTHLY_REQUESTS_PER_TEAM: positiveInt
    .default(500)
    .describe('Suggestions one team may ask for per calendar month (UTC); the next one answers 429 until the month ends.'),
  AI_MONTHLY_TOKENS_PER_TEAM: unsetIfEmpty(positiveInt).describe(
    "Tokens (the provider's prompt and completion counts) one team may use per calendar month (UTC); once used up, the next suggestion answers 429. Unset: no token budget.",
  ),
  ...TELEMETRY_SHAPE,
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'WEBHOOK_ALLOW_PRIVATE_URLS'> & {
  PUBLIC_URL: string;
  WEBHOOK_ALLOW_PRIVATE_URLS: boolean;
};

/** Where development sends email: the mail catcher that `npm start` runs (runtime/start.ts). */
export const DEVELOPMENT_SMTP_URL = 'smtp://127.0.0.1:1025';

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
    SMTP_URL: config.SMTP_URL ?? (config.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SMTP_URL),
  };
}

/** What `npm run keys:rotate` reads: the database and the keys, nothing else. */
export function parseKeyRotationConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseOrExplain(ConfigSchema.pick({ DATABASE_URL: true, ENCRYPTION_KEY: true, ENCRYPTION_KEYS_PREVIOUS: true }), env);
}

/**
 * Only the trace and error-tracking variables: a process reads them before anything else
 * (lib/tracing.ts), so its instrumentation is in place before the modules it patches load.
 */
export function parseTelemetryConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseOrExplain(z.object(TELEMETRY_SHAPE), env);
}

/** Only the tuning knobs, with their defaults: for reports that state the settings used. */
export function parseWorkerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  return parseOrExplain(z.object(WORKER_TUNING_SHAPE), env);
}

/**
 * What `npm start` reads to provision the embedded defaults. DATABASE_URL and
 * TEMPORAL_ADDRESS, when set, replace the embedded PostgreSQL and the dev server.
 */
export const StartConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('The port the web app and REST API listen on.'),
  DATABASE_URL: z.url().optional().describe('Unset: an embedded PostgreSQL runs in `.data/postgres` on `EMBEDDED_POSTGRES_PORT`.'),
  TEMPORAL_ADDRESS: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Unset: the Temporal CLI's dev server runs (SQLite file under `.data/`) on `TEMPORAL_DEV_SERVER_PORT`, its Web UI on `TEMPORAL_UI_PORT`.",
    ),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5433).describe("The embedded PostgreSQL's port."),
  TEMPORAL_DEV_SERVER_PORT: z.coerce.number().int().min(1).max(65535).default(7233).describe("The Temporal dev server's gRPC port."),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233).describe("The Temporal dev server's Web UI port."),
  TEMPORAL_UI_URL: z.url().optional().describe("Where the printed links send operators; unset: the dev server's Web UI."),
  SMTP_URL: z
    .string()
    .optional()
    .describe('Unset: a mail catcher (MailDev) takes every email on `MAIL_CATCHER_SMTP_PORT` and shows it on `MAIL_CATCHER_WEB_PORT`.'),
  LOG_PRETTY: booleanFromString
    .default(false)
    .describe(
      "`true` (or `npm start -- --pretty`; always in `npm run dev`): the processes' JSON log lines are printed as readable text. Off, they pass through as JSON lines, one per event, without parsing.",
    ),
  MAIL_CATCHER_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025).describe("The mail catcher's SMTP port."),
  MAIL_CATCHER_WEB_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(1080)
    .describe("The mail catcher's web page, where the emails are read."),
});

export type StartConfig = z.infer<typeof StartConfigSchema>;

export function parseStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  return parseOrExplain(StartConfigSchema, env);
}

/** The Graph API's versioned root, e.g. https://graph.facebook.com/v26.0 */
export function graphApiUrl(config: Pick<Config, 'FACEBOOK_GRAPH_BASE_URL' | 'FACEBOOK_GRAPH_API_VERSION'>): string {
  return `${config.FACEBOOK_GRAPH_BASE_URL}/${config.FACEBOOK_GRAPH_API_VERSION}`;
}
