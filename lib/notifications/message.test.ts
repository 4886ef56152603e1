import type { NotificationEvent } from '../../domain/notifications';
import { chatTitle, excerpt, notificationPath, notificationTitle } from './message';

const base = { teamId: 't1', recipientUserIds: ['u2'], dedupeKey: 'k' };

test('an excerpt is the text on one line, cut at a word with an ellipsis when long', () => {
  expect(excerpt('Hello\n\n  world')).toBe('Hello world');
  expect(excerpt('word '.repeat(30))).toBe(`${'word '.repeat(12).trimEnd()}…`);
  expect(excerpt('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
});

test.each<[NotificationEvent, string]>([
  [{ ...base, kind: 'approval_requested', postId: 'p1' }, 'Olga asks for approval of “Launch day”'],
  [{ ...base, kind: 'approval_decided', postId: 'p1', decision: 'rejected', comment: 'Not yet' }, 'Olga rejected “Launch day”'],
  [{ ...base, kind: 'approval_expired', postId: 'p1' }, 'No decision came in time: “Launch day” was not published'],
  [{ ...base, kind: 'post_failed', postId: 'p1' }, 'Publishing failed: “Launch day”'],
  [{ ...base, kind: 'post_partly_published', postId: 'p1' }, 'Published on some accounts only: “Launch day”'],
  [{ ...base, kind: 'mention', postId: 'p1', commentId: 'c1' }, 'Olga mentioned you in a comment on “Launch day”'],
  [{ ...base, kind: 'connection_needs_reconnect', connectionId: 'c1' }, 'Acme news (Google Business Profile) needs reconnecting'],
])('%j reads %j', (event, title) => {
  const context = {
    postText: 'Launch day',
    actorName: 'Olga',
    connection: { displayName: 'Acme news', platform: 'GOOGLE_BUSINESS' as const },
  };
  expect(notificationTitle(event, context)).toBe(title);
});

test('without what its ids name (deleted since), a title still reads', () => {
  expect(notificationTitle({ ...base, kind: 'approval_requested', postId: 'p1' }, {})).toBe('Someone asks for approval of a post');
  expect(notificationTitle({ ...base, kind: 'connection_needs_reconnect', connectionId: 'c1' }, {})).toBe('An account needs reconnecting');
});

test("the team's chat reads a mention as the team's, not as one person's", () => {
  const mention: NotificationEvent = { ...base, kind: 'mention', postId: 'p1', commentId: 'c1' };
  expect(chatTitle(mention, { postText: 'Launch day', actorName: 'Olga' })).toBe(
    'Olga mentioned team members in a comment on “Launch day”',
  );
  const failed: NotificationEvent = { ...base, kind: 'post_failed', postId: 'p1' };
  expect(chatTitle(failed, { postText: 'Launch day' })).toBe(notificationTitle(failed, { postText: 'Launch day' }));
});

test('a notification links to its post, or to the connections page', () => {
  expect(notificationPath({ ...base, kind: 'post_failed', postId: 'p1' })).toBe('/posts/p1');
  expect(notificationPath({ ...base, kind: 'connection_needs_reconnect', connectionId: 'c1' })).toBe('/connections');
});
