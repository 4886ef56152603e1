import { redirect, type AppLoadContext } from 'react-router';
import { LoginSchema, SecondFactorSchema } from '../../api/auth/schemas';
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
  const redirectTo = safeRedirect(formData.get('redirectTo'), '/dashboard');
  if (await context.services.twoFactor.isEnabled(user.id)) {
    await context.session.awaitSecondFactor(user.id);
    return redirect(`/login/second-factor?${new URLSearchParams({ redirectTo })}`);
  }
  await context.session.login(user.id);
  return redirect(redirectTo);
}

/** The second step of a log-in with two-factor log-in on: the code, then the session. */
export async function logInSecondFactor(context: AppLoadContext, formData: FormData) {
  const fields = {};
  const submission = parseForm(SecondFactorSchema, { code: formText(formData, 'code') });
  if (!submission.ok) return invalid(submission.errors, fields);
  let verified: boolean;
  let userId: string;
  try {
    userId = context.session.pendingSecondFactorUser();
    verified = await context.services.twoFactor.verifyCode(userId, submission.data.code, context.clientAddress);
  } catch (error) {
    // no log-in waiting (401), too many wrong codes (429), counters unreachable (503)
    return problemAsInvalid(error, fields);
  }
  if (!verified)
    return invalid({ code: ['The code is wrong, or it was used already: wait for the next one, or use a recovery code.'] }, fields, 401);
  await context.session.login(userId);
  return redirect(safeRedirect(formData.get('redirectTo'), '/dashboard'));
}
