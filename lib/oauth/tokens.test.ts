import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthProvider } from './providers';
import { OAuthTokenError, authorizeUrl, codeChallenge, createCodeVerifier, refreshTokens, requestTokens } from './tokens';

/** A token endpoint that answers what each test scripts, and records what it received. */
let answer: { status: number; body: string } = { status: 200, body: '{}' };
let received: { authorization?: string; contentType?: string; form: URLSearchParams } | undefined;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received = { authorization: req.headers.authorization, contentType: req.headers['content-type'], form: new URLSearchParams(body) };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function provider(overrides: Partial<OAuthProvider> = {}): OAuthProvider & { clientId: string; clientSecret: string } {
  return {
    flow: 'X',
    providerName: 'X',
    clientVariables: ['X_CLIENT_ID', 'X_CLIENT_SECRET'],
    clientId: 'client:id',
    clientSecret: 's3cret',
    authorizeUrl: 'https://x.example/i/oauth2/authorize',
    tokenUrl: `${url}/token`,
    scopes: ['tweet.write', 'offline.access'],
    authorizeParams: {},
    clientAuthentication: 'basic',
    refreshes: true,
    ...overrides,
  } as OAuthProvider & { clientId: string; clientSecret: string };
}

test('PKCE: a fresh 43-character verifier each time, and its S256 challenge', () => {
  const verifier = createCodeVerifier();
  expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(createCodeVerifier()).not.toBe(verifier);
  expect(codeChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
});

test('the authorize URL carries the client, redirect URI, scopes, state and S256 challenge, plus provider extras', () => {
  const built = new URL(
    authorizeUrl(provider({ authorizeParams: { access_type: 'offline' } }), {
      redirectUri: 'https://app.example/cb',
      state: 'st',
      codeVerifier: 'v'.repeat(43),
    }),
  );
  expect(Object.fromEntries(built.searchParams)).toEqual({
    response_type: 'code',
    client_id: 'client:id',
    redirect_uri: 'https://app.example/cb',
    scope: 'tweet.write offline.access',
    state: 'st',
    code_challenge: codeChallenge('v'.repeat(43)),
    code_challenge_method: 'S256',
    access_type: 'offline',
  });
});

test('a refresh authenticates with HTTP Basic or the form body, and computes expiresAt from expires_in', async () => {
  answer = { status: 200, body: JSON.stringify({ access_token: 'new', refresh_token: 'next', expires_in: '3600', token_type: 'bearer' }) };
  const before = Date.now();
  const tokens = await refreshTokens(provider(), 'old');
  expect(tokens).toMatchObject({ accessToken: 'new', refreshToken: 'next' });
  expect(Date.parse(tokens.expiresAt!) - before).toBeGreaterThanOrEqual(3_600_000 - 1000);
  expect(received!.contentType).toBe('application/x-www-form-urlencoded');
  expect(Buffer.from(received!.authorization!.replace('Basic ', ''), 'base64').toString()).toBe('client%3Aid:s3cret');
  expect(Object.fromEntries(received!.form)).toEqual({ grant_type: 'refresh_token', refresh_token: 'old' });

  answer = { status: 200, body: JSON.stringify({ access_token: 'forever' }) };
  expect(await requestTokens(provider({ clientAuthentication: 'body' }), { grant_type: 'refresh_token', refresh_token: 'r' })).toEqual({
    accessToken: 'forever',
  });
  expect(received!.authorization).toBeUndefined();
  expect(received!.form.get('client_id')).toBe('client:id');
  expect(received!.form.get('client_secret')).toBe('s3cret');
});

test('refusals are REFUSED with the provider’s words; outages and odd answers are UNAVAILABLE', async () => {
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as OAuthTokenError,
    );

  answer = { status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' }) };
  expect(await failure(refreshTokens(provider(), 'r'))).toMatchObject({
    kind: 'REFUSED',
    message: expect.stringContaining('invalid_grant: Value passed for the token was invalid.'),
  });
  answer = {
    status: 400,
    body: JSON.stringify({ error: { message: 'Error validating access token', type: 'OAuthException', code: 190 } }),
  };
  expect(await failure(refreshTokens(provider(), 'r'))).toMatchObject({
    kind: 'REFUSED',
    message: expect.stringContaining('Error validating access token'),
  });
  answer = { status: 503, body: 'down' };
  expect(await failure(refreshTokens(provider(), 'r'))).toMatchObject({ kind: 'UNAVAILABLE' });
  answer = { status: 200, body: JSON.stringify({ token_type: 'bearer' }) };
  expect(await failure(refreshTokens(provider(), 'r'))).toMatchObject({
    kind: 'UNAVAILABLE',
    message: expect.stringContaining('without an access token'),
  });
  expect(await failure(refreshTokens(provider({ tokenUrl: 'http://127.0.0.1:1/token' }), 'r'))).toMatchObject({
    kind: 'UNAVAILABLE',
    message: expect.stringContaining('Could not reach X'),
  });
});
