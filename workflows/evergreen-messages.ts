// The messages an evergreen set's workflow answers (./evergreen-workflow.ts): the API wakes
// it when the set changes, asks it for a refill and its summary, and ends it when the set is
// deleted.
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EvergreenRefillResult } from '../activities/evergreen-refill';

export interface EvergreenWorkflowInput {
  setId: string;
  teamId: string;
}

/** Refill soon: the set was created, edited or resumed, or its posts changed. */
export const refillSignal = defineSignal('refill');
/** Refill now and answer what the refill did (POST /evergreen/{id}/refill). */
export const refillUpdate = defineUpdate<EvergreenRefillResult>('refill');
/** The set was deleted: the workflow ends (the posts it created stay). */
export const setDeletedSignal = defineSignal('setDeleted');
