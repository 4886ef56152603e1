// Client previews: links that show a client posts without an account (web/routes/preview.tsx).
// "Share preview" on a post's page or on the calendar's week opens this page with what to
// share; the link's address is shown once, after it is made. Every link is listed with its
// state, and can be revoked. Works without JavaScript.
import { useEffect, useRef } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { LocalTime } from '../components/local-time';
import { requirePermission } from '../utils/auth.server';
import { describeTimeZone, formatInZone } from '../utils/time';
import { useTimeZone } from '../utils/use-time-zone';
import type { Route } from './+types/previews';
import { changePreviews, loadPreviewsPage } from './previews.server';

export const meta: Route.MetaFunction = () => [{ title: 'Client previews · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadPreviewsPage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changePreviews(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

const STATUS_LABELS = { ACTIVE: 'Active', EXPIRED: 'Expired', REVOKED: 'Revoked' } as const;

type PreviewLink = Route.ComponentProps['loaderData']['links'][number];

function shows(link: PreviewLink): string {
  if (!link.range) return link.postIds.length === 1 ? '1 post' : `${link.postIds.length} posts`;
  const day = { day: 'numeric', month: 'short' } as const;
  const lastDay = new Date(Date.parse(link.range.to) - 1).toISOString();
  const accounts = link.range.connectionIds.length;
  return `Posts planned ${formatInZone(link.range.from, link.timeZone, day)} – ${formatInZone(lastDay, link.timeZone, { ...day, year: 'numeric' })}${
    accounts > 0 ? ` (${accounts === 1 ? '1 account' : `${accounts} accounts`})` : ''
  }`;
}

export default function Previews({ loaderData, actionData }: Route.ComponentProps) {
  const { links, canWrite, sharing, defaultDays, maxDays } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failed = (intent: string) => (actionData?.intent === intent && !actionData.created ? actionData : undefined);
  const created = actionData?.created;
  const { timeZone } = useTimeZone();
  const urlField = useRef<HTMLInputElement>(null);
  useEffect(() => urlField.current?.select(), [created?.url]);

  return (
    <>
      <h1>Client previews</h1>
      <p className="lead">
        A preview link shows someone without an account (a client) posts as each account will publish them, with their times and pictures.
        It works until it expires or you revoke it.
      </p>

      {created ? (
        <div role="status" className="callout">
          <p>Link “{created.label}” made. Copy it now and send it to your client: its address is shown only this once.</p>
          <input ref={urlField} aria-label="Preview link" className="secret" readOnly value={created.url} />
          <p>
            <a href={created.url} target="_blank" rel="noreferrer">
              Open it as your client will see it
            </a>
          </p>
        </div>
      ) : null}

      {canWrite && sharing && !created ? (
        <section className="card" aria-labelledby="share-heading">
          <h2 id="share-heading">Share a preview</h2>
          <p>Of {sharing.title}.</p>
          {sharing.kind === 'week' ? <p className="hint">The page shows the week as it is when the client opens it.</p> : null}
          <Form method="post" className="stack narrow" noValidate>
            <FormErrors errors={failed('create')?.errors.form} />
            {sharing.kind === 'post' ? <input type="hidden" name="post" value={sharing.postId} /> : null}
            {sharing.kind === 'week' ? <input type="hidden" name="week" value={sharing.week} /> : null}
            {sharing.kind === 'week' && sharing.accountId ? <input type="hidden" name="account" value={sharing.accountId} /> : null}
            <input type="hidden" name="timeZone" value={timeZone} />
            <p className="hint">
              The client’s page shows times in {describeTimeZone(timeZone)} (<Link to="/settings">change</Link>).
            </p>
            <TextField
              label="Name"
              name="label"
              maxLength={80}
              required
              hint="Who or what it is for: your list shows it, and so does the client's page."
              defaultValue={failed('create')?.fields.label ?? sharing.label}
              errors={failed('create')?.errors.label}
            />
            <TextField
              label="Works for (days)"
              name="expiresInDays"
              type="number"
              min={1}
              max={maxDays}
              defaultValue={failed('create')?.fields.expiresInDays ?? String(defaultDays)}
              errors={failed('create')?.errors.expiresInDays}
            />
            <fieldset>
              <legend>The client may</legend>
              <label className="checkbox">
                <input type="checkbox" name="allowApprove" />
                <span>approve posts</span>
              </label>
              <label className="checkbox">
                <input type="checkbox" name="allowComment" />
                <span>comment on posts</span>
              </label>
            </fieldset>
            <button type="submit" name="intent" value="create" className="button" disabled={busy('create')}>
              {busy('create') ? 'Making the link…' : 'Make the link'}
            </button>
          </Form>
        </section>
      ) : canWrite && !created ? (
        <p className="hint">
          To share, use “Share preview” on a <Link to="/posts">post’s page</Link> or on the{' '}
          <Link to="/calendar?view=week">calendar’s week</Link>.
        </p>
      ) : null}

      <section className="card" aria-labelledby="links-heading">
        <h2 id="links-heading">Your team’s links</h2>
        <FormErrors errors={failed('revoke')?.errors.form} />
        {links.length === 0 ? (
          <p className="hint">No links yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="targets-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Shows</th>
                  <th scope="col">The client may</th>
                  <th scope="col">Made</th>
                  <th scope="col">State</th>
                  {canWrite ? <th scope="col">Revoke</th> : null}
                </tr>
              </thead>
              <tbody>
                {links.map((link) => (
                  <tr key={link.id}>
                    <th scope="row">{link.label}</th>
                    <td>{link.range ? shows(link) : <Link to={`/posts/${link.postIds[0]}`}>{shows(link)}</Link>}</td>
                    <td>
                      {[link.allowApprove ? 'approve' : null, link.allowComment ? 'comment' : null].filter(Boolean).join(', ') || 'look'}
                    </td>
                    <td>
                      <LocalTime iso={link.createdAt} />
                      {link.createdBy ? <span className="hint"> by {link.createdBy.name}</span> : null}
                    </td>
                    <td>
                      {STATUS_LABELS[link.status]}
                      {link.status === 'ACTIVE' ? (
                        <span className="hint">
                          {' '}
                          until <LocalTime iso={link.expiresAt} />
                        </span>
                      ) : null}
                    </td>
                    {canWrite ? (
                      <td>
                        {link.status === 'ACTIVE' ? (
                          <Form method="post">
                            <input type="hidden" name="previewId" value={link.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="revoke"
                              className="button button-danger button-small"
                              disabled={busy('revoke')}
                            >
                              Revoke<span className="visually-hidden"> {link.label}</span>
                            </button>
                          </Form>
                        ) : (
                          '—'
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
