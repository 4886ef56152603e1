// Budgets: posts due in the same second across many accounts on four platforms' fakes
// (Mastodon, Bluesky, X, LinkedIn, each enforcing its documented per-account limit with
// 429s), published by planrrr at its defaults (only the benchmark's creation rate limit
// lifted) and by the BullMQ baseline in turn. Lateness is each fake's arrival time minus
// the posts' time; the report says which of planrrr's posts waited for which limit
// (activities/publish-budgets.ts) and how many posts each fake refused.
//   npm run bench:budgets -- --posts 1000 --accounts 100 [--lead SECONDS]
import { parseArgs } from 'node:util';
import { createBaselineScheduler, type BaselinePost } from './baseline/scheduler';
import { FakeBluesky } from '../tests/fakes/bluesky';
import { FakeLinkedIn } from '../tests/fakes/linkedin';
import { FakeMastodon } from '../tests/fakes/mastodon';
import { FakeX } from '../tests/fakes/x';
import { storeOAuthConnection } from '../tests/support/connections';
import { latencySummary } from './support/platform';
import { commandLine, markdownTable, report } from './support/report';
import { dueTimeAfterCreating, positiveWholeNumber, runAsCommand, UsageError } from './support/run';
import { forEachConcurrently, seconds } from './support/stats';
import { startBaselineSystem, startPlanrrrSystem, type PlanrrrSystem, type StackAddresses } from './support/systems';

const BUDGET_PLATFORMS = ['MASTODON', 'BLUESKY', 'X', 'LINKEDIN'] as const;
type BudgetPlatform = (typeof BUDGET_PLATFORMS)[number];

/** planrrr's p99 lateness may exceed the baseline's by this much (issue 22) */
export const BUDGETS_GOAL_MS = 500;
const CREATE_CONCURRENCY = 16;
const STALL_MS = 60_000;
const WINDOW_MS = 10 * 60_000;

export interface BudgetAccount {
  platform: BudgetPlatform;
  /** letters only: the fakes read an account's name out of its token */
  name: string;
}

export interface BudgetPost {
  content: string;
  account: BudgetAccount;
  /** ISO 8601 */
  publishAt: string;
}

interface Fakes {
  MASTODON: FakeMastodon;
  BLUESKY: FakeBluesky;
  X: FakeX;
  LINKEDIN: FakeLinkedIn;
}

export interface BudgetFigures {
  system: string;
  scheduled: number;
  published: number;
  missed: number;
  duplicated: number;
  latenessMs: number[];
  latenessByPlatform: Record<BudgetPlatform, number[]>;
  /** posts each fake refused with a 429 for its per-account limit */
  refusedByPlatform: Record<BudgetPlatform, number>;
  /** planrrr: posts that waited for a budget, by the limit they waited for */
  waitedFor: Record<string, number>;
}

/** a, b, ..., z, ba, bb, ...: account names the fakes' token patterns accept */
function letters(index: number): string {
  let name = '';
  let rest = index;
  do {
    name = String.fromCharCode(97 + (rest % 26)) + name;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return name;
}

export function budgetAccounts(count: number): BudgetAccount[] {
  return Array.from({ length: count }, (_, index) => ({
    platform: BUDGET_PLATFORMS[index % BUDGET_PLATFORMS.length]!,
    name: `acct${letters(index)}`,
  }));
}

/** `count` posts with unique contents spread evenly over the accounts, all due at `publishAt`. */
export function budgetPosts(tag: string, count: number, accounts: readonly BudgetAccount[], publishAt: Date): BudgetPost[] {
  return Array.from({ length: count }, (_, index) => {
    const account = accounts[index % accounts.length]!;
    return { content: `${tag} ${account.platform} ${account.name} #${index + 1}`, account, publishAt: publishAt.toISOString() };
  });
}

/** The four fakes, each knowing the accounts' credentials, and enforcing its documented limit per account. */
async function startFakes(accounts: readonly BudgetAccount[]): Promise<Fakes> {
  const fakes: Fakes = { MASTODON: new FakeMastodon(), BLUESKY: new FakeBluesky(), X: new FakeX(), LINKEDIN: new FakeLinkedIn() };
  for (const { platform, name } of accounts) {
    if (platform === 'MASTODON') fakes.MASTODON.validTokens.add(`token-${name}`);
    if (platform === 'BLUESKY')
      fakes.BLUESKY.accounts.set(`${name}.bsky.social`, {
        password: `${name}-app-password`,
        did: `did:plc:${name}`,
        handle: `${name}.bsky.social`,
      });
    if (platform === 'X') fakes.X.validTokens.add(`x-token-${name}`);
    if (platform === 'LINKEDIN') fakes.LINKEDIN.tokens.set(`li-token-${name}`, `urn:li:person:${name}`);
  }
  await Promise.all(Object.values(fakes).map((fake) => fake.start()));
  return fakes;
}

async function stopFakes(fakes: Fakes): Promise<void> {
  await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
}

/** Every post each fake created: its content and when it arrived. */
function arrivals(fakes: Fakes): Array<{ platform: BudgetPlatform; content: string; at: number }> {
  return [
    ...fakes.MASTODON.statuses.map((status) => ({ platform: 'MASTODON' as const, content: status.content, at: status.receivedAt })),
    ...fakes.BLUESKY.posts.map((post) => ({ platform: 'BLUESKY' as const, content: String(post.record.text), at: post.receivedAt })),
    ...fakes.X.tweets.map((tweet) => ({ platform: 'X' as const, content: tweet.text, at: tweet.receivedAt })),
    // LinkedIn's commentary escapes the "little text" format's reserved characters (the # of a post's number)
    ...fakes.LINKEDIN.posts.map((post) => ({
      platform: 'LINKEDIN' as const,
      content: String(post.commentary).replace(/\\(.)/g, '$1'),
      at: post.receivedAt,
    })),
  ];
}

function figuresOf(system: string, fakes: Fakes, posts: readonly BudgetPost[], waitedFor: Record<string, number>): BudgetFigures {
  const byContent = new Map<string, number[]>();
  for (const arrival of arrivals(fakes)) byContent.set(arrival.content, [...(byContent.get(arrival.content) ?? []), arrival.at]);
  const latenessByPlatform = Object.fromEntries(BUDGET_PLATFORMS.map((platform) => [platform, [] as number[]])) as Record<
    BudgetPlatform,
    number[]
  >;
  let duplicated = 0;
  for (const post of posts) {
    const times = byContent.get(post.content);
    if (!times) continue;
    if (times.length > 1) duplicated += 1;
    latenessByPlatform[post.account.platform].push(Math.min(...times) - Date.parse(post.publishAt));
  }
  const latenessMs = Object.values(latenessByPlatform).flat();
  return {
    system,
    scheduled: posts.length,
    published: latenessMs.length,
    missed: posts.length - latenessMs.length,
    duplicated,
    latenessMs,
    latenessByPlatform,
    refusedByPlatform: {
      MASTODON: fakes.MASTODON.publishRefusals,
      BLUESKY: fakes.BLUESKY.publishRefusals,
      X: fakes.X.publishRefusals,
      LINKEDIN: fakes.LINKEDIN.publishRefusals,
    },
    waitedFor,
  };
}

/** Waits until every post has arrived, none has for STALL_MS after their time, or WINDOW_MS has passed; then 3 s more for late repeats. */
async function waitForArrivals(fakes: Fakes, posts: readonly BudgetPost[], due: number, label: string, log: (line: string) => void) {
  const wanted = new Set(posts.map((post) => post.content));
  let lastCount = -1;
  let lastChange = Date.now();
  let lastPrinted = 0;
  for (;;) {
    const count = new Set(arrivals(fakes).flatMap((arrival) => (wanted.has(arrival.content) ? [arrival.content] : []))).size;
    if (count !== lastCount) [lastCount, lastChange] = [count, Date.now()];
    if (Date.now() - lastPrinted > 2_000) {
      log(`${label}: ${count.toLocaleString('en')} / ${posts.length.toLocaleString('en')} published`);
      lastPrinted = Date.now();
    }
    const stalled = Date.now() > due && Date.now() - Math.max(lastChange, due) > STALL_MS;
    if (count === posts.length || stalled || Date.now() > due + WINDOW_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}

export interface BudgetsOptions {
  /** the test suite's Temporal server and database; a fresh stack otherwise */
  stack?: StackAddresses;
  /** seconds from the start of creating the posts to their time, instead of an estimate from a few posts created first */
  leadSeconds?: number;
  log: (line: string) => void;
}

/** Connects every account to planrrr: Mastodon and Bluesky through the API, X and LinkedIn as their OAuth flow stores them. */
async function connectAccounts(system: PlanrrrSystem, fakes: Fakes, accounts: readonly BudgetAccount[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await forEachConcurrently(accounts, 4, async ({ platform, name }) => {
    let id: string;
    if (platform === 'MASTODON' || platform === 'BLUESKY') {
      const body =
        platform === 'MASTODON'
          ? { platform: 'mastodon', instanceUrl: fakes.MASTODON.url, accessToken: `token-${name}` }
          : { platform: 'bluesky', handle: `${name}.bsky.social`, appPassword: `${name}-app-password`, serviceUrl: fakes.BLUESKY.url };
      const response = await system.api.post('/api/v1/connections', body);
      if (response.status !== 201)
        throw new Error(`connecting ${platform} ${name} failed: ${response.status} ${JSON.stringify(response.body)}`);
      id = response.body.id;
    } else {
      const credentials =
        platform === 'X'
          ? { accessToken: `x-token-${name}`, refreshToken: `x-refresh-${name}`, expiresAt: new Date(Date.now() + 7_200_000).toISOString() }
          : { authorUrn: `urn:li:person:${name}`, accessToken: `li-token-${name}` };
      id = await storeOAuthConnection(system.db, system.env, { teamId: system.teamId, platform, handle: name, credentials });
    }
    ids.set(name, id);
  });
  return ids;
}

async function onPlanrrr(posts: number, accounts: readonly BudgetAccount[], options: BudgetsOptions): Promise<BudgetFigures> {
  const { log } = options;
  const fakes = await startFakes(accounts);
  let system: PlanrrrSystem | undefined;
  try {
    system = await startPlanrrrSystem({
      platform: fakes.MASTODON,
      stack: options.stack,
      // planrrr's publishing at its defaults: none of the benchmarks' publishing settings
      env: {
        PUBLISH_RATE_LIMITS: undefined,
        PUBLISH_LEAD_SECONDS: undefined,
        PLATFORM_CONNECTIONS_PER_HOST: undefined,
        X_API_BASE_URL: fakes.X.url,
        LINKEDIN_API_BASE_URL: fakes.LINKEDIN.url,
        BLUESKY_DEFAULT_SERVICE_URL: fakes.BLUESKY.url,
      },
      log,
    });
    const connected = system;
    log(`planrrr: connecting ${accounts.length} accounts ...`);
    const ids = await connectAccounts(connected, fakes, accounts);
    const create = async (batch: readonly BudgetPost[], progress?: (created: number) => void) => {
      let created = 0;
      await forEachConcurrently(batch, CREATE_CONCURRENCY, async (post) => {
        const response = await connected.api.post('/api/v1/posts', {
          content: post.content,
          publishAt: post.publishAt,
          connectionIds: [ids.get(post.account.name)],
        });
        if (response.status !== 201) throw new Error(`creating a post failed: ${response.status} ${JSON.stringify(response.body)}`);
        progress?.(++created);
      });
    };
    const tag = `budgets ${Date.now()}`;
    const due = await dueTimeAfterCreating(
      {
        name: 'planrrr',
        schedule: (sample) =>
          create(budgetPosts(`${tag} calibration`, sample.length, accounts.slice(0, 1), new Date(sample[0]!.publishAt))),
      },
      tag,
      posts,
      log,
      options.leadSeconds,
    );
    const batch = budgetPosts(tag, posts, accounts, due);
    let lastPrinted = Date.now();
    await create(batch, (created) => {
      if (Date.now() - lastPrinted > 5_000 || created === batch.length) {
        log(`planrrr: ${created.toLocaleString('en')} / ${batch.length.toLocaleString('en')} posts created`);
        lastPrinted = Date.now();
      }
    });
    if (Date.now() > due.getTime()) throw new Error('planrrr: creating the posts took until after their due time; rerun with fewer posts');
    log(`planrrr: all posts created ${((due.getTime() - Date.now()) / 1000).toFixed(0)} s before their time, ${due.toISOString()}`);
    await waitForArrivals(fakes, batch, due.getTime(), 'planrrr', log);
    const waits = await connected.db.publishAttempt.findMany({
      where: { outcome: 'waited', target: { post: { teamId: connected.teamId } } },
      select: { error: true, targetId: true },
    });
    const targetsByLimit = new Map<string, Set<string>>();
    for (const wait of waits) {
      const limit = (wait.error ?? '').replace(/^Waits until \S+ for /, '');
      targetsByLimit.set(limit, (targetsByLimit.get(limit) ?? new Set()).add(wait.targetId));
    }
    const waitedFor = Object.fromEntries([...targetsByLimit].map(([limit, targets]) => [limit, targets.size]));
    return figuresOf('planrrr', fakes, batch, waitedFor);
  } finally {
    await system?.stop();
    await stopFakes(fakes);
  }
}

async function onBaseline(posts: number, accounts: readonly BudgetAccount[], options: BudgetsOptions): Promise<BudgetFigures> {
  const { log } = options;
  const fakes = await startFakes(accounts);
  const system = await startBaselineSystem({ platform: fakes.MASTODON, log });
  const scheduler = createBaselineScheduler(system.redis.url);
  try {
    let nextId = 0;
    const jobOf = (post: BudgetPost): BaselinePost => {
      const { platform, name } = post.account;
      const common = { postId: `post-${++nextId}`, content: post.content, publishAt: post.publishAt, platform };
      if (platform === 'MASTODON') return { ...common, instanceUrl: fakes.MASTODON.url, accessToken: `token-${name}` };
      if (platform === 'BLUESKY')
        return { ...common, instanceUrl: fakes.BLUESKY.url, accessToken: `${name}-app-password`, account: `${name}.bsky.social` };
      if (platform === 'X') return { ...common, instanceUrl: fakes.X.url, accessToken: `x-token-${name}` };
      return { ...common, instanceUrl: fakes.LINKEDIN.url, accessToken: `li-token-${name}`, account: `urn:li:person:${name}` };
    };
    const create = (batch: readonly BudgetPost[]) =>
      forEachConcurrently(batch, CREATE_CONCURRENCY, async (post) => void (await scheduler.schedule(jobOf(post))));
    const tag = `budgets ${Date.now()}`;
    const due = await dueTimeAfterCreating(
      {
        name: 'BullMQ baseline',
        schedule: (sample) =>
          create(budgetPosts(`${tag} calibration`, sample.length, accounts.slice(0, 1), new Date(sample[0]!.publishAt))),
      },
      tag,
      posts,
      log,
      options.leadSeconds,
    );
    const batch = budgetPosts(tag, posts, accounts, due);
    await create(batch);
    if (Date.now() > due.getTime()) throw new Error('baseline: creating the posts took until after their due time; rerun with fewer posts');
    log(`BullMQ baseline: all posts created ${((due.getTime() - Date.now()) / 1000).toFixed(0)} s before their time, ${due.toISOString()}`);
    await waitForArrivals(fakes, batch, due.getTime(), 'BullMQ baseline', log);
    return figuresOf('BullMQ baseline', fakes, batch, {});
  } finally {
    await scheduler.close();
    await system.stop();
    await stopFakes(fakes);
  }
}

export async function runBudgets(
  { posts, accounts }: { posts: number; accounts: number },
  options: BudgetsOptions,
): Promise<{ planrrr: BudgetFigures; baseline: BudgetFigures }> {
  if (accounts < BUDGET_PLATFORMS.length || accounts > posts)
    throw new UsageError(`--accounts must be between ${BUDGET_PLATFORMS.length} and --posts; got ${accounts}`);
  const list = budgetAccounts(accounts);
  const planrrr = await onPlanrrr(posts, list, options);
  const baseline = await onBaseline(posts, list, options);
  return { planrrr, baseline };
}

/** planrrr's p99 lateness minus the baseline's, ms */
export function p99Difference({ planrrr, baseline }: { planrrr: BudgetFigures; baseline: BudgetFigures }): number {
  return latencySummary(planrrr.latenessMs).p99 - latencySummary(baseline.latenessMs).p99;
}

export function budgetsTables(result: { planrrr: BudgetFigures; baseline: BudgetFigures }): string {
  const { planrrr, baseline } = result;
  const count = (value: number) => value.toLocaleString('en');
  const [lp, lb] = [latencySummary(planrrr.latenessMs), latencySummary(baseline.latenessMs)];
  const overall = markdownTable(
    ['', 'planrrr', 'BullMQ baseline', 'planrrr - baseline'],
    [
      ['posts due at the same second', count(planrrr.scheduled), count(baseline.scheduled), ''],
      ['lateness p50', seconds(lp.p50), seconds(lb.p50), seconds(lp.p50 - lb.p50)],
      ['lateness p99', seconds(lp.p99), seconds(lb.p99), seconds(lp.p99 - lb.p99)],
      ['lateness max', seconds(lp.max), seconds(lb.max), seconds(lp.max - lb.max)],
      ['missed', count(planrrr.missed), count(baseline.missed), ''],
      ['duplicated on the platform', count(planrrr.duplicated), count(baseline.duplicated), ''],
    ],
  );
  const perPlatform = markdownTable(
    ['platform', 'posts', 'planrrr p99', 'baseline p99', 'refused with 429 (planrrr / baseline)'],
    BUDGET_PLATFORMS.map((platform) => [
      platform,
      count(planrrr.latenessByPlatform[platform].length),
      seconds(latencySummary(planrrr.latenessByPlatform[platform]).p99),
      seconds(latencySummary(baseline.latenessByPlatform[platform]).p99),
      `${count(planrrr.refusedByPlatform[platform])} / ${count(baseline.refusedByPlatform[platform])}`,
    ]),
  );
  const waits = Object.entries(planrrr.waitedFor);
  const waited =
    waits.length === 0
      ? 'No planrrr post waited for a budget: every account stayed within its limits.'
      : markdownTable(
          ['limit a planrrr post waited for', 'posts'],
          waits.map(([limit, posts]) => [limit, count(posts)]),
        );
  return [overall, '', perPlatform, '', waited].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { posts: { type: 'string', default: '1000' }, accounts: { type: 'string', default: '100' }, lead: { type: 'string' } },
  });
  const posts = positiveWholeNumber('--posts', values.posts);
  const accounts = positiveWholeNumber('--accounts', values.accounts);
  // on a busy machine the estimated creation rate can be far off: give the lead in seconds
  const leadSeconds = values.lead === undefined ? undefined : positiveWholeNumber('--lead', values.lead);
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const result = await runBudgets({ posts, accounts }, { log, leadSeconds });
  const difference = p99Difference(result);
  const met = difference <= BUDGETS_GOAL_MS && result.planrrr.missed === 0 && result.planrrr.duplicated === 0;
  report(
    {
      id: `budgets-${posts}`,
      title: `Budgets: ${posts.toLocaleString('en')} posts due at the same second across ${accounts} accounts on four platforms, at defaults`,
      command: commandLine('bench:budgets', [
        '--posts',
        String(posts),
        '--accounts',
        String(accounts),
        ...(leadSeconds === undefined ? [] : ['--lead', String(leadSeconds)]),
      ]),
      body: [
        budgetsTables(result),
        '',
        `Goal, planrrr's p99 lateness within ${seconds(BUDGETS_GOAL_MS)} of the baseline's with nothing missed or duplicated: ${met ? 'met' : '**not met**'} (${seconds(difference)}). ` +
          `Accounts are spread evenly over Mastodon, Bluesky, X and LinkedIn; each fake refuses a post beyond its documented per-account limit with a 429. ` +
          'planrrr runs at its defaults (PUBLISH_LEAD_SECONDS, PUBLISH_RATE_LIMITS and the worker settings unset); the baseline posts each job when it is due, without budgets.',
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
