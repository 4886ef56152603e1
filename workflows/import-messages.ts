// The messages an import's workflow answers (./import-workflow.ts): the API confirms a dry
// run, pauses, resumes and cancels the creation, and asks for an undo.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface ImportWorkflowInput {
  importId: string;
  teamId: string;
  /** stop after the checks until `confirm`: nothing is created before */
  dryRun: boolean;
  /** a run started only to undo (the import's first run had ended): it cancels the import's posts */
  undo?: boolean;
}

/** The dry run's rows are fine as they are: create the valid ones. */
export const confirmSignal = defineSignal('confirm');
/** Stop after the batch in hand; nothing more is created until `resume`. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Stop creating; the posts made so far stay (undo cancels them). */
export const cancelSignal = defineSignal('cancel');
/** Stop creating, and cancel every post the import made that has not published. */
export const undoSignal = defineSignal('undo');

export interface ImportWorkflowState {
  phase: string;
  paused: boolean;
}
export const importStateQuery = defineQuery<ImportWorkflowState>('state');
