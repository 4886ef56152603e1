import pino from 'pino';

/**
 * Structured JSON logs. Secrets that can pass through a log line are redacted by
 * path, wherever they sit. Logs go to stdout unless a destination is given (tests capture
 * them to search for secrets).
 */
export function createLogger(options: { level: string; name: string }, destination?: pino.DestinationStream): pino.Logger {
  const loggerOptions: pino.LoggerOptions = {
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
  };
  return destination ? pino(loggerOptions, destination) : pino(loggerOptions);
}

export type Logger = pino.Logger;
