// Creates the post of one occurrence of a series and starts its workflow. Safe to repeat:
// an occurrence is one row per (series, time), written with its post in one transaction
// under the series' lock, so a retried activity or a replayed firing finds it and only
// makes sure the post's workflow is started. Each firing also renews the dates an every-N > 1
// rule has written out in its Schedule, so a series nobody edits does not stop after
// SERIES_HORIZON_YEARS.
import type { Client } from '@temporalio/client';
import { localDateOf, occurrenceContent, seriesHorizonNeedsRenewal, type OccurrenceOutcome } from '../domain/series-rule';
import { targetOptionsColumn, type Db } from '../lib/db';
import {
  SERIES_FIELDS,
  seriesOptionsByConnection,
  seriesOverridesOf,
  seriesScheduleSource,
  seriesThreadOf,
  seriesTimingOf,
} from '../lib/series-row';
import { POST_WORKFLOW_ROW_FIELDS, startPostWorkflow, workflowInputFromRow } from '../lib/temporal/post-workflow-start';
import { lastWrittenDate, SERIES_CATCHUP_WINDOW_MS, seriesScheduleUpdate } from '../lib/temporal/series-schedule';
import { seriesScheduleId } from '../temporal-config';

export interface SeriesOccurrenceResult {
  /** SERIES_DELETED: the series was deleted before its firing ran; nothing is recorded */
  outcome: OccurrenceOutcome | 'SERIES_DELETED';
  postId?: string;
  number?: number;
  note?: string;
}

export interface SeriesOccurrenceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** config PUBLISH_LEAD_SECONDS, in milliseconds */
  publishLeadMs: number;
}

/** How many times a renewal writes the Schedule again because the series changed meanwhile, before its activity retries. */
const RENEWAL_WRITES = 3;

export function createSeriesOccurrenceActivities(deps: SeriesOccurrenceDeps) {
  const { db } = deps;

  /**
   * Writes an every-N > 1 series' Schedule again, from its row, once its written-out dates
   * run short (seriesHorizonNeedsRenewal). The API writes the row first, then the Schedule:
   * a row changed while this wrote the Schedule from the one before is written again, so
   * the Schedule ends as the latest row says whichever write comes last.
   */
  async function renewWrittenDates(seriesId: string, now: Date): Promise<void> {
    const readRow = () => db.series.findUnique({ where: { id: seriesId }, select: SERIES_FIELDS });
    let series = await readRow();
    if (!series) return;
    const timing = seriesTimingOf(series);
    // a rule repeating every day, week or month has one calendar entry that never runs out: nothing to ask Temporal
    if (timing.rule.every === 1) return;
    const handle = deps.temporal.schedule.getHandle(seriesScheduleId(seriesId));
    if (!seriesHorizonNeedsRenewal(timing, lastWrittenDate(await handle.describe()), localDateOf(now, timing.timeZone))) return;
    for (let write = 1; ; write += 1) {
      const created = await db.seriesOccurrence.count({ where: { seriesId, outcome: 'CREATED' } });
      const source = seriesScheduleSource(series, created);
      await handle.update(() => seriesScheduleUpdate(source, deps.taskQueue, now));
      const after = await readRow();
      if (!after || after.updatedAt.getTime() === series.updatedAt.getTime()) return;
      if (write === RENEWAL_WRITES) throw new Error(`Series ${seriesId} kept changing while its Schedule was renewed`);
      series = after;
    }
  }

  /** The post's author: whoever last created or edited the series (the audit log records it), while still in its team. */
  async function authorOf(tx: Pick<Db, 'auditEntry'>, series: { id: string; teamId: string }): Promise<string | null> {
    const entry = await tx.auditEntry.findFirst({
      where: {
        teamId: series.teamId,
        entityType: 'series',
        entityId: series.id,
        action: { in: ['series.created', 'series.edited'] },
        actor: { memberships: { some: { teamId: series.teamId } } },
      },
      orderBy: { createdAt: 'desc' },
      select: { actorUserId: true },
    });
    return entry?.actorUserId ?? null;
  }

  /** Records the occurrence: its post when it has one, else why not. */
  async function recordOccurrence(seriesId: string, occurrenceAt: Date, now: Date): Promise<SeriesOccurrenceResult> {
    return db.$transaction(async (tx) => {
      // one occurrence of a series at a time: its count and numbers follow one another
      await tx.$queryRaw`SELECT id FROM "Series" WHERE id = ${seriesId} FOR UPDATE`;
      const series = await tx.series.findUnique({ where: { id: seriesId }, select: SERIES_FIELDS });
      if (!series) return { outcome: 'SERIES_DELETED' };
      const existing = await tx.seriesOccurrence.findUnique({ where: { seriesId_occurrenceAt: { seriesId, occurrenceAt } } });
      if (existing) {
        return {
          outcome: existing.outcome as OccurrenceOutcome,
          ...(existing.postId && { postId: existing.postId }),
          ...(existing.number !== null && { number: existing.number }),
          ...(existing.note !== null && { note: existing.note }),
        };
      }
      const created = await tx.seriesOccurrence.count({ where: { seriesId, outcome: 'CREATED' } });
      const date = localDateOf(occurrenceAt, series.timeZone);
      const record = async (outcome: Exclude<OccurrenceOutcome, 'CREATED'>, note: string): Promise<SeriesOccurrenceResult> => {
        await tx.seriesOccurrence.create({ data: { seriesId, occurrenceAt, outcome, note } });
        return { outcome, note };
      };
      // A Schedule's backfill fires even while it is paused or its actions have run out: the row decides.
      if (series.paused) return record('SKIPPED', 'the series was paused');
      if (series.endAfter !== null && created >= series.endAfter)
        return record('SKIPPED', `the series had already created its ${series.endAfter} posts`);
      if (series.endDate !== null && date > series.endDate) return record('SKIPPED', `the series ended on ${series.endDate}`);
      if (now.getTime() - occurrenceAt.getTime() > SERIES_CATCHUP_WINDOW_MS) {
        return record('MISSED', `fired at ${now.toISOString()}, more than an hour after its time: not published late`);
      }
      // Accounts, media and labels deleted since the series was saved are left out; an
      // account that needs reconnecting stays, and its target fails visibly on the post.
      const thread = seriesThreadOf(series);
      const [connections, media, labels] = await Promise.all([
        tx.connection.findMany({ where: { id: { in: series.connectionIds }, teamId: series.teamId }, select: { id: true } }),
        tx.media.findMany({
          where: { id: { in: [...series.mediaIds, ...thread.flatMap((part) => part.mediaIds)] }, teamId: series.teamId },
          select: { id: true },
        }),
        tx.label.findMany({ where: { id: { in: series.labelIds }, teamId: series.teamId }, select: { id: true } }),
      ]);
      const existingConnections = new Set(connections.map((connection) => connection.id));
      const connectionIds = series.connectionIds.filter((id) => existingConnections.has(id));
      if (connectionIds.length === 0) return record('FAILED', 'none of its accounts is connected any more');
      const existingMedia = new Set(media.map((item) => item.id));
      const mediaToLink = (ids: readonly string[]) =>
        ids.filter((id) => existingMedia.has(id)).map((mediaId, position) => ({ mediaId, position }));
      const overrides = new Map(seriesOverridesOf(series).map((override) => [override.connectionId, override.content]));
      const options = seriesOptionsByConnection(series);
      const number = created + 1;
      const text = (content: string) => occurrenceContent(content, { number, date });
      const post = await tx.post.create({
        data: {
          teamId: series.teamId,
          seriesId,
          authorId: await authorOf(tx, series),
          content: text(series.content),
          publishAt: occurrenceAt,
          timeZone: series.timeZone,
          status: 'SCHEDULED',
          hasWorkflowRun: true,
          threadDelaySeconds: series.threadDelaySeconds,
          firstComment: series.firstComment === null ? null : text(series.firstComment),
          targets: {
            create: connectionIds.map((connectionId) => {
              const override = overrides.get(connectionId);
              return {
                connectionId,
                contentOverride: override === undefined ? null : text(override),
                options: targetOptionsColumn(options.get(connectionId)),
              };
            }),
          },
          media: { create: mediaToLink(series.mediaIds) },
          parts: {
            create: thread.map((part, index) => ({
              position: index + 1,
              content: text(part.content),
              media: { create: mediaToLink(part.mediaIds) },
            })),
          },
          labels: { create: labels.map((label) => ({ labelId: label.id })) },
        },
        select: { id: true },
      });
      await tx.seriesOccurrence.create({ data: { seriesId, occurrenceAt, outcome: 'CREATED', number, postId: post.id } });
      return { outcome: 'CREATED', postId: post.id, number };
    });
  }

  return {
    async createSeriesOccurrence(input: { seriesId: string; occurrenceAt: string }): Promise<SeriesOccurrenceResult> {
      const now = new Date();
      const result = await recordOccurrence(input.seriesId, new Date(input.occurrenceAt), now);
      if (result.outcome === 'SERIES_DELETED') return result;
      if (result.outcome === 'CREATED' && result.postId) {
        // Also on a repeat: the first attempt may have written the post and failed to start it.
        const post = await db.post.findFirst({
          where: { id: result.postId, status: 'SCHEDULED' },
          select: POST_WORKFLOW_ROW_FIELDS,
        });
        // as the API starts a post it creates
        if (post) await startPostWorkflow(deps.temporal, workflowInputFromRow(post, { publishLeadMs: deps.publishLeadMs }), deps.taskQueue);
      }
      await renewWrittenDates(input.seriesId, now);
      return result;
    },
  };
}
