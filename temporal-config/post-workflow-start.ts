// How a post's workflow is started: by the API when a post is created, and by the
// reconciler when a post's workflow is missing. One definition, so both start it alike.
import type { WorkflowStartOptions } from '@temporalio/client';
import type { PostWorkflowInput } from '../workflows/post-messages';
import type { postWorkflow } from '../workflows/post-workflow';
import { postWorkflowId } from './index';
import { PlatformsAttribute, PostIdAttribute, PublishAtAttribute, StatusAttribute, TeamIdAttribute } from './search-attributes';

export function postWorkflowStartOptions(input: PostWorkflowInput, taskQueue: string): WorkflowStartOptions<typeof postWorkflow> {
  return {
    workflowId: postWorkflowId(input.postId),
    taskQueue,
    args: [input],
    // Shown in the Web UI's workflow list, so operators recognise the post.
    memo: { title: input.content.slice(0, 80), teamId: input.teamId },
    // Set at start so the post is findable in the Web UI before its first workflow task.
    typedSearchAttributes: [
      { key: PostIdAttribute, value: input.postId },
      { key: TeamIdAttribute, value: input.teamId },
      { key: StatusAttribute, value: 'SCHEDULED' },
      { key: PublishAtAttribute, value: new Date(input.publishAt) },
      { key: PlatformsAttribute, value: [...new Set(input.targets.map((target) => target.platform))] },
    ],
  };
}
