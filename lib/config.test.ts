import { ConfigError, parseConfig, parseWorkerTuning } from './config';
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

test('worker tuning has defaults, reads overrides and refuses nonsense by name', () => {
  expect(parseWorkerTuning({})).toEqual({
    WORKER_MAX_CONCURRENT_ACTIVITIES: 200,
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 100,
    WORKER_TASK_POLLERS: 10,
    WORKER_MAX_CACHED_WORKFLOWS: 1000,
    DATABASE_POOL_SIZE: 20,
  });
  expect(parseConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '250' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(250);
  expect(() => parseConfig({ ...valid, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE:/);
});
