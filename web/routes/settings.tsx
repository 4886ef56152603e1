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
  const { profile, tokens, canManageTokens, timeZones, notificationSettings, twoFactor, enrolment, sessions } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failure = actionData && 'errors' in actionData ? actionData : undefined;
  const errorsFor = (intent: string) => (failure?.intent === intent ? failure.errors : undefined);
  const created = actionData && 'created' in actionData ? actionData.created : undefined;
  const recoveryCodes = actionData && 'recoveryCodes' in actionData ? actionData.recoveryCodes : undefined;
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
        <a href="#two-factor-heading">Two-factor log-in</a> · <a href="#sessions-heading">Sessions</a> ·{' '}
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
          <p className="hint">
            Email: {profile.email} {profile.emailVerified ? '(verified)' : '(not verified yet)'}
          </p>
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

      {saved === 'verification' ? (
        <p role="status" className="notice">
          A new verification link is on its way to {profile.email}.
        </p>
      ) : null}
      {saved === 'password' ? (
        <p role="status" className="notice">
          Your password is changed, and every other session is signed out.
        </p>
      ) : null}
      <FormErrors errors={errorsFor('resend-verification')?.form} />

      <section className="card" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">Two-factor log-in</h2>
        {saved === 'two-factor-off' ? (
          <p role="status" className="notice">
            Two-factor log-in is off.
          </p>
        ) : null}
        {recoveryCodes ? (
          <div className="callout" role="status">
            <h3>Two-factor log-in is on: your recovery codes</h3>
            <p>
              Keep these somewhere safe, such as a password manager: each one logs you in once without your phone. They are shown only now.
            </p>
            <ul className="recovery-codes" aria-label="Recovery codes">
              {recoveryCodes.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {twoFactor.enabled ? (
          <>
            <p>
              On. Log-ins ask for a code of your authenticator app after the password. {twoFactor.recoveryCodesLeft} of 10 recovery codes
              left.
            </p>
            <Form method="post" className="inline-form" noValidate>
              <FormErrors errors={errorsFor('disable-2fa')?.form} />
              <TextField
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                errors={errorsFor('disable-2fa')?.password}
              />
              <button type="submit" name="intent" value="disable-2fa" className="button button-danger" disabled={busy('disable-2fa')}>
                Turn off two-factor log-in
              </button>
            </Form>
          </>
        ) : enrolment ? (
          <div className="two-factor-enrolment">
            <p>Scan the code with an authenticator app (such as Aegis, Google Authenticator or 1Password), then enter the code it shows.</p>
            <img src={enrolment.qrCode} alt="QR code of the two-factor secret for your authenticator app" width={240} height={240} />
            <p className="hint">
              Or type the secret: <code className="secret-text">{enrolment.secret}</code>
            </p>
            <Form method="post" className="inline-form" noValidate>
              <FormErrors errors={errorsFor('confirm-2fa')?.form} />
              <TextField
                label="Code from the app"
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                errors={errorsFor('confirm-2fa')?.code}
              />
              <button type="submit" name="intent" value="confirm-2fa" className="button" disabled={busy('confirm-2fa')}>
                Turn on
              </button>
            </Form>
          </div>
        ) : (
          <>
            <p>Off. With it on, a log-in also needs a code from an app on your phone, so a stolen password is not enough.</p>
            <Form method="post">
              <FormErrors errors={errorsFor('enroll-2fa')?.form} />
              <button type="submit" name="intent" value="enroll-2fa" className="button" disabled={busy('enroll-2fa')}>
                Set up two-factor log-in
              </button>
            </Form>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p className="hint">Where you are logged in. End a session you do not recognise, and change your password.</p>
        {saved === 'sessions' ? (
          <p role="status" className="notice">
            Signed out everywhere else.
          </p>
        ) : null}
        <FormErrors errors={errorsFor('end-session')?.form} />
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">IP address</th>
                <th scope="col">Logged in</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    {session.userAgent ?? 'Unknown device'}
                    {session.current ? <strong> (this device)</strong> : null}
                  </th>
                  <td>{session.ipAddress ?? '–'}</td>
                  <td>
                    <LocalTime iso={session.createdAt} />
                  </td>
                  <td>
                    <LocalTime iso={session.lastSeenAt} />
                  </td>
                  <td>
                    {session.current ? null : (
                      <Form method="post">
                        <input type="hidden" name="sessionId" value={session.id} />
                        <button type="submit" name="intent" value="end-session" className="button button-danger button-small">
                          Sign out
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {sessions.length > 1 ? (
          <Form method="post">
            <button type="submit" name="intent" value="end-other-sessions" className="button" disabled={busy('end-other-sessions')}>
              Sign out everywhere else
            </button>
          </Form>
        ) : null}
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
