// The page a client preview link opens (/preview/<token>): each post as every account will
// publish it, its time in the link's time zone, its status. No account needed and no
// session used (web/utils/client-pages.ts); nothing of the posts can be changed here. When the
// link allows it, the client approves or comments under the name they type (plain forms, so
// without JavaScript too). An expired, revoked or unknown link gets a page saying so.
import { Form, useNavigation } from 'react-router';
import { MEDIA_KINDS } from '../../domain/platform-rules';
import { optionFieldValues } from '../../domain/target-options';
import type { ClientPost, ClientPreview } from '../../api/previews/service';
import { platformName } from '../components/account';
import { formatOf, PlatformPreview, type PreviewMedia } from '../components/composer/post-previews';
import { FormErrors, TextareaField, TextField } from '../components/field';
import { StatusBadge } from '../components/status-badge';
import { describeTimeZone, formatInZone } from '../utils/time';
import type { Route } from './+types/preview';
import { loadClientPreview, reviewAsClient } from './preview.server';

const PRIVATE_PAGE = 'noindex, nofollow';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData && 'preview' in loaderData ? `${loaderData.preview.label} · ${loaderData.preview.teamName}` : 'Preview link' },
  { name: 'robots', content: PRIVATE_PAGE },
];

/** Search engines leave the page out even if a link leaks; no cache keeps a copy. */
export const headers: Route.HeadersFunction = () => ({ 'X-Robots-Tag': PRIVATE_PAGE, 'Cache-Control': 'no-store' });

export async function loader({ context, params }: Route.LoaderArgs) {
  return loadClientPreview(context, params.token);
}

export async function action({ context, params, request }: Route.ActionArgs) {
  return reviewAsClient(context, params.token, await request.formData());
}

export default function PreviewPage({ loaderData, actionData }: Route.ComponentProps) {
  if ('gone' in loaderData) {
    return (
      <section className="client-preview client-preview-gone">
        <h1>{loaderData.gone.title}</h1>
        <p className="lead">{loaderData.gone.detail}</p>
      </section>
    );
  }
  const { preview } = loaderData;
  return (
    <section className="client-preview" aria-labelledby="preview-heading">
      <header className="client-preview-header">
        <p className="client-preview-team">{preview.teamName}</p>
        <h1 id="preview-heading">{preview.label}</h1>
        <p className="hint">
          {preview.range ? <>Posts planned {rangeText(preview)}. </> : null}
          Times are in {describeTimeZone(preview.timeZone)}. This link works until {formatInZone(preview.expiresAt, preview.timeZone)}.
        </p>
      </header>
      {preview.posts.length === 0 ? (
        <p className="card">{preview.range ? 'Nothing is planned in this time yet.' : 'These posts are no longer there.'}</p>
      ) : (
        <ol className="client-posts">
          {preview.posts.map((post) => (
            <li key={post.id}>
              <ClientPostCard
                post={post}
                timeZone={preview.timeZone}
                canComment={preview.allowComment}
                review={actionData?.postId === post.id ? actionData : undefined}
                lastName={actionData?.fields.name ?? ''}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function rangeText(preview: ClientPreview): string {
  const range = preview.range!;
  const day = { weekday: 'short', day: 'numeric', month: 'short' } as const;
  // the range's end is exclusive: its last day is the one before
  const lastDay = new Date(new Date(range.to).getTime() - 1).toISOString();
  return `from ${formatInZone(range.from, preview.timeZone, day)} to ${formatInZone(lastDay, preview.timeZone, { ...day, year: 'numeric' })}`;
}

function clientMedia(media: ClientPost['media'][number] | undefined): PreviewMedia | undefined {
  return media && { kind: MEDIA_KINDS[media.kind], previewUrl: media.url, altText: media.altText ?? '', fileName: media.fileName };
}

type ReviewAnswer = NonNullable<Route.ComponentProps['actionData']>;

function ClientPostCard({
  post,
  timeZone,
  canComment,
  review,
  lastName,
}: {
  post: ClientPost;
  timeZone: string;
  canComment: boolean;
  /** the answer to this post's last approval or comment */
  review: ReviewAnswer | undefined;
  /** the name the client typed last, on any post: they need not type it again */
  lastName: string;
}) {
  const headingId = `post-${post.id}`;
  const parts = post.thread.map((part) => part.content);
  return (
    <article className="card client-post" aria-labelledby={headingId}>
      <header className="client-post-header">
        <h2 id={headingId}>
          {post.publishAt
            ? formatInZone(post.publishAt, timeZone, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })
            : 'No time set yet'}
        </h2>
        <StatusBadge status={post.status} />
      </header>
      {post.accounts.length === 0 ? (
        <p className="post-content">{post.content}</p>
      ) : (
        <div className="client-post-previews">
          {post.accounts.map((account) => {
            const options = optionFieldValues(account.options ?? {});
            return (
              <div key={`${account.platform}-${account.handle}`} className="client-post-account">
                <PlatformPreview
                  account={{ ...account, avatarUrl: null }}
                  content={account.content}
                  media={clientMedia(post.media[0])}
                  options={options}
                  parts={parts}
                  firstComment={post.firstComment ?? ''}
                  format={formatOf(account.platform, options.format, post.media.length)}
                />
                {account.url ? (
                  <a href={account.url} rel="noreferrer noopener" target="_blank">
                    See it on {platformName(account.platform)}
                  </a>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
      {post.comments.length > 0 ? (
        <ol className="comment-thread" aria-label="Sent to the team">
          {post.comments.map((comment) => (
            <li key={`${comment.createdAt}-${comment.name}`} className="card comment">
              <p className="comment-meta">
                <strong>{comment.name}</strong> · {formatInZone(comment.createdAt, timeZone)}
                {comment.approval ? <span className="badge status-published">Approved</span> : null}
              </p>
              <p className="comment-body">{comment.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {post.approvable || canComment || review?.done ? (
        <ClientReview post={post} canComment={canComment} review={review} lastName={lastName} />
      ) : null}
    </article>
  );
}

/** The client's forms for one post: approve (with an optional note) and comment, each with their name. */
function ClientReview({
  post,
  canComment,
  review,
  lastName,
}: {
  post: ClientPost;
  canComment: boolean;
  review: ReviewAnswer | undefined;
  lastName: string;
}) {
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent && navigation.formData.get('postId') === post.id;
  const answerTo = (intent: string) => (review?.intent === intent ? review : undefined);
  const approval = answerTo('approve');
  const comment = answerTo('comment');
  return (
    <div className="client-review">
      {/* outside the forms: the approval's form is gone once the client approved */}
      {approval?.done ? <p role="status">{approval.done}</p> : null}
      {post.approvable ? (
        <Form key={post.comments.length} method="post" className="stack" aria-label="Approve this post" noValidate>
          <h3>Your approval</h3>
          <input type="hidden" name="postId" value={post.id} />
          <FormErrors errors={approval?.errors.form} />
          <TextField
            label="Your name"
            name="name"
            maxLength={80}
            required
            defaultValue={approval?.fields.name || lastName}
            errors={approval?.errors.name}
          />
          <TextField
            label="A note for the team (optional)"
            name="note"
            maxLength={2000}
            defaultValue={approval?.fields.note}
            errors={approval?.errors.note}
          />
          <button type="submit" name="intent" value="approve" className="button" disabled={busy('approve')}>
            {busy('approve') ? 'Approving…' : 'Approve this post'}
          </button>
        </Form>
      ) : null}
      {canComment ? (
        <Form key={post.comments.length} method="post" className="stack" aria-label="Comment on this post" noValidate>
          <h3>Your comment</h3>
          <input type="hidden" name="postId" value={post.id} />
          <FormErrors errors={comment?.errors.form} />
          {comment?.done ? <p role="status">{comment.done}</p> : null}
          <TextField
            label="Your name"
            name="name"
            maxLength={80}
            required
            defaultValue={comment?.fields.name || lastName}
            errors={comment?.errors.name}
          />
          <TextareaField
            label="Comment"
            name="body"
            rows={3}
            maxLength={5000}
            required
            defaultValue={comment?.fields.body}
            errors={comment?.errors.body}
          />
          <button type="submit" name="intent" value="comment" className="button button-secondary" disabled={busy('comment')}>
            {busy('comment') ? 'Sending…' : 'Send comment'}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
