// The daily followers Schedule: at FOLLOWERS_SAMPLE_TIME (UTC) it starts a followersWorkflow
// (workflows/followers-workflow.ts) that stores every account's follower count for the day.
// Created by every worker at start-up if missing, and moved to the configured time if it
// differs; operators find it under Schedules in the Web UI (docs/operations.md).
// The first count of a newly connected account is the same workflow, started for that account.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type ScheduleSpec,
} from '@temporalio/client';
import { TeamIdAttribute } from '../../temporal-config/search-attributes';
import type { followersWorkflow } from '../../workflows/followers-workflow';
import type { Logger } from '../logger';

const WORKFLOW_TYPE = 'followersWorkflow' satisfies (typeof followersWorkflow)['name'];
const PURPOSE = "Stores every connected account's follower count once a day (GET /api/v1/connections/{id}/followers)";

/** The Schedule, and the prefix of its runs' ids (Temporal appends each firing's time). */
export function followersScheduleId(taskQueue: string): string {
  return `planrrr-followers-${taskQueue}`;
}

/** The first count of a newly connected account, started by the API. */
export function firstFollowersWorkflowId(connectionId: string): string {
  return `followers-first-${connectionId}`;
}

/** `HH:MM` (config FOLLOWERS_SAMPLE_TIME) as the Schedule's calendar, in UTC. */
function dailyAt(time: string): ScheduleSpec {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { calendars: [{ hour, minute, comment: `every day at ${time} UTC` }] };
}

/** Creates the Schedule, moves it to `sampleTime`, or deletes it when that is `off`. */
export async function ensureFollowersSchedule(client: Client, taskQueue: string, sampleTime: string): Promise<void> {
  if (sampleTime === 'off') {
    await client.schedule
      .getHandle(followersScheduleId(taskQueue))
      .delete()
      .catch((error: unknown) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
    return;
  }
  const spec = dailyAt(sampleTime);
  try {
    await client.schedule.create({
      scheduleId: followersScheduleId(taskQueue),
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPE,
        workflowId: followersScheduleId(taskQueue),
        taskQueue,
        args: [{}],
        memo: { purpose: PURPOSE },
      },
      // a run that outlasts a day is not doubled; a Temporal outage of a few hours still takes the day's count
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6 hours' },
      memo: { purpose: PURPOSE, sampleTime: `${sampleTime} UTC` },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    const handle = client.schedule.getHandle(followersScheduleId(taskQueue));
    const current = await handle.describe();
    const [calendar] = current.spec.calendars ?? [];
    if (calendar?.comment !== spec.calendars![0]!.comment) await handle.update((previous) => ({ ...previous, spec }));
  }
}

/**
 * A newly connected (or reconnected) account's first count, so its followers chart has a
 * point at once. Best effort: without Temporal the account is connected all the same, and
 * the next daily run counts it.
 */
export async function startFirstFollowersSample(
  deps: { temporal: Client; taskQueue: string; logger: Logger },
  connection: { id: string; teamId: string },
): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof followersWorkflow>(WORKFLOW_TYPE, {
      workflowId: firstFollowersWorkflowId(connection.id),
      taskQueue: deps.taskQueue,
      args: [{ connectionIds: [connection.id] }],
      memo: { purpose: "A newly connected account's first follower count" },
      typedSearchAttributes: [{ key: TeamIdAttribute, value: connection.teamId }],
    });
  } catch (error) {
    // still counting from a moment ago
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    deps.logger.warn({ err: error, connectionId: connection.id }, 'The first follower count could not be started');
  }
}
