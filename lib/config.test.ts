import { ConfigError, parseConfig, parseWorkerTuning } from './config';
import { operatorPlatformOrigins } from './platforms/connection-pool';
import { generateSecrets } from '../runtime/dev-secrets';

const valid = { ...generateSecrets(), DATABASE_URL: 'postgresql://u:p@localhost:5432/planrrr' };

test('a valid environment parses with defaults', () => {
  const config = parseConfig(valid);
  expect(config).toMatchObject({
    PORT: 3000,
    TEMPORAL_ADDRESS: 'localhost:7233',
    TEMPORAL_TASK_QUEUE: 'planrrr-posts',
    PUBLIC_URL: 'http://localhost:3000',
  });
});

test('a bad environment fails naming every bad variable', () => {
  const env = { ...valid, PORT: 'eighty', ENCRYPTION_KEY: 'short', DATABASE_URL: undefined };
  expect(() => parseConfig(env)).toThrow(ConfigError);
  const message = (() => {
    try {
      parseConfig(env);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  })();
  expect(message).toMatch(/PORT:/);
  expect(message).toMatch(/ENCRYPTION_KEY: must be 32 bytes encoded as base64/);
  expect(message).toMatch(/DATABASE_URL:/);
});

test('previous encryption keys are a comma-separated list of 32-byte keys, and each bad one is named', () => {
  const previous = [generateSecrets().ENCRYPTION_KEY!, generateSecrets().ENCRYPTION_KEY!];
  expect(parseConfig(valid).ENCRYPTION_KEYS_PREVIOUS).toEqual([]);
  expect(parseConfig({ ...valid, ENCRYPTION_KEYS_PREVIOUS: ` ${previous.join(' , ')} ` }).ENCRYPTION_KEYS_PREVIOUS).toEqual(previous);
  expect(() => parseConfig({ ...valid, ENCRYPTION_KEYS_PREVIOUS: `${previous[0]},short` })).toThrow(
    /ENCRYPTION_KEYS_PREVIOUS: must be comma-separated keys/,
  );
});

test('OAuth apps are optional: empty values (as compose passes them) mean not configured; URLs default to the real hosts', () => {
  const config = parseConfig({ ...valid, X_CLIENT_ID: '', X_CLIENT_SECRET: '', GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' });
  expect(config.X_CLIENT_ID).toBeUndefined();
  expect(config).toMatchObject({
    GOOGLE_CLIENT_ID: 'id',
    X_TOKEN_URL: 'https://api.x.com/2/oauth2/token',
    LINKEDIN_API_BASE_URL: 'https://api.linkedin.com',
    GOOGLE_TOKEN_URL: 'https://oauth2.googleapis.com/token',
  });
  expect(() => parseConfig({ ...valid, X_TOKEN_URL: 'not a url' })).toThrow(/X_TOKEN_URL/);
});

test("a platform's own variables (platforms/<name>/config.ts) are read and checked with the rest, each bad one named", () => {
  expect(parseConfig(valid)).toMatchObject({ LINKEDIN_API_VERSION: '202610', TELEGRAM_API_BASE_URL: 'https://api.telegram.org' });
  expect(parseConfig({ ...valid, BLUESKY_DEFAULT_SERVICE_URL: 'https://pds.example.com' }).BLUESKY_DEFAULT_SERVICE_URL).toBe(
    'https://pds.example.com',
  );
  const env = { ...valid, LINKEDIN_API_VERSION: '2026-10', TELEGRAM_API_BASE_URL: 'telegram', PORT: 'eighty' };
  expect(() => parseConfig(env)).toThrow(/LINKEDIN_API_VERSION: must be a LinkedIn API version such as 202610/);
  expect(() => parseConfig(env)).toThrow(/TELEGRAM_API_BASE_URL:/);
  expect(() => parseConfig(env)).toThrow(/PORT:/);
});

test("the hosts the operator configures are every platform's URL variable, and the AI provider's", () => {
  const config = parseConfig({ ...valid, TELEGRAM_API_BASE_URL: 'http://127.0.0.1:4100/', AI_BASE_URL: 'http://localhost:11434/v1' });
  const origins = operatorPlatformOrigins(config);
  expect(origins).toEqual(
    expect.arrayContaining([
      'http://127.0.0.1:4100',
      'http://localhost:11434',
      'https://api.x.com',
      'https://graph.facebook.com',
      'https://oauth2.googleapis.com',
      'https://rupload.facebook.com',
      'https://mybusinessbusinessinformation.googleapis.com',
      'https://bsky.social',
    ]),
  );
  expect(origins).not.toContain('https://api.telegram.org');
});

test('media: a local directory by default; empty S3 settings (as compose passes them) count as unset', () => {
  expect(parseConfig(valid)).toMatchObject({ MEDIA_DIR: '.data/media', FACEBOOK_GRAPH_API_VERSION: 'v26.0' });
  expect(parseConfig(valid).MEDIA_S3_BUCKET).toBeUndefined();
  const config = parseConfig({
    ...valid,
    MEDIA_S3_BUCKET: '',
    MEDIA_S3_ENDPOINT: '',
    MEDIA_S3_ACCESS_KEY_ID: '',
    MEDIA_S3_SECRET_ACCESS_KEY: '',
  });
  expect(config.MEDIA_S3_BUCKET).toBeUndefined();
  expect(config.MEDIA_S3_ENDPOINT).toBeUndefined();
  expect(() => parseConfig({ ...valid, MEDIA_S3_ENDPOINT: 'not a url' })).toThrow(/MEDIA_S3_ENDPOINT/);
  expect(() => parseConfig({ ...valid, FACEBOOK_GRAPH_API_VERSION: '21' })).toThrow(/FACEBOOK_GRAPH_API_VERSION: must look like v26.0/);
});

test('publishing limits default per platform, with its documented budgets, and are overridden by PUBLISH_RATE_LIMITS', () => {
  const defaults = parseConfig(valid).PUBLISH_RATE_LIMITS;
  expect(defaults.MASTODON).toEqual({
    perSecond: 1_000,
    concurrency: 1_000,
    budgets: [{ per: 'account', count: 300, windowSeconds: 300 }],
  });
  expect(defaults.X.budgets.map((budget) => budget.per)).toEqual(['account', 'account', 'app']);
  const config = parseConfig({
    ...valid,
    PUBLISH_RATE_LIMITS:
      '{"MASTODON":{"perSecond":0.5},"X":{"concurrency":2,"budgets":[{"per":"account","count":100,"windowSeconds":86400}]}}',
  });
  expect(config.PUBLISH_RATE_LIMITS.MASTODON).toEqual({ ...defaults.MASTODON, perSecond: 0.5 });
  expect(config.PUBLISH_RATE_LIMITS.X).toEqual({
    perSecond: 1_000,
    concurrency: 2,
    budgets: [{ per: 'account', count: 100, windowSeconds: 86_400 }],
  });
  expect(config.PUBLISH_RATE_LIMITS.DEMO).toEqual({ perSecond: 100, concurrency: 50, budgets: [] });
});

test.each([
  ['not json', /PUBLISH_RATE_LIMITS: must be JSON/],
  ['{"MASTODON":{"perSecond":0}}', /PUBLISH_RATE_LIMITS\.MASTODON\.perSecond: must be a positive number/],
  ['{"MYSPACE":{"perSecond":1}}', /PUBLISH_RATE_LIMITS/],
  ['{"X":{"concurrency":1.5}}', /PUBLISH_RATE_LIMITS\.X\.concurrency/],
  ['{"X":{"budgets":[{"per":"user","count":1,"windowSeconds":60}]}}', /PUBLISH_RATE_LIMITS\.X\.budgets\.0\.per/],
])('PUBLISH_RATE_LIMITS=%s is refused, naming the variable', (value, message) => {
  expect(() => parseConfig({ ...valid, PUBLISH_RATE_LIMITS: value })).toThrow(message);
});

test('worker tuning has defaults, reads overrides and refuses nonsense by name', () => {
  expect(parseWorkerTuning({})).toEqual({
    WORKER_MAX_CONCURRENT_ACTIVITIES: 200,
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 100,
    WORKER_TASK_POLLERS: 10,
    WORKER_MAX_CACHED_WORKFLOWS: 1000,
    DATABASE_POOL_SIZE: 20,
    PLATFORM_CONNECTIONS_PER_HOST: 1_000,
  });
  expect(parseConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '250' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(250);
  expect(() => parseConfig({ ...valid, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE:/);
});

test('METRICS_SAMPLE_OFFSETS: increasing durations, in milliseconds; 1h … 30d by default', () => {
  expect(parseConfig(valid).METRICS_SAMPLE_OFFSETS).toEqual([1, 6, 24, 72, 168, 720].map((hours) => hours * 3_600_000));
  expect(parseConfig({ ...valid, METRICS_SAMPLE_OFFSETS: '2s, 4s,1m' }).METRICS_SAMPLE_OFFSETS).toEqual([2_000, 4_000, 60_000]);
  expect(() => parseConfig({ ...valid, METRICS_SAMPLE_OFFSETS: '6h,1h' })).toThrow(/METRICS_SAMPLE_OFFSETS/);
  expect(() => parseConfig({ ...valid, METRICS_SAMPLE_OFFSETS: '1h,soon' })).toThrow(/METRICS_SAMPLE_OFFSETS/);
});

test('email goes to the mail catcher outside production unless SMTP_URL says where; in production it is off without it', () => {
  expect(parseConfig(valid).SMTP_URL).toBe('smtp://127.0.0.1:1025');
  expect(parseConfig({ ...valid, SMTP_URL: 'smtps://user:p%40ss@smtp.example.com:465' }).SMTP_URL).toBe(
    'smtps://user:p%40ss@smtp.example.com:465',
  );
  expect(parseConfig({ ...valid, NODE_ENV: 'production' }).SMTP_URL).toBeUndefined();
  expect(parseConfig({ ...valid, NODE_ENV: 'production', SMTP_URL: '' }).SMTP_URL).toBeUndefined();
  expect(() => parseConfig({ ...valid, SMTP_URL: 'smtp.example.com' })).toThrow(/SMTP_URL: must be a URL/);
});

test("OTLP headers are the OpenTelemetry specification's name=value pairs, percent-encoded; anything else is named", () => {
  expect(parseConfig(valid).OTEL_EXPORTER_OTLP_HEADERS).toEqual({});
  expect(
    parseConfig({ ...valid, OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=abc123, authorization=Basic%20dXNlcjpwdw==' })
      .OTEL_EXPORTER_OTLP_HEADERS,
  ).toEqual({
    'x-honeycomb-team': 'abc123',
    authorization: 'Basic dXNlcjpwdw==',
  });
  expect(() => parseConfig({ ...valid, OTEL_EXPORTER_OTLP_HEADERS: 'just-a-key' })).toThrow(
    /OTEL_EXPORTER_OTLP_HEADERS: must be name=value pairs/,
  );
  expect(() => parseConfig({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' })).toThrow(
    /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
  );
});
