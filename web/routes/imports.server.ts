import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { roleAllows } from '../../domain/permissions';
import { isProblemError } from '../utils/forms.server';

const MESSAGES = ['confirm', 'pause', 'resume', 'cancel', 'undo'] as const;
type Message = (typeof MESSAGES)[number];

/** Rows with problems shown on the page; the API's rows endpoint pages through the rest. */
const PROBLEM_ROWS_SHOWN = 200;

/** The team's imports, and `?id=`'s with the rows the checks refused (or creation failed). */
export async function loadImportsPage(context: AppLoadContext, actor: Actor, url: URL) {
  const { imports } = context.services;
  const list = await imports.list(actor);
  const chosenId = url.searchParams.get('id');
  const chosen = list.find((each) => each.id === chosenId) ?? null;
  const [invalid, failed] = chosen
    ? await Promise.all(
        (['INVALID', 'FAILED'] as const).map((status) => imports.rows(actor, chosen.id, { status, after: 0, limit: PROBLEM_ROWS_SHOWN })),
      )
    : [];
  return {
    imports: list,
    chosen,
    problemRows: [...(invalid?.data ?? []), ...(failed?.data ?? [])].sort((a, b) => a.row - b.row),
    canWrite: roleAllows(actor.role, 'posts:write'),
  };
}

/** Confirm, pause, resume, cancel or undo the chosen import, then show it again. */
export async function changeImport(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = String(formData.get('intent')) as Message;
  const id = String(formData.get('importId'));
  if (!MESSAGES.includes(intent)) throw data({ title: 'Unknown action', detail: `The imports page cannot "${intent}".` }, { status: 400 });
  try {
    await context.services.imports[intent](actor, id);
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return data({ error: error.detail ?? error.title }, { status: error.status });
  }
  return redirect(`/imports?id=${encodeURIComponent(id)}`);
}
