// The Temporal Schedule that runs a series (recurring post): `series-<id>`, its calendar
// in the series' time zone (domain/series-rule.ts), each firing a seriesOccurrenceWorkflow.
// The database row is the truth; the Schedule is written from it on every change, so
// operators see in the Web UI (Schedules) exactly when the series fires next.
import { ScheduleOverlapPolicy, type ScheduleDescription, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';
import { localDateOf, MONTHS, seriesScheduleSpec, type SeriesTiming } from '../../domain/series-rule';
import { seriesScheduleId } from '../../temporal-config';
import { SeriesIdAttribute, TeamIdAttribute } from '../../temporal-config/search-attributes';
import type { seriesOccurrenceWorkflow } from '../../workflows/series-workflow';

/**
 * How late a firing may still create its post. The Schedule's catch-up window after a
 * Temporal outage, and the activity's limit for a firing that ran late (its worker was
 * down) or was backfilled with a past time: later than this, the occurrence is recorded
 * as missed rather than published hours after its time.
 */
export const SERIES_CATCHUP_WINDOW_MS = 60 * 60 * 1000;

/** What the Schedule is written from: the series as stored. */
export interface SeriesScheduleSource {
  id: string;
  teamId: string;
  name: string;
  timing: SeriesTiming;
  paused: boolean;
  skippedTimes: readonly Date[];
  /** posts left before an "after N" end; undefined without one */
  remaining: number | undefined;
}

export function seriesScheduleOptions(series: SeriesScheduleSource, taskQueue: string, now = new Date()): ScheduleOptions {
  const findBySeries = [
    { key: SeriesIdAttribute, value: series.id },
    { key: TeamIdAttribute, value: series.teamId },
  ];
  return {
    scheduleId: seriesScheduleId(series.id),
    spec: seriesScheduleSpec(series.timing, series.skippedTimes, localDateOf(now, series.timing.timeZone)),
    action: {
      type: 'startWorkflow',
      workflowType: 'seriesOccurrenceWorkflow' satisfies (typeof seriesOccurrenceWorkflow)['name'],
      workflowId: seriesScheduleId(series.id),
      taskQueue,
      args: [{ seriesId: series.id }],
      typedSearchAttributes: findBySeries,
    },
    policies: {
      // firings run one after another, backfills included, so occurrence numbers follow their times
      overlap: ScheduleOverlapPolicy.BUFFER_ALL,
      catchupWindow: SERIES_CATCHUP_WINDOW_MS,
    },
    // NOTE: Temporal keeps a Schedule's memo from its creation (updates cannot change it)
    memo: { name: series.name, teamId: series.teamId },
    typedSearchAttributes: findBySeries,
    state: {
      paused: series.paused,
      ...(series.paused && { note: 'Paused in planrrr' }),
      ...(series.remaining !== undefined && { remainingActions: series.remaining }),
    },
  };
}

/** The same Schedule, as an update of the existing one. */
export function seriesScheduleUpdate(series: SeriesScheduleSource, taskQueue: string, now = new Date()): ScheduleUpdateOptions {
  const { scheduleId: _id, memo: _memo, state, ...options } = seriesScheduleOptions(series, taskQueue, now);
  return { ...options, state: { paused: state?.paused, note: state?.note, remainingActions: state?.remainingActions } };
}

/**
 * The last local date (YYYY-MM-DD) of the dates written out in a Schedule's calendars (an
 * every-N > 1 rule's: one entry per month, with its year), or undefined when none is written.
 */
export function lastWrittenDate(schedule: Pick<ScheduleDescription, 'spec'>): string | undefined {
  const dates = (schedule.spec.calendars ?? []).flatMap((calendar) => {
    const year = calendar.year[0]?.start;
    const month = MONTHS.indexOf(calendar.month[0]?.start as (typeof MONTHS)[number]) + 1;
    const day = Math.max(...calendar.dayOfMonth.map((range) => range.end));
    if (year === undefined || month === 0 || !Number.isFinite(day)) return [];
    return [`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`];
  });
  return dates.sort().at(-1);
}
