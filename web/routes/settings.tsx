import { useEffect, useRef } from 'react';
import { Form, Link, useNavigation, useSearchParams } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { LocalTime } from '../components/local-time';
import { TimeZoneSelect } from '../components/time-zone-select';
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
  const { profile, tokens, canManageTokens, timeZones } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failure = actionData && 'errors' in actionData ? actionData : undefined;
  const errorsFor = (intent: string) => (failure?.intent === intent ? failure.errors : undefined);
  const created = actionData && 'created' in actionData ? actionData.created : undefined;
  const saved = useSearchParams()[0].get('saved') === 'profile';
  const hydrated = useHydrated();
  const secretRef = useRef<HTMLInputElement>(null);
  useEffect(() => secretRef.current?.select(), [created]);
  const browserZone = hydrated ? browserTimeZone() : null;

  return (
    <>
      <h1>Settings</h1>
      <nav aria-label="Settings sections" className="hint">
        <a href="#profile-heading">Profile and time zone</a> · <a href="#tokens-heading">API tokens</a> ·{' '}
        <Link to="/settings/webhooks">Webhooks</Link> · <Link to="/connections">Connected accounts</Link>
      </nav>

      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile and time zone</h2>
        {saved ? (
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
