// How each way an update to a post's workflow can fail reaches the API's caller: a refusal
// changed nothing and says why; a failure of the call itself may come after the workflow
// made the change, so the answer says the outcome is unknown, never "nothing was changed".
import { status as grpcStatus, Metadata } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { INVALID_CHANGE, POST_NOT_CHANGEABLE, STALE_STATE_VERSION } from '../../workflows/post-messages';
import { ProblemError } from '../http/problem';
import { createPostWorkflowClient } from './post-workflow-client';

/** An error as @grpc/grpc-js raises it for a call the server (or the channel) failed. */
function grpcError(code: grpcStatus, details: string): Error {
  return Object.assign(new Error(`${code} ${grpcStatus[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

function refused(type: string, message: string, details: unknown[] = []): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true, details }));
}

/** What an edit answers when Temporal's client fails with `error`. */
async function editFailingWith(error: unknown): Promise<unknown> {
  const temporal = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: { getHandle: () => ({ executeUpdate: () => Promise.reject(error) }) },
  } as unknown as Client;
  const client = createPostWorkflowClient({ temporal, taskQueue: 'posts', updateTimeoutMs: 1000, publishLeadMs: 0 });
  return client.edit('post-1', { content: 'Edited' }, 3).then(
    () => {
      throw new Error('the edit succeeded');
    },
    (failure: unknown) => failure,
  );
}

describe('a refusal by the workflow changed nothing, and says why', () => {
  test('a stale If-Match answers 412 with the current stateVersion', async () => {
    const problem = await editFailingWith(refused(STALE_STATE_VERSION, 'The post is at stateVersion 5, not 3.', [5]));
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem).toMatchObject({ status: 412, slug: 'precondition-failed', extensions: { stateVersion: 5 } });
    expect((problem as ProblemError).detail).toContain('stateVersion 5');
  });

  test('a post that no longer takes changes answers 409, an invalid change 422', async () => {
    expect(await editFailingWith(refused(POST_NOT_CHANGEABLE, 'The post is PUBLISHING.'))).toMatchObject({
      status: 409,
      slug: 'post-not-changeable',
      detail: 'The post is PUBLISHING.',
    });
    expect(await editFailingWith(refused(INVALID_CHANGE, 'A post needs at least one target.'))).toMatchObject({
      status: 422,
      slug: 'invalid-change',
    });
  });

  test('a workflow that is not running (or closed under the update, which the server then drops) answers 409', async () => {
    expect(await editFailingWith(new WorkflowNotFoundError('not found', 'post-post-1', undefined))).toMatchObject({
      status: 409,
      slug: 'post-not-changeable',
    });
    expect(await editFailingWith(grpcError(grpcStatus.NOT_FOUND, 'workflow update was aborted by closing workflow'))).toMatchObject({
      status: 409,
      slug: 'post-not-changeable',
    });
  });
});

describe('a failure of the call leaves the outcome unknown, and says so', () => {
  const unknownOutcomes: Array<[string, unknown]> = [
    [
      'the deadline passed (or the call was cancelled)',
      new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled'),
    ],
    [
      'the server aborted the update',
      new ServiceError('Workflow Update failed', { cause: grpcError(grpcStatus.UNAVAILABLE, 'workflow update was aborted') }),
    ],
    [
      'the server was unreachable',
      new ServiceError('Workflow Update failed', { cause: grpcError(grpcStatus.UNAVAILABLE, 'No connection established') }),
    ],
    [
      'the server was overloaded',
      new ServiceError('Workflow Update failed', { cause: grpcError(grpcStatus.RESOURCE_EXHAUSTED, 'too many updates') }),
    ],
    ['a raw UNAVAILABLE', grpcError(grpcStatus.UNAVAILABLE, 'workflow update was aborted')],
    ['a raw DEADLINE_EXCEEDED', grpcError(grpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded')],
    ['a raw CANCELLED', grpcError(grpcStatus.CANCELLED, 'Cancelled on client')],
    ['a raw INTERNAL', grpcError(grpcStatus.INTERNAL, 'stream reset')],
  ];

  test.each(unknownOutcomes)('%s: 503 outcome-unknown with Retry-After, telling to GET the post', async (_case, error) => {
    const problem = await editFailingWith(error);
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem).toMatchObject({ status: 503, slug: 'outcome-unknown', retryAfter: expect.any(Number) });
    const { detail } = problem as ProblemError;
    expect(detail).toMatch(/may or may not have been made/);
    expect(detail).toMatch(/GET the post/);
    expect(detail).not.toMatch(/nothing was changed/i);
  });
});

test('an error that is not an answer from Temporal is passed on as it is', async () => {
  const bug = new TypeError('a bug');
  expect(await editFailingWith(bug)).toBe(bug);
  const unexpectedRefusal = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ message: 'no handler' }));
  expect(await editFailingWith(unexpectedRefusal)).toBe(unexpectedRefusal);
});

describe('a change that starts a new run waits for the last run to close', () => {
  /** A post workflow client over a run whose status is RUNNING until `result` settles, then `after`. */
  function over(result: () => Promise<unknown>, after: string) {
    let settled = false;
    const deadlines: number[] = [];
    const handle = {
      describe: () => Promise.resolve({ status: { name: settled ? after : 'RUNNING' } }),
      result: () => result().finally(() => (settled = true)),
    };
    const temporal = {
      withDeadline: <T>(deadline: number, fn: () => Promise<T>) => {
        deadlines.push(deadline - Date.now());
        return fn();
      },
      workflow: { getHandle: () => handle },
    } as unknown as Client;
    return { client: createPostWorkflowClient({ temporal, taskQueue: 'posts', updateTimeoutMs: 1000, publishLeadMs: 0 }), deadlines };
  }

  test('a run that closes within the wait (telling its last state) is no run in progress', async () => {
    const { client, deadlines } = over(() => Promise.resolve({}), 'COMPLETED');
    await expect(client.runningAfterClosing('post-1')).resolves.toBe(false);
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toBeGreaterThan(5_000);
  });

  test('a run still going when the wait ends (a retry in progress) is', async () => {
    const { client } = over(() => Promise.reject(grpcError(grpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded')), 'RUNNING');
    await expect(client.runningAfterClosing('post-1')).resolves.toBe(true);
  });

  test('without a run, nothing is waited for', async () => {
    const temporal = {
      withDeadline: () => {
        throw new Error('waited');
      },
      workflow: { getHandle: () => ({ describe: () => Promise.reject(new WorkflowNotFoundError('not found', 'post-1', undefined)) }) },
    } as unknown as Client;
    const client = createPostWorkflowClient({ temporal, taskQueue: 'posts', updateTimeoutMs: 1000, publishLeadMs: 0 });
    await expect(client.runningAfterClosing('post-1')).resolves.toBe(false);
  });
});
