import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ConnectSchema, SetSignatureSchema, type ConnectInput } from '../../api/connections/schemas';
import { roleAllows } from '../../domain/permissions';
import { isTokenPlatform } from '../../domain/post';
import { TOKEN_CONNECTS, type TokenConnectEntry } from '../../platforms';
import type { FieldErrors } from '../utils/forms';
import { reconnectLink } from '../utils/reconnect';

import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

/** What the OAuth callback reports when it sends the browser back here (api/connections/oauth-service.ts). */
function oauthOutcome(params: URLSearchParams): { ok: boolean; message: string } | null {
  const outcome = params.get('oauth');
  const message = params.get('message');
  if (!message || (outcome !== 'connected' && outcome !== 'error')) return null;
  return { ok: outcome === 'connected', message: message.slice(0, 500) };
}

export async function loadConnectionsPage(context: AppLoadContext, actor: Actor, request: Request) {
  const connections = await context.services.connections.list(actor);
  const params = new URL(request.url).searchParams;
  // ?reconnect=<id>: that account's form, filled in but for the new token (the Reconnect link)
  const reconnectingRow = connections.find((connection) => connection.id === params.get('reconnect'));
  const reconnecting =
    reconnectingRow && isTokenPlatform(reconnectingRow.platform)
      ? {
          id: reconnectingRow.id,
          platform: reconnectingRow.platform,
          handle: reconnectingRow.handle,
          instanceUrl: reconnectingRow.instanceUrl,
        }
      : null;
  // ?reconnected=<id>: where a successful reconnect lands
  const reconnected = connections.find((connection) => connection.id === params.get('reconnected'));
  // ?connectedInstead=<id>: the credentials given to reconnect one account were another's
  const connectedInstead = reconnecting ? connections.find((connection) => connection.id === params.get('connectedInstead')) : undefined;
  // every OAuth platform: where it connects (or reconnects) when this server has its app, else what the admin must set
  const oauthPlatforms = context.services.oauth
    .platforms()
    .filter((platform) => platform.connectsWith === 'oauth')
    .map(({ platform, provider, configured, authorizePath, setupVariables }) => ({
      platform,
      provider,
      authorizePath: configured ? authorizePath : null,
      setupVariables,
    }));
  const { docsUrl } = context.settings;
  return {
    oauthPlatforms,
    oauthSetupDocsUrl: docsUrl ? `${docsUrl}/platforms.md#registering-the-oauth-apps` : null,
    oauthOutcome: oauthOutcome(params),
    reconnecting,
    reconnectedNotice: reconnected ? `Reconnected ${reconnected.handle}: posts to it publish again.` : null,
    wrongAccountAlert:
      reconnecting && connectedInstead
        ? `Those credentials belong to ${connectedInstead.handle}, now connected as an account of its own. ${reconnecting.handle} still needs its own.`
        : null,
    connections: connections.map(({ id, platform, handle, displayName, instanceUrl, status, avatarUrl, signature }) => ({
      id,
      signature,
      platform,
      handle,
      displayName,
      instanceUrl,
      status,
      avatarUrl,
      // OAuth accounts reconnect on their provider's consent screen; token accounts in this page's form, filled in
      reconnectPath:
        status === 'ACTIVE'
          ? null
          : isTokenPlatform(platform)
            ? reconnectLink({ id, platform })
            : (oauthPlatforms.find((entry) => entry.platform === platform)?.authorizePath ?? null),
    })),
    canManage: roleAllows(actor.role, 'connections:write'),
  };
}

/** Each token platform's form posts `add-<slug>` (platforms/<name>/connect.ts). */
type Intent = 'add-demo' | `add-${string}` | 'disconnect' | 'signature';
/** What a refused form shows again: never a secret */
type Fields = Record<string, string>;

/** The page has several forms: the answer names the one its errors belong to. */
function refused(intent: Intent, errors: FieldErrors, fields: Fields, status = 400) {
  return data({ intent, errors, fields }, { status });
}

/** Carries out a change and goes to the page it names (this one by default), or shows the service's refusal beside its form. */
async function carryOut(intent: Intent, change: () => Promise<string | void>, fields: Fields = {}) {
  let landing: string | void;
  try {
    landing = await change();
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), fields, error.status);
  }
  return redirect(landing ?? '/connections');
}

export async function changeConnections(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { connections } = context.services;
  const intent = formText(formData, 'intent');
  /** Connecting an account the team already has reconnects it: the page then says so. */
  // the account the Reconnect link was for, if the form was opened from one
  const reconnecting = formText(formData, 'reconnect');
  const connect = (form: Intent, input: ConnectInput, fields: Fields = {}) =>
    carryOut(
      form,
      async () => {
        const { connection, reconnected } = await connections.connect(actor, input);
        if (reconnecting && connection.id !== reconnecting) {
          return `/connections?${new URLSearchParams({ reconnect: reconnecting, connectedInstead: connection.id })}`;
        }
        if (reconnected) return `/connections?reconnected=${encodeURIComponent(connection.id)}`;
      },
      fields,
    );
  /** A token platform's form: its fields as the API takes them; only those that are not secrets are shown again if it is refused. */
  const connectWithToken = ({ slug, fields }: TokenConnectEntry) => {
    const form: Intent = `add-${slug}`;
    const values: Record<string, string | boolean> = {};
    for (const field of fields) {
      const value = field.type === 'checkbox' ? formData.get(field.name) === 'on' : formText(formData, field.name).trim();
      if (!(field.optional && value === '')) values[field.name] = value;
    }
    const shown: Fields = Object.fromEntries(
      fields
        .filter((field) => field.type !== 'password' && field.type !== 'checkbox')
        .map((field) => [field.name, formText(formData, field.name)]),
    );
    const submission = parseForm(ConnectSchema, { platform: slug, ...values });
    if (!submission.ok) return refused(form, submission.errors, shown);
    return connect(form, submission.data, shown);
  };
  const tokenConnect = TOKEN_CONNECTS.find(({ slug }) => intent === `add-${slug}`);
  if (tokenConnect) return connectWithToken(tokenConnect);
  switch (intent) {
    case 'add-demo':
      return connect(intent, { platform: 'demo' });
    case 'disconnect':
      return carryOut(intent, () => connections.disconnect(actor, formText(formData, 'connectionId')));
    case 'signature': {
      const fields = { connectionId: formText(formData, 'connectionId'), signature: formText(formData, 'signature') };
      const submission = parseForm(SetSignatureSchema, { signature: fields.signature });
      if (!submission.ok) return refused(intent, submission.errors, fields);
      return carryOut(
        intent,
        async () => {
          await connections.setSignature(actor, fields.connectionId, submission.data.signature);
        },
        fields,
      );
    }
    default:
      throw data({ title: 'Unknown action', detail: `The connections page cannot "${intent}".` }, { status: 400 });
  }
}
