// Fault: the worker is SIGKILLed and started again, in two scenarios: in the middle of a
// burst of publishes, and 40 s before a burst's time, while planrrr's publishes wait on it
// (the default publish lead, 60 s). The platform counts what arrived: every post should
// arrive, and once, and in the second scenario on time. Runs on planrrr (also tests:
// worker-crash-burst.test.ts, worker-crash.test.ts) and on the BullMQ baseline.
//   npm run bench:crash -- --posts 200
import { parseArgs } from 'node:util';
import { benchPosts, deliveries, latencySummary, publishedCount, waitForDeliveries, type Deliveries } from './support/platform';
import { commandLine, markdownTable, report } from './support/report';
import {
  createWithProgress,
  dueTimeAfterCreating,
  positiveWholeNumber,
  runAsCommand,
  type RunOptions,
  type SystemName,
  withSystem,
} from './support/run';
import { seconds } from './support/stats';

export interface CrashFigures extends Deliveries {
  system: string;
  /** posts that had arrived when the worker was killed */
  publishedBeforeKill: number;
  /** from the kill to the last post's arrival */
  recoveryMs: number;
}

/**
 * How long after the kill posts may still arrive. planrrr's bound: a publish activity
 * that was running on the killed worker is retried once its 2-minute start-to-close
 * timeout passes. BullMQ's: the job's 30 s lock expires and a stalled-job check (every
 * 30 s) hands it out again.
 */
export const CRASH_RECOVERY_WINDOW_MS = 4 * 60_000;

export async function crashMidBurst(which: SystemName, posts: number, options: RunOptions): Promise<CrashFigures> {
  // Publishes start at the time, so the kill lands among publishes in flight: with a publish
  // lead the whole burst goes out within a second, before a kill can follow its first tenth.
  const crashOptions = { ...options, planrrrEnv: { PUBLISH_LEAD_SECONDS: '0', ...options.planrrrEnv } };
  return withSystem(which, crashOptions, async (system, platform) => {
    const tag = `crash ${which} ${Date.now()}`;
    const due = await dueTimeAfterCreating(system, tag, posts, options.log);
    const batch = benchPosts(tag, posts, due);
    await createWithProgress(system, batch, options.log);
    // kill as soon as the burst is under way: a tenth of it has arrived
    const killAt = Math.max(1, Math.floor(posts / 10));
    while (publishedCount(platform, batch) < killAt) {
      if (Date.now() > due.getTime() + CRASH_RECOVERY_WINDOW_MS) throw new Error(`${system.name}: the burst never started`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await system.killWorker();
    const killedAt = Date.now();
    const publishedBeforeKill = publishedCount(platform, batch);
    options.log(`${system.name}: worker SIGKILLed with ${publishedBeforeKill} / ${posts} published; starting a new one`);
    await system.startWorker();
    await waitForDeliveries(platform, batch, {
      due: killedAt,
      deadline: killedAt + CRASH_RECOVERY_WINDOW_MS,
      stallMs: CRASH_RECOVERY_WINDOW_MS,
      settleMs: 5_000,
      label: system.name,
      log: options.log,
    });
    const figures = deliveries(platform, batch);
    const lastArrival = Math.max(...platform.statuses.map((status) => status.receivedAt));
    return { system: system.name, publishedBeforeKill, recoveryMs: lastArrival - killedAt, ...figures };
  });
}

/** The default publish lead, and when before the time the worker is killed within it. */
const DEFAULT_LEAD_SECONDS = 60;
const KILL_BEFORE_DUE_MS = 40_000;

export async function crashDuringLead(which: SystemName, posts: number, options: RunOptions): Promise<CrashFigures> {
  const leadOptions = { ...options, planrrrEnv: { PUBLISH_LEAD_SECONDS: String(DEFAULT_LEAD_SECONDS), ...options.planrrrEnv } };
  return withSystem(which, leadOptions, async (system, platform) => {
    const tag = `crash in lead ${which} ${Date.now()}`;
    const created = await dueTimeAfterCreating(system, tag, posts, options.log);
    // the whole lead after creating, so every publish has started ahead when the kill comes
    const due = new Date(created.getTime() + DEFAULT_LEAD_SECONDS * 1000);
    const batch = benchPosts(tag, posts, due);
    await createWithProgress(system, batch, options.log);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.getTime() - KILL_BEFORE_DUE_MS - Date.now())));
    await system.killWorker();
    const killedAt = Date.now();
    const publishedBeforeKill = publishedCount(platform, batch);
    options.log(
      `${system.name}: worker SIGKILLed ${((due.getTime() - killedAt) / 1000).toFixed(0)} s before the burst's time; starting a new one`,
    );
    await system.startWorker();
    await waitForDeliveries(platform, batch, {
      due: due.getTime(),
      deadline: due.getTime() + CRASH_RECOVERY_WINDOW_MS,
      stallMs: CRASH_RECOVERY_WINDOW_MS,
      settleMs: 5_000,
      label: system.name,
      log: options.log,
    });
    const figures = deliveries(platform, batch);
    const lastArrival = Math.max(...platform.statuses.map((status) => status.receivedAt));
    return { system: system.name, publishedBeforeKill, recoveryMs: lastArrival - killedAt, ...figures };
  });
}

function crashTable(results: CrashFigures[]): string {
  const count = (value: number) => value.toLocaleString('en');
  return markdownTable(
    ['', ...results.map((result) => result.system)],
    [
      ['posts in the burst', ...results.map((result) => count(result.scheduled))],
      ['arrived before the SIGKILL', ...results.map((result) => count(result.publishedBeforeKill))],
      ['published in the end', ...results.map((result) => count(result.published))],
      ['missed', ...results.map((result) => count(result.missed))],
      ['duplicated on the platform', ...results.map((result) => count(result.duplicated))],
      ['repeated calls (answered from the Idempotency-Key)', ...results.map((result) => count(result.repeatedCalls))],
      ['kill to last arrival', ...results.map((result) => seconds(result.recoveryMs))],
      [
        'lateness p99 / max',
        ...results.map((result) => {
          const l = latencySummary(result.latenessMs);
          return `${seconds(l.p99)} / ${seconds(l.max)}`;
        }),
      ],
    ],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { posts: { type: 'string', default: '200' } } });
  const posts = positiveWholeNumber('--posts', values.posts);
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const inFlight = [await crashMidBurst('planrrr', posts, { log }), await crashMidBurst('baseline', posts, { log })];
  const duringLead = [await crashDuringLead('planrrr', posts, { log }), await crashDuringLead('baseline', posts, { log })];
  report(
    {
      id: 'crash',
      title: `Fault: worker SIGKILLed around a burst of ${posts} publishes`,
      command: commandLine('bench:crash', ['--posts', String(posts)]),
      body: [
        `**In the middle of the burst**, once a tenth of it has arrived (planrrr with \`PUBLISH_LEAD_SECONDS=0\`, so that publishes are in flight at the kill):`,
        '',
        crashTable(inFlight),
        '',
        `**${KILL_BEFORE_DUE_MS / 1000} s before the burst's time**, while planrrr's publishes wait on the worker (the default lead, ${DEFAULT_LEAD_SECONDS} s); the baseline's jobs are still delayed in Redis:`,
        '',
        crashTable(duringLead),
        '',
        'Both systems send an Idempotency-Key that the fake platform honours as Mastodon does, so a repeated call cannot create a second status; ' +
          'a "repeated call" is a publish the killed worker had (probably) already made and that was made again after the restart. ' +
          'On platforms without idempotency keys each repeated call would be a duplicate post.',
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
