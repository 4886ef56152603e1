import { Fragment } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { AccountName, DEMO_EXPLANATION, PlatformIcon, platformName } from '../components/account';
import { FormErrors, TextareaField, TextField } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import { listInProse, PLATFORM_DEFINITIONS, platformNamesWhere, TOKEN_CONNECTS, type TokenConnectEntry } from '../../platforms';
import type { Route } from './+types/connections';
import { changeConnections, loadConnectionsPage } from './connections.server';

const HOW_PLATFORMS_CONNECT =
  `${platformNamesWhere((platform) => platform.connectsWith === 'oauth')} connect on the platform's own page, where you confirm which account planrrr may post to. ` +
  `${listInProse([...PLATFORM_DEFINITIONS.filter((platform) => platform.connectsWith === 'token').map((platform) => platform.name), 'the demo channel'])} need no setup on the server: they are below.`;

export const meta: Route.MetaFunction = () => [{ title: 'Connections · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requirePermission(context, request, 'connections:read');
  return loadConnectionsPage(context, actor, request);
}

export async function action({ context, request }: Route.ActionArgs) {
  const actor = requirePermission(context, request, 'connections:write');
  return changeConnections(context, actor, await request.formData());
}

export default function Connections({ loaderData, actionData }: Route.ComponentProps) {
  const { connections, canManage, oauthPlatforms, oauthSetupDocsUrl, oauthOutcome, reconnecting, reconnectedNotice, wrongAccountAlert } =
    loaderData;
  const reconnectingOn = (platform: string) => (reconnecting?.platform === platform ? reconnecting : null);
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : undefined);
  const hasDemo = connections.some((connection) => connection.platform === 'DEMO');
  const signatureRefused = (connectionId: string) =>
    actionData?.intent === 'signature' && actionData.fields.connectionId === connectionId ? actionData : undefined;
  return (
    <>
      <h1>Connections</h1>
      <p className="lead">The accounts this team publishes to.</p>
      {oauthOutcome ? (
        <p role={oauthOutcome.ok ? 'status' : 'alert'} className={oauthOutcome.ok ? 'notice' : 'field-errors'}>
          {oauthOutcome.message}
        </p>
      ) : null}

      {reconnectedNotice ? (
        <p role="status" className="notice">
          {reconnectedNotice}
        </p>
      ) : null}
      {wrongAccountAlert ? (
        <p role="alert" className="field-errors">
          {wrongAccountAlert}
        </p>
      ) : null}

      <FormErrors errors={errorsFor('disconnect')?.form} />
      {connections.length === 0 ? (
        <p>No accounts connected yet. The demo channel below is the quickest way to try planrrr.</p>
      ) : (
        <ul className="connection-list">
          {connections.map((connection) => (
            <li key={connection.id} className="card connection">
              <div>
                <AccountName
                  platform={connection.platform}
                  handle={connection.handle}
                  displayName={connection.displayName}
                  avatarUrl={connection.avatarUrl}
                />
                {connection.status === 'ACTIVE' ? null : (
                  <p className="field-errors">
                    Needs reconnecting: the platform no longer accepts planrrr's access, so posts to it fail until you connect it again.
                  </p>
                )}
                {connection.platform === 'DEMO' ? (
                  <p className="hint">
                    {DEMO_EXPLANATION} <Link to={`/demo/${connection.id}`}>Open its feed</Link>
                  </p>
                ) : null}
              </div>
              {canManage ? (
                <Form method="post" className="connection-actions">
                  {connection.reconnectPath ? (
                    <a className="button" href={connection.reconnectPath}>
                      Reconnect
                    </a>
                  ) : null}
                  <input type="hidden" name="connectionId" value={connection.id} />
                  <button type="submit" name="intent" value="disconnect" className="button button-secondary">
                    Disconnect
                  </button>
                </Form>
              ) : null}
              {canManage ? (
                <SignatureForm connection={connection} refused={signatureRefused(connection.id)} busy={busy('signature')} />
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {canManage ? (
        <section className="card oauth-connect" aria-labelledby="oauth-heading">
          <h2 id="oauth-heading">Connect an account</h2>
          <p>{HOW_PLATFORMS_CONNECT}</p>
          <ul className="platform-options">
            {oauthPlatforms.map((entry) => (
              <li key={entry.platform} className={entry.authorizePath ? 'platform-option' : 'platform-option platform-unavailable'}>
                {entry.authorizePath ? (
                  <a className="button button-secondary" href={entry.authorizePath}>
                    <PlatformIcon platform={entry.platform} /> Connect {platformName(entry.platform)}
                  </a>
                ) : (
                  <UnconfiguredPlatform entry={entry} docsUrl={oauthSetupDocsUrl} />
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {canManage ? (
        <div className="grid-2">
          <section className="card" aria-labelledby="demo-heading">
            <h2 id="demo-heading">
              Demo channel <span className="badge badge-demo">Demo</span>
            </h2>
            <p>{DEMO_EXPLANATION} Use it to watch a scheduled post go out, step by step, before you connect a real account.</p>
            <Form method="post">
              <FormErrors errors={errorsFor('add-demo')?.form} />
              <button type="submit" name="intent" value="add-demo" className="button" disabled={busy('add-demo')}>
                {hasDemo ? 'Add another demo channel' : 'Add the demo channel'}
              </button>
            </Form>
          </section>

          {TOKEN_CONNECTS.map((tokenConnect) => {
            const intent = `add-${tokenConnect.slug}`;
            return (
              <TokenConnectCard
                key={tokenConnect.platform}
                tokenConnect={tokenConnect}
                reconnecting={reconnectingOn(tokenConnect.platform)}
                busy={busy(intent)}
                errors={errorsFor(intent)}
                refusedFields={actionData?.intent === intent ? actionData.fields : undefined}
              />
            );
          })}
        </div>
      ) : (
        <p className="hint">Your role in this team lets you see its accounts; an admin or owner can connect new ones.</p>
      )}
    </>
  );
}

type OAuthPlatformEntry = Route.ComponentProps['loaderData']['oauthPlatforms'][number];

/**
 * The card that connects an account with a token pasted in (or reconnects the one being
 * reconnected): its heading, what to do, and one form with the platform's fields
 * (platforms/<name>/connect.ts). Secrets are never filled in.
 */
function TokenConnectCard({
  tokenConnect: { platform, slug, title, intro, checking, fields },
  reconnecting,
  busy,
  errors,
  refusedFields,
}: {
  tokenConnect: TokenConnectEntry;
  reconnecting: { id: string; handle: string; instanceUrl: string | null } | null;
  busy: boolean;
  /** the server's refusal of this form, by field */
  errors: Partial<Record<string, string[]>> | undefined;
  /** what this form held when the server refused it */
  refusedFields: Partial<Record<string, string>> | undefined;
}) {
  const explanation = reconnecting ? intro.reconnect : intro.connect;
  const startingValue = (field: TokenConnectEntry['fields'][number]) =>
    refusedFields ? refusedFields[field.name] : reconnecting ? field.reconnectValue?.(reconnecting) : undefined;
  return (
    <section className="card" aria-labelledby={`${slug}-heading`}>
      <h2 id={`${slug}-heading`}>{reconnecting ? `Reconnect ${reconnecting.handle}` : title}</h2>
      {explanation ? <p>{explanation}</p> : null}
      <Form method="post" className="stack" noValidate>
        {reconnecting ? <input type="hidden" name="reconnect" value={reconnecting.id} /> : null}
        <FormErrors errors={errors?.form} />
        {fields.map((field) =>
          field.type === 'checkbox' ? (
            <Fragment key={field.name}>
              <label className="checkbox">
                <input type="checkbox" name={field.name} aria-describedby={field.hint ? `${slug}-${field.name}-hint` : undefined} />
                {field.label}
              </label>
              {field.hint ? (
                <p id={`${slug}-${field.name}-hint`} className="hint">
                  {field.hint}
                </p>
              ) : null}
            </Fragment>
          ) : (
            <TextField
              key={field.name}
              label={field.label}
              name={field.name}
              type={field.type ?? 'text'}
              placeholder={field.placeholder}
              required={!field.optional}
              hint={field.hint}
              {...(field.type === 'password' ? { autoComplete: 'off' } : { defaultValue: startingValue(field) })}
              errors={errors?.[field.name]}
            />
          ),
        )}
        <button type="submit" name="intent" value={`add-${slug}`} className="button" disabled={busy}>
          {busy ? checking : `${reconnecting ? 'Reconnect' : 'Connect'} ${platformName(platform)}`}
        </button>
      </Form>
    </section>
  );
}

/** A platform planrrr supports but this server cannot connect yet: who must set what, and where that is explained. */
function UnconfiguredPlatform({ entry, docsUrl }: { entry: OAuthPlatformEntry; docsUrl: string | null }) {
  const name = platformName(entry.platform);
  const [idVariable, secretVariable] = entry.setupVariables;
  const howTo = 'Registering the OAuth apps';
  return (
    <div className="platform-unavailable-body">
      <p className="platform-unavailable-name">
        <PlatformIcon platform={entry.platform} /> {name} <span className="badge">Not set up on this server</span>
      </p>
      <p className="hint">
        {name} needs {entry.provider === name ? 'an' : `a ${entry.provider}`} app registered for this server: its administrator sets{' '}
        <code>{idVariable}</code> and <code>{secretVariable}</code>, then restarts planrrr. How:{' '}
        {docsUrl ? <a href={docsUrl}>{howTo}</a> : `“${howTo}” in docs/platforms.md`}.
      </p>
    </div>
  );
}

/** The text appended to the account's new posts (api/posts/service.ts), which the composer counts; empty: none. */
function SignatureForm({
  connection,
  refused,
  busy,
}: {
  connection: { id: string; displayName: string; signature: string | null };
  refused: { errors: { signature?: string[] | undefined; form?: string[] | undefined }; fields: { signature?: string } } | undefined;
  busy: boolean;
}) {
  return (
    <Form method="post" className="signature-form">
      <input type="hidden" name="connectionId" value={connection.id} />
      <FormErrors errors={refused?.errors.form} />
      <TextareaField
        label={
          <>
            Signature<span className="visually-hidden"> for {connection.displayName}</span>
          </>
        }
        name="signature"
        rows={2}
        maxLength={1000}
        defaultValue={refused?.fields.signature ?? connection.signature ?? ''}
        errors={refused?.errors.signature}
        hint="Added after a blank line to this account’s text in each new post (and counted there), unless the post leaves signatures off."
      />
      <button type="submit" name="intent" value="signature" className="button button-secondary button-small" disabled={busy}>
        Save signature<span className="visually-hidden"> for {connection.displayName}</span>
      </button>
    </Form>
  );
}
