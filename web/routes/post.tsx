import { Form, Link, useNavigation } from 'react-router';
import { AccountName, DEMO_EXPLANATION } from '../components/account';
import { ErrorList, FormErrors, TextareaField } from '../components/field';
import { LocalTime } from '../components/local-time';
import { PublishAtField } from '../components/publish-at-field';
import { isLive, StatusBadge } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import { formatInZone, localFromInstant } from '../utils/time';
import { reconnectLink } from '../utils/reconnect';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
import { overrideField } from '../utils/override-field';
import { useTimeZone } from '../utils/use-time-zone';
import type { Route } from './+types/post';
import { changePost, loadPostPage } from './post.server';

export const meta: Route.MetaFunction = () => [{ title: 'Post · planrrr' }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const actor = requirePermission(context, request, 'posts:read');
  return loadPostPage(context, actor, params.postId);
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const actor = requirePermission(context, request, 'posts:write');
  return changePost(context, actor, params.postId, await request.formData());
}

export default function Post({ loaderData, actionData }: Route.ComponentProps) {
  const { post, connections, canChange } = loaderData;
  // live while on its way; after a retry the workflow's new run is, before the stored status catches up
  const retrying = Boolean(post.workflow && isLive(post.workflow.status) && !isLive(post.status));
  useLiveRevalidation(isLive(post.status) || retrying, (postId) => postId === post.id);
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : undefined);
  // a change refused because publishing started; a refused retry is shown beside its button
  const tooLate =
    actionData?.status === 409 && actionData.intent !== 'retry'
      ? (actionData.errors.form ?? Object.values(actionData.errors).flat()).join(' ')
      : null;
  const refusedChanges = post.workflow?.refusedChanges ?? [];
  const needsReconnect = new Set(connections.filter((connection) => connection.status !== 'ACTIVE').map((connection) => connection.id));
  const changeable = post.status === 'SCHEDULED' && canChange;
  const retryable = (post.status === 'FAILED' || post.status === 'PARTIALLY_PUBLISHED') && canChange && !retrying;
  return (
    <article className="post-detail">
      <p>
        <Link to="/calendar">← Calendar</Link> · <Link to="/posts">All posts</Link>
      </p>
      <h1>
        Post <StatusBadge status={post.status} />
      </h1>
      {tooLate ? (
        <div role="alert" className="form-errors conflict">
          <strong>Too late to change this post.</strong> {tooLate}
        </div>
      ) : null}
      <p className="post-content card">{post.content}</p>
      <dl className="facts">
        <dt>Publish at</dt>
        <dd>
          <LocalTime iso={post.publishAt} />
          {post.timeZone ? <PostTimeZone iso={post.publishAt} timeZone={post.timeZone} /> : null}
        </dd>
        {post.publishedAt ? (
          <>
            <dt>Published</dt>
            <dd>
              <LocalTime iso={post.publishedAt} />
            </dd>
          </>
        ) : null}
        <dt>Revision</dt>
        <dd>{post.revision}</dd>
      </dl>
      {post.workflow === null ? <p className="hint">The scheduler did not answer just now: this is the last recorded state.</p> : null}
      {retrying ? (
        <p role="status" className="notice">
          Retrying: publishing again to the accounts that failed.
        </p>
      ) : null}

      <h2>Accounts</h2>
      <div className="table-scroll">
        <table className="targets-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Link</th>
            </tr>
          </thead>
          <tbody>
            {post.targets.map((target) => (
              <tr key={target.connectionId}>
                <td>
                  <AccountName
                    platform={target.platform}
                    handle={target.handle}
                    displayName={target.displayName}
                    avatarUrl={target.avatarUrl}
                  />
                  {target.content !== null ? (
                    <p className="target-text">
                      <span className="hint">Own text: </span>
                      {target.content}
                    </p>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={target.status} />
                </td>
                <td>
                  {target.attemptLog.length === 0 ? (
                    target.attempts
                  ) : (
                    <details className="attempt-log">
                      <summary>{target.attempts}</summary>
                      <ol>
                        {target.attemptLog.map((entry) => (
                          <li key={`${entry.attempt}-${entry.at}`}>
                            <LocalTime iso={entry.at} options={{ dateStyle: 'medium', timeStyle: 'medium' }} />: attempt {entry.attempt}{' '}
                            {entry.outcome === 'published'
                              ? 'published'
                              : `failed (${entry.errorKind}${entry.retryable ? ', retried' : ''}): ${entry.error}`}
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                </td>
                <td>
                  {target.lastError ?? '—'}
                  {target.status === 'FAILED' && needsReconnect.has(target.connectionId) ? (
                    <>
                      {' '}
                      <Link to={reconnectLink({ id: target.connectionId, platform: target.platform })} className="button button-small">
                        Reconnect
                      </Link>
                    </>
                  ) : null}
                </td>
                <td>
                  {target.url ? (
                    <a href={target.url} aria-label={`View the post on ${target.displayName}`}>
                      {target.platform === 'DEMO' ? 'View in the demo feed' : 'View post'}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {post.targets.some((target) => target.platform === 'DEMO') ? <p className="hint">{DEMO_EXPLANATION}</p> : null}

      {refusedChanges.length > 0 ? (
        <>
          <h2>Changes that arrived too late</h2>
          <ul>
            {refusedChanges.map((change) => (
              <li key={`${change.kind}-${change.at}`}>
                <LocalTime iso={change.at} />: {change.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {changeable ? (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">Change this post</h2>
          <p className="hint">Changes reach the post’s workflow while it waits; once publishing has started they are refused.</p>
          <div className="grid-2 change-forms">
            <RescheduleForm
              publishAt={post.publishAt}
              errors={errorsFor('reschedule')}
              submitted={actionData?.intent === 'reschedule' ? actionData.fields.publishAt : undefined}
              busy={busy('reschedule')}
            />
            <section className="card" aria-labelledby="edit-heading">
              <h3 id="edit-heading">Edit</h3>
              <Form method="post" className="stack" noValidate>
                <FormErrors errors={errorsFor('edit')?.form} />
                <TextareaField
                  label="Content"
                  name="content"
                  rows={4}
                  required
                  defaultValue={actionData?.intent === 'edit' ? actionData.fields.content : post.content}
                  errors={errorsFor('edit')?.content}
                />
                <fieldset className="field">
                  <legend>Publish to</legend>
                  {connections.map((connection) => (
                    <label key={connection.id} className="checkbox">
                      <input
                        type="checkbox"
                        name="connectionIds"
                        value={connection.id}
                        defaultChecked={post.targets.some((target) => target.connectionId === connection.id)}
                        disabled={connection.status !== 'ACTIVE'}
                      />{' '}
                      <AccountName
                        platform={connection.platform}
                        handle={connection.handle}
                        displayName={connection.displayName}
                        avatarUrl={connection.avatarUrl}
                      />
                    </label>
                  ))}
                  <ErrorList errors={errorsFor('edit')?.connectionIds} />
                </fieldset>
                <fieldset className="field">
                  <legend>Customize per account</legend>
                  <p className="hint">
                    An account with a text of its own publishes it instead of the content; empty it to publish the content.
                  </p>
                  {connections.map((connection) => {
                    const own =
                      actionData?.intent === 'edit'
                        ? actionData.fields.overrides?.[connection.id]
                        : post.targets.find((target) => target.connectionId === connection.id)?.content;
                    return (
                      <details key={connection.id} open={Boolean(own)}>
                        <summary>Customize for {connection.platform === 'DEMO' ? connection.displayName : connection.handle}</summary>
                        <TextareaField
                          label={`Custom version for ${connection.platform === 'DEMO' ? connection.displayName : connection.handle}`}
                          name={overrideField(connection.id)}
                          rows={3}
                          defaultValue={own ?? ''}
                          errors={errorsFor('edit')?.[overrideField(connection.id)]}
                        />
                      </details>
                    );
                  })}
                </fieldset>
                <button type="submit" name="intent" value="edit" className="button" disabled={busy('edit')}>
                  {busy('edit') ? 'Saving…' : 'Save changes'}
                </button>
              </Form>
            </section>
          </div>
        </section>
      ) : null}

      <div className="actions">
        {retryable ? (
          <Form method="post">
            <FormErrors errors={errorsFor('retry')?.form} />
            <p className="hint">Publishes again to the accounts that failed, now; the ones that published are left alone.</p>
            <button type="submit" name="intent" value="retry" className="button" disabled={busy('retry')}>
              {busy('retry') ? 'Retrying…' : 'Retry the failed accounts'}
            </button>
          </Form>
        ) : null}
        {changeable ? (
          <Form method="post">
            <FormErrors errors={tooLate ? undefined : errorsFor('cancel')?.form} />
            <button type="submit" name="intent" value="cancel" className="button button-danger" disabled={busy('cancel')}>
              {busy('cancel') ? 'Cancelling…' : 'Cancel this post'}
            </button>
          </Form>
        ) : null}
        <a href={post.temporalUiUrl} target="_blank" rel="noreferrer">
          Open in Temporal Web UI
        </a>
      </div>
    </article>
  );
}

function RescheduleForm({
  publishAt,
  errors,
  submitted,
  busy,
}: {
  publishAt: string;
  errors?: Partial<Record<string, string[]>>;
  submitted?: string;
  busy: boolean;
}) {
  const { timeZone } = useTimeZone();
  return (
    <section className="card" aria-labelledby="reschedule-heading">
      <h3 id="reschedule-heading">Reschedule</h3>
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        {/* keyed by zone: the prefilled wall-clock time changes once the browser's zone is known */}
        <PublishAtField
          key={timeZone}
          id="reschedule-at"
          label="New time"
          timeZone={timeZone}
          required
          defaultValue={submitted ?? localFromInstant(publishAt, timeZone)}
          errors={errors?.publishAt}
        />
        <button type="submit" name="intent" value="reschedule" className="button" disabled={busy}>
          {busy ? 'Rescheduling…' : 'Reschedule'}
        </button>
      </Form>
    </section>
  );
}

/** The zone the time was chosen in, with the time there when it is not the reader's zone. */
function PostTimeZone({ iso, timeZone }: { iso: string; timeZone: string }) {
  const reader = useTimeZone().timeZone;
  return (
    <span className="time-zone">
      {' '}
      {timeZone === reader
        ? `(${timeZone})`
        : `(${formatInZone(iso, timeZone, { timeStyle: 'short' })} in ${timeZone}, where it was scheduled)`}
    </span>
  );
}
