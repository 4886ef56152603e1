// The account's security through the API, with the mails read from a real SMTP server on
// loopback: email verification, password reset (and its abuse: expired, used, tampered and
// other users' tokens, enumeration, rate limits), two-factor log-in (replayed and wrong codes,
// recovery codes used twice, the half-logged-in session refused elsewhere), active sessions,
// and invitations by email. The file has a database of its own: the password-reset limits
// count per address, and every test file calls from 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { authenticator } from 'otplib';
import { createDb, type Db } from '../../lib/db';
import { ApiClient, createTestDatabase, signUpWithToken, testEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { TestSmtpServer, type ReceivedEmail } from '../support/smtp-server';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'purple elephant umbrella';
const mail = new TestSmtpServer();
let db: Db;
const stack = useServerAndWorker({
  alongside: [mail],
  env: async () => {
    const databaseUrl = await createTestDatabase('account_security');
    db = createDb(databaseUrl);
    return testEnv({ SMTP_URL: mail.url, DATABASE_URL: databaseUrl });
  },
});

afterAll(async () => {
  await db?.$disconnect();
});

const baseUrl = () => stack.server.url;

/** The token of the link in a mail to `to` about `page` (`verify-email/<token>`); waits for it, and for the newest such link when `after` names the mails seen before. */
async function linkToken(to: string, page: string, after: ReceivedEmail[] = []): Promise<string> {
  const message = await mail.waitFor((email) => email.to.includes(to) && email.text.includes(`/${page}/`) && !after.includes(email));
  return new RegExp(`/${page}/([A-Za-z0-9_-]+)`).exec(message.text)![1]!;
}

const mailsTo = (to: string) => mail.messages().filter((email) => email.to.includes(to));

async function logIn(email: string, password = PASSWORD): Promise<{ client: ApiClient; status: number }> {
  const client = new ApiClient(baseUrl());
  const { status } = await client.post('/api/v1/auth/login', { email, password });
  return { client, status };
}

describe('email verification', () => {
  test('sign-up mails a link; it verifies the address once, and a used link is refused', async () => {
    const { session, email } = await signUpWithToken(baseUrl(), 'Vera');
    expect((await session.get('/api/v1/me')).body.user).toMatchObject({ emailVerified: false, twoFactorEnabled: false });
    const token = await linkToken(email, 'verify-email');

    const anonymous = new ApiClient(baseUrl());
    expect((await anonymous.post('/api/v1/auth/verify-email', { token })).status).toBe(204);
    expect((await session.get('/api/v1/me')).body.user.emailVerified).toBe(true);

    const again = await anonymous.post('/api/v1/auth/verify-email', { token });
    expect(again.status).toBe(422);
    expect(again.body.type).toMatch(/token-invalid$/);
    expect((await session.post('/api/v1/auth/verify-email/resend')).status).toBe(409);
  });

  test('resending is limited to 3 mails an hour', async () => {
    const { session, email } = await signUpWithToken(baseUrl(), 'Rhea');
    await linkToken(email, 'verify-email');
    for (let sent = 0; sent < 3; sent += 1) expect((await session.post('/api/v1/auth/verify-email/resend')).status).toBe(202);
    const refused = await session.post('/api/v1/auth/verify-email/resend');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
  });
});

describe('password reset', () => {
  test('the answer is the same for an unknown address, and it gets no mail', async () => {
    const { email } = await signUpWithToken(baseUrl(), 'Erin');
    const unknown = `nobody-${randomUUID()}@example.com`;
    const anonymous = new ApiClient(baseUrl());
    const forUnknown = await anonymous.post('/api/v1/auth/password-reset', { email: unknown });
    const forKnown = await anonymous.post('/api/v1/auth/password-reset', { email });
    expect([forUnknown.status, forUnknown.body]).toEqual([202, undefined]);
    expect([forKnown.status, forKnown.body]).toEqual([202, undefined]);
    await linkToken(email, 'reset-password');
    expect(mailsTo(unknown)).toEqual([]);
  });

  test('a reset sets the new password, signs out the other sessions, and its link works once', async () => {
    const { session, email } = await signUpWithToken(baseUrl(), 'Uma');
    const anonymous = new ApiClient(baseUrl());
    await anonymous.post('/api/v1/auth/password-reset', { email });
    const token = await linkToken(email, 'reset-password');

    const weak = await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('body.password');
    // a refused password leaves the link working
    expect((await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status).toBe(204);

    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await logIn(email)).status).toBe(401);
    expect((await logIn(email, NEW_PASSWORD)).status).toBe(200);

    const used = await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'another fine passphrase' });
    expect(used.status).toBe(422);
    expect(used.body.type).toMatch(/token-invalid$/);
    expect((await logIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  test('an expired, a tampered, and a verification token are refused, and a token changes only its own user', async () => {
    const alice = await signUpWithToken(baseUrl(), 'Alice');
    const bob = await signUpWithToken(baseUrl(), 'Bob');
    const anonymous = new ApiClient(baseUrl());
    await anonymous.post('/api/v1/auth/password-reset', { email: alice.email });
    const aliceToken = await linkToken(alice.email, 'reset-password');

    const tampered = `${aliceToken.slice(0, -2)}${aliceToken.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await anonymous.post('/api/v1/auth/password-reset/confirm', { token: tampered, password: NEW_PASSWORD })).status).toBe(422);
    // Bob's verification link is no reset link
    const bobVerification = await linkToken(bob.email, 'verify-email');
    expect((await anonymous.post('/api/v1/auth/password-reset/confirm', { token: bobVerification, password: NEW_PASSWORD })).status).toBe(
      422,
    );

    await db.accountToken.updateMany({
      where: { purpose: 'RESET_PASSWORD', user: { email: alice.email } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await anonymous.post('/api/v1/auth/password-reset/confirm', { token: aliceToken, password: NEW_PASSWORD });
    expect(expired.status).toBe(422);
    expect(expired.body.detail).toMatch(/expired/);

    // Bob, logged in, uses a fresh link of Alice's: it changes Alice's password, never his
    await anonymous.post('/api/v1/auth/password-reset', { email: alice.email });
    const fresh = await linkToken(alice.email, 'reset-password', mailsTo(alice.email));
    expect((await bob.session.post('/api/v1/auth/password-reset/confirm', { token: fresh, password: NEW_PASSWORD })).status).toBe(204);
    expect((await logIn(alice.email, NEW_PASSWORD)).status).toBe(200);
    expect((await logIn(bob.email, PASSWORD)).status).toBe(200);
    expect((await bob.session.get('/api/v1/me')).status).toBe(200);
  });

  test('requests are limited per email and per address, whether or not the email has an account', async () => {
    const anonymous = new ApiClient(baseUrl());
    const target = `target-${randomUUID()}@example.com`;
    for (let sent = 0; sent < 3; sent += 1)
      expect((await anonymous.post('/api/v1/auth/password-reset', { email: target })).status).toBe(202);
    const perEmail = await anonymous.post('/api/v1/auth/password-reset', { email: target });
    expect(perEmail.status).toBe(429);
    expect(perEmail.body.type).toMatch(/rate-limited$/);

    // this file asked 9 times from 127.0.0.1 by now (5 in the tests before, 4 for the target): the 11th is refused
    let status = 0;
    for (let attempt = 0; attempt < 5 && status !== 429; attempt += 1) {
      status = (await anonymous.post('/api/v1/auth/password-reset', { email: `other-${randomUUID()}@example.com` })).status;
    }
    expect(status).toBe(429);
  });
});

describe('two-factor log-in', () => {
  /** A code of the secret for the time step `stepsAhead` steps from now (the server accepts one either side). */
  const codeFor = (secret: string, stepsAhead = 0) => authenticator.clone({ epoch: Date.now() + stepsAhead * 30_000 }).generate(secret);

  async function enrolled(name: string) {
    const user = await signUpWithToken(baseUrl(), name);
    const enrolment = await user.session.post('/api/v1/me/2fa/enroll');
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(enrolment.body.otpauthUrl).toContain(`secret=${enrolment.body.secret}`);
    const secret: string = enrolment.body.secret;
    expect((await user.session.post('/api/v1/me/2fa/confirm', { code: '000000' === codeFor(secret) ? '111111' : '000000' })).status).toBe(
      400,
    );
    const confirmationCode = codeFor(secret);
    const confirmed = await user.session.post('/api/v1/me/2fa/confirm', { code: confirmationCode });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    return { ...user, secret, confirmationCode, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  test('log-in asks for a code; a wrong or replayed code is refused, and the half-logged-in session can do nothing else', async () => {
    const user = await enrolled('Tess');
    expect((await user.session.get('/api/v1/me/2fa')).body).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    // the secret is stored encrypted
    const stored = await db.user.findFirstOrThrow({ where: { email: user.email }, select: { totpSecret: true } });
    expect(stored.totpSecret).not.toContain(user.secret);

    const { client, status } = await logIn(user.email);
    expect(status).toBe(202);
    for (const path of ['/api/v1/me', '/api/v1/posts', '/api/v1/me/sessions', '/api/v1/me/2fa']) {
      expect([path, (await client.get(path)).status]).toEqual([path, 401]);
    }
    expect((await client.post('/api/v1/tokens', { name: 'sneaky' })).status).toBe(401);

    const wrong = await client.post('/api/v1/auth/login/second-factor', { code: codeFor(user.secret, 5) });
    expect(wrong.status).toBe(401);
    // the code of the confirmation is spent: replaying it is refused
    expect((await client.post('/api/v1/auth/login/second-factor', { code: user.confirmationCode })).status).toBe(401);

    const next = codeFor(user.secret, 1);
    const loggedIn = await client.post('/api/v1/auth/login/second-factor', { code: next });
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body.user.email).toBe(user.email);
    expect((await client.get('/api/v1/me')).status).toBe(200);

    // the same code again, in a new log-in: replayed within its window
    const { client: replaying } = await logIn(user.email);
    expect((await replaying.post('/api/v1/auth/login/second-factor', { code: next })).status).toBe(401);
    expect((await replaying.get('/api/v1/me')).status).toBe(401);

    // API tokens are unaffected by two-factor log-in
    expect((await user.api.get('/api/v1/me')).status).toBe(200);
  });

  test('a recovery code logs in once; then it is refused', async () => {
    const user = await enrolled('Rory');
    const [recoveryCode] = user.recoveryCodes;
    const { client } = await logIn(user.email);
    expect((await client.post('/api/v1/auth/login/second-factor', { code: recoveryCode!.toUpperCase() })).status).toBe(200);
    expect((await user.session.get('/api/v1/me/2fa')).body.recoveryCodesLeft).toBe(9);

    const { client: again } = await logIn(user.email);
    expect((await again.post('/api/v1/auth/login/second-factor', { code: recoveryCode })).status).toBe(401);
    expect((await again.get('/api/v1/me')).status).toBe(401);
  });

  test('wrong codes are limited per user; turning two-factor log-in off needs the password', async () => {
    const user = await enrolled('Wade');
    const { client } = await logIn(user.email);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push((await client.post('/api/v1/auth/login/second-factor', { code: `wrong-${attempt}-code` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    const wrongPassword = await user.session.post('/api/v1/me/2fa/disable', { password: 'not my password' });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.errors[0].field).toBe('body.password');
    expect((await user.session.post('/api/v1/me/2fa/disable', {})).status).toBe(400);
    expect((await user.session.post('/api/v1/me/2fa/disable', { password: PASSWORD })).status).toBe(204);
    expect((await user.session.get('/api/v1/me/2fa')).body).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect((await logIn(user.email)).status).toBe(200);
  });
});

describe('sessions', () => {
  test('lists the sessions with this one marked; ending one ends it, and "everywhere else" keeps only this one', async () => {
    const { session: first, email } = await signUpWithToken(baseUrl(), 'Sam');
    const second = (await logIn(email)).client;
    const third = (await logIn(email)).client;

    const listed = await first.get('/api/v1/me/sessions');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(3);
    expect(listed.body.data.filter((each: { current: boolean }) => each.current)).toHaveLength(1);
    expect(listed.body.data[0].ipAddress).toBeTruthy();

    const secondId = (await second.get('/api/v1/me/sessions')).body.data.find((each: { current: boolean }) => each.current).id;
    expect((await first.delete(`/api/v1/me/sessions/${secondId}`)).status).toBe(204);
    expect((await second.get('/api/v1/me')).status).toBe(401);
    expect((await first.delete(`/api/v1/me/sessions/${secondId}`)).status).toBe(404);

    // another user cannot end Sam's sessions
    const other = await signUpWithToken(baseUrl(), 'Olga');
    const thirdId = (await third.get('/api/v1/me/sessions')).body.data.find((each: { current: boolean }) => each.current).id;
    expect((await other.session.delete(`/api/v1/me/sessions/${thirdId}`)).status).toBe(404);
    expect((await third.get('/api/v1/me')).status).toBe(200);

    expect((await first.delete('/api/v1/me/sessions')).status).toBe(204);
    expect((await third.get('/api/v1/me')).status).toBe(401);
    expect((await first.get('/api/v1/me/sessions')).body.data).toHaveLength(1);
  });
});

test('an invitation is mailed to the invitee with the link the API shows; accepting it verifies the address', async () => {
  const { session } = await signUpWithToken(baseUrl(), 'Ines');
  const invitee = `invitee-${randomUUID()}@example.com`;
  const invitation = await session.post('/api/v1/invitations', { email: invitee, role: 'EDITOR' });
  expect(invitation.status).toBe(201);
  const message = await mail.waitFor((email) => email.to.includes(invitee));
  expect(message.subject).toContain('Ines invited you');
  expect(message.text).toContain(invitation.body.acceptUrl);

  // the invitee signs up and accepts: the mailed link verifies the address
  const invited = new ApiClient(baseUrl());
  expect((await invited.post('/api/v1/auth/signup', { email: invitee, password: PASSWORD, name: 'Ivo' })).status).toBe(201);
  const token = new URL(invitation.body.acceptUrl).pathname.split('/').at(-1);
  expect((await invited.post('/api/v1/invitations/accept', { token })).status).toBe(200);
  expect((await invited.get('/api/v1/me')).body.user.emailVerified).toBe(true);
});
