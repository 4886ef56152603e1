import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { isUnexpectedActivityFailure } from './error-reporting';

test("an activity's deliberate answers are not errors to report; what it did not expect is", () => {
  // a platform's classified refusals, and a post changed while its publish waited
  expect(isUnexpectedActivityFailure(ApplicationFailure.create({ type: 'RATE_LIMITED', message: 'Mastodon answered 429' }))).toBe(false);
  expect(isUnexpectedActivityFailure(ApplicationFailure.create({ type: 'AUTH_FAILED', nonRetryable: true }))).toBe(false);
  expect(isUnexpectedActivityFailure(ApplicationFailure.create({ type: 'PostChanged' }))).toBe(false);
  expect(isUnexpectedActivityFailure(new CancelledFailure('the post was edited'))).toBe(false);
  // publishing's name for an exception it caught, and any exception that escaped an activity
  expect(isUnexpectedActivityFailure(ApplicationFailure.create({ type: 'INTERNAL', message: 'Unsupported state' }))).toBe(true);
  expect(isUnexpectedActivityFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(true);
});
