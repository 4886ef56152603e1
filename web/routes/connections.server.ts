import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ConnectSchema } from '../../api/connections/schemas';
import { roleAllows } from '../../domain/permissions';
import type { FieldErrors } from '../utils/forms';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

/** What the OAuth callback reports when it sends the browser back here (api/connections/oauth-service.ts). */
function oauthOutcome(request: Request): { ok: boolean; message: string } | null {
  const params = new URL(request.url).searchParams;
  const outcome = params.get('oauth');
  const message = params.get('message');
  if (!message || (outcome !== 'connected' && outcome !== 'error')) return null;
  return { ok: outcome === 'connected', message: message.slice(0, 500) };
}

export async function loadConnectionsPage(context: AppLoadContext, actor: Actor, request: Request) {
  const connections = await context.services.connections.list(actor);
  // where each OAuth platform connects (or reconnects), if this server has its app
  const oauthPlatforms = context.services.oauth
    .platforms()
    .filter((platform) => platform.connectsWith === 'oauth' && platform.configured)
    .map(({ platform, provider, authorizePath }) => ({ platform, provider, authorizePath: authorizePath! }));
  return {
    oauthPlatforms,
    oauthOutcome: oauthOutcome(request),
    connections: connections.map(({ id, platform, handle, displayName, instanceUrl, status, avatarUrl }) => ({
      id,
      platform,
      handle,
      displayName,
      instanceUrl,
      status,
      avatarUrl,
    })),
    canManage: roleAllows(actor.role, 'connections:write'),
  };
}

type Intent = 'add-demo' | 'add-mastodon' | 'add-bluesky' | 'disconnect';
interface Fields {
  instanceUrl?: string;
  handle?: string;
  serviceUrl?: string;
}

/** The page has several forms: the answer names the one its errors belong to. */
function refused(intent: Intent, errors: FieldErrors, fields: Fields, status = 400) {
  return data({ intent, errors, fields }, { status });
}

/** Carries out a change and reloads the page, or shows the service's refusal beside its form. */
async function carryOut(intent: Intent, change: () => Promise<unknown>, fields: Fields = {}) {
  try {
    await change();
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), fields, error.status);
  }
  return redirect('/connections');
}

export async function changeConnections(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { connections } = context.services;
  const intent = formText(formData, 'intent');
  switch (intent) {
    case 'add-demo':
      return carryOut(intent, () => connections.connect(actor, { platform: 'demo' }));
    case 'add-mastodon': {
      // The access token is never sent back to the page.
      const fields = { instanceUrl: formText(formData, 'instanceUrl') };
      const submission = parseForm(ConnectSchema, { platform: 'mastodon', ...fields, accessToken: formText(formData, 'accessToken') });
      if (!submission.ok) return refused(intent, submission.errors, fields);
      return carryOut(intent, () => connections.connect(actor, submission.data), fields);
    }
    case 'add-bluesky': {
      // The app password is never sent back to the page; an empty PDS field means bsky.social.
      const fields = { handle: formText(formData, 'handle'), serviceUrl: formText(formData, 'serviceUrl') };
      const submission = parseForm(ConnectSchema, {
        platform: 'bluesky',
        handle: fields.handle,
        appPassword: formText(formData, 'appPassword'),
        ...(fields.serviceUrl.trim() ? { serviceUrl: fields.serviceUrl.trim() } : {}),
      });
      if (!submission.ok) return refused(intent, submission.errors, fields);
      return carryOut(intent, () => connections.connect(actor, submission.data), fields);
    }
    case 'disconnect':
      return carryOut(intent, () => connections.disconnect(actor, formText(formData, 'connectionId')));
    default:
      throw data({ title: 'Unknown action', detail: `The connections page cannot "${intent}".` }, { status: 400 });
  }
}
