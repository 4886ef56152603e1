// The platform both systems publish to: the contract fake of Mastodon's API from the
// tests (tests/fakes/mastodon.ts), which records when each status arrived. Each post's
// content is unique, so the fake's records say which post arrived when, and how often.
import { FakeMastodon } from '../../tests/fakes/mastodon';
import { percentile } from './stats';

export const BENCH_ACCESS_TOKEN = 'token-alice';

export interface BenchPost {
  content: string;
  /** ISO 8601 */
  publishAt: string;
}

/** `count` posts with unique contents, all due at `publishAt`. */
export function benchPosts(tag: string, count: number, publishAt: Date): BenchPost[] {
  return Array.from({ length: count }, (_, index) => ({ content: `${tag} #${index + 1}`, publishAt: publishAt.toISOString() }));
}

export interface Deliveries {
  scheduled: number;
  /** posts that reached the platform at least once */
  published: number;
  /** posts that never reached it within the run */
  missed: number;
  /** posts the platform shows more than once */
  duplicated: number;
  /** calls that repeated an earlier one and were answered from the Idempotency-Key record */
  repeatedCalls: number;
  /** arrival minus scheduled time, ms, per published post */
  latenessMs: number[];
}

export function startPlatform(): Promise<FakeMastodon> {
  const platform = new FakeMastodon();
  // one account receives every post of a burst, far beyond what an instance allows it
  // (bench/budgets.ts measures bursts within the platforms' limits)
  platform.publishBudget = undefined;
  return platform.start();
}

/** How many of `posts` have arrived (at least once). */
export function publishedCount(platform: FakeMastodon, posts: readonly BenchPost[]): number {
  const wanted = new Set(posts.map((post) => post.content));
  return new Set(platform.statuses.filter((status) => wanted.has(status.content)).map((status) => status.content)).size;
}

export function deliveries(platform: FakeMastodon, posts: readonly BenchPost[]): Deliveries {
  const arrivals = new Map<string, number[]>();
  for (const status of platform.statuses) {
    const list = arrivals.get(status.content) ?? [];
    list.push(status.receivedAt);
    arrivals.set(status.content, list);
  }
  let published = 0;
  let duplicated = 0;
  const latenessMs: number[] = [];
  for (const post of posts) {
    const times = arrivals.get(post.content);
    if (!times) continue;
    published += 1;
    if (times.length > 1) duplicated += 1;
    latenessMs.push(Math.min(...times) - Date.parse(post.publishAt));
  }
  return {
    scheduled: posts.length,
    published,
    missed: posts.length - published,
    duplicated,
    repeatedCalls: platform.postRequests - platform.statuses.length,
    latenessMs,
  };
}

export function latencySummary(latenessMs: readonly number[]) {
  return { p50: percentile(latenessMs, 50), p99: percentile(latenessMs, 99), max: latenessMs.length ? Math.max(...latenessMs) : NaN };
}

/**
 * Waits until every post has arrived, or none has arrived for `stallMs` once they are due,
 * or `deadline` passes, printing progress; then waits `settleMs` more, so late repeats are
 * counted too.
 */
export async function waitForDeliveries(
  platform: FakeMastodon,
  posts: readonly BenchPost[],
  options: { due: number; deadline: number; stallMs: number; settleMs: number; label: string; log: (line: string) => void },
): Promise<void> {
  let lastPrinted = 0;
  let lastCount = -1;
  let lastChange = Date.now();
  for (;;) {
    const count = publishedCount(platform, posts);
    if (count !== lastCount) {
      lastCount = count;
      lastChange = Date.now();
    }
    if (Date.now() - lastPrinted > 2_000) {
      options.log(`${options.label}: ${count.toLocaleString('en')} / ${posts.length.toLocaleString('en')} published`);
      lastPrinted = Date.now();
    }
    const stalled = Date.now() > options.due && Date.now() - Math.max(lastChange, options.due) > options.stallMs;
    if (count === posts.length || stalled || Date.now() > options.deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs));
}
