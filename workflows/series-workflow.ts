// One firing of a series' Schedule (lib/temporal/series-schedule.ts): creates the post of
// that occurrence and starts its workflow, in one activity that is safe to repeat.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities, SeriesOccurrenceResult } from '../activities';
import { ScheduledStartTimeAttribute } from '../temporal-config/search-attributes';

const { createSeriesOccurrence } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

export interface SeriesOccurrenceInput {
  seriesId: string;
}

export async function seriesOccurrenceWorkflow(input: SeriesOccurrenceInput): Promise<SeriesOccurrenceResult> {
  const occurrenceAt = workflowInfo().typedSearchAttributes.get(ScheduledStartTimeAttribute);
  if (!occurrenceAt) {
    throw ApplicationFailure.nonRetryable(
      'A series occurrence runs from its Schedule, which gives it its time (TemporalScheduledStartTime)',
    );
  }
  return createSeriesOccurrence({ seriesId: input.seriesId, occurrenceAt: occurrenceAt.toISOString() });
}
