// Editing a post in the one composer (web/components/composer/): a draft is saved, scheduled
// or published from here; a scheduled post's changes reach its workflow while it waits for its
// time; a failed (or partly published) post is fixed, then retried.
import { Link } from 'react-router';
import { ComposerForm } from '../components/composer/composer-form';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/edit-post';
import { isRetry, noLongerEditable } from '../utils/post-editing';
import { loadEditor, saveEditedPost } from './edit-post.server';

export const meta: Route.MetaFunction = ({ data }) => [
  {
    title: `${data?.post.status === 'DRAFT' ? 'Edit draft' : data && isRetry(data.post.status) ? 'Fix and retry' : 'Edit post'} · planrrr`,
  },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return loadEditor(context, requirePermission(context, request, 'posts:write'), params.postId);
}

export async function action({ context, request, params }: Route.ActionArgs) {
  return saveEditedPost(context, requirePermission(context, request, 'posts:write'), params.postId, await request.formData());
}

export default function EditPost({ loaderData, actionData }: Route.ComponentProps) {
  const { post, connections, labels, timeZones, initial, ai, approvalAccounts } = loaderData;
  const draft = post.status === 'DRAFT';
  const retry = isRetry(post.status);
  const tooLate = noLongerEditable(post.status);
  if (tooLate) {
    // it went out or was cancelled while the editor was open: say so, and keep what was written
    return (
      <>
        <h1>Edit post</h1>
        <div role="alert" className="form-errors">
          <p>{tooLate}</p>
        </div>
        {actionData?.fields.content ? (
          <section className="card" aria-labelledby="written-heading">
            <h2 id="written-heading">What you wrote</h2>
            <p className="post-content">{actionData.fields.content}</p>
          </section>
        ) : null}
        <p>
          <Link to={`/posts/${post.id}`}>Open the post</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to={`/posts/${post.id}`}>← Back to the post</Link>
      </p>
      <h1>{draft ? 'Edit draft' : retry ? 'Fix and retry' : 'Edit scheduled post'}</h1>
      {draft ? null : (
        <p className="hint">
          {post.status === 'PARTIALLY_PUBLISHED'
            ? 'Retrying publishes your fixes now to the accounts that failed; the accounts that published keep what they published.'
            : retry
              ? 'Retrying publishes your fixes now.'
              : 'Changes reach the post’s workflow while it waits for its time; once publishing has started they are refused.'}
        </p>
      )}
      <ComposerForm
        action={`/posts/${post.id}/edit`}
        mode={draft ? 'draft' : retry ? 'retry' : 'scheduled'}
        connections={connections}
        labels={labels}
        timeZones={timeZones}
        initial={actionData?.fields ?? initial}
        plannedAt={post.publishAt}
        errors={actionData?.errors}
        ai={ai}
        approvalAccounts={approvalAccounts}
        hidden={{ stateVersion: String(post.stateVersion), status: post.status }}
      />
    </>
  );
}
