// Burst: N posts due at the same second, published to the fake platform by planrrr and by
// the BullMQ baseline in turn. Lateness is the platform's arrival time minus the posts'
// scheduled time; missed and duplicated posts are counted by the platform.
//   npm run bench:burst -- --posts 1000
import { parseArgs } from 'node:util';
import { benchPosts, deliveries, latencySummary, waitForDeliveries, type Deliveries } from './support/platform';
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
import { ratio, seconds } from './support/stats';
import { workerTuningFromEnv } from './support/tuning';

export interface BurstFigures extends Deliveries {
  system: string;
  createdPerSecond: number;
}

/** A post counts as missed if none arrives for this long, or this long after its time. */
export const BURST_STALL_MS = 60_000;
export const BURST_WINDOW_MS = 20 * 60_000;

async function burstOn(which: SystemName, posts: number, options: BurstOptions): Promise<BurstFigures> {
  return withSystem(which, options, async (system, platform) => {
    const tag = `burst ${which} ${Date.now()}`;
    const due = await dueTimeAfterCreating(system, tag, posts, options.log, options.leadSeconds?.[which]);
    const batch = benchPosts(tag, posts, due);
    const creation = await createWithProgress(system, batch, options.log);
    if (Date.now() > due.getTime())
      throw new Error(`${system.name}: creating the posts took until after their due time; rerun with fewer posts`);
    options.log(`${system.name}: all posts created; due at ${due.toISOString()}`);
    await waitForDeliveries(platform, batch, {
      due: due.getTime(),
      deadline: due.getTime() + BURST_WINDOW_MS,
      stallMs: BURST_STALL_MS,
      settleMs: 3_000,
      label: system.name,
      log: options.log,
    });
    return { system: system.name, createdPerSecond: creation.perSecond, ...deliveries(platform, batch) };
  });
}

export interface BurstOptions extends RunOptions {
  /** seconds from start to the due time, per system, instead of a measured estimate */
  leadSeconds?: Partial<Record<SystemName, number>>;
}

export async function runBurst(posts: number, options: BurstOptions): Promise<{ planrrr: BurstFigures; baseline: BurstFigures }> {
  const planrrr = await burstOn('planrrr', posts, options);
  const baseline = await burstOn('baseline', posts, options);
  return { planrrr, baseline };
}

/** p99 lateness goals from issue 7. */
function goalFor(posts: number): number {
  return posts <= 1_000 ? 1_000 : 10_000;
}

export function burstTable({ planrrr, baseline }: { planrrr: BurstFigures; baseline: BurstFigures }): string {
  const lp = latencySummary(planrrr.latenessMs);
  const lb = latencySummary(baseline.latenessMs);
  const count = (value: number) => value.toLocaleString('en');
  return markdownTable(
    ['', 'planrrr', 'BullMQ baseline', 'planrrr / baseline'],
    [
      ['posts due at the same second', count(planrrr.scheduled), count(baseline.scheduled), ''],
      ['lateness p50', seconds(lp.p50), seconds(lb.p50), ratio(lp.p50, lb.p50)],
      ['lateness p99', seconds(lp.p99), seconds(lb.p99), ratio(lp.p99, lb.p99)],
      ['lateness max', seconds(lp.max), seconds(lb.max), ratio(lp.max, lb.max)],
      ['missed', count(planrrr.missed), count(baseline.missed), ''],
      ['duplicated on the platform', count(planrrr.duplicated), count(baseline.duplicated), ''],
      ['repeated calls (answered from the Idempotency-Key)', count(planrrr.repeatedCalls), count(baseline.repeatedCalls), ''],
      [
        'creation rate beforehand (not in lateness)',
        `${planrrr.createdPerSecond.toFixed(0)} posts/s`,
        `${baseline.createdPerSecond.toFixed(0)} posts/s`,
        ratio(planrrr.createdPerSecond, baseline.createdPerSecond),
      ],
    ],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { posts: { type: 'string', default: '1000' }, 'planrrr-lead': { type: 'string' } } });
  const posts = positiveWholeNumber('--posts', values.posts);
  // on a busy machine the measured creation rate can be far off: give planrrr's lead in seconds
  const planrrrLead = values['planrrr-lead'] === undefined ? undefined : positiveWholeNumber('--planrrr-lead', values['planrrr-lead']);
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const result = await runBurst(posts, { log, leadSeconds: { planrrr: planrrrLead } });
  const p99 = latencySummary(result.planrrr.latenessMs).p99;
  const goal = goalFor(posts);
  report(
    {
      id: `burst-${posts}`,
      title: `Burst: ${posts.toLocaleString('en')} posts due at the same second`,
      command: commandLine('bench:burst', [
        '--posts',
        String(posts),
        ...(planrrrLead === undefined ? [] : ['--planrrr-lead', String(planrrrLead)]),
      ]),
      body: [
        burstTable(result),
        '',
        `planrrr's goal, p99 lateness under ${seconds(goal)} with nothing missed or duplicated: ${p99 < goal && result.planrrr.missed === 0 && result.planrrr.duplicated === 0 ? 'met' : '**not met**'}. ` +
          `A post counts as missed if it had not arrived ${seconds(BURST_WINDOW_MS)} after its time, or when no post had arrived for ${seconds(BURST_STALL_MS)}. Worker settings: ${workerTuningFromEnv()}.`,
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
