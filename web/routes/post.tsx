import { Form, Link, useNavigation } from 'react-router';
import { AccountName, DEMO_EXPLANATION } from '../components/account';
import { FormErrors } from '../components/field';
import { LabelChips } from '../components/label-chip';
import { LocalTime, PublishTime } from '../components/local-time';
import { MediaThumbnail } from '../components/media-thumbnail';
import { PostMetrics } from '../components/post-metrics';
import { PublishAtField } from '../components/publish-at-field';
import { isLive, StatusBadge } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import { reconnectLink } from '../utils/reconnect';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
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
  const { post, connections, canChange, metrics } = loaderData;
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
  const editable = (post.status === 'SCHEDULED' || post.status === 'DRAFT') && canChange;
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
      {post.thread.length > 0 ? (
        <ol className="stack" start={2} aria-label="Thread">
          {post.thread.map((part, index) => (
            <li key={index} className="post-content card">
              {part.content}
            </li>
          ))}
        </ol>
      ) : null}
      {post.firstComment !== null ? (
        <p className="post-content card">
          <span className="hint">First comment: </span>
          {post.firstComment}
        </p>
      ) : null}
      {post.media.length > 0 ? (
        <ul className="post-media" aria-label="Media">
          {post.media.map((media) => (
            <li key={media.id}>
              <MediaThumbnail media={media} />
            </li>
          ))}
        </ul>
      ) : null}
      <LabelChips labels={post.labels} />
      <dl className="facts">
        <dt>Publish at</dt>
        <dd>
          <PublishTime iso={post.publishAt} timeZone={post.timeZone} />
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
      {post.workflow === null && post.status !== 'DRAFT' ? (
        <p role="status" className="notice">
          {post.status === 'SCHEDULED'
            ? 'Saved and scheduled: it goes out at its time. The scheduler is slow to answer just now, so this is the post as saved; the page updates by itself.'
            : 'Shown as last saved: the scheduler is slow to answer just now, and this page updates by itself.'}
        </p>
      ) : null}
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
                  {target.firstComment ? (
                    <p className="target-comment" data-testid={`comment-${target.platform}`}>
                      First comment: <StatusBadge status={target.firstComment.status} />{' '}
                      {target.firstComment.url ? <a href={target.firstComment.url}>View comment</a> : null}
                      {target.firstComment.error ? <span className="field-errors"> {target.firstComment.error}</span> : null}
                    </p>
                  ) : null}
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
                  ) : target.status === 'PUBLISHED' && target.platform === 'TELEGRAM' ? (
                    // a private channel has no public @name, so no link that works for everyone
                    <span className="hint">No public link: a private channel</span>
                  ) : target.status === 'PUBLISHED' && target.platform === 'TIKTOK' ? (
                    // an inbox upload is finished by the creator in the app; a direct post has no
                    // link while TikTok still processes or moderates it, or when only its creator may see it
                    <span className="hint">
                      {target.options?.tiktok?.mode === 'inbox'
                        ? 'Sent to the TikTok inbox: finish the post in the TikTok app'
                        : 'No public link yet: TikTok is processing it, or it is private'}
                    </span>
                  ) : (
                    '—'
                  )}
                  {target.threadParts.length > 0 ? (
                    <ol className="target-parts" start={2} aria-label={`Thread parts on ${target.displayName}`}>
                      {target.threadParts.map((part) => (
                        <li key={part.part}>
                          <a href={part.url}>View part {part.part + 1}</a>
                        </li>
                      ))}
                    </ol>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {post.targets.some((target) => target.platform === 'DEMO') ? <p className="hint">{DEMO_EXPLANATION}</p> : null}

      <PostMetrics metrics={metrics} />

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

      {post.status === 'CANCELLED' && canChange ? (
        <RestoreForms
          errors={errorsFor('restore')}
          submitted={actionData?.intent === 'restore' ? actionData.fields.publishAt : undefined}
          busy={busy('restore')}
        />
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
        {retryable ? (
          <Link to={`/posts/${post.id}/edit`} className="button button-secondary">
            Fix and retry
          </Link>
        ) : null}
        {editable ? (
          <Link to={`/posts/${post.id}/edit`} className="button">
            {post.status === 'DRAFT' ? 'Edit draft' : 'Edit'}
          </Link>
        ) : null}
        {canChange ? (
          <Link to={`/previews?post=${post.id}`} className="button button-secondary">
            Share preview
          </Link>
        ) : null}
        {canChange ? (
          <Form method="post">
            <FormErrors errors={errorsFor('duplicate')?.form} />
            <button type="submit" name="intent" value="duplicate" className="button button-secondary" disabled={busy('duplicate')}>
              {busy('duplicate') ? 'Duplicating…' : 'Duplicate'}
            </button>
          </Form>
        ) : null}
        {changeable ? (
          <ConfirmForm
            intent="cancel"
            label="Cancel this post…"
            question="Cancel this post? It will not be published. You can restore it afterwards."
            confirm="Yes, cancel it"
            busyLabel="Cancelling…"
            busy={busy('cancel')}
            errors={tooLate ? undefined : errorsFor('cancel')?.form}
          />
        ) : null}
        {post.status === 'DRAFT' && canChange ? (
          <ConfirmForm
            intent="delete"
            label="Delete draft…"
            question="Delete this draft for good? This cannot be undone."
            confirm="Yes, delete it"
            busyLabel="Deleting…"
            busy={busy('delete')}
            errors={errorsFor('delete')?.form}
          />
        ) : null}
        {post.temporalUiUrl ? (
          <a href={post.temporalUiUrl} target="_blank" rel="noreferrer">
            Open in Temporal Web UI
          </a>
        ) : null}
      </div>
    </article>
  );
}

/** A step that cannot be taken back by accident: the button only opens the question; works without JavaScript. */
function ConfirmForm({
  intent,
  label,
  question,
  confirm,
  busyLabel,
  busy,
  errors,
}: {
  intent: string;
  label: string;
  question: string;
  confirm: string;
  busyLabel: string;
  busy: boolean;
  errors: string[] | undefined;
}) {
  return (
    <details className="confirm-step" open={errors ? true : undefined}>
      <summary className="button button-danger">{label}</summary>
      <Form method="post" className="confirm-body card">
        <FormErrors errors={errors} />
        <p>{question}</p>
        <button type="submit" name="intent" value={intent} className="button button-danger" disabled={busy}>
          {busy ? busyLabel : confirm}
        </button>
      </Form>
    </details>
  );
}

/** A cancelled post comes back as a draft, or scheduled again at a time still to come. */
function RestoreForms({ errors, submitted, busy }: { errors?: Partial<Record<string, string[]>>; submitted?: string; busy: boolean }) {
  const { timeZone } = useTimeZone();
  return (
    <section className="card" aria-labelledby="restore-heading">
      <h2 id="restore-heading">Restore this post</h2>
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        <p className="hint">As a draft, to change it first; or scheduled again, at a time still to come.</p>
        <PublishAtField id="restore-at" label="Schedule again at" timeZone={timeZone} defaultValue={submitted} errors={errors?.publishAt} />
        <div className="composer-actions">
          <button type="submit" name="intent" value="restore" className="button" disabled={busy}>
            {busy ? 'Restoring…' : 'Restore'}
          </button>
        </div>
        <p className="hint">Leave the time empty to restore it as a draft.</p>
      </Form>
    </section>
  );
}
