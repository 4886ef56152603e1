import { optionFormValues } from '../../domain/target-options';
import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import type { SeriesSchema } from '../../api/openapi/responses';
import type { TargetOptionsInput } from '../../api/posts/schemas';
import { CreateSeriesSchema, EditSeriesSchema } from '../../api/series/schemas';
import { roleAllows } from '../../domain/permissions';
import { localDateOf } from '../../domain/series-rule';
import type { z } from 'zod';
import {
  formText,
  formTexts,
  invalid,
  isProblemError,
  parseForm,
  problemAsInvalid,
  problemErrors,
  rethrowAsResponse,
  type FieldOf,
} from '../utils/forms.server';
import { seriesRequestOf, type SeriesFormFields } from '../utils/series-form';
import { FALLBACK_TIME_ZONE } from '../utils/time';
import {
  composeFieldOf,
  loadComposerChoices,
  overridesFromForm,
  targetOptionsFromForm,
  threadEditOf,
  violationErrors,
} from './compose.server';

type SeriesView = z.infer<typeof SeriesSchema>;

/** The team's series with their coming times and the posts they created. */
export async function loadSeriesPage(context: AppLoadContext, actor: Actor) {
  return { series: await context.services.series.list(actor), canWrite: roleAllows(actor.role, 'posts:write') };
}

const INTENTS = ['pause', 'resume', 'skip-next'] as const;

/** Pause, resume, or skip the next occurrence of one series; a refusal is shown beside it. */
export async function changeSeries(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { series } = context.services;
  const intent = formText(formData, 'intent');
  const seriesId = formText(formData, 'seriesId');
  if (!(INTENTS as readonly string[]).includes(intent)) {
    throw data({ title: 'Unknown action', detail: `The series page cannot "${intent}".` }, { status: 400 });
  }
  try {
    if (intent === 'pause') await series.pause(actor, seriesId);
    else if (intent === 'resume') await series.resume(actor, seriesId);
    else await series.skipNext(actor, seriesId);
    return redirect('/series');
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return data({ seriesId, errors: problemErrors(error) }, { status: error.status });
  }
}

/**
 * The series form's field an error is shown beside: the rule's and the end's own fields by
 * their paths (`end.date`, `rule.days`), an account's option beside it, as in the composer;
 * their type, and everything else, at the top.
 */
const seriesFieldOf =
  (targetOptions: TargetOptionsInput): FieldOf =>
  (path) =>
    (path[0] === 'rule' || path[0] === 'end') && path[1] && path[1] !== 'frequency' && path[1] !== 'type'
      ? `${path[0]}.${path[1]}`
      : composeFieldOf(targetOptions)(path);

/** A new series: weekly at 09:00 from today, in the user's zone (the browser's, once known, when the profile names none). */
export async function loadNewSeries(context: AppLoadContext, actor: Actor) {
  const profile = await context.services.profile.get(actor.userId);
  const initial: SeriesFormFields = {
    name: '',
    content: '',
    connectionIds: [],
    overrides: {},
    targetOptions: {},
    thread: [],
    firstComment: '',
    labelIds: [],
    frequency: 'weekly',
    every: '1',
    days: [],
    dayOfMonth: '1',
    time: '09:00',
    timeZone: profile.timeZone ?? '',
    startDate: localDateOf(new Date(), profile.timeZone ?? FALLBACK_TIME_ZONE),
    endType: 'never',
    endCount: '',
    endDate: '',
  };
  return { ...(await loadComposerChoices(context, actor)), initial };
}

function fieldsOf(series: SeriesView): SeriesFormFields {
  const { rule, end } = series;
  return {
    name: series.name,
    content: series.content,
    connectionIds: series.connectionIds,
    overrides: Object.fromEntries(series.overrides.map((override) => [override.connectionId, override.content])),
    targetOptions: Object.fromEntries(
      series.targetOptions.flatMap(({ connectionId, ...byPlatform }) => {
        const values = optionFormValues(byPlatform);
        return values ? [[connectionId, values]] : [];
      }),
    ),
    thread: series.thread.map((part) => part.content),
    firstComment: series.firstComment ?? '',
    labelIds: series.labelIds,
    frequency: rule.frequency,
    every: String(rule.every),
    days: rule.frequency === 'weekly' ? rule.days : [],
    dayOfMonth: rule.frequency === 'monthly' ? String(rule.dayOfMonth) : '1',
    time: series.time,
    timeZone: series.timeZone,
    startDate: series.startDate,
    endType: end.type,
    endCount: end.type === 'after' ? String(end.count) : '',
    endDate: end.type === 'on' ? end.date : '',
  };
}

/** A series to edit, with what it has done: the posts it created stay as they are. */
export async function loadSeriesEditor(context: AppLoadContext, actor: Actor, seriesId: string) {
  const series = await context.services.series.get(actor, seriesId).catch(rethrowAsResponse);
  const created = series.occurrences.filter((occurrence) => occurrence.outcome === 'CREATED');
  // the page lists the latest occurrences only; an "after N" end counts them all
  const createdCount = series.end.type === 'after' && series.remaining !== null ? series.end.count - series.remaining : created.length;
  return {
    ...(await loadComposerChoices(context, actor)),
    series: {
      id: series.id,
      name: series.name,
      media: series.media.length,
      skipped: series.skipped,
      created: createdCount,
      published: created.filter((occurrence) => occurrence.post?.status === 'PUBLISHED').length,
      nextOccurrences: series.nextOccurrences,
    },
    initial: fieldsOf(series),
  };
}

/**
 * The form as sent, and the request it makes (per-account texts checked on their own, as the
 * composer's). An emptied first comment is none: on an edit, `null` takes it off.
 */
function readSeriesForm(formData: FormData, emptyComment: null | undefined) {
  const connectionIds = formTexts(formData, 'connectionIds');
  const overrides = overridesFromForm(formData, connectionIds);
  const targetOptions = targetOptionsFromForm(formData, connectionIds);
  const fields: SeriesFormFields = {
    name: formText(formData, 'name'),
    content: formText(formData, 'content'),
    connectionIds,
    overrides: overrides.texts,
    targetOptions: targetOptions.values,
    // an emptied part is a part removed
    thread: formTexts(formData, 'thread').filter((part) => part.trim()),
    firstComment: formText(formData, 'firstComment'),
    labelIds: formTexts(formData, 'labelIds'),
    frequency: formText(formData, 'frequency'),
    every: formText(formData, 'every'),
    days: formTexts(formData, 'days'),
    dayOfMonth: formText(formData, 'dayOfMonth'),
    time: formText(formData, 'time'),
    timeZone: formText(formData, 'timeZone'),
    startDate: formText(formData, 'startDate'),
    endType: formText(formData, 'endType'),
    endCount: formText(formData, 'endCount'),
    endDate: formText(formData, 'endDate'),
  };
  const request = {
    name: fields.name,
    content: fields.content,
    connectionIds,
    overrides: overrides.overrides,
    targetOptions: targetOptions.entries,
    thread: fields.thread.map((content) => ({ content })),
    firstComment: fields.firstComment.trim() ? fields.firstComment : emptyComment,
    labelIds: fields.labelIds,
    ...seriesRequestOf(fields),
  };
  return { fields, request, overrideErrors: overrides.errors, fieldOf: seriesFieldOf(targetOptions.entries) };
}

/** A service's refusal beside the fields it names: platform rules beside each text, the timing beside its own fields. */
function refusedSeries(error: unknown, fields: SeriesFormFields, fieldOf: FieldOf) {
  const messages = violationErrors(error, new Set(Object.keys(fields.overrides)));
  if (messages) return invalid(messages, fields, 422);
  return problemAsInvalid(error, fields, fieldOf);
}

export async function createSeriesFromForm(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { fields, request, overrideErrors, fieldOf } = readSeriesForm(formData, undefined);
  const submission = parseForm(CreateSeriesSchema, request, fieldOf);
  if (!submission.ok || Object.keys(overrideErrors).length > 0) {
    return invalid({ ...(submission.ok ? {} : submission.errors), ...overrideErrors }, fields);
  }
  let seriesId: string;
  try {
    seriesId = (await context.services.series.create(actor, submission.data)).id;
  } catch (error) {
    return refusedSeries(error, fields, fieldOf);
  }
  return redirect(`/series#series-${seriesId}`);
}

/** Saves the form over the series: its coming occurrences change; media set through the API stay, the parts' too. */
export async function saveEditedSeries(context: AppLoadContext, actor: Actor, seriesId: string, formData: FormData) {
  const { fields, request, overrideErrors, fieldOf } = readSeriesForm(formData, null);
  const series = await context.services.series.get(actor, seriesId).catch(rethrowAsResponse);
  // the form shows the parts' texts only: each part keeps the media set through the API
  const thread = threadEditOf(
    fields.thread,
    series.thread.map((part) => ({ content: part.content, mediaIds: part.media ?? [] })),
  );
  const submission = parseForm(EditSeriesSchema, { ...request, thread }, fieldOf);
  if (!submission.ok || Object.keys(overrideErrors).length > 0) {
    return invalid({ ...(submission.ok ? {} : submission.errors), ...overrideErrors }, fields);
  }
  try {
    await context.services.series.edit(actor, seriesId, submission.data);
  } catch (error) {
    return refusedSeries(error, fields, fieldOf);
  }
  return redirect(`/series#series-${seriesId}`);
}
