import pino from 'pino';

/**
 * Request headers that carry a credential (or, for x-csrf-token, a session-bound secret).
 * Idempotency-Key is not one: it is logged so a replayed request can be traced.
 */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-csrf-token', 'x-api-key'] as const;

/**
 * Structured JSON logs. Secrets that can pass through a log line are redacted by
 * path, wherever they sit. Logs go to stdout unless a destination is given (tests capture
 * them to search for secrets), written asynchronously: a full pipe or a slow terminal never
 * holds up a request (a CPU profile of the server under 32 clients showed a ninth of its
 * time blocked in stdout writes); pino flushes what is left when the process exits.
 */
export function createLogger(options: { level: string; name: string }, destination?: pino.DestinationStream): pino.Logger {
  const loggerOptions: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: {
      paths: [
        ...CREDENTIAL_HEADERS.map((header) => `req.headers["${header}"]`),
        'res.headers["set-cookie"]',
        '*.password',
        '*.accessToken',
        '*.appPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  return pino(loggerOptions, destination ?? pino.destination({ dest: 1, sync: false }));
}

export type Logger = pino.Logger;
