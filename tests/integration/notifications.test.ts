// Email and notifications on the real stack: the outbox sends through a real SMTP server on
// loopback (once, retrying what the server asks to retry), notify() writes in-app
// notifications and emails by each recipient's settings, a failed post and an account to
// reconnect are told to the right people, and a team's Slack and Discord webhooks get the
// events they chose; an email queued while Temporal does not answer is sent by the
// reconciler's next pass.
import { randomUUID } from 'node:crypto';
import { DEFAULT_NOTIFICATION_CHANNELS, type NotificationEvent } from '../../domain/notifications';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../lib/db';
import { queueEmail } from '../../lib/email/outbox';
import { emailWorkflowId } from '../../temporal-config';
import { FakeDiscord } from '../fakes/discord';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeSlack } from '../fakes/slack';
import { inSeconds, joinTeam, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { TestSmtpServer } from '../support/smtp-server';

jest.setTimeout(120_000);

const mail = new TestSmtpServer();
const mastodon = new FakeMastodon();
const slack = new FakeSlack();
const discord = new FakeDiscord();
const stack = useServerAndWorker({
  alongside: [mail, mastodon, slack, discord],
  env: () => testEnv({ SMTP_URL: mail.url, SLACK_WEBHOOKS_BASE_URL: slack.url, DISCORD_API_BASE_URL: discord.url }),
});

interface Member {
  session: ApiClient;
  email: string;
  id: string;
}

let db: Db;
let teamId: string;
let olga: Member & { api: ApiClient };
let ed: Member;
let ada: Member;
let vic: Member;
let mastodonId: string;

async function member(name: string): Promise<Member & { api: ApiClient }> {
  const signedUp = await signUpWithToken(stack.server.url, name);
  const me = await signedUp.session.get('/api/v1/me');
  return { ...signedUp, id: me.body.user.id };
}

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  olga = await member('Olga');
  teamId = (await olga.session.get('/api/v1/me')).body.currentTeamId;
  [ed, ada, vic] = await Promise.all([member('Ed'), member('Ada'), member('Vic')]);
  await joinTeam(olga.session, ed, 'EDITOR');
  await joinTeam(olga.session, ada, 'ADMIN');
  await joinTeam(olga.session, vic, 'VIEWER');
  mastodonId = (await olga.api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' }))
    .body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

const services = () => stack.server.services;

function emailRow(dedupeKey: string) {
  return db.emailMessage.findUniqueOrThrow({ where: { dedupeKey } });
}

/** Waits for the email's workflow to end, so that every attempt it made has been made. */
async function emailSettled(dedupeKey: string) {
  const { id } = await emailRow(dedupeKey);
  await stack.server.temporal.workflow.getHandle(emailWorkflowId(id)).result();
  return emailRow(dedupeKey);
}

describe('the email outbox', () => {
  test('an email queued twice is sent once, and recorded sent with its Message-ID', async () => {
    const dedupeKey = `test:${randomUUID()}`;
    const message = { to: 'once@example.com', subject: `Once ${dedupeKey}`, text: 'Only one of me.', dedupeKey };
    await Promise.all([services().queueEmail(message), services().queueEmail(message)]);
    await services().queueEmail(message);

    const row = await emailSettled(dedupeKey);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, lastError: null, sentAt: expect.any(Date) });
    const received = mail.messages().filter((email) => email.subject === message.subject);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ to: ['once@example.com'], text: expect.stringContaining('Only one of me.') });
    expect(received[0]!.messageId).toBe(row.messageId);
    // queued again after it was sent: still nothing new
    await services().queueEmail(message);
    expect(await db.emailMessage.count({ where: { dedupeKey } })).toBe(1);
    expect(mail.messages().filter((email) => email.subject === message.subject)).toHaveLength(1);
  });

  test('a greylisting answer (451) is tried again, and the second attempt is accepted', async () => {
    const dedupeKey = `test:${randomUUID()}`;
    const to = `later-${randomUUID()}@example.com`;
    mail.failNext({ to, code: 451, message: '4.7.1 Greylisted, please try again later' });
    await services().queueEmail({ to, subject: `Later ${dedupeKey}`, text: 'Try me again.', dedupeKey });

    const row = await emailSettled(dedupeKey);
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    expect(mail.repliesTo(to)).toEqual([451, 250]);
    expect(mail.messages().filter((email) => email.subject === `Later ${dedupeKey}`)).toHaveLength(1);
  });

  test('a refusal for good (550) is recorded failed with the reason, and not tried again', async () => {
    const dedupeKey = `test:${randomUUID()}`;
    const to = `nobody-${randomUUID()}@example.com`;
    mail.failNext({ to, code: 550, message: '5.1.1 No such user here' });
    await services().queueEmail({ to, subject: `Nobody ${dedupeKey}`, text: 'Refused.', dedupeKey });

    const row = await emailSettled(dedupeKey);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, sentAt: null, lastError: expect.stringContaining('No such user here') });
    expect(mail.repliesTo(to)).toEqual([550]);
  });
  test("queued while Temporal does not answer, an email waits in the outbox, and the reconciler's next pass sends it", async () => {
    const dedupeKey = `test:${randomUUID()}`;
    const message = { to: 'patient@example.com', subject: `Deferred ${dedupeKey}`, text: 'Sent once the scheduler is back.', dedupeKey };
    // a client of a Temporal that is not there: nothing listens on its port
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const outbox = { db, temporal: unreachable, taskQueue: stack.env.config.TEMPORAL_TASK_QUEUE };
    await expect(queueEmail(outbox, message)).resolves.toBe('deferred');
    await unreachable.connection.close();
    expect(await emailRow(dedupeKey)).toMatchObject({ status: 'PENDING', sentAt: null });

    // past the minute the reconciler leaves to the code that queued it
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000);
    await db.emailMessage.update({ where: { dedupeKey }, data: { createdAt: twoMinutesAgo } });
    await stack.server.temporal.workflow.execute('reconcilerWorkflow', {
      taskQueue: stack.env.config.TEMPORAL_TASK_QUEUE,
      workflowId: `reconcile-${randomUUID()}`,
      args: [],
    });
    expect(await emailSettled(dedupeKey)).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(mail.messages().filter((email) => email.subject === message.subject)).toHaveLength(1);
  });
});

describe('notify', () => {
  test('each recipient gets an in-app notification and, by their settings, an email; never the actor; once per event', async () => {
    const post = await olga.api.post('/api/v1/posts', { content: 'Draft for mentions', connectionIds: [], draft: true });
    const stranger = await member('Stranger');
    const event: NotificationEvent = {
      kind: 'mention',
      teamId,
      postId: post.body.id,
      commentId: randomUUID(),
      actorUserId: olga.id,
      recipientUserIds: [olga.id, ed.id, ed.id, stranger.id],
      dedupeKey: `mention:${randomUUID()}`,
    };
    await services().notify(event);
    await services().notify(event);

    const rows = await db.notification.findMany({ where: { dedupeKey: event.dedupeKey } });
    expect(rows).toEqual([
      expect.objectContaining({
        userId: ed.id,
        teamId,
        kind: 'mention',
        title: 'Olga mentioned you in a comment on “Draft for mentions”',
        path: `/posts/${post.body.id}`,
        postId: post.body.id,
        actorUserId: olga.id,
        details: { commentId: event.commentId },
        readAt: null,
      }),
    ]);
    const email = await mail.waitFor((each) => each.to.includes(ed.email) && each.subject.includes('mentioned you'));
    expect(email.subject).toMatch(/^\[.+\] Olga mentioned you in a comment on “Draft for mentions”$/);
    expect(email.text).toContain(`${stack.env.config.PUBLIC_URL}/posts/${post.body.id}`);
    expect(await db.emailMessage.count({ where: { dedupeKey: { startsWith: event.dedupeKey } } })).toBe(1);
    expect(
      await db.emailMessage.count({ where: { to: { in: [olga.email, stranger.email] }, dedupeKey: { startsWith: event.dedupeKey } } }),
    ).toBe(0);
  });

  test('a failed post tells its author and the admins, each by their settings; a viewer is not told', async () => {
    // Ada wants failures in the app only
    const settings = await ada.session.request('PUT', '/api/v1/me/notification-settings', { post_failed: { inApp: true, email: false } });
    expect(settings.status).toBe(200);
    mastodon.failNext({ status: 422, body: { error: 'Validation failed: the instance refused it' } });
    const content = `Nobody will see this ${randomUUID()}`;
    const created = await ed.session.post('/api/v1/posts', { content, publishAt: inSeconds(2), connectionIds: [mastodonId] });
    expect(created.status).toBe(201);
    const postId = created.body.id;

    const rows = await waitFor(
      () => db.notification.findMany({ where: { postId, kind: 'post_failed' }, select: { userId: true, title: true, path: true } }),
      (found) => found.length === 3,
      30_000,
    );
    expect(rows.map((row) => row.userId).sort()).toEqual([ed.id, olga.id, ada.id].sort());
    expect(rows[0]).toMatchObject({ title: `Publishing failed: “${content}”`, path: `/posts/${postId}` });
    await mail.waitFor((each) => each.to.includes(ed.email) && each.subject.includes(content));
    await mail.waitFor((each) => each.to.includes(olga.email) && each.subject.includes(content));
    const emails = await db.emailMessage.findMany({ where: { subject: { contains: content } }, select: { to: true } });
    expect(emails.map((each) => each.to).sort()).toEqual([ed.email, olga.email].sort());
  });

  test('an account the platform no longer accepts is marked once, and the admins are told', async () => {
    mastodon.validTokens.add('token-nora');
    const nora = await olga.api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-nora' });
    expect(nora.status).toBe(201);
    mastodon.validTokens.delete('token-nora');
    const revokedPost = await olga.api.post('/api/v1/posts', {
      content: 'to a revoked account',
      publishAt: inSeconds(2),
      connectionIds: [nora.body.id],
    });

    const rows = await waitFor(
      () => db.notification.findMany({ where: { connectionId: nora.body.id, kind: 'connection_needs_reconnect' } }),
      (found) => found.length === 2,
      30_000,
    );
    expect(rows.map((row) => row.userId).sort()).toEqual([olga.id, ada.id].sort());
    expect(rows[0]).toMatchObject({ path: '/connections', title: expect.stringMatching(/\(Mastodon\) needs reconnecting$/) });
    await mail.waitFor((each) => each.to.includes(ada.email) && each.subject.includes('needs reconnecting'));
    const connection = await db.connection.findUniqueOrThrow({ where: { id: nora.body.id } });
    expect(connection).toMatchObject({ status: 'NEEDS_RECONNECT', needsReconnectSince: expect.any(Date) });
    // the post itself fails a moment later; wait for it so its failure reaches no later test's chat webhook
    await waitFor(
      () => db.notification.count({ where: { postId: revokedPost.body.id, kind: 'post_failed' } }),
      (count) => count > 0,
      30_000,
    );
  });
});

describe('notification settings', () => {
  test('every kind has a default; a change keeps the other kinds; a bad value names its field', async () => {
    const defaults = await vic.session.get('/api/v1/me/notification-settings');
    expect(defaults.status).toBe(200);
    expect(defaults.body).toEqual(DEFAULT_NOTIFICATION_CHANNELS);

    const changed = await vic.session.request('PUT', '/api/v1/me/notification-settings', {
      post_partly_published: { inApp: false, email: true },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ...DEFAULT_NOTIFICATION_CHANNELS, post_partly_published: { inApp: false, email: true } });
    expect((await vic.session.get('/api/v1/me/notification-settings')).body).toEqual(changed.body);

    const wrong = await vic.session.request('PUT', '/api/v1/me/notification-settings', { post_failed: { inApp: 'yes', email: true } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'body.post_failed.inApp', message: 'inApp must be true or false' }]);
    const unknownKind = await vic.session.request('PUT', '/api/v1/me/notification-settings', { post_won: { inApp: true, email: true } });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.errors[0].field).toMatch(/^body/);
    // the user's own settings: an API token cannot change them
    expect((await olga.api.get('/api/v1/me/notification-settings')).status).toBe(403);
  });
});

describe('the in-app list', () => {
  test('newest first with the unread count, filtered and paged; read by ids or all; others’ ids change nothing', async () => {
    const user = await member('Lia');
    await joinTeam(olga.session, user, 'EDITOR');
    const post = await olga.api.post('/api/v1/posts', { content: 'Listed post', connectionIds: [], draft: true });
    for (const index of [1, 2, 3]) {
      await services().notify({
        kind: 'approval_requested',
        teamId,
        postId: post.body.id,
        actorUserId: olga.id,
        recipientUserIds: [user.id],
        dedupeKey: `approval_requested:${post.body.id}:${index}:${randomUUID()}`,
      });
    }

    const all = await user.session.get('/api/v1/notifications');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ unreadCount: 3, nextCursor: null });
    expect(all.body.data).toHaveLength(3);
    expect(all.body.data[0]).toMatchObject({ kind: 'approval_requested', title: 'Olga asks for approval of “Listed post”', readAt: null });

    const first = await user.session.get('/api/v1/notifications?limit=2');
    expect(first.body.data.map((each: { id: string }) => each.id)).toEqual(
      all.body.data.slice(0, 2).map((each: { id: string }) => each.id),
    );
    const second = await user.session.get(`/api/v1/notifications?limit=2&before=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null, data: [expect.objectContaining({ id: all.body.data[2].id })] });

    // someone else's ids are not theirs to mark
    expect((await olga.session.post('/api/v1/notifications/read', { ids: [all.body.data[0].id] })).status).toBe(200);
    const marked = await user.session.post('/api/v1/notifications/read', { ids: [all.body.data[0].id] });
    expect(marked.body).toEqual({ unreadCount: 2 });
    const unread = await user.session.get('/api/v1/notifications?unread=true');
    expect(unread.body.data.map((each: { id: string }) => each.id)).toEqual(all.body.data.slice(1).map((each: { id: string }) => each.id));
    expect((await user.session.post('/api/v1/notifications/read', { all: true })).body).toEqual({ unreadCount: 0 });

    const neither = await user.session.post('/api/v1/notifications/read', {});
    expect(neither.status).toBe(400);
    expect(neither.body.errors[0].message).toBe('Send ids, or all: true');
    const badCursor = await user.session.get('/api/v1/notifications?before=nope');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].field).toBe('query.before');
  });
});

describe("the team's chat webhooks", () => {
  test('admins add Slack and Discord webhooks with their kinds; each gets the events it chose, in its own format', async () => {
    const slackHook = await olga.api.post('/api/v1/teams/current/chat-webhooks', {
      platform: 'SLACK',
      name: '#social',
      url: slack.incomingWebhookUrl(),
      kinds: ['post_failed'],
    });
    expect(slackHook.status).toBe(201);
    expect(slackHook.body).toEqual({
      id: expect.any(String),
      platform: 'SLACK',
      name: '#social',
      urlHint: expect.stringMatching(/…ook1$/),
      kinds: ['post_failed'],
      createdAt: expect.any(String),
    });
    const discordHook = await olga.api.post('/api/v1/teams/current/chat-webhooks', {
      platform: 'DISCORD',
      name: 'announcements',
      url: discord.webhookUrl(),
      kinds: ['mention'],
    });
    expect(discordHook.status).toBe(201);

    const notSlack = await olga.api.post('/api/v1/teams/current/chat-webhooks', {
      platform: 'SLACK',
      name: 'x',
      url: discord.webhookUrl(),
    });
    expect(notSlack.status).toBe(400);
    expect(notSlack.body.errors[0].field).toBe('body.url');
    expect(
      (await ed.session.post('/api/v1/teams/current/chat-webhooks', { platform: 'SLACK', name: 'x', url: slack.incomingWebhookUrl() }))
        .status,
    ).toBe(403);
    expect((await olga.api.get('/api/v1/teams/current/chat-webhooks')).body.data.map((each: { id: string }) => each.id)).toEqual(
      expect.arrayContaining([slackHook.body.id, discordHook.body.id]),
    );

    const post = await olga.api.post('/api/v1/posts', { content: 'A post about <things> & @everyone', connectionIds: [], draft: true });
    const link = `${stack.env.config.PUBLIC_URL}/posts/${post.body.id}`;
    await services().notify({
      kind: 'post_failed',
      teamId,
      postId: post.body.id,
      recipientUserIds: [],
      dedupeKey: `post_failed:${randomUUID()}`,
    });
    // only messages about this post: another test's post may fail while this one runs
    const aboutThisPost = () => slack.webhookMessages.filter((message) => message.text.includes(link));
    const slackMessage = await waitFor(
      async () => aboutThisPost(),
      (messages) => messages.length === 1,
      30_000,
    );
    expect(slackMessage[0]!.text).toBe(`<${link}|Publishing failed: “A post about &lt;things&gt; &amp; @everyone”>`);

    await services().notify({
      kind: 'mention',
      teamId,
      postId: post.body.id,
      commentId: randomUUID(),
      actorUserId: olga.id,
      recipientUserIds: [ed.id],
      dedupeKey: `mention:${randomUUID()}`,
    });
    const discordMessage = await waitFor(
      async () => discord.messages,
      (messages) => messages.length === 1,
      30_000,
    );
    expect(discordMessage[0]).toMatchObject({
      content: `Olga mentioned team members in a comment on “A post about <things> & @everyone”\n${link}`,
      pinged: [],
    });
    // each got only the kind it chose
    expect(aboutThisPost()).toHaveLength(1);

    expect((await olga.api.delete(`/api/v1/teams/current/chat-webhooks/${slackHook.body.id}`)).status).toBe(204);
    expect((await olga.api.delete(`/api/v1/teams/current/chat-webhooks/${slackHook.body.id}`)).status).toBe(404);
    expect((await olga.api.get('/api/v1/teams/current/chat-webhooks')).body.data.map((each: { id: string }) => each.id)).toEqual([
      discordHook.body.id,
    ]);
  });
});
