import { useEffect, useRef } from 'react';
import { Form, Link, useNavigation, useSearchParams } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { LocalTime } from '../components/local-time';
import { TimeZoneSelect } from '../components/time-zone-select';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from '../../domain/notifications';
import { requireActor } from '../utils/auth.server';
import { browserTimeZone, describeTimeZone } from '../utils/time';
import { useHydrated } from '../utils/use-hydrated';
import type { Route } from './+types/settings';
import { changeSettings, loadSettings } from './settings.server';

export const meta: Route.MetaFunction = () => [{ title: 'Settings · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadSettings(context, requireActor(context, request));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeSettings(context, requireActor(context, request), await request.formData());
}

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const { profile, tokens, canManageTokens, timeZones, notificationSettings } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failure = actionData && 'errors' in actionData ? actionData : undefined;
  const errorsFor = (intent: string) => (failure?.intent === intent ? failure.errors : undefined);
  const created = actionData && 'created' in actionData ? actionData.created : undefined;
  const saved = useSearchParams()[0].get('saved');
  const hydrated = useHydrated();
  const secretRef = useRef<HTMLInputElement>(null);
  useEffect(() => secretRef.current?.select(), [created]);
  const browserZone = hydrated ? browserTimeZone() : null;

  return (
    <>
      <h1>Settings</h1>
      <nav aria-label="Settings sections" className="hint">
        <a href="#profile-heading">Profile and time zone</a> · <a href="#notifications">Notifications</a> ·{' '}
        <a href="#tokens-heading">API tokens</a> · <Link to="/settings/webhooks">Webhooks</Link> ·{' '}
        <Link to="/settings/chat">Team chat</Link> · <Link to="/connections">Connected accounts</Link>
      </nav>

      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile and time zone</h2>
        {saved === 'profile' ? (
          <p role="status" className="success">
            Saved. Times now show in {describeTimeZone(profile.timeZone ?? 'UTC')}.
          </p>
        ) : null}
        <Form method="post" className="stack narrow" noValidate>
          <FormErrors errors={errorsFor('profile')?.form} />
          <TextField
            label="Name"
            name="name"
            autoComplete="name"
            required
            defaultValue={failure?.intent === 'profile' ? failure.fields.name : profile.name}
            errors={errorsFor('profile')?.name}
          />
          <p className="hint">Email: {profile.email}</p>
          <div className="field">
            <label htmlFor="timeZone">Time zone</label>
            <TimeZoneSelect
              id="timeZone"
              name="timeZone"
              timeZones={['UTC', ...timeZones]}
              current={profile.timeZone ?? 'UTC'}
              defaultValue={profile.timeZone ?? 'UTC'}
              aria-describedby="timeZone-hint"
            />
            <p id="timeZone-hint" className="hint">
              The calendar, the schedule form and every time on the pages use it.
              {browserZone && browserZone !== profile.timeZone ? ` This browser is in ${browserZone}.` : null}
            </p>
            {errorsFor('profile')?.timeZone ? <FormErrors errors={errorsFor('profile')?.timeZone} /> : null}
          </div>
          <button type="submit" name="intent" value="profile" className="button" disabled={busy('profile')}>
            {busy('profile') ? 'Saving…' : 'Save profile'}
          </button>
        </Form>
      </section>

      <section className="card" id="notifications" aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">Notifications</h2>
        <p className="hint">
          What you are told about, under the bell in the app and by email to {profile.email}. The team’s Slack and Discord channels are set
          up by its admins in <Link to="/settings/chat">Team chat</Link>.
        </p>
        {saved === 'notifications' ? (
          <p role="status" className="success">
            Saved.
          </p>
        ) : null}
        <Form method="post" className="stack">
          <div className="table-scroll">
            <table className="data-table notification-settings">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">In the app</th>
                  <th scope="col">By email</th>
                </tr>
              </thead>
              <tbody>
                {NOTIFICATION_KINDS.map((kind) => (
                  <tr key={kind}>
                    <th scope="row">{NOTIFICATION_KIND_LABELS[kind]}</th>
                    <td>
                      <input
                        type="checkbox"
                        name={`${kind}.inApp`}
                        aria-label={`${NOTIFICATION_KIND_LABELS[kind]}: in the app`}
                        defaultChecked={notificationSettings[kind].inApp}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`${kind}.email`}
                        aria-label={`${NOTIFICATION_KIND_LABELS[kind]}: by email`}
                        defaultChecked={notificationSettings[kind].email}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" name="intent" value="notifications" className="button" disabled={busy('notifications')}>
            {busy('notifications') ? 'Saving…' : 'Save notifications'}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">API tokens</h2>
        <p className="hint">
          A token lets a script use the REST API as you, in this team (<code>Authorization: Bearer …</code>). Revoke it when it is no longer
          needed.
        </p>
        {created ? (
          <div className="callout" role="status">
            <h3>Your new token “{created.name}”</h3>
            <p>Copy it now: it is shown once, and planrrr keeps only a hash of it.</p>
            <label htmlFor="new-token">Token</label>
            <input id="new-token" ref={secretRef} readOnly value={created.token} className="secret" />
          </div>
        ) : null}
        {canManageTokens ? (
          <>
            {/* a new form after each token, so its name field starts empty */}
            <Form key={created?.token} method="post" className="inline-form" noValidate>
              <FormErrors errors={errorsFor('create-token')?.form} />
              <TextField
                label="Token name"
                name="name"
                required
                hint="e.g. the script or service that uses it"
                defaultValue={failure?.intent === 'create-token' ? failure.fields.name : undefined}
                errors={errorsFor('create-token')?.name}
              />
              <button type="submit" name="intent" value="create-token" className="button" disabled={busy('create-token')}>
                Create token
              </button>
            </Form>
            <FormErrors errors={errorsFor('revoke-token')?.form} />
            {tokens.length === 0 ? (
              <p>No API tokens yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Starts with</th>
                      <th scope="col">Created</th>
                      <th scope="col">Last used</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.map((token) => (
                      <tr key={token.id}>
                        <th scope="row">{token.name}</th>
                        <td>
                          <code>{token.prefix}…</code>
                        </td>
                        <td>
                          <LocalTime iso={token.createdAt} />
                        </td>
                        <td>{token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} /> : 'Never'}</td>
                        <td>
                          <Form method="post">
                            <input type="hidden" name="tokenId" value={token.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="revoke-token"
                              className="button button-danger button-small"
                              aria-label={`Revoke ${token.name}`}
                            >
                              Revoke
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ) : (
          <p className="hint">Your role in this team does not allow API tokens.</p>
        )}
      </section>
    </>
  );
}
