import { redirect, type AppLoadContext } from 'react-router';
import { SignupSchema } from '../../api/auth/schemas';
import { isTimeZone } from '../../domain/time-zone';
import { safeRedirect } from '../../lib/safe-redirect';
import { formText, invalid, isProblemError, parseForm, problemAsInvalid } from '../utils/forms.server';

export async function signUp(context: AppLoadContext, formData: FormData) {
  const fields = { name: formText(formData, 'name'), email: formText(formData, 'email') };
  const submission = parseForm(SignupSchema, { ...fields, password: formText(formData, 'password') });
  if (!submission.ok) return invalid(submission.errors, fields);
  let userId: string;
  try {
    userId = (await context.services.auth.signup(submission.data, context.clientAddress)).id;
  } catch (error) {
    if (isProblemError(error) && error.slug === 'email-taken')
      return invalid({ email: [error.detail ?? error.title] }, fields, error.status);
    return problemAsInvalid(error, fields);
  }
  // The browser's zone (sent once JavaScript runs) becomes the profile's; Settings changes it.
  const timeZone = formText(formData, 'timeZone');
  if (isTimeZone(timeZone)) await context.services.profile.update(userId, { name: submission.data.name, timeZone });
  await context.session.login(userId);
  return redirect(safeRedirect(formData.get('redirectTo'), '/dashboard'));
}
