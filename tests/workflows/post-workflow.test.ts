// The post workflow on Temporal's time-skipping test server: a year of sleep takes
// milliseconds. Activities are fakes here; the real ones are exercised by the
// integration tests.
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { createActivities, PublishCommentInput, PublishInput, PublishPartInput, PublishResult } from '../../activities';
import type { ApprovalNotice } from '../../domain/approvals';
import type { PostState } from '../../domain/post';
import { DEFAULT_PUBLISH_RATE_LIMITS } from '../../lib/config';
import { postWorkflowId, publishTaskQueue } from '../../temporal-config';
import { createPublishWorkers } from '../../worker/publish-workers';
import { registerSearchAttributes } from '../../runtime/register-search-attributes';
import { historyFileContent } from './history-files';
import {
  APPROVAL_TOO_LATE,
  approveUpdate,
  cancelSignal,
  cancelUpdate,
  conditionalCancelUpdate,
  editSignal,
  editUpdate,
  POST_NOT_CHANGEABLE,
  rejectUpdate,
  rescheduleSignal,
  rescheduleUpdate,
  STALE_STATE_VERSION,
  statusQuery,
  type PostWorkflowInput,
} from '../../workflows/post-messages';
import { postWorkflow } from '../../workflows/post-workflow';
import { quietTemporalLogs, startTimeSkippingServer } from '../support/time-skipping';

jest.setTimeout(120_000);
// The scripted failures below are expected; keep the SDK's warnings about them out of the output.
quietTemporalLogs();

const DAY = 24 * 60 * 60 * 1000;

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  env = await startTimeSkippingServer();
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(async () => {
  await env?.teardown();
});

type Activities = ReturnType<typeof createActivities>;

/** Records every publish call with the test server's clock at the time of the call. */
class FakePlatform {
  readonly calls: Array<PublishInput & { at: number }> = [];
  readonly partCalls: Array<PublishPartInput & { at: number }> = [];
  readonly commentCalls: Array<PublishCommentInput & { at: number }> = [];
  readonly savedStates: PostState[] = [];
  /** what the workflow announced about the post's review */
  readonly notices: ApprovalNotice[] = [];

  /** Waits until the workflow has announced `count` notices: a decider decides once asked. */
  async noticed(count: number): Promise<void> {
    while (this.notices.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  /** per connection, and per `<connection>#<part>` for a thread's later part: what each attempt does (`ok`, or an error to throw) */
  readonly scripts = new Map<string, Array<'ok' | ApplicationFailure>>();
  /** while set, the first publish call waits for it: an activity waiting for its time */
  private firstCallHeld: { released: Promise<void>; release: () => void } | undefined;

  holdFirstCall(): void {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    this.firstCallHeld = { released, release };
  }

  releaseFirstCall(): void {
    this.firstCallHeld?.release();
  }

  activities(): Pick<Activities, 'savePostState' | 'publishToTarget' | 'publishThreadPart' | 'publishFirstComment' | 'announceApproval'> {
    return {
      savePostState: async (state) => {
        this.savedStates.push(structuredClone(state));
      },
      announceApproval: async (notice) => {
        this.notices.push(notice);
      },
      publishToTarget: async (input): Promise<PublishResult> => {
        // the test server's clock, which skips ahead, not this process's
        const at = await env.currentTimeMs();
        this.calls.push({ ...input, at });
        if (this.calls.length === 1 && this.firstCallHeld) await this.firstCallHeld.released;
        const attempt = this.calls.filter((call) => call.connectionId === input.connectionId).length;
        const step = this.scripts.get(input.connectionId)?.[attempt - 1] ?? 'ok';
        if (step !== 'ok') throw step;
        return {
          platformPostId: `${input.connectionId}-${input.revision}`,
          url: `https://social.example/${input.connectionId}`,
          attempts: attempt,
          publishedAt: new Date(at).toISOString(),
        };
      },
      publishThreadPart: async (input) => {
        const at = await env.currentTimeMs();
        this.partCalls.push({ ...input, at });
        const key = `${input.connectionId}#${input.part}`;
        const attempt = this.partCalls.filter((call) => `${call.connectionId}#${call.part}` === key).length;
        const step = this.scripts.get(key)?.[attempt - 1] ?? 'ok';
        if (step !== 'ok') throw step;
        return {
          platformPostId: `${input.connectionId}-${input.revision}-p${input.part}`,
          url: `https://social.example/${input.connectionId}/${input.part}`,
          publishedAt: new Date(at).toISOString(),
        };
      },
      publishFirstComment: async (input) => {
        const at = await env.currentTimeMs();
        this.commentCalls.push({ ...input, at });
        const step = this.scripts.get(`${input.connectionId}#comment`)?.[0] ?? 'ok';
        if (step !== 'ok') throw step;
        return {
          platformCommentId: `${input.connectionId}-comment`,
          url: `https://social.example/${input.connectionId}/comment`,
          publishedAt: new Date(at).toISOString(),
        };
      },
    };
  }
}

let sequence = 0;
/** one task queue per test, so no test's worker sees another's workflows */
let taskQueue = '';
beforeEach(() => {
  taskQueue = `post-workflow-test-${sequence}`;
});

function postInput(publishAt: number, overrides: Partial<PostWorkflowInput> = {}): PostWorkflowInput {
  sequence += 1;
  return {
    postId: `p${sequence}`,
    teamId: 'team-1',
    publishAt: new Date(publishAt).toISOString(),
    content: 'Hello, world',
    revision: 1,
    targets: [{ connectionId: 'mastodon-1', platform: 'MASTODON' }],
    mediaIds: [],
    publishLeadMs: 0,
    ...overrides,
  };
}

/** The post workflows' worker and, as in production, one publishing worker per platform. */
async function withWorker<T>(platform: FakePlatform, fn: () => Promise<T>): Promise<T> {
  const activities = platform.activities();
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
  const publishWorkers = await createPublishWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    publishToTarget: activities.publishToTarget,
    publishThreadPart: activities.publishThreadPart,
    publishFirstComment: activities.publishFirstComment,
    limits: DEFAULT_PUBLISH_RATE_LIMITS,
  });
  const publishing = publishWorkers.map((each) => each.run());
  try {
    return await worker.runUntil(fn);
  } finally {
    // a test that failed while a call was held must not leave its worker unable to shut down
    platform.releaseFirstCall();
    for (const each of publishWorkers) each.shutdown();
    await Promise.all(publishing);
  }
}

/** Workflows started by the current test, whose histories RECORD_HISTORIES=1 keeps. */
const startedInTest: WorkflowHandle[] = [];

async function start(input: PostWorkflowInput) {
  const handle = await env.client.workflow.start(postWorkflow, {
    workflowId: postWorkflowId(input.postId),
    taskQueue,
    args: [input],
  });
  startedInTest.push(handle);
  return handle;
}

// `RECORD_HISTORIES=1 npx jest tests/workflows/post-workflow.test.ts` writes each scenario's
// history to tests/workflows/histories/, which replay.test.ts replays against the current
// code: a change that would break sleeping posts fails CI. See docs/decisions/003-workflow-versioning.md.
afterEach(async () => {
  const handles = startedInTest.splice(0);
  if (!process.env.RECORD_HISTORIES) return;
  const dir = path.join(__dirname, 'histories');
  await mkdir(dir, { recursive: true });
  const scenario = (expect.getState().currentTestName ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  for (const [index, handle] of handles.entries()) {
    const history = await handle.fetchHistory();
    await writeFile(path.join(dir, `${scenario}${handles.length > 1 ? `-${index + 1}` : ''}.json`), historyFileContent(history));
  }
});

/** Lets the workflow process what it was sent, without moving the clock. */
async function settle(handle: { query: (q: typeof statusQuery) => Promise<PostState> }): Promise<PostState> {
  return handle.query(statusQuery);
}

test('a post scheduled a year ahead publishes at its time without waiting a year', async () => {
  const platform = new FakePlatform();
  const publishAt = (await env.currentTimeMs()) + 365 * DAY;
  const result = await withWorker(platform, async () => {
    const handle = await start(postInput(publishAt));
    expect((await settle(handle)).status).toBe('SCHEDULED');
    return handle.result();
  });
  expect(result.status).toBe('PUBLISHED');
  expect(platform.calls).toHaveLength(1);
  expect(platform.calls[0]!.at).toBeGreaterThanOrEqual(publishAt);
  expect(platform.calls[0]!.at - publishAt).toBeLessThan(60_000);
  expect(result.targets[0]).toMatchObject({ status: 'PUBLISHED', platformPostId: 'mastodon-1-1', attempts: 1 });
  expect(platform.savedStates.at(-1)?.status).toBe('PUBLISHED');
});

test('a post whose row the API wrote does not save its first state; its later states follow that version', async () => {
  const platform = new FakePlatform();
  const publishAt = (await env.currentTimeMs()) + DAY;
  const result = await withWorker(platform, async () => {
    const handle = await start(postInput(publishAt, { rowWritten: true }));
    expect(await settle(handle)).toMatchObject({ status: 'SCHEDULED', stateVersion: 1 });
    expect(platform.savedStates).toEqual([]);
    return handle.result();
  });
  expect(result.status).toBe('PUBLISHED');
  expect(platform.savedStates.map((state) => [state.status, state.stateVersion])).toEqual([
    ['PUBLISHING', 2],
    ['PUBLISHED', 3],
  ]);
});

test('each target publishes on the task queue of its platform', async () => {
  const platform = new FakePlatform();
  const input = postInput((await env.currentTimeMs()) + DAY, {
    targets: [
      { connectionId: 'mastodon-1', platform: 'MASTODON' },
      { connectionId: 'demo-1', platform: 'DEMO' },
    ],
  });
  const result = await withWorker(platform, async () => (await start(input)).result());
  expect(result.status).toBe('PUBLISHED');
  const history = await env.client.workflow.getHandle(postWorkflowId(input.postId)).fetchHistory();
  const publishQueues = (history.events ?? [])
    .map((event) => event.activityTaskScheduledEventAttributes)
    .filter((scheduled) => scheduled?.activityType?.name === 'publishToTarget')
    .map((scheduled) => scheduled?.taskQueue?.name);
  expect(publishQueues.sort()).toEqual([publishTaskQueue(taskQueue, 'DEMO'), publishTaskQueue(taskQueue, 'MASTODON')]);
});

test('rescheduling earlier re-arms the timer and publishes at the new time', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const earlier = now + 2 * DAY;
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + 30 * DAY));
    await settle(handle);
    const state = await handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: new Date(earlier).toISOString() }] });
    expect(state.publishAt).toBe(new Date(earlier).toISOString());
    await handle.result();
  });
  expect(platform.calls[0]!.at).toBeGreaterThanOrEqual(earlier);
  expect(platform.calls[0]!.at).toBeLessThan(now + 3 * DAY);
});

test('rescheduling later by signal publishes at the later time, not the first', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const later = now + 10 * DAY;
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    await settle(handle);
    await handle.signal(rescheduleSignal, { publishAt: new Date(later).toISOString() });
    expect((await settle(handle)).publishAt).toBe(new Date(later).toISOString());
    await handle.result();
  });
  expect(platform.calls).toHaveLength(1);
  expect(platform.calls[0]!.at).toBeGreaterThanOrEqual(later);
});

test('an edit before publishing changes what is published', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const result = await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    await settle(handle);
    const edited = await handle.executeUpdate(editUpdate, { args: [{ content: 'Edited once' }] });
    expect(edited).toMatchObject({ content: 'Edited once', revision: 2 });
    await handle.signal(editSignal, { content: 'Edited twice' });
    return handle.result();
  });
  expect(platform.calls.map((call) => [call.content, call.revision])).toEqual([['Edited twice', 3]]);
  expect(platform.calls[0]!.idempotencyKey).toContain('-r3');
  expect(result.targets[0]!.revision).toBe(3);
});

test('media travel with the post to each target; changing them is a new revision', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const result = await withWorker(platform, async () => {
    const handle = await start({ ...postInput(now + DAY), mediaIds: ['m1', 'm2'] });
    await settle(handle);
    const unchanged = await handle.executeUpdate(editUpdate, { args: [{ mediaIds: ['m1', 'm2'] }] });
    expect(unchanged).toMatchObject({ mediaIds: ['m1', 'm2'], revision: 1 });
    const edited = await handle.executeUpdate(editUpdate, { args: [{ mediaIds: ['m2'] }] });
    expect(edited).toMatchObject({ mediaIds: ['m2'], revision: 2 });
    return handle.result();
  });
  expect(platform.calls.map((call) => [call.mediaIds, call.revision])).toEqual([[['m2'], 2]]);
  expect(platform.calls[0]!.idempotencyKey).toContain('-r2');
  expect(result.mediaIds).toEqual(['m2']);
  expect(platform.savedStates.at(-1)?.mediaIds).toEqual(['m2']);
});

test('a target with its own text publishes it while the other publishes the post; changing an override is a new revision', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const input = postInput(now + DAY, {
    targets: [
      { connectionId: 'mastodon-1', platform: 'MASTODON', content: 'Longer text for Mastodon' },
      { connectionId: 'x-1', platform: 'X' },
    ],
  });
  const result = await withWorker(platform, async () => {
    const handle = await start(input);
    await settle(handle);
    const unchanged = await handle.executeUpdate(editUpdate, { args: [{ targets: input.targets }] });
    expect(unchanged.revision).toBe(1);
    const edited = await handle.executeUpdate(editUpdate, {
      args: [
        {
          targets: [
            { connectionId: 'mastodon-1', platform: 'MASTODON', content: 'Edited for Mastodon' },
            { connectionId: 'x-1', platform: 'X' },
          ],
        },
      ],
    });
    expect(edited.revision).toBe(2);
    return handle.result();
  });
  const published = Object.fromEntries(platform.calls.map((call) => [call.connectionId, [call.content, call.revision]]));
  expect(published).toEqual({ 'mastodon-1': ['Edited for Mastodon', 2], 'x-1': ['Hello, world', 2] });
  expect(result.targets.map((target) => target.content)).toEqual(['Edited for Mastodon', undefined]);
  expect(platform.savedStates.at(-1)?.targets[0]?.content).toBe('Edited for Mastodon');
});

test('of concurrent edits made against the same stateVersion, one is accepted and the others are refused with the current one', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    const { stateVersion } = await settle(handle);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        handle.executeUpdate(editUpdate, { args: [{ content: `Edit ${index}` }, { ifStateVersion: stateVersion }] }),
      ),
    );
    const accepted = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as WorkflowUpdateFailedError] : []));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.stateVersion).toBe(stateVersion + 1);
    expect(refused).toHaveLength(7);
    for (const refusal of refused) {
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(refusal.cause).toMatchObject({ type: STALE_STATE_VERSION, details: [stateVersion + 1] });
    }
    expect(await settle(handle)).toMatchObject({ content: accepted[0]!.content, stateVersion: stateVersion + 1 });
    // a change made against the version the accepted edit produced goes through
    const cancelled = await handle.executeUpdate(conditionalCancelUpdate, { args: [{ ifStateVersion: stateVersion + 1 }] });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', stateVersion: stateVersion + 2 });
  });
});

test('each of concurrent changes answers the state its own change produced, not a later one', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + 30 * DAY));
    await settle(handle);
    const times = Array.from({ length: 8 }, (_, index) => new Date(now + (index + 2) * DAY).toISOString());
    const answers = await Promise.all([
      ...times.map((publishAt) => handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt }] })),
      ...times.map((_, index) => handle.executeUpdate(editUpdate, { args: [{ content: `Edit ${index}` }] })),
    ]);
    expect(answers.slice(0, times.length).map((answer) => answer.publishAt)).toEqual(times);
    expect(answers.slice(times.length).map((answer) => answer.content)).toEqual(times.map((_, index) => `Edit ${index}`));
    const versions = answers.map((answer) => answer.stateVersion);
    expect(new Set(versions).size).toBe(answers.length);
    // the live state is the one with the highest version
    const last = answers.find((answer) => answer.stateVersion === Math.max(...versions))!;
    expect(await settle(handle)).toEqual(last);
    await handle.executeUpdate(cancelUpdate);
  });
});

test("a change that comes with the workflow's start is checked against the version of its first write", async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    // sent at once, so it may arrive in the workflow's first task, before the first write
    const edited = await handle.executeUpdate(editUpdate, { args: [{ content: 'Edited at once' }, { ifStateVersion: 1 }] });
    expect(edited).toMatchObject({ content: 'Edited at once', stateVersion: 2 });
    await handle.executeUpdate(cancelUpdate);
  });
});

test('cancel ends the workflow CANCELLED with nothing published', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const result = await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    await settle(handle);
    const state = await handle.executeUpdate(cancelUpdate);
    expect(state.status).toBe('CANCELLED');
    return handle.result();
  });
  expect(result.status).toBe('CANCELLED');
  expect(result.targets.every((target) => target.status === 'CANCELLED')).toBe(true);
  expect(platform.calls).toHaveLength(0);
  expect(platform.savedStates.at(-1)?.status).toBe('CANCELLED');
});

test('cancel by signal also ends the workflow before publishing', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const result = await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    await settle(handle);
    await handle.signal(cancelSignal);
    return handle.result();
  });
  expect(result.status).toBe('CANCELLED');
  expect(platform.calls).toHaveLength(0);
});

test('an edit after publishing is refused: the update fails and a signal is recorded as refused', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    await handle.result();
    // The workflow has completed: updates cannot reach it at all.
    await expect(handle.executeUpdate(editUpdate, { args: [{ content: 'too late' }] })).rejects.toThrow();
  });

  // While publishing is in progress (a slow target), the workflow is still running.
  const slow = new FakePlatform();
  slow.scripts.set('mastodon-1', [ApplicationFailure.retryable('platform down', 'PLATFORM_UNAVAILABLE')]);
  const result = await withWorker(slow, async () => {
    const handle = await start(postInput((await env.currentTimeMs()) + 1000));
    await env.sleep(2000);
    const state = await settle(handle);
    expect(state.status).toBe('PUBLISHING');
    const refusal = handle.executeUpdate(editUpdate, { args: [{ content: 'too late' }] });
    await expect(refusal).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refusal).rejects.toMatchObject({ cause: { type: POST_NOT_CHANGEABLE } });
    await handle.signal(editSignal, { content: 'also too late' });
    return handle.result();
  });
  expect(result.content).toBe('Hello, world');
  expect(result.refusedChanges).toEqual([expect.objectContaining({ kind: 'edit' })]);
  expect(slow.calls.every((call) => call.content === 'Hello, world')).toBe(true);
});

test('a target that fails retryably publishes on a later attempt', async () => {
  const platform = new FakePlatform();
  platform.scripts.set('mastodon-1', [
    ApplicationFailure.create({
      message: 'HTTP 503',
      type: 'PLATFORM_UNAVAILABLE',
      details: [{ kind: 'PLATFORM_UNAVAILABLE', retryable: true, attempt: 1 }],
    }),
    ApplicationFailure.create({ message: 'HTTP 429', type: 'RATE_LIMITED', nextRetryDelay: '1 hour' }),
    'ok',
  ]);
  const now = await env.currentTimeMs();
  const publishAt = now + DAY;
  const result = await withWorker(platform, async () => (await start(postInput(publishAt))).result());
  expect(result.status).toBe('PUBLISHED');
  expect(result.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 3 });
  expect(platform.calls).toHaveLength(3);
  // the 429's Retry-After became the delay before the third attempt
  expect(platform.calls[2]!.at - platform.calls[1]!.at).toBeGreaterThanOrEqual(60 * 60 * 1000);
});

test('a non-retryable failure marks its target FAILED while the others succeed: PARTIALLY_PUBLISHED', async () => {
  const platform = new FakePlatform();
  platform.scripts.set('mastodon-2', [
    ApplicationFailure.create({
      message: 'Mastodon answered 401: The access token was revoked',
      type: 'AUTH_FAILED',
      nonRetryable: true,
      details: [{ kind: 'AUTH_FAILED', retryable: false, attempt: 1 }],
    }),
  ]);
  const now = await env.currentTimeMs();
  const input = postInput(now + DAY, {
    targets: [
      { connectionId: 'mastodon-1', platform: 'MASTODON' },
      { connectionId: 'mastodon-2', platform: 'MASTODON' },
      { connectionId: 'demo-1', platform: 'DEMO' },
    ],
  });
  const result = await withWorker(platform, async () => (await start(input)).result());
  expect(result.status).toBe('PARTIALLY_PUBLISHED');
  const byConnection = Object.fromEntries(result.targets.map((target) => [target.connectionId, target]));
  expect(byConnection['mastodon-1']!.status).toBe('PUBLISHED');
  expect(byConnection['demo-1']!.status).toBe('PUBLISHED');
  expect(byConnection['mastodon-2']).toMatchObject({
    status: 'FAILED',
    lastError: 'Mastodon answered 401: The access token was revoked',
    lastErrorRetryable: false,
    attempts: 1,
  });
  expect(platform.calls.filter((call) => call.connectionId === 'mastodon-2')).toHaveLength(1);
});

test('a post whose every target fails for good ends FAILED, with the reason', async () => {
  const platform = new FakePlatform();
  platform.scripts.set('mastodon-1', [
    ApplicationFailure.create({
      message: 'Mastodon answered 422: Text character limit of 500 exceeded',
      type: 'CONTENT_REJECTED',
      nonRetryable: true,
    }),
  ]);
  const result = await withWorker(platform, async () => (await start(postInput((await env.currentTimeMs()) + DAY))).result());
  expect(result.status).toBe('FAILED');
  expect(result.targets[0]).toMatchObject({ status: 'FAILED', lastError: 'Mastodon answered 422: Text character limit of 500 exceeded' });
  expect(platform.savedStates.at(-1)?.status).toBe('FAILED');
});

describe('threads', () => {
  const thread = [
    { content: 'Part two', mediaIds: ['m2'] },
    { content: 'Part three', mediaIds: [] },
  ];

  test("each account publishes the parts in order, each a reply to the one before, with the delay between them and each part's own key", async () => {
    const platform = new FakePlatform();
    const input = postInput((await env.currentTimeMs()) + DAY, {
      targets: [
        { connectionId: 'mastodon-1', platform: 'MASTODON' },
        { connectionId: 'bluesky-1', platform: 'BLUESKY' },
      ],
      thread,
      threadDelaySeconds: 90,
    });
    const result = await withWorker(platform, async () => (await start(input)).result());
    expect(result.status).toBe('PUBLISHED');
    for (const connectionId of ['mastodon-1', 'bluesky-1']) {
      const first = platform.calls.find((call) => call.connectionId === connectionId)!;
      expect(first.opensThread).toBe(true);
      const parts = platform.partCalls.filter((call) => call.connectionId === connectionId);
      expect(parts.map(({ part, content, mediaIds }) => ({ part, content, mediaIds }))).toEqual([
        { part: 1, content: 'Part two', mediaIds: ['m2'] },
        { part: 2, content: 'Part three', mediaIds: [] },
      ]);
      const root = { platformPostId: `${connectionId}-1` };
      expect(parts[0]!.replyTo).toEqual({ root, parent: root });
      expect(parts[1]!.replyTo).toEqual({ root, parent: { platformPostId: `${connectionId}-1-p1` } });
      expect(parts.map((part) => part.idempotencyKey)).toEqual([
        `planrrr-${input.postId}-${connectionId}-r1-p1`,
        `planrrr-${input.postId}-${connectionId}-r1-p2`,
      ]);
      expect(parts[0]!.at - first.at).toBeGreaterThanOrEqual(90_000);
      expect(parts[1]!.at - parts[0]!.at).toBeGreaterThanOrEqual(90_000);
      expect(result.targets.find((target) => target.connectionId === connectionId)).toMatchObject({
        status: 'PUBLISHED',
        platformPostId: `${connectionId}-1`,
        parts: [
          { part: 1, platformPostId: `${connectionId}-1-p1`, url: `https://social.example/${connectionId}/1` },
          { part: 2, platformPostId: `${connectionId}-1-p2`, url: `https://social.example/${connectionId}/2` },
        ],
      });
    }
  });

  test('a part that fails for good fails its account, naming the part; the parts out stay listed and the next is not sent', async () => {
    const platform = new FakePlatform();
    platform.scripts.set('mastodon-2#1', [
      ApplicationFailure.create({
        message: 'Part 2 of the thread: Mastodon answered 422: Text character limit of 500 exceeded',
        type: 'CONTENT_REJECTED',
        nonRetryable: true,
        details: [{ kind: 'CONTENT_REJECTED', retryable: false, attempt: 1 }],
      }),
    ]);
    const input = postInput((await env.currentTimeMs()) + DAY, {
      targets: [
        { connectionId: 'mastodon-1', platform: 'MASTODON' },
        { connectionId: 'mastodon-2', platform: 'MASTODON' },
      ],
      thread,
    });
    const result = await withWorker(platform, async () => (await start(input)).result());
    expect(result.status).toBe('PARTIALLY_PUBLISHED');
    const failed = result.targets.find((target) => target.connectionId === 'mastodon-2')!;
    expect(failed).toMatchObject({
      status: 'FAILED',
      platformPostId: 'mastodon-2-1',
      parts: [],
      lastError: 'Part 2 of the thread: Mastodon answered 422: Text character limit of 500 exceeded',
    });
    expect(platform.partCalls.filter((call) => call.connectionId === 'mastodon-2').map((call) => call.part)).toEqual([1]);
    expect(result.targets.find((target) => target.connectionId === 'mastodon-1')!.parts).toHaveLength(2);
    expect(platform.savedStates.at(-1)?.targets.find((target) => target.connectionId === 'mastodon-2')?.status).toBe('FAILED');
  });

  test("editing a thread's parts before publishing is a new revision, published with the new parts", async () => {
    const platform = new FakePlatform();
    const input = postInput((await env.currentTimeMs()) + DAY, { thread });
    const result = await withWorker(platform, async () => {
      const handle = await start(input);
      await handle.executeUpdate(editUpdate, { args: [{ thread: [{ content: 'Only a second part', mediaIds: [] }] }] });
      return handle.result();
    });
    expect(result).toMatchObject({ revision: 2, thread: [{ content: 'Only a second part', mediaIds: [] }] });
    expect(platform.partCalls.map(({ part, content, revision }) => ({ part, content, revision }))).toEqual([
      { part: 1, content: 'Only a second part', revision: 2 },
    ]);
  });
});

describe('first comment', () => {
  test("each account comments right after its post's last part, as a reply to it, with the comment's own key", async () => {
    const platform = new FakePlatform();
    const input = postInput((await env.currentTimeMs()) + DAY, {
      targets: [
        { connectionId: 'mastodon-1', platform: 'MASTODON' },
        { connectionId: 'facebook-1', platform: 'FACEBOOK' },
      ],
      thread: [{ content: 'Part two', mediaIds: [] }],
      firstComment: 'Links in here',
    });
    const result = await withWorker(platform, async () => (await start(input)).result());
    expect(result.status).toBe('PUBLISHED');
    const mastodonComment = platform.commentCalls.find((call) => call.connectionId === 'mastodon-1')!;
    expect(mastodonComment).toMatchObject({
      content: 'Links in here',
      idempotencyKey: `planrrr-${input.postId}-mastodon-1-r1-comment`,
      post: { platformPostId: 'mastodon-1-1', url: 'https://social.example/mastodon-1' },
      lastPart: { platformPostId: 'mastodon-1-1-p1' },
    });
    const lastPart = platform.partCalls.find((call) => call.connectionId === 'mastodon-1')!;
    expect(mastodonComment.at).toBeGreaterThanOrEqual(lastPart.at);
    expect(result.targets.find((target) => target.connectionId === 'facebook-1')!.comment).toMatchObject({
      status: 'PUBLISHED',
      platformCommentId: 'facebook-1-comment',
    });
  });

  test('a failed comment has its own status and error; the post stays PUBLISHED', async () => {
    const platform = new FakePlatform();
    platform.scripts.set('mastodon-1#comment', [
      ApplicationFailure.create({ message: 'The first comment: Mastodon answered 422: Validation failed', nonRetryable: true }),
    ]);
    const result = await withWorker(platform, async () =>
      (await start(postInput((await env.currentTimeMs()) + DAY, { firstComment: 'A comment' }))).result(),
    );
    expect(result.status).toBe('PUBLISHED');
    expect(result.targets[0]).toMatchObject({
      status: 'PUBLISHED',
      comment: { status: 'FAILED', error: 'The first comment: Mastodon answered 422: Validation failed' },
    });
    expect(platform.commentCalls).toHaveLength(1);
  });
});

test('search attributes follow the post: status and publish time', async () => {
  const platform = new FakePlatform();
  const now = await env.currentTimeMs();
  const publishAt = now + 5 * DAY;
  await withWorker(platform, async () => {
    const handle = await start(postInput(now + DAY));
    await settle(handle);
    await handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: new Date(publishAt).toISOString() }] });
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'PlanrrrStatus', type: 'KEYWORD' } as never)).toBe('SCHEDULED');
    await handle.result();
    const done = await handle.describe();
    expect(done.typedSearchAttributes.get({ name: 'PlanrrrStatus', type: 'KEYWORD' } as never)).toBe('PUBLISHED');
  });
});

describe('approval', () => {
  const HOUR = 60 * 60 * 1000;
  const approval = { deadlineMinutes: 60 };

  test('a post that needs approval waits for it, then publishes at its time, once; a second decision is refused', async () => {
    const platform = new FakePlatform();
    const publishAt = (await env.currentTimeMs()) + DAY;
    const result = await withWorker(platform, async () => {
      const handle = await start(postInput(publishAt, { approval }));
      expect(await settle(handle)).toMatchObject({ status: 'PENDING_APPROVAL', approval: { deadlineMinutes: 60, expired: false } });
      await platform.noticed(1);
      const approved = await handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-admin' }] });
      expect(approved).toMatchObject({ status: 'SCHEDULED', approval: { decision: { kind: 'approved', by: 'u-admin', revision: 1 } } });
      const again = handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-owner' }] });
      await expect(again).rejects.toMatchObject({ cause: { type: POST_NOT_CHANGEABLE } });
      return handle.result();
    });
    expect(result.status).toBe('PUBLISHED');
    expect(platform.calls).toHaveLength(1);
    expect(platform.calls[0]!.at).toBeGreaterThanOrEqual(publishAt);
    expect(platform.notices.map((notice) => notice.kind)).toEqual(['approval_requested', 'approval_decided']);
    expect(platform.savedStates.map((state) => state.status)).toContain('PENDING_APPROVAL');
  });

  test('no decision by the deadline: not published, the expiry is told once, and approving needs a new time', async () => {
    const platform = new FakePlatform();
    const now = await env.currentTimeMs();
    const result = await withWorker(platform, async () => {
      const handle = await start(postInput(now + DAY, { approval }));
      await settle(handle);
      // past the deadline and past the time itself
      await env.sleep(DAY + HOUR);
      expect(await settle(handle)).toMatchObject({ status: 'PENDING_APPROVAL', approval: { expired: true } });
      expect(platform.calls).toHaveLength(0);
      const late = handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-admin' }] });
      await expect(late).rejects.toMatchObject({ cause: { type: APPROVAL_TOO_LATE } });
      const newTime = new Date((await env.currentTimeMs()) + HOUR).toISOString();
      const approved = await handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-admin', publishAt: newTime }] });
      expect(approved).toMatchObject({ status: 'SCHEDULED', publishAt: newTime, approval: { expired: false } });
      return handle.result();
    });
    expect(result.status).toBe('PUBLISHED');
    expect(platform.calls).toHaveLength(1);
    expect(platform.notices.map((notice) => notice.kind)).toEqual(['approval_requested', 'approval_expired', 'approval_decided']);
  });

  test('a reschedule with its deadline ahead opens the decision again', async () => {
    const platform = new FakePlatform();
    const now = await env.currentTimeMs();
    await withWorker(platform, async () => {
      const handle = await start(postInput(now + DAY, { approval }));
      await settle(handle);
      await env.sleep(DAY);
      expect((await settle(handle)).approval?.expired).toBe(true);
      const later = new Date((await env.currentTimeMs()) + 3 * DAY).toISOString();
      const moved = await handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: later }] });
      expect(moved).toMatchObject({ status: 'PENDING_APPROVAL', approval: { expired: false } });
      expect(await handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-admin' }] })).toMatchObject({ status: 'SCHEDULED' });
      await handle.executeUpdate(cancelUpdate);
    });
  });

  test('an edit after approval asks again; a rejection sends the post back as a draft and ends the run', async () => {
    const platform = new FakePlatform();
    const result = await withWorker(platform, async () => {
      const handle = await start(postInput((await env.currentTimeMs()) + DAY, { approval }));
      await platform.noticed(1);
      await handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-admin' }] });
      await platform.noticed(2);
      // a new time alone keeps the approval
      const moved = await handle.executeUpdate(rescheduleUpdate, {
        args: [{ publishAt: new Date((await env.currentTimeMs()) + 2 * DAY).toISOString() }],
      });
      expect(moved.status).toBe('SCHEDULED');
      const edited = await handle.executeUpdate(editUpdate, { args: [{ content: 'Hello, world, again' }] });
      expect(edited).toMatchObject({ status: 'PENDING_APPROVAL', revision: 2 });
      await platform.noticed(3);
      const rejected = await handle.executeUpdate(rejectUpdate, { args: [{ decidedBy: 'u-admin', comment: 'Not this week' }] });
      expect(rejected).toMatchObject({
        status: 'DRAFT',
        approval: { decision: { kind: 'rejected', comment: 'Not this week', revision: 2 } },
      });
      return handle.result();
    });
    expect(result.status).toBe('DRAFT');
    expect(platform.calls).toHaveLength(0);
    expect(platform.notices.map((notice) => notice.kind)).toEqual([
      'approval_requested',
      'approval_decided',
      'approval_requested',
      'approval_decided',
    ]);
    expect(platform.notices.at(-1)?.decision).toMatchObject({ kind: 'rejected', comment: 'Not this week' });
  });

  test('the validators refuse a decision on a post that needs none', async () => {
    const platform = new FakePlatform();
    await withWorker(platform, async () => {
      const handle = await start(postInput((await env.currentTimeMs()) + DAY));
      await settle(handle);
      await expect(handle.executeUpdate(approveUpdate, { args: [{ decidedBy: 'u-admin' }] })).rejects.toMatchObject({
        cause: { type: POST_NOT_CHANGEABLE },
      });
      await expect(handle.executeUpdate(rejectUpdate, { args: [{ decidedBy: 'u-admin', comment: 'no' }] })).rejects.toMatchObject({
        cause: { type: POST_NOT_CHANGEABLE },
      });
      await handle.executeUpdate(cancelUpdate);
    });
  });
});

describe('with a publish lead', () => {
  const LEAD_MS = 60_000;

  async function untilCalls(platform: FakePlatform, count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (platform.calls.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} publish calls, saw ${platform.calls.length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function cancelRequests(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): number {
    return (history.events ?? []).filter((event) => event.activityTaskCancelRequestedEventAttributes).length;
  }

  test('the publish activity starts the lead ahead and carries the exact time to wait for', async () => {
    const platform = new FakePlatform();
    const publishAt = (await env.currentTimeMs()) + DAY;
    const result = await withWorker(platform, async () => (await start(postInput(publishAt, { publishLeadMs: LEAD_MS }))).result());
    expect(result.status).toBe('PUBLISHED');
    expect(platform.calls).toHaveLength(1);
    expect(platform.calls[0]!.notBefore).toBe(new Date(publishAt).toISOString());
    expect(platform.calls[0]!.at).toBeGreaterThanOrEqual(publishAt - LEAD_MS);
    expect(platform.calls[0]!.at).toBeLessThan(publishAt);
  });

  test('an edit while the activity waits replaces it with one for the new text', async () => {
    const platform = new FakePlatform();
    platform.holdFirstCall();
    let publishAt = 0;
    const { result, history } = await withWorker(platform, async () => {
      // read once the workers run: changes close 20 s later, whatever their start-up took
      publishAt = (await env.currentTimeMs()) + 30_000;
      const handle = await start(postInput(publishAt, { publishLeadMs: LEAD_MS }));
      await untilCalls(platform, 1);
      const edited = await handle.executeUpdate(editUpdate, { args: [{ content: 'Edited while waiting' }] });
      expect(edited).toMatchObject({ status: 'SCHEDULED', revision: 2 });
      await untilCalls(platform, 2);
      platform.releaseFirstCall();
      return { result: await handle.result(), history: await handle.fetchHistory() };
    });
    expect(platform.calls.map((call) => [call.content, call.revision, call.notBefore])).toEqual([
      ['Hello, world', 1, new Date(publishAt).toISOString()],
      ['Edited while waiting', 2, new Date(publishAt).toISOString()],
    ]);
    expect(cancelRequests(history)).toBe(1);
    expect(result).toMatchObject({ status: 'PUBLISHED', content: 'Edited while waiting' });
    expect(result.targets[0]).toMatchObject({ status: 'PUBLISHED', revision: 2 });
  });

  test('changes close 10 seconds before the time: later ones are refused with the reason', async () => {
    const platform = new FakePlatform();
    platform.holdFirstCall();
    let publishAt = 0;
    const result = await withWorker(platform, async () => {
      publishAt = (await env.currentTimeMs()) + 3_000;
      const handle = await start(postInput(publishAt, { publishLeadMs: LEAD_MS }));
      await untilCalls(platform, 1);
      const refusal = handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: new Date(publishAt + DAY).toISOString() }] });
      await expect(refusal).rejects.toMatchObject({
        cause: { type: POST_NOT_CHANGEABLE, message: expect.stringContaining('until 10 seconds before') },
      });
      await handle.signal(editSignal, { content: 'too late' });
      await settle(handle);
      platform.releaseFirstCall();
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'PUBLISHED', publishAt: new Date(publishAt).toISOString(), content: 'Hello, world' });
    expect(result.refusedChanges).toEqual([
      expect.objectContaining({ kind: 'edit', reason: expect.stringContaining('until 10 seconds before') }),
    ]);
    expect(platform.calls).toHaveLength(1);
  });
  // Last in the file: the time-skipping test server keeps time from skipping after an
  // activity completes for a workflow that has already closed, as the held one does here.
  test('a cancel while the activity waits cancels it: nothing is published', async () => {
    const platform = new FakePlatform();
    platform.holdFirstCall();
    const { result, history } = await withWorker(platform, async () => {
      const publishAt = (await env.currentTimeMs()) + 30_000;
      const handle = await start(postInput(publishAt, { publishLeadMs: LEAD_MS }));
      await untilCalls(platform, 1);
      await handle.executeUpdate(cancelUpdate);
      const result = await handle.result();
      platform.releaseFirstCall();
      return { result, history: await handle.fetchHistory() };
    });
    expect(result.status).toBe('CANCELLED');
    expect(result.targets[0]!.status).toBe('CANCELLED');
    expect(cancelRequests(history)).toBe(1);
  });
});
