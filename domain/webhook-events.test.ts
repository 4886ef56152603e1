import { eventForTransition } from './webhook-events';

test('post.scheduled is the first write of the workflow, not a reschedule', () => {
  expect(eventForTransition({ status: 'SCHEDULED', stateVersion: 0 }, 'SCHEDULED')).toBe('post.scheduled');
  expect(eventForTransition({ status: 'SCHEDULED', stateVersion: 3 }, 'SCHEDULED')).toBeUndefined();
});

test('final statuses are announced once, when the status changes', () => {
  expect(eventForTransition({ status: 'PUBLISHING', stateVersion: 2 }, 'PUBLISHED')).toBe('post.published');
  expect(eventForTransition({ status: 'PUBLISHING', stateVersion: 2 }, 'PARTIALLY_PUBLISHED')).toBe('post.partially_published');
  expect(eventForTransition({ status: 'PUBLISHING', stateVersion: 2 }, 'FAILED')).toBe('post.failed');
  expect(eventForTransition({ status: 'SCHEDULED', stateVersion: 1 }, 'CANCELLED')).toBe('post.cancelled');
  expect(eventForTransition({ status: 'CANCELLED', stateVersion: 2 }, 'CANCELLED')).toBeUndefined();
  expect(eventForTransition({ status: 'SCHEDULED', stateVersion: 1 }, 'PUBLISHING')).toBeUndefined();
});
