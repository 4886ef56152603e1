// The client preview page's server side: the link's posts for the page, and a client's
// approval or comment from its forms (web/routes/preview.tsx).
import { data, type AppLoadContext } from 'react-router';
import { ClientApprovalSchema, ClientCommentSchema } from '../../api/previews/schemas';
import type { FieldErrors } from '../utils/forms';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

/** The link's page, or what to say when it does not open: 404, no such link; 410, expired or revoked. */
export async function loadClientPreview(context: AppLoadContext, token: string) {
  try {
    return { preview: await context.services.previews.open(token) };
  } catch (error) {
    if (!isProblemError(error) || (error.status !== 404 && error.status !== 410)) throw error;
    return data({ gone: { title: error.title, detail: error.detail ?? '' } }, { status: error.status });
  }
}

interface ReviewFields {
  name: string;
  note: string;
  body: string;
}

/** The answer to a client's approval or comment: which post's form it was, and what to say there. */
function answer(intent: string, postId: string, fields: ReviewFields, outcome: { errors?: FieldErrors; done?: string }, status = 200) {
  return data({ intent, postId, fields, errors: outcome.errors ?? {}, done: outcome.done ?? null }, { status });
}

export async function reviewAsClient(context: AppLoadContext, token: string, formData: FormData) {
  const intent = formText(formData, 'intent');
  const postId = formText(formData, 'postId');
  const fields = { name: formText(formData, 'name'), note: formText(formData, 'note'), body: formText(formData, 'body') };
  const { previews } = context.services;
  try {
    if (intent === 'approve') {
      const submission = parseForm(ClientApprovalSchema, { name: fields.name, note: fields.note || undefined });
      if (!submission.ok) return answer(intent, postId, fields, { errors: submission.errors }, 400);
      const { countedAsTeamApproval } = await previews.clientApprove(token, postId, submission.data);
      const done = countedAsTeamApproval ? 'Approved: it goes out at its time.' : 'Thank you: the team has your approval.';
      return answer(intent, postId, { ...fields, note: '' }, { done });
    }
    if (intent === 'comment') {
      const submission = parseForm(ClientCommentSchema, { name: fields.name, body: fields.body });
      if (!submission.ok) return answer(intent, postId, fields, { errors: submission.errors }, 400);
      await previews.clientComment(token, postId, submission.data);
      return answer(intent, postId, { ...fields, body: '' }, { done: 'Sent to the team.' });
    }
    throw data({ title: 'Unknown action', detail: `This page cannot "${intent}".` }, { status: 400 });
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return answer(intent, postId, fields, { errors: problemErrors(error) }, error.status);
  }
}
