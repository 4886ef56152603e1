import { redirect, type AppLoadContext } from 'react-router';
import { LoginSchema } from '../../api/auth/schemas';
import { safeRedirect } from '../../lib/safe-redirect';
import { formText, invalid, parseForm, problemAsInvalid } from '../utils/forms.server';

export async function logIn(context: AppLoadContext, formData: FormData) {
  const fields = { email: formText(formData, 'email') };
  const submission = parseForm(LoginSchema, { ...fields, password: formText(formData, 'password') });
  if (!submission.ok) return invalid(submission.errors, fields);
  let user: { id: string } | null;
  try {
    user = await context.services.auth.logIn(submission.data, context.clientAddress);
  } catch (error) {
    // too many attempts (429) or the attempt counters unreachable (503): said in the form
    return problemAsInvalid(error, fields);
  }
  if (!user) return invalid({ form: ['The email or password is wrong.'] }, fields, 401);
  await context.session.login(user.id);
  return redirect(safeRedirect(formData.get('redirectTo'), '/dashboard'));
}
