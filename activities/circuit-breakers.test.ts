import { PlatformCircuitBreakers } from './circuit-breakers';
import { PublishError } from '../lib/platforms/errors';
import type { Publisher, PublishRequest } from './publishers/publisher';

const request: PublishRequest = {
  content: 'hello',
  media: [],
  idempotencyKey: 'k',
  connection: { id: 'c', platform: 'MASTODON', handle: '@a@b', instanceUrl: 'https://b', credentials: {} },
};

/** A platform whose health the test switches, counting the calls that reach it. */
function platform() {
  const state = { healthy: false, calls: 0, failure: new PublishError('PLATFORM_UNAVAILABLE', 'Mastodon answered 503') };
  const publisher: Publisher = {
    async publish() {
      state.calls += 1;
      if (!state.healthy) throw state.failure;
      return { platformPostId: '1', url: 'https://b/1' };
    },
  };
  return { state, publisher };
}

const options = { resetTimeoutMs: 200, errorThresholdPercentage: 50, volumeThreshold: 3, rollingWindowMs: 10_000 };

test('an outage opens the circuit: later attempts fail fast without calling the platform, then it closes on recovery', async () => {
  const breakers = new PlatformCircuitBreakers(options);
  const { state, publisher } = platform();
  for (let i = 0; i < 3; i += 1) await expect(breakers.publish('MASTODON', publisher, request)).rejects.toThrow('503');
  expect(breakers.state('MASTODON')).toBe('open');

  const fastFailure = breakers.publish('MASTODON', publisher, request);
  await expect(fastFailure).rejects.toMatchObject({ kind: 'PLATFORM_UNAVAILABLE', retryable: true, retryAfterMs: 200 });
  await expect(fastFailure).rejects.toThrow(/circuit open/);
  expect(state.calls).toBe(3);
  expect(breakers.state('X')).toBe('closed'); // one platform's outage does not stop another

  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(breakers.state('MASTODON')).toBe('half_open');
  state.healthy = true;
  await expect(breakers.publish('MASTODON', publisher, request)).resolves.toMatchObject({ platformPostId: '1' });
  expect(breakers.state('MASTODON')).toBe('closed');
});

test('rejected content, revoked tokens and rate limits do not open the circuit', async () => {
  const breakers = new PlatformCircuitBreakers(options);
  const { state, publisher } = platform();
  for (const failure of [
    new PublishError('CONTENT_REJECTED', 'Mastodon answered 422'),
    new PublishError('AUTH_FAILED', 'Mastodon answered 401'),
    new PublishError('RATE_LIMITED', 'Mastodon answered 429', 1000),
  ]) {
    state.failure = failure;
    for (let i = 0; i < 3; i += 1) await expect(breakers.publish('MASTODON', publisher, request)).rejects.toBe(failure);
  }
  expect(breakers.state('MASTODON')).toBe('closed');
  expect(state.calls).toBe(9);
});
