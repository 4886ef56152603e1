import type { ReactNode } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { AccountName, DEMO_EXPLANATION, PlatformIcon, platformName } from '../components/account';
import { FormErrors, TextareaField, TextField } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/connections';
import { changeConnections, loadConnectionsPage } from './connections.server';

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
  const mastodonReconnect = reconnectingOn('MASTODON');
  const blueskyReconnect = reconnectingOn('BLUESKY');
  const telegramReconnect = reconnectingOn('TELEGRAM');
  const discordReconnect = reconnectingOn('DISCORD');
  const slackReconnect = reconnectingOn('SLACK');
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
          <p>
            X, Facebook, Instagram, YouTube, LinkedIn, Threads, Reddit, Pinterest, TikTok and Google Business Profile connect on the
            platform's own page, where you confirm which account planrrr may post to. Mastodon, Bluesky, Telegram, Discord, Slack and the
            demo channel need no setup on the server: they are below.
          </p>
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

          <TokenConnectCard
            platform="MASTODON"
            title="Mastodon"
            reconnecting={mastodonReconnect}
            intro={{ reconnect: 'Paste a new access token for this account: its scheduled posts then publish again.' }}
            checking="Checking the account…"
            busy={busy('add-mastodon')}
            errors={errorsFor('add-mastodon')?.form}
          >
            <TextField
              label="Instance URL"
              name="instanceUrl"
              type="url"
              placeholder="https://mastodon.social"
              required
              defaultValue={
                actionData?.intent === 'add-mastodon' ? actionData.fields.instanceUrl : (mastodonReconnect?.instanceUrl ?? undefined)
              }
              errors={errorsFor('add-mastodon')?.instanceUrl}
            />
            <TextField
              label="Access token"
              name="accessToken"
              type="password"
              autoComplete="off"
              required
              hint="Create one on your instance under Preferences → Development, with the write:statuses scope."
              errors={errorsFor('add-mastodon')?.accessToken}
            />
          </TokenConnectCard>

          <TokenConnectCard
            platform="BLUESKY"
            title="Bluesky"
            reconnecting={blueskyReconnect}
            intro={{ reconnect: 'Enter a new app password for this account: its scheduled posts then publish again.' }}
            checking="Checking the account…"
            busy={busy('add-bluesky')}
            errors={errorsFor('add-bluesky')?.form}
          >
            <TextField
              label="Handle"
              name="handle"
              placeholder="alice.bsky.social"
              required
              defaultValue={actionData?.intent === 'add-bluesky' ? actionData.fields.handle : blueskyReconnect?.handle.replace(/^@/, '')}
              errors={errorsFor('add-bluesky')?.handle}
            />
            <TextField
              label="App password"
              name="appPassword"
              type="password"
              autoComplete="off"
              required
              hint="Create one in Bluesky under Settings → Privacy and security → App passwords. Never your account password."
              errors={errorsFor('add-bluesky')?.appPassword}
            />
            <TextField
              label="PDS (optional)"
              name="serviceUrl"
              type="url"
              placeholder="https://bsky.social"
              hint="Only if your account lives on its own server."
              defaultValue={
                actionData?.intent === 'add-bluesky' ? actionData.fields.serviceUrl : (blueskyReconnect?.instanceUrl ?? undefined)
              }
              errors={errorsFor('add-bluesky')?.serviceUrl}
            />
          </TokenConnectCard>

          <TokenConnectCard
            platform="TELEGRAM"
            title="Telegram channel"
            reconnecting={telegramReconnect}
            intro={{
              reconnect:
                'Paste the bot token again (or a new one), with the bot back in the channel as an administrator: its scheduled posts then publish again.',
              connect:
                'planrrr posts to a channel as your bot: create one with @BotFather, then add it to the channel as an administrator allowed to post messages.',
            }}
            checking="Checking the bot…"
            busy={busy('add-telegram')}
            errors={errorsFor('add-telegram')?.form}
          >
            <TextField
              label="Bot token"
              name="botToken"
              type="password"
              autoComplete="off"
              required
              hint="@BotFather gives it when you create the bot (/newbot), e.g. 123456789:AAH…"
              errors={errorsFor('add-telegram')?.botToken}
            />
            <TextField
              label="Channel"
              name="channel"
              placeholder="@yourchannel"
              required
              hint="The channel's @name, or for a private channel its numeric id (-100…)."
              defaultValue={
                actionData?.intent === 'add-telegram'
                  ? actionData.fields.channel
                  : // a public channel's handle is its @name; a private one's ends with its id in brackets
                    (/^@\S+$|(?<=\()-?\d+(?=\)$)/.exec(telegramReconnect?.handle ?? '')?.[0] ?? undefined)
              }
              errors={errorsFor('add-telegram')?.channel}
            />
          </TokenConnectCard>

          <TokenConnectCard
            platform="DISCORD"
            title="Discord channel"
            reconnecting={discordReconnect}
            intro={{
              reconnect: "The channel's webhook was deleted or replaced: paste its new URL, and its scheduled posts publish again.",
              connect:
                'planrrr posts to a channel through its webhook: in Discord, the channel’s settings → Integrations → Webhooks → New Webhook, then Copy Webhook URL.',
            }}
            checking="Checking the webhook…"
            busy={busy('add-discord')}
            errors={errorsFor('add-discord')?.form}
          >
            <TextField
              label="Webhook URL"
              name="webhookUrl"
              type="password"
              autoComplete="off"
              required
              hint="https://discord.com/api/webhooks/… Anyone with it can post to the channel: planrrr keeps it encrypted."
              errors={errorsFor('add-discord')?.webhookUrl}
            />
            <label className="checkbox">
              <input type="checkbox" name="allowMentions" aria-describedby="discord-mentions-hint" />
              Let posts ping
            </label>
            <p id="discord-mentions-hint" className="hint">
              Off: an @everyone, @here, role or member named in a post is shown but notifies nobody.
            </p>
          </TokenConnectCard>

          <TokenConnectCard
            platform="SLACK"
            title="Slack channel"
            reconnecting={slackReconnect}
            intro={{
              reconnect:
                'Paste the app’s bot token again (or its new one), with the app in the channel: its scheduled posts then publish again.',
              connect:
                'planrrr posts as your Slack app: create one at api.slack.com/apps with the bot scopes chat:write, files:write and channels:read, install it to your workspace, and add it to the channel.',
            }}
            checking="Checking the app…"
            busy={busy('add-slack')}
            errors={errorsFor('add-slack')?.form}
          >
            <TextField
              label="Bot token"
              name="botToken"
              type="password"
              autoComplete="off"
              required
              hint="The app's Bot User OAuth Token (xoxb-…), under OAuth & Permissions."
              errors={errorsFor('add-slack')?.botToken}
            />
            <TextField
              label="Channel ID"
              name="channelId"
              placeholder="C0123456789"
              required
              hint="At the bottom of the channel's details (click its name → About)."
              defaultValue={actionData?.intent === 'add-slack' ? actionData.fields.channelId : undefined}
              errors={errorsFor('add-slack')?.channelId}
            />
          </TokenConnectCard>
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
 * reconnected): its heading, what to do, and one form around the platform's own fields.
 */
function TokenConnectCard({
  platform,
  title,
  reconnecting,
  intro,
  checking,
  busy,
  errors,
  children,
}: {
  platform: 'MASTODON' | 'BLUESKY' | 'TELEGRAM' | 'DISCORD' | 'SLACK';
  title: string;
  reconnecting: { id: string; handle: string } | null;
  intro: { reconnect: string; connect?: string };
  /** the button's label while the server checks what was pasted */
  checking: string;
  busy: boolean;
  errors: string[] | undefined;
  children: ReactNode;
}) {
  const slug = platform.toLowerCase();
  const explanation = reconnecting ? intro.reconnect : intro.connect;
  return (
    <section className="card" aria-labelledby={`${slug}-heading`}>
      <h2 id={`${slug}-heading`}>{reconnecting ? `Reconnect ${reconnecting.handle}` : title}</h2>
      {explanation ? <p>{explanation}</p> : null}
      <Form method="post" className="stack" noValidate>
        {reconnecting ? <input type="hidden" name="reconnect" value={reconnecting.id} /> : null}
        <FormErrors errors={errors} />
        {children}
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
