// The shared fetch of every platform call: a platform that answers too slowly is a retryable
// TIMEOUT, one that cannot be reached is NETWORK.
import { FakeX } from '../../tests/fakes/x';
import { PublishError } from './errors';
import { platformFetch, type PlatformApi } from './http';

const x = new FakeX();
const api: PlatformApi = { name: 'X', errorDetail: (body) => body };

beforeAll(() => x.start());
afterAll(() => x.stop());

test('a slow answer ends in a retryable TIMEOUT after the time limit', async () => {
  x.failNext({ status: 201, delayMs: 2000, body: { data: { id: '1', text: 'late' } } });
  const started = Date.now();
  const error = await platformFetch(
    api,
    `${x.url}/2/tweets`,
    { method: 'POST', headers: { Authorization: 'Bearer x-token-alice' } },
    300,
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  expect(error).toMatchObject({ kind: 'TIMEOUT', retryable: true });
  expect(Date.now() - started).toBeLessThan(1500);
});

test('a platform that cannot be reached is a retryable NETWORK error', async () => {
  const error = await platformFetch(api, 'http://127.0.0.1:9/2/tweets').catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'NETWORK', retryable: true });
});
