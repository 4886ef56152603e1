// Series (recurring posts): the row is written first, then the Temporal Schedule that runs
// it (lib/temporal/series-schedule.ts) is written from the row, on every change. Each
// firing creates a normal post (activities/series-occurrence.ts); those posts are the
// posts API's from then on: editing the series changes the coming occurrences only.
import { ScheduleNotFoundError, type Client, type ScheduleHandle } from '@temporalio/client';
import type { z } from 'zod';
import { localDateOf, occurrenceContent } from '../../domain/series-rule';
import type { Db } from '../../lib/db';
import {
  SERIES_FIELDS,
  seriesEndOf,
  seriesOverridesOf,
  seriesScheduleSource,
  seriesTargetOptionsOf,
  seriesThreadOf,
  seriesTimingOf,
  type SeriesRow,
} from '../../lib/series-row';
import { seriesScheduleOptions, seriesScheduleUpdate } from '../../lib/temporal/series-schedule';
import { seriesScheduleId } from '../../temporal-config';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import { withTemporalDeadline } from '../http/temporal-deadline';
import { parseAs } from '../http/validate';
import type { SeriesSchema } from '../openapi/responses';
import { createPostChecks, type PostChecksDeps } from '../posts/post-checks';
import { CreateSeriesSchema, type EditSeriesInput, type SeriesInput } from './schemas';

export interface SeriesServiceDeps extends PostChecksDeps {
  db: Db;
  temporal: Client;
  audit: AuditLog;
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string;
  /** how long a caller waits for Temporal to answer a change of the Schedule */
  updateTimeoutMs: number;
}

type SeriesView = z.infer<typeof SeriesSchema>;

/** How long a read waits for the Schedule's coming times before answering without them. */
const DESCRIBE_TIMEOUT_MS = 2_000;
const SHOWN_OCCURRENCES = 100;

/** The longest `{{n}}` an occurrence can have, so the platform rules are checked on the longest text. */
const LONGEST_NUMBER_WITHOUT_END = 99_999;

export function createSeriesService(deps: SeriesServiceDeps) {
  const { db, temporal, audit } = deps;
  const checks = createPostChecks(deps);

  function handleOf(id: string): ScheduleHandle {
    return temporal.schedule.getHandle(seriesScheduleId(id));
  }

  /** Each change writes the whole Schedule from the row, so sending the change again repairs it. */
  function withSchedule<T>(call: () => Promise<T>): Promise<T> {
    return withTemporalDeadline(temporal, deps.updateTimeoutMs, call);
  }

  async function findSeries(actor: Actor, id: string): Promise<SeriesRow> {
    const series = await db.series.findFirst({ where: { id, teamId: actor.teamId }, select: SERIES_FIELDS });
    if (!series) throw problems.notFound('Series', id);
    return series;
  }

  function createdCount(seriesId: string): Promise<number> {
    return db.seriesOccurrence.count({ where: { seriesId, outcome: 'CREATED' } });
  }

  /** The request's shape of a stored series, for an edit to be merged into and checked whole. */
  function inputOf(series: SeriesRow): Omit<SeriesInput, 'paused'> {
    const timing = seriesTimingOf(series);
    return {
      name: series.name,
      content: series.content,
      connectionIds: series.connectionIds,
      overrides: seriesOverridesOf(series),
      media: series.mediaIds,
      labelIds: series.labelIds,
      thread: seriesThreadOf(series).map((part) => ({ content: part.content, media: part.mediaIds })),
      threadDelaySeconds: series.threadDelaySeconds,
      ...(series.firstComment !== null && { firstComment: series.firstComment }),
      targetOptions: seriesTargetOptionsOf(series) as SeriesInput['targetOptions'],
      ...timing,
    };
  }

  /**
   * The accounts usable, media and labels the team's, and the platform rules kept by the
   * longest text an occurrence can have (its biggest `{{n}}`, a `{{date}}`).
   */
  async function checkContent(actor: Actor, input: Omit<SeriesInput, 'paused'>) {
    const number = input.end.type === 'after' ? input.end.count : LONGEST_NUMBER_WITHOUT_END;
    return checks.checkNewPost(actor, input, {
      platformRules: true,
      publishedText: (text) => occurrenceContent(text, { number, date: input.startDate }),
    });
  }

  function rowFields(
    input: Omit<SeriesInput, 'paused'>,
    checked: { mediaIds: string[]; labelIds: string[]; thread: Array<{ content: string; mediaIds: string[] }> },
  ) {
    return {
      name: input.name,
      content: input.content,
      connectionIds: input.connectionIds,
      overrides: input.overrides ?? [],
      mediaIds: checked.mediaIds,
      labelIds: checked.labelIds,
      thread: checked.thread.map((part) => ({ content: part.content, mediaIds: part.mediaIds })),
      threadDelaySeconds: input.threadDelaySeconds,
      firstComment: input.firstComment ?? null,
      targetOptions: input.targetOptions,
      rule: input.rule,
      time: input.time,
      timeZone: input.timeZone,
      startDate: input.startDate,
      endAfter: input.end.type === 'after' ? input.end.count : null,
      endDate: input.end.type === 'on' ? input.end.date : null,
    };
  }

  async function view(series: SeriesRow): Promise<SeriesView> {
    const [described, occurrences, created] = await Promise.all([
      temporal.withDeadline(Date.now() + DESCRIBE_TIMEOUT_MS, () => handleOf(series.id).describe()).catch(() => null),
      db.seriesOccurrence.findMany({
        where: { seriesId: series.id },
        orderBy: { occurrenceAt: 'desc' },
        take: SHOWN_OCCURRENCES,
        select: {
          occurrenceAt: true,
          outcome: true,
          number: true,
          note: true,
          post: { select: { id: true, publishAt: true, status: true } },
        },
      }),
      createdCount(series.id),
    ]);
    const remaining = series.endAfter === null ? null : Math.max(0, series.endAfter - created);
    const scheduleId = seriesScheduleId(series.id);
    return {
      id: series.id,
      teamId: series.teamId,
      name: series.name,
      content: series.content,
      connectionIds: series.connectionIds,
      overrides: seriesOverridesOf(series),
      media: series.mediaIds,
      labelIds: series.labelIds,
      thread: seriesThreadOf(series).map((part) => ({ content: part.content, media: part.mediaIds })),
      threadDelaySeconds: series.threadDelaySeconds,
      firstComment: series.firstComment,
      targetOptions: seriesTargetOptionsOf(series),
      rule: seriesTimingOf(series).rule,
      time: series.time,
      timeZone: series.timeZone,
      startDate: series.startDate,
      end: seriesEndOf(series),
      paused: series.paused,
      skipped: series.skippedTimes.map((time) => time.toISOString()),
      nextOccurrences: described ? described.info.nextActionTimes.slice(0, remaining ?? undefined).map((time) => time.toISOString()) : null,
      remaining,
      occurrences: occurrences.reverse().map((occurrence) => ({
        occurrenceAt: occurrence.occurrenceAt.toISOString(),
        outcome: occurrence.outcome as SeriesView['occurrences'][number]['outcome'],
        number: occurrence.number,
        note: occurrence.note,
        post: occurrence.post && { ...occurrence.post, publishAt: occurrence.post.publishAt?.toISOString() ?? null },
      })),
      scheduleId,
      temporalUiUrl: `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/schedules/${encodeURIComponent(scheduleId)}`,
      createdAt: series.createdAt.toISOString(),
      updatedAt: series.updatedAt.toISOString(),
    };
  }

  /** Writes the Schedule again from the row as it is now. */
  async function updateSchedule(series: SeriesRow): Promise<void> {
    const source = seriesScheduleSource(series, await createdCount(series.id));
    await withSchedule(() => handleOf(series.id).update(() => seriesScheduleUpdate(source, deps.taskQueue)));
  }

  /** Skipped times still to come: the past ones have done their work. */
  function comingSkips(series: SeriesRow, now = new Date()): Date[] {
    return series.skippedTimes.filter((time) => time.getTime() > now.getTime());
  }

  return {
    async list(actor: Actor): Promise<SeriesView[]> {
      const rows = await db.series.findMany({
        where: { teamId: actor.teamId },
        select: SERIES_FIELDS,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      return Promise.all(rows.map(view));
    },

    async get(actor: Actor, id: string): Promise<SeriesView> {
      return view(await findSeries(actor, id));
    },

    async create(actor: Actor, input: SeriesInput): Promise<SeriesView> {
      const checked = await checkContent(actor, input);
      const series = await db.series.create({
        data: { teamId: actor.teamId, ...rowFields(input, checked), paused: input.paused },
        select: SERIES_FIELDS,
      });
      try {
        await withSchedule(() => temporal.schedule.create(seriesScheduleOptions(seriesScheduleSource(series, 0), deps.taskQueue)));
      } catch (error) {
        // without its Schedule the series would never fire: take the row back and say so
        await db.series.delete({ where: { id: series.id } });
        throw error;
      }
      await audit.record(actor, 'series.created', { entityType: 'series', entityId: series.id, details: { name: series.name } });
      return view(series);
    },

    /**
     * Changes the coming occurrences. Posts already created stay as they are (they are posts
     * of their own now, edited one by one); published ones are never touched.
     */
    async edit(actor: Actor, id: string, edit: EditSeriesInput): Promise<SeriesView> {
      const current = await findSeries(actor, id);
      const defined = Object.fromEntries(Object.entries(edit).filter(([, value]) => value !== undefined));
      // checked whole, as on create: fields left out may not fit the ones sent (an end before a new start)
      const merged: Record<string, unknown> = { ...inputOf(current), ...defined };
      if (merged.firstComment === null) delete merged.firstComment;
      const next = parseAs(CreateSeriesSchema, merged, 'body');
      const checked = await checkContent(actor, next);
      const series = await db.series.update({
        where: { id },
        data: { ...rowFields(next, checked), skippedTimes: comingSkips(current) },
        select: SERIES_FIELDS,
      });
      await updateSchedule(series);
      await audit.record(actor, 'series.edited', { entityType: 'series', entityId: id, details: { fields: Object.keys(defined) } });
      return view(series);
    },

    async pause(actor: Actor, id: string): Promise<SeriesView> {
      await findSeries(actor, id);
      const series = await db.series.update({ where: { id }, data: { paused: true }, select: SERIES_FIELDS });
      await withSchedule(() => handleOf(id).pause(`Paused in planrrr (${actor.via}, user ${actor.userId})`));
      await audit.record(actor, 'series.paused', { entityType: 'series', entityId: id });
      return view(series);
    },

    async resume(actor: Actor, id: string): Promise<SeriesView> {
      await findSeries(actor, id);
      const series = await db.series.update({ where: { id }, data: { paused: false }, select: SERIES_FIELDS });
      await withSchedule(() => handleOf(id).unpause(`Resumed in planrrr (${actor.via}, user ${actor.userId})`));
      await audit.record(actor, 'series.resumed', { entityType: 'series', entityId: id });
      return view(series);
    },

    /**
     * Leaves out the next occurrence: its time joins the Schedule's skip list, so it does
     * not fire at all (and does not count against an "after N" end).
     */
    async skipNext(actor: Actor, id: string): Promise<SeriesView> {
      const current = await findSeries(actor, id);
      const described = await withSchedule(() => handleOf(id).describe());
      const next = described.info.nextActionTimes[0];
      const created = await createdCount(id);
      if (!next || (current.endAfter !== null && created >= current.endAfter)) {
        throw problems.conflict('series-has-no-next', 'The series has no coming occurrence to skip.');
      }
      const series = await db.series.update({
        where: { id },
        data: { skippedTimes: [...comingSkips(current), next] },
        select: SERIES_FIELDS,
      });
      await updateSchedule(series);
      await audit.record(actor, 'series.skipped', {
        entityType: 'series',
        entityId: id,
        details: { occurrenceAt: next.toISOString(), localDate: localDateOf(next, series.timeZone) },
      });
      return view(series);
    },

    /** Deletes the series and its Schedule; the posts it created stay, as posts of their own. */
    async remove(actor: Actor, id: string): Promise<void> {
      const series = await findSeries(actor, id);
      try {
        await withSchedule(() => handleOf(id).delete());
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
      await db.series.delete({ where: { id } });
      await audit.record(actor, 'series.deleted', { entityType: 'series', entityId: id, details: { name: series.name } });
    },
  };
}
export type SeriesService = ReturnType<typeof createSeriesService>;
