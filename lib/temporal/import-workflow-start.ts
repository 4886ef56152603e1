// How an import's workflow (workflows/import-workflow.ts) is started: with its id, the team's
// search attribute and a memo naming the file, so operators find it in the Web UI.
import type { WorkflowStartOptions } from '@temporalio/client';
import { importWorkflowId } from '../../temporal-config';
import { TeamIdAttribute } from '../../temporal-config/search-attributes';
import type { ImportWorkflowInput } from '../../workflows/import-messages';
import type { importWorkflow } from '../../workflows/import-workflow';

export function importWorkflowStart(
  record: { id: string; teamId: string; fileName: string; dryRun: boolean },
  taskQueue: string,
  options: Pick<ImportWorkflowInput, 'undo'> = {},
): WorkflowStartOptions<typeof importWorkflow> {
  return {
    workflowId: importWorkflowId(record.id),
    taskQueue,
    args: [{ importId: record.id, teamId: record.teamId, dryRun: record.dryRun, ...options }],
    memo: { fileName: record.fileName, teamId: record.teamId },
    typedSearchAttributes: [{ key: TeamIdAttribute, value: record.teamId }],
  };
}
