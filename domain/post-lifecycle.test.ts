import type { PostState } from './post';
import {
  acceptsChanges,
  cancelledFields,
  CHANGES_CLOSE_BEFORE_MS,
  editedFields,
  idempotencyKeyFor,
  outcomeOf,
  refusedChange,
  scheduledState,
  whyEditIsInvalid,
  whyRescheduleIsInvalid,
  whyUnchangeable,
} from './post-lifecycle';

const PUBLISH_AT = '2030-01-01T12:00:00.000Z';
const publishAtMs = Date.parse(PUBLISH_AT);

function post(overrides: Partial<PostState> = {}): PostState {
  return {
    ...scheduledState({
      postId: 'p1',
      teamId: 't1',
      publishAt: PUBLISH_AT,
      content: 'Hello',
      revision: 1,
      targets: [
        { connectionId: 'c1', platform: 'MASTODON' },
        { connectionId: 'c2', platform: 'BLUESKY', content: 'Hello, Bluesky' },
      ],
      mediaIds: ['m1'],
    }),
    ...overrides,
  };
}

describe('scheduledState', () => {
  test('starts SCHEDULED with every target pending and nothing refused', () => {
    expect(post()).toEqual({
      postId: 'p1',
      teamId: 't1',
      status: 'SCHEDULED',
      publishAt: PUBLISH_AT,
      content: 'Hello',
      revision: 1,
      targets: [
        { connectionId: 'c1', platform: 'MASTODON', status: 'PENDING', attempts: 0 },
        { connectionId: 'c2', platform: 'BLUESKY', content: 'Hello, Bluesky', status: 'PENDING', attempts: 0 },
      ],
      mediaIds: ['m1'],
      refusedChanges: [],
      stateVersion: 0,
    });
  });

  test("a retry's run continues the state versions of the run before it", () => {
    expect(scheduledState({ ...post(), stateVersion: 7 }).stateVersion).toBe(7);
  });
});

describe('whyUnchangeable', () => {
  test('every change is accepted while the post is SCHEDULED or PENDING_APPROVAL, and only then', () => {
    for (const change of ['edit', 'reschedule', 'cancel'] as const) {
      expect(whyUnchangeable(post(), change, { now: publishAtMs - 1000, publishLeadMs: 0 })).toBeUndefined();
      expect(whyUnchangeable(post({ status: 'PENDING_APPROVAL' }), change, { now: publishAtMs - 1000, publishLeadMs: 0 })).toBeUndefined();
      for (const status of ['DRAFT', 'PUBLISHING', 'PUBLISHED', 'PARTIALLY_PUBLISHED', 'FAILED', 'CANCELLED'] as const) {
        expect(whyUnchangeable(post({ status }), change, { now: publishAtMs - 1000, publishLeadMs: 0 })).toBe(
          `The post is ${status}; a ${change} is only possible while it is SCHEDULED or PENDING_APPROVAL.`,
        );
      }
    }
    expect(acceptsChanges('SCHEDULED')).toBe(true);
    expect(acceptsChanges('PENDING_APPROVAL')).toBe(true);
    expect(acceptsChanges('PUBLISHING')).toBe(false);
  });

  test('without a publish lead, a SCHEDULED post takes changes up to its time', () => {
    expect(whyUnchangeable(post(), 'edit', { now: publishAtMs - 1, publishLeadMs: 0 })).toBeUndefined();
  });

  test(`with a publish lead, changes close ${CHANGES_CLOSE_BEFORE_MS / 1000} seconds before the time`, () => {
    const lead = { publishLeadMs: 60_000 };
    expect(whyUnchangeable(post(), 'reschedule', { ...lead, now: publishAtMs - CHANGES_CLOSE_BEFORE_MS - 1 })).toBeUndefined();
    expect(whyUnchangeable(post(), 'reschedule', { ...lead, now: publishAtMs - CHANGES_CLOSE_BEFORE_MS })).toBe(
      `The post publishes at ${PUBLISH_AT}; a reschedule is only possible until 10 seconds before.`,
    );
  });
});

test('an edit without targets and an unreadable time are invalid whatever the state', () => {
  expect(whyEditIsInvalid({ targets: [] })).toBe('A post needs at least one target.');
  expect(whyEditIsInvalid({ content: 'New' })).toBeUndefined();
  expect(whyRescheduleIsInvalid('next tuesday')).toBe('publishAt "next tuesday" is not a valid time.');
  expect(whyRescheduleIsInvalid(PUBLISH_AT)).toBeUndefined();
});

describe('editedFields', () => {
  test('new content is a new revision', () => {
    expect(editedFields(post(), { content: 'Changed' })).toEqual({ content: 'Changed', revision: 2 });
  });

  test('the same content, media and texts change nothing, not even the revision', () => {
    const current = post();
    expect(editedFields(current, { content: 'Hello', mediaIds: ['m1'] })).toEqual({});
    expect(editedFields(current, { targets: [{ connectionId: 'c2', platform: 'BLUESKY', content: 'Hello, Bluesky' }] })).toEqual({
      targets: [{ connectionId: 'c2', platform: 'BLUESKY', content: 'Hello, Bluesky', status: 'PENDING', attempts: 0 }],
    });
  });

  test('other media are a new revision', () => {
    expect(editedFields(post(), { mediaIds: ['m2', 'm1'] })).toEqual({ mediaIds: ['m2', 'm1'], revision: 2 });
  });

  test("an account's own text changing is a new revision; the sent targets replace the old ones", () => {
    expect(editedFields(post(), { targets: [{ connectionId: 'c1', platform: 'MASTODON', content: 'Hello, Mastodon' }] })).toEqual({
      revision: 2,
      targets: [{ connectionId: 'c1', platform: 'MASTODON', content: 'Hello, Mastodon', status: 'PENDING', attempts: 0 }],
    });
  });
});

test('a cancel ends the post and every target CANCELLED', () => {
  expect(cancelledFields(post())).toEqual({
    status: 'CANCELLED',
    targets: [
      { connectionId: 'c1', platform: 'MASTODON', status: 'CANCELLED', attempts: 0 },
      { connectionId: 'c2', platform: 'BLUESKY', content: 'Hello, Bluesky', status: 'CANCELLED', attempts: 0 },
    ],
  });
});

test('a refused change keeps its kind, time and reason', () => {
  expect(refusedChange('edit', 'too late', publishAtMs)).toEqual({ kind: 'edit', at: PUBLISH_AT, reason: 'too late' });
});

test('publishing ends PUBLISHED, PARTIALLY_PUBLISHED or FAILED by what the targets did', () => {
  expect(outcomeOf([{ status: 'PUBLISHED' }, { status: 'PUBLISHED' }])).toBe('PUBLISHED');
  expect(outcomeOf([{ status: 'PUBLISHED' }, { status: 'FAILED' }])).toBe('PARTIALLY_PUBLISHED');
  expect(outcomeOf([{ status: 'FAILED' }, { status: 'FAILED' }])).toBe('FAILED');
});

test('the idempotency key names the post, the account and the revision, never the attempt', () => {
  expect(idempotencyKeyFor('p1', 'c1', 3)).toBe('planrrr-p1-c1-r3');
  expect(idempotencyKeyFor('p1', 'c1', 3)).toBe(idempotencyKeyFor('p1', 'c1', 3));
  expect(idempotencyKeyFor('p1', 'c1', 4)).not.toBe(idempotencyKeyFor('p1', 'c1', 3));
});
