import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { DisableTwoFactorSchema, SecondFactorSchema } from '../../api/auth/schemas';
import { ProfileSchema } from '../../api/profile/schemas';
import { CreateTokenSchema } from '../../api/tokens/schemas';
import { NOTIFICATION_KINDS } from '../../domain/notifications';
import { roleAllows } from '../../domain/permissions';
import type { FieldErrors } from '../utils/forms';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

export async function loadSettings(context: AppLoadContext, actor: Actor) {
  const canManageTokens = roleAllows(actor.role, 'tokens:manage');
  const [profile, tokens, notificationSettings, twoFactor, enrolment, sessions] = await Promise.all([
    context.services.profile.get(actor.userId),
    canManageTokens ? context.services.tokens.list(actor) : Promise.resolve([]),
    context.services.notifications.settings(actor.userId),
    context.services.twoFactor.status(actor.userId),
    context.services.twoFactor.pendingEnrolment(actor.userId),
    context.services.sessions.list(actor.userId, context.session.id),
  ]);
  return {
    profile,
    notificationSettings,
    twoFactor,
    enrolment,
    sessions: sessions.map((session) => ({
      ...session,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
    })),
    canManageTokens,
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    })),
    timeZones: Intl.supportedValuesOf('timeZone'),
  };
}

type Intent =
  | 'profile'
  | 'notifications'
  | 'create-token'
  | 'revoke-token'
  | 'resend-verification'
  | 'enroll-2fa'
  | 'confirm-2fa'
  | 'disable-2fa'
  | 'end-session'
  | 'end-other-sessions';
type Answer =
  | { intent: Intent; errors: FieldErrors; fields: Record<string, string> }
  | { intent: 'create-token'; created: { name: string; token: string } }
  | { intent: 'confirm-2fa'; recoveryCodes: string[] };

function refused(intent: Intent, errors: FieldErrors, fields: Record<string, string> = {}, status = 400) {
  return data<Answer>({ intent, errors, fields }, { status });
}

export async function changeSettings(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = formText(formData, 'intent');
  switch (intent) {
    case 'profile': {
      const fields = { name: formText(formData, 'name'), timeZone: formText(formData, 'timeZone') };
      const submission = parseForm(ProfileSchema, fields);
      if (!submission.ok) return refused(intent, submission.errors, fields);
      await context.services.profile.update(actor.userId, submission.data);
      return redirect('/settings?saved=profile');
    }
    case 'notifications': {
      // an unticked box is not sent: every kind is saved with exactly what the form shows
      const settings = Object.fromEntries(
        NOTIFICATION_KINDS.map((kind) => [kind, { inApp: formData.has(`${kind}.inApp`), email: formData.has(`${kind}.email`) }]),
      );
      await context.services.notifications.saveSettings(actor.userId, settings);
      return redirect('/settings?saved=notifications#notifications');
    }
    case 'create-token': {
      if (!roleAllows(actor.role, 'tokens:manage')) return refused(intent, { form: ['Your role does not allow API tokens.'] }, {}, 403);
      const fields = { name: formText(formData, 'name') };
      const submission = parseForm(CreateTokenSchema, fields);
      if (!submission.ok) return refused(intent, submission.errors, fields);
      const token = await context.services.tokens.create(actor, submission.data);
      // The secret is in this one answer and nowhere else: the page shows it once.
      return data<Answer>({ intent, created: { name: token.name, token: token.token } }, { status: 201 });
    }
    case 'revoke-token': {
      if (!roleAllows(actor.role, 'tokens:manage')) return refused(intent, { form: ['Your role does not allow API tokens.'] }, {}, 403);
      try {
        await context.services.tokens.revoke(actor, formText(formData, 'tokenId'));
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), {}, error.status);
      }
      return redirect('/settings');
    }
    case 'resend-verification': {
      try {
        await context.services.emailVerification.resend(actor.userId);
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), {}, error.status);
      }
      return redirect('/settings?saved=verification');
    }
    case 'enroll-2fa': {
      try {
        await context.services.twoFactor.enroll(actor.userId);
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), {}, error.status);
      }
      // the loader shows the waiting enrolment (QR code and secret) until it is confirmed
      return redirect('/settings#two-factor-heading');
    }
    case 'confirm-2fa': {
      const submission = parseForm(SecondFactorSchema, { code: formText(formData, 'code') });
      if (!submission.ok) return refused(intent, submission.errors);
      try {
        const { recoveryCodes } = await context.services.twoFactor.confirm(actor.userId, submission.data.code);
        // the codes are in this one answer and nowhere else: the page shows them once
        return data<Answer>({ intent, recoveryCodes });
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), {}, error.status);
      }
    }
    case 'disable-2fa': {
      const submission = parseForm(DisableTwoFactorSchema, { password: formText(formData, 'password') || undefined });
      if (!submission.ok) return refused(intent, submission.errors);
      try {
        await context.services.twoFactor.disable(actor.userId, submission.data, context.clientAddress);
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), {}, error.status);
      }
      return redirect('/settings?saved=two-factor-off');
    }
    case 'end-session': {
      try {
        await context.services.sessions.end(actor.userId, formText(formData, 'sessionId'));
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), {}, error.status);
      }
      return redirect('/settings#sessions-heading');
    }
    case 'end-other-sessions':
      await context.services.sessions.endAllBut(actor.userId, context.session.id);
      return redirect('/settings?saved=sessions');
    default:
      throw data({ title: 'Unknown action', detail: `The settings page cannot "${intent}".` }, { status: 400 });
  }
}
