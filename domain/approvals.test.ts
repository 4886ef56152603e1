import {
  approvalNotification,
  decisionDeadline,
  DEFAULT_APPROVAL_POLICY,
  mentionNames,
  mentionsIn,
  needsApproval,
  whyCannotDecide,
  type ApprovalNotice,
} from './approvals';

const policy = { ...DEFAULT_APPROVAL_POLICY, enabled: true };

describe('needsApproval', () => {
  test("a post needs approval when the policy is on and covers its author's role", () => {
    expect(needsApproval(policy, 'EDITOR', ['c1'])).toBe(true);
    expect(needsApproval(policy, 'ADMIN', ['c1'])).toBe(false);
    expect(needsApproval(DEFAULT_APPROVAL_POLICY, 'EDITOR', ['c1'])).toBe(false);
  });

  test('with chosen accounts, only posts to one of them need it', () => {
    const someAccounts = { ...policy, connectionIds: ['c2'] };
    expect(needsApproval(someAccounts, 'EDITOR', ['c1'])).toBe(false);
    expect(needsApproval(someAccounts, 'EDITOR', ['c1', 'c2'])).toBe(true);
  });
});

describe('whyCannotDecide', () => {
  test('the deciding roles decide, never on their own post', () => {
    expect(whyCannotDecide(policy, { userId: 'admin', role: 'ADMIN' }, 'editor')).toBeUndefined();
    expect(whyCannotDecide(policy, { userId: 'admin', role: 'ADMIN' }, 'admin')).toMatch(/You wrote this post/);
    expect(whyCannotDecide(policy, { userId: 'other', role: 'EDITOR' }, 'editor')).toMatch(/Your role \(EDITOR\) does not decide/);
    // a post whose author left can still be decided on
    expect(whyCannotDecide(policy, { userId: 'owner', role: 'OWNER' }, null)).toBeUndefined();
  });
});

test('decisions close the deadline before the time', () => {
  expect(decisionDeadline('2026-12-01T10:00:00Z', 90)).toBe(Date.parse('2026-12-01T08:30:00Z'));
});

describe('mentions', () => {
  test('are @name or @email at the start or after a space, once each; an address in the text is not one', () => {
    expect(mentionsIn('@Ada what do you think? cc @olga@example.com, mail bob@example.com (@ed.)')).toEqual([
      'Ada',
      'olga@example.com',
      'ed',
    ]);
    expect(mentionsIn('@ada and @Ada')).toEqual(['ada', 'Ada']);
  });

  test('name a member by email, first name or name without spaces, ignoring case', () => {
    const member = { name: 'Ada Lovelace', email: 'Ada@example.com' };
    expect(['ada@example.com', 'ada', 'AdaLovelace', 'adalovelace'].every((mention) => mentionNames(mention, member))).toBe(true);
    expect(mentionNames('lovelace', member)).toBe(false);
  });
});

describe('approvalNotification', () => {
  const notice: ApprovalNotice = { kind: 'approval_requested', postId: 'p1', teamId: 't1', revision: 2, publishAt: '2026-12-01T10:00:00Z' };
  const people = { authorId: 'ed', deciderIds: ['olga', 'ada', 'ed'] };

  test('a request goes to the deciders but the author, once per revision', () => {
    expect(approvalNotification(notice, people)).toEqual({
      kind: 'approval_requested',
      teamId: 't1',
      postId: 'p1',
      recipientUserIds: ['olga', 'ada'],
      actorUserId: 'ed',
      dedupeKey: 'approval_requested:p1:2',
    });
  });

  test('a decision goes to the author, with a rejection its comment', () => {
    const decision = { kind: 'rejected' as const, by: 'ada', at: '2026-11-30T10:00:00.000Z', revision: 2, comment: 'Too long' };
    expect(approvalNotification({ ...notice, kind: 'approval_decided', decision }, people)).toEqual({
      kind: 'approval_decided',
      teamId: 't1',
      postId: 'p1',
      decision: 'rejected',
      comment: 'Too long',
      recipientUserIds: ['ed'],
      actorUserId: 'ada',
      dedupeKey: 'approval_decided:p1:2026-11-30T10:00:00.000Z',
    });
  });

  test('an expiry goes to the author and the deciders', () => {
    expect(approvalNotification({ ...notice, kind: 'approval_expired' }, people).recipientUserIds).toEqual(['ed', 'olga', 'ada']);
  });
});
