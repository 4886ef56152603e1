// How an evergreen set's workflow (workflows/evergreen-workflow.ts) is started: with its id,
// its search attributes and a memo, so operators find it in the Web UI by the set.
import type { WithWorkflowArgs, WorkflowSignalWithStartOptions } from '@temporalio/client';
import { evergreenWorkflowId } from '../../temporal-config';
import { EvergreenIdAttribute, TeamIdAttribute } from '../../temporal-config/search-attributes';
import { refillSignal } from '../../workflows/evergreen-messages';
import type { evergreenWorkflow } from '../../workflows/evergreen-workflow';

/**
 * Starts the set's workflow if it is not running, and wakes it for a refill either way: the
 * one call for a set created, edited or resumed (a workflow that was terminated comes back).
 */
export function evergreenSignalWithStart(
  set: { id: string; teamId: string; name: string },
  taskQueue: string,
): WithWorkflowArgs<typeof evergreenWorkflow, WorkflowSignalWithStartOptions> {
  return {
    workflowId: evergreenWorkflowId(set.id),
    taskQueue,
    args: [{ setId: set.id, teamId: set.teamId }],
    signal: refillSignal,
    signalArgs: [],
    // a renamed set's workflow writes the new name into its memo at its next refill
    memo: { name: set.name, teamId: set.teamId },
    typedSearchAttributes: [
      { key: EvergreenIdAttribute, value: set.id },
      { key: TeamIdAttribute, value: set.teamId },
    ],
  };
}
