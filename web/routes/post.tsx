import { Form, Link, useNavigation } from 'react-router';
import { AccountName, DEMO_EXPLANATION } from '../components/account';
import { FormErrors, TextareaField } from '../components/field';
import { LabelChips } from '../components/label-chip';
import { LocalTime, PublishTime } from '../components/local-time';
import { MediaThumbnail } from '../components/media-thumbnail';
import { PostMetrics } from '../components/post-metrics';
import { PublishAtField } from '../components/publish-at-field';
import { acceptsChanges } from '../../domain/post-lifecycle';
import { platformDefinition } from '../../platforms';
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

/** Why a published post has no link, where its platform says (a private Telegram channel), else a dash. */
function MissingLink({
  target,
}: {
  target: Pick<Route.ComponentProps['loaderData']['post']['targets'][number], 'platform' | 'status' | 'options'>;
}) {
  const reason =
    target.status === 'PUBLISHED'
      ? platformDefinition(target.platform).publishedWithoutLink?.(Object.values(target.options ?? {})[0])
      : undefined;
  return reason ? <span className="hint">{reason}</span> : '—';
}

export default function Post({ loaderData, actionData }: Route.ComponentProps) {
  const { post, connections, canChange, canDecide, comments, history, userId, metrics } = loaderData;
  // live while on its way; after a retry the workflow's new run is, before the stored status catches up
  const retrying = Boolean(post.workflow && isLive(post.workflow.status) && !isLive(post.status));
  useLiveRevalidation(isLive(post.status) || retrying, (postId) => postId === post.id);
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : undefined);
  // a change refused because publishing started; a refused retry or decision is shown beside its form
  const tooLate =
    actionData?.status === 409 && !['retry', 'approve', 'reject', 'delete-comment'].includes(actionData.intent)
      ? (actionData.errors.form ?? Object.values(actionData.errors).flat()).join(' ')
      : null;
  const refusedChanges = post.workflow?.refusedChanges ?? [];
  const needsReconnect = new Set(connections.filter((connection) => connection.status !== 'ACTIVE').map((connection) => connection.id));
  // still waiting for its time or a decision: it takes changes
  const waiting = acceptsChanges(post.status);
  const changeable = waiting && canChange;
  const editable = (waiting || post.status === 'DRAFT') && canChange;
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
      {post.status === 'PENDING_APPROVAL' ? (
        <ApprovalPanel
          deadline={post.approvalDeadline}
          expired={post.workflow?.approval?.expired ?? false}
          canDecide={canDecide}
          errorsFor={errorsFor}
          submitted={actionData?.fields}
          busy={busy}
        />
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
                  ) : (
                    <MissingLink target={target} />
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

      <CommentThread
        comments={comments}
        userId={userId}
        canWrite={canChange}
        errorsFor={errorsFor}
        submitted={actionData?.intent === 'comment' ? actionData.fields.body : undefined}
        busy={busy}
      />

      <PostHistory entries={history} />

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

/** What each audit action on a post reads as in its history. */
const HISTORY_WORDS: Record<string, string> = {
  'post.created': 'wrote it',
  'post.edited': 'edited it',
  'post.scheduled': 'scheduled it',
  'post.rescheduled': 'moved it',
  'post.cancelled': 'cancelled it',
  'post.retried': 'retried it',
  'post.restored': 'restored it',
  'post.labels_set': 'changed its labels',
  'post.queued': 'queued it',
  'post.approved': 'approved it',
  'post.rejected': 'rejected it',
  'comment.created': 'commented',
  'comment.deleted': 'deleted a comment',
};

/** Who did what to the post and when, from the audit log: decisions among it. The workflow's own steps are in the Temporal Web UI. */
function PostHistory({ entries }: { entries: Array<{ id: string; action: string; actorName: string | null; at: string }> }) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="post-history">
        {entries.map((entry) => (
          <li key={entry.id}>
            <LocalTime iso={entry.at} options={{ dateStyle: 'medium', timeStyle: 'short' }} />: {entry.actorName ?? 'A former member'}{' '}
            {HISTORY_WORDS[entry.action] ?? entry.action}
          </li>
        ))}
      </ol>
    </section>
  );
}

type ErrorsFor = (intent: string) => Partial<Record<string, string[]>> | undefined;

/**
 * A post waiting for a decision: until when, and for a decider the two decisions. Once the
 * deadline has passed, approving needs a new time.
 */
function ApprovalPanel({
  deadline,
  expired,
  canDecide,
  errorsFor,
  submitted,
  busy,
}: {
  deadline: string | null;
  expired: boolean;
  canDecide: boolean;
  errorsFor: ErrorsFor;
  submitted?: { publishAt?: string; comment?: string };
  busy: (intent: string) => boolean;
}) {
  const { timeZone } = useTimeZone();
  const approveErrors = errorsFor('approve');
  const rejectErrors = errorsFor('reject');
  return (
    <section className="card approval-panel" aria-labelledby="approval-heading">
      <h2 id="approval-heading">Waiting for approval</h2>
      {expired ? (
        <p role="status" className="notice">
          No decision came before the deadline
          {deadline ? (
            <>
              {' '}
              (<LocalTime iso={deadline} />)
            </>
          ) : null}
          , so it will not be published at its time. A decider can approve it for a new time; its author can still change it.
        </p>
      ) : (
        <p>
          A decider approves or rejects it
          {deadline ? (
            <>
              {' '}
              until <LocalTime iso={deadline} />
            </>
          ) : null}
          ; it is published only once approved.
        </p>
      )}
      {canDecide ? (
        <div className="approval-decisions">
          <Form method="post" className="stack" noValidate>
            <FormErrors errors={approveErrors?.form} />
            {expired || approveErrors?.publishAt ? (
              <PublishAtField
                id="approve-at"
                label="Approve for"
                timeZone={timeZone}
                defaultValue={submitted?.publishAt}
                errors={approveErrors?.publishAt}
                required
              />
            ) : null}
            <button type="submit" name="intent" value="approve" className="button" disabled={busy('approve')}>
              {busy('approve') ? 'Approving…' : 'Approve'}
            </button>
          </Form>
          <Form method="post" className="stack" noValidate>
            <FormErrors errors={rejectErrors?.form} />
            <TextareaField
              label="Why reject it? The author reads this"
              name="comment"
              rows={3}
              defaultValue={submitted?.comment}
              errors={rejectErrors?.comment}
            />
            <button type="submit" name="intent" value="reject" className="button button-danger" disabled={busy('reject')}>
              {busy('reject') ? 'Rejecting…' : 'Reject'}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

/** The team's internal comments on the post, a rejection's reason among them, with a form to add one. */
function CommentThread({
  comments,
  userId,
  canWrite,
  errorsFor,
  submitted,
  busy,
}: {
  comments: Array<{
    id: string;
    body: string;
    decision: string | null;
    author: { id: string; name: string } | null;
    /** for what a client sent through a preview link */
    clientName: string | null;
    mentions: Array<{ id: string; name: string }>;
    createdAt: string;
  }>;
  userId: string;
  canWrite: boolean;
  errorsFor: ErrorsFor;
  submitted?: string;
  busy: (intent: string) => boolean;
}) {
  const errors = errorsFor('comment');
  return (
    <section id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      <FormErrors errors={errorsFor('delete-comment')?.form} />
      {comments.length === 0 ? <p className="hint">No comments yet. Only your team sees them.</p> : null}
      <ol className="comment-thread">
        {comments.map((comment) => (
          <li key={comment.id} className={`card comment${comment.decision === 'rejection' ? ' comment-rejection' : ''}`}>
            <p className="comment-meta">
              <strong>{comment.author?.name ?? (comment.clientName ? `${comment.clientName} (client)` : 'A former member')}</strong> ·{' '}
              <LocalTime iso={comment.createdAt} />
              {comment.decision === 'rejection' ? <span className="badge status-failed">Rejected</span> : null}
              {comment.decision === 'client_approval' ? <span className="badge status-published">Approved by the client</span> : null}
            </p>
            <p className="comment-body">{comment.body}</p>
            {comment.author?.id === userId && !comment.decision ? (
              <Form method="post">
                <input type="hidden" name="commentId" value={comment.id} />
                <button type="submit" name="intent" value="delete-comment" className="button button-small button-secondary">
                  Delete
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {canWrite ? (
        // a new comment in the thread starts an empty form
        <Form key={comments.length} method="post" className="stack" noValidate>
          <FormErrors errors={errors?.form} />
          <TextareaField
            label="Add a comment"
            hint="Mention a team member with @name or @email: they are told."
            name="body"
            rows={3}
            defaultValue={submitted}
            errors={errors?.body}
          />
          <button type="submit" name="intent" value="comment" className="button" disabled={busy('comment')}>
            {busy('comment') ? 'Sending…' : 'Comment'}
          </button>
        </Form>
      ) : null}
    </section>
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
