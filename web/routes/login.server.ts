import { redirect, type AppLoadContext } from 'react-router';
import { LoginSchema } from '../../api/auth/schemas';
import { safeRedirect } from '../../lib/safe-redirect';
import { formText, invalid, parseForm } from '../utils/forms.server';

export async function logIn(context: AppLoadContext, formData: FormData) {
  const fields = { email: formText(formData, 'email') };
  const submission = parseForm(LoginSchema, { ...fields, password: formText(formData, 'password') });
  if (!submission.ok) return invalid(submission.errors, fields);
  const user = await context.services.auth.verifyCredentials(submission.data);
  if (!user) return invalid({ form: ['The email or password is wrong.'] }, fields, 401);
  await context.session.login(user.id);
  return redirect(safeRedirect(formData.get('redirectTo'), '/dashboard'));
}
