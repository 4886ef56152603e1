// A bulk import (docs/import.md), one workflow per import, `import-<importId>`: the dry run
// checks every row, a batch at a time; once confirmed (or at once without a dry run), the
// valid rows become posts, a batch at a time, pausable and cancellable between batches;
// an undo cancels the posts it made. The rows and their outcomes live in the database
// (activities/import-rows.ts): the workflow only walks them, so its history stays short.
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ImportPhase } from '../domain/import-rows';
import {
  cancelSignal,
  confirmSignal,
  importStateQuery,
  pauseSignal,
  resumeSignal,
  undoSignal,
  type ImportWorkflowInput,
} from './import-messages';

const { checkImportRows, createImportPosts, undoImportPosts, recordImportPhase } = proxyActivities<ReturnType<typeof createActivities>>({
  // a batch beats for each row: a worker killed mid-batch is noticed within the heartbeat
  // timeout, and the batch's retry finds the rows (and posts) already done
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Rows per dry-run batch, and per creation batch (smaller: pause and cancel take effect between batches). */
export const CHECK_BATCH_ROWS = 200;
export const CREATE_BATCH_ROWS = 50;

export async function importWorkflow(input: ImportWorkflowInput): Promise<void> {
  let phase: ImportPhase = 'RECEIVED';
  let confirmed = false;
  let paused = false;
  let cancelled = false;
  let undo = input.undo ?? false;

  setHandler(confirmSignal, () => void (confirmed = true));
  setHandler(pauseSignal, () => void (paused = true));
  setHandler(resumeSignal, () => void (paused = false));
  setHandler(cancelSignal, () => void (cancelled = true));
  setHandler(undoSignal, () => void (undo = true));
  setHandler(importStateQuery, () => ({ phase, paused }));

  async function enter(next: ImportPhase): Promise<void> {
    phase = next;
    await recordImportPhase({ importId: input.importId, phase: next });
  }

  /** Runs `batch` over the rows from the first until none are left or `stop` holds; pauses between batches while asked to. */
  async function walk(batch: typeof checkImportRows, limit: number, running: ImportPhase, stop: () => boolean): Promise<void> {
    let after: number | null = 0;
    while (after !== null && !stop()) {
      if (paused) {
        await enter('PAUSED');
        await condition(() => !paused || stop());
        if (stop()) return;
        await enter(running);
      }
      ({ last: after } = await batch({ importId: input.importId, after, limit }));
    }
  }

  if (!undo) {
    await enter('CHECKING');
    await walk(checkImportRows, CHECK_BATCH_ROWS, 'CHECKING', () => cancelled || undo);
    if (!cancelled && !undo) {
      await enter('CHECKED');
      if (input.dryRun) await condition(() => confirmed || cancelled || undo);
    }
    if (!cancelled && !undo) {
      await enter('CREATING');
      await walk(createImportPosts, CREATE_BATCH_ROWS, 'CREATING', () => cancelled || undo);
    }
    if (!undo) {
      await enter(cancelled ? 'CANCELLED' : 'DONE');
      // an undo that came while that was written is this run's to do
      if (!undo) return;
    }
  }
  await enter('UNDOING');
  paused = false;
  await walk(undoImportPosts, CREATE_BATCH_ROWS, 'UNDOING', () => false);
  await enter('UNDONE');
}
