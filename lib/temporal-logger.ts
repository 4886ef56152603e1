import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import type { Logger } from './logger';

const TEMPORAL_LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/** The Temporal SDK's logs (worker, workflows, activities) as pino JSON lines. */
export function temporalLogger(logger: Logger): DefaultLogger {
  return new DefaultLogger(TEMPORAL_LEVELS[logger.level] ?? 'INFO', ({ level, message, meta }) => {
    logger[level.toLowerCase() as 'info'](meta ?? {}, message);
  });
}
