// An evergreen set, running: refills its accounts' empty queue slots, then sleeps until the
// next refill (every few hours, or once its next copy has published), woken early by a
// signal or an update. One long-running workflow per set, `evergreen-<setId>`; it continues
// as new every so often so its history stays short, and ends when the set is deleted.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { EvergreenRefillResult } from '../activities/evergreen-refill';
import { refillSignal, refillUpdate, setDeletedSignal, type EvergreenWorkflowInput } from './evergreen-messages';

const { refillEvergreen } = proxyActivities<ReturnType<typeof createActivities>>({
  // each copy is booked and started in its own short transaction; a set fills a few dozen slots
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Refills before continuing as new: a few hundred events of history. */
const REFILLS_PER_RUN = 50;

export async function evergreenWorkflow(input: EvergreenWorkflowInput): Promise<void> {
  let wake = false;
  let deleted = false;
  let started = 0;
  let finished = 0;
  let latest: EvergreenRefillResult | undefined;

  setHandler(refillSignal, () => {
    wake = true;
  });
  setHandler(setDeletedSignal, () => {
    deleted = true;
  });
  // answers the first refill that starts after the request
  setHandler(refillUpdate, async () => {
    const wanted = started + 1;
    wake = true;
    await condition(() => finished >= wanted || deleted);
    if (!latest) throw ApplicationFailure.nonRetryable('The set was deleted before its first refill');
    return latest;
  });

  for (let refill = 0; refill < REFILLS_PER_RUN && !workflowInfo().continueAsNewSuggested; refill++) {
    wake = false;
    started += 1;
    latest = await refillEvergreen({ setId: input.setId });
    finished += 1;
    if (latest.outcome === 'SET_DELETED' || deleted) break;
    // operators find the set by its name: a renamed set's memo follows at its next refill (an edit wakes it)
    if (latest.name !== undefined && workflowInfo().memo?.name !== latest.name) upsertMemo({ name: latest.name });
    await condition(() => wake || deleted, Math.max(0, Date.parse(latest.nextRefillAt) - Date.now()));
    if (deleted) break;
  }
  await condition(allHandlersFinished);
  if (deleted || latest?.outcome === 'SET_DELETED') return;
  await continueAsNew<typeof evergreenWorkflow>(input);
}
