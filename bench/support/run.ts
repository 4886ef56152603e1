// What every benchmark does alike: run each system in turn against its own fake platform,
// with posts due at a time that leaves room to create them first.
import type { FakeMastodon } from '../../tests/fakes/mastodon';
import { benchPosts, startPlatform } from './platform';
import { startBaselineSystem, startPlanrrrSystem, type StackAddresses, type SystemUnderTest } from './systems';

export type SystemName = 'planrrr' | 'baseline';

export interface RunOptions {
  /** the test suite's Temporal server and database; a fresh stack otherwise */
  stack?: StackAddresses;
  /** extra environment for planrrr's worker and server (tuning) */
  planrrrEnv?: NodeJS.ProcessEnv;
  /** extra environment for planrrr's API server alone (e.g. a heap limit in NODE_OPTIONS) */
  planrrrServerEnv?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** Starts `which` with a fresh fake platform, runs `body`, and stops both whatever happens. */
export async function withSystem<T>(
  which: SystemName,
  options: RunOptions,
  body: (system: SystemUnderTest, platform: FakeMastodon) => Promise<T>,
): Promise<T> {
  const platform = await startPlatform();
  let system: SystemUnderTest | undefined;
  try {
    system =
      which === 'planrrr'
        ? await startPlanrrrSystem({
            platform,
            stack: options.stack,
            env: options.planrrrEnv,
            serverEnv: options.planrrrServerEnv,
            log: options.log,
          })
        : await startBaselineSystem({ platform, log: options.log });
    return await body(system, platform);
  } finally {
    await system?.stop();
    await platform.stop();
  }
}

const CALIBRATION_POSTS = 50;
const FAR_FUTURE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A due time (on a whole second) late enough for `system` to create `count` posts before
 * it: measured on a few far-future posts first (or given), so creation never counts as
 * lateness.
 */
export async function dueTimeAfterCreating(
  system: Pick<SystemUnderTest, 'name' | 'schedule'>,
  tag: string,
  count: number,
  log: (line: string) => void,
  leadSeconds?: number,
): Promise<Date> {
  if (leadSeconds !== undefined) return new Date(Math.ceil((Date.now() + leadSeconds * 1000) / 1000) * 1000);
  const sample = benchPosts(`${tag} calibration`, CALIBRATION_POSTS, new Date(Date.now() + FAR_FUTURE_MS));
  const started = Date.now();
  await system.schedule(sample);
  const perSecond = (CALIBRATION_POSTS * 1000) / (Date.now() - started);
  const leadMs = 10_000 + (1.2 * count * 1000) / perSecond;
  log(`${system.name}: creates about ${perSecond.toFixed(0)} posts/s; the posts fall due in ${(leadMs / 1000).toFixed(0)} s`);
  return new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
}

/** Creates `posts`, printing progress; returns the creation rate. */
export async function createWithProgress(
  system: SystemUnderTest,
  posts: readonly { content: string; publishAt: string }[],
  log: (line: string) => void,
): Promise<{ seconds: number; perSecond: number }> {
  const started = Date.now();
  let lastPrinted = started;
  await system.schedule(posts, (created) => {
    if (Date.now() - lastPrinted > 5_000 || created === posts.length) {
      log(`${system.name}: ${created.toLocaleString('en')} / ${posts.length.toLocaleString('en')} posts created`);
      lastPrinted = Date.now();
    }
  });
  const seconds = (Date.now() - started) / 1000;
  return { seconds, perSecond: posts.length / seconds };
}

/** A flag given a value the benchmark cannot use: the command says which, without a stack trace. */
export class UsageError extends Error {}

/** The whole number at least 1 that `flag` was given. */
export function positiveWholeNumber(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${flag} must be a positive whole number; got "${value}"`);
  return number;
}

/** `flag`'s comma-separated whole numbers, each at least 1 and larger than the one before. */
export function increasingWholeNumbers(flag: string, value: string | undefined, example: string): number[] {
  const numbers = (value ?? '').split(',').map(Number);
  if (numbers.some((number, index) => !Number.isInteger(number) || number < 1 || (index > 0 && number <= numbers[index - 1]!))) {
    throw new UsageError(`${flag} must be increasing whole numbers separated by commas, e.g. ${example}; got "${value}"`);
  }
  return numbers;
}

/**
 * Runs a benchmark's `main` when its file is the command (`npm run bench:*`), not when the
 * smoke tests import it: exit 0 when done, or 1 with the error (just the message for a bad flag).
 */
export function runAsCommand(script: NodeModule, main: () => Promise<void>): void {
  if (require.main !== script) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const badFlag =
        error instanceof UsageError ||
        (error instanceof TypeError && String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS'));
      console.error(badFlag ? (error as Error).message : error);
      process.exit(1);
    },
  );
}
