import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { roleAllows } from '../../domain/permissions';
import { formText, isProblemError, problemErrors } from '../utils/forms.server';

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
