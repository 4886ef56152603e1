import { Writable } from 'node:stream';
import { CREDENTIAL_HEADERS, createLogger } from './logger';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ name: 'test', level: 'info' }, destination), lines };
}

test('every credential-like request header is redacted; the idempotency key is kept for tracing', () => {
  const { logger, lines } = capturingLogger();
  const headers = Object.fromEntries(CREDENTIAL_HEADERS.map((header) => [header, `secret-of-${header}`]));
  logger.info(
    {
      req: {
        method: 'POST',
        url: '/api/v1/posts',
        headers: { ...headers, 'idempotency-key': 'key-1', 'content-type': 'application/json' },
      },
    },
    'request completed',
  );
  const logged = JSON.parse(lines.join(''));
  expect(lines.join('')).not.toContain('secret-of-');
  expect(logged.req.headers).toMatchObject({
    'x-csrf-token': '[redacted]',
    authorization: '[redacted]',
    cookie: '[redacted]',
    'idempotency-key': 'key-1',
  });
});
