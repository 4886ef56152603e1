import { data, redirect, type AppLoadContext } from 'react-router';
import { PasswordResetConfirmSchema, PasswordResetRequestSchema } from '../../api/auth/schemas';
import { formText, invalid, parseForm, problemAsInvalid } from '../utils/forms.server';

/** Mails a reset link if the address has an account; the page says the same either way. */
export async function requestPasswordReset(context: AppLoadContext, formData: FormData) {
  const fields = { email: formText(formData, 'email') };
  const submission = parseForm(PasswordResetRequestSchema, fields);
  if (!submission.ok) return invalid(submission.errors, fields);
  try {
    await context.services.passwordReset.request(submission.data.email, context.clientAddress);
  } catch (error) {
    // too many requests (429) or the counters unreachable (503)
    return problemAsInvalid(error, fields);
  }
  return data({ sentTo: submission.data.email }, { status: 202 });
}

/** Sets the new password with the link's token, then sends the user to log in with it. */
export async function confirmPasswordReset(context: AppLoadContext, token: string, formData: FormData) {
  const fields = {};
  const submission = parseForm(PasswordResetConfirmSchema, { token, password: formText(formData, 'password') });
  if (!submission.ok) return invalid(submission.errors, fields);
  try {
    await context.services.passwordReset.confirm(submission.data, context.actor ? context.session.id : undefined);
  } catch (error) {
    // a weak password (400) or a used, expired or unknown link (422)
    return problemAsInvalid(error, fields);
  }
  if (context.actor) return redirect('/settings?saved=password');
  return redirect('/login?reset=done');
}
