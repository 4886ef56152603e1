import { parseRetryAfter, publishErrorFromFetchFailure, publishErrorFromResponse } from './errors';

test.each([
  [429, 'RATE_LIMITED', true],
  [503, 'PLATFORM_UNAVAILABLE', true],
  [500, 'PLATFORM_UNAVAILABLE', true],
  [408, 'PLATFORM_UNAVAILABLE', true],
  [401, 'AUTH_FAILED', false],
  [403, 'AUTH_FAILED', false],
  [422, 'CONTENT_REJECTED', false],
  [409, 'DUPLICATE', false],
])('HTTP %i is %s (retryable: %s)', (status, kind, retryable) => {
  const error = publishErrorFromResponse('Mastodon', status, new Headers(), 'details');
  expect(error).toMatchObject({ kind, retryable, message: `Mastodon answered ${status}: details` });
});

test("a 429's Retry-After becomes the next retry delay, in seconds or as a date", () => {
  expect(publishErrorFromResponse('X', 429, new Headers({ 'Retry-After': '120' }), '').retryAfterMs).toBe(120_000);
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

test('no answer at all is retryable: a timeout or a network failure', () => {
  expect(publishErrorFromFetchFailure('Mastodon', new DOMException('timed out', 'TimeoutError'))).toMatchObject({
    kind: 'TIMEOUT',
    retryable: true,
  });
  expect(publishErrorFromFetchFailure('Mastodon', new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }))).toMatchObject({
    kind: 'NETWORK',
    retryable: true,
    message: 'Could not reach Mastodon: ECONNREFUSED',
  });
  // the connection pool's limit on a platform's silence (undici's codes)
  const silent = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
  expect(publishErrorFromFetchFailure('Mastodon', new TypeError('fetch failed', { cause: silent }))).toMatchObject({
    kind: 'TIMEOUT',
    retryable: true,
  });
});
