import { ConfigError, parseConfig } from './config';
import { generateSecrets } from '../runtime/dev-secrets';

const valid = { ...generateSecrets(), DATABASE_URL: 'postgresql://u:p@localhost:5432/planrrr' };

test('a valid environment parses with defaults', () => {
  const config = parseConfig(valid);
  expect(config).toMatchObject({ PORT: 3000, TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_TASK_QUEUE: 'planrrr-posts', PUBLIC_URL: 'http://localhost:3000' });
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

test('publishing budgets default per platform and are overridden by PUBLISH_RATE_LIMITS', () => {
  expect(parseConfig(valid).PUBLISH_RATE_LIMITS.MASTODON).toEqual({ perSecond: 10, concurrency: 20 });
  const config = parseConfig({ ...valid, PUBLISH_RATE_LIMITS: '{"MASTODON":{"perSecond":0.5},"X":{"concurrency":2}}' });
  expect(config.PUBLISH_RATE_LIMITS.MASTODON).toEqual({ perSecond: 0.5, concurrency: 20 });
  expect(config.PUBLISH_RATE_LIMITS.X).toEqual({ perSecond: 1, concurrency: 2 });
  expect(config.PUBLISH_RATE_LIMITS.DEMO).toEqual({ perSecond: 100, concurrency: 50 });
});

test.each([
  ['not json', /PUBLISH_RATE_LIMITS: must be JSON/],
  ['{"MASTODON":{"perSecond":0}}', /PUBLISH_RATE_LIMITS\.MASTODON\.perSecond: must be a positive number/],
  ['{"MYSPACE":{"perSecond":1}}', /PUBLISH_RATE_LIMITS/],
  ['{"X":{"concurrency":1.5}}', /PUBLISH_RATE_LIMITS\.X\.concurrency/],
])('PUBLISH_RATE_LIMITS=%s is refused, naming the variable', (value, message) => {
  expect(() => parseConfig({ ...valid, PUBLISH_RATE_LIMITS: value })).toThrow(message);
});
