import pino from 'pino';

/**
 * Structured JSON logs. Secrets that can pass through a log line are redacted by
 * path, wherever they sit.
 */
export function createLogger(options: { level: string; name: string }): pino.Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-internal-api-key"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.accessToken',
        '*.appPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = pino.Logger;
