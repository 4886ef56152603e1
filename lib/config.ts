// The one place that reads process.env. Every process parses its configuration once at
// start-up and fails with a message naming each bad variable.
import { z } from 'zod';

const booleanFromString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

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
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes encoded as base64'),
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
  /** how long the API waits for a workflow to answer an update before 503 */
  WORKFLOW_UPDATE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ...WORKER_TUNING_SHAPE,
});

export type Config = z.infer<typeof ConfigSchema> & { PUBLIC_URL: string };

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

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = parseOrExplain(ConfigSchema, env);
  return { ...config, PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` };
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
