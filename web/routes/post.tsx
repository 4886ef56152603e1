import { Form, Link, useNavigation } from 'react-router';
import { AccountName, DEMO_EXPLANATION } from '../components/account';
import { FormErrors } from '../components/field';
import { LocalTime } from '../components/local-time';
import { isLive, StatusBadge } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
import type { Route } from './+types/post';
import { cancelPost, loadPostPage } from './post.server';

export const meta: Route.MetaFunction = () => [{ title: 'Post · planrrr' }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const actor = requirePermission(context, request, 'posts:read');
  return loadPostPage(context, actor, params.postId);
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const actor = requirePermission(context, request, 'posts:write');
  return cancelPost(context, actor, params.postId);
}

export default function Post({ loaderData, actionData }: Route.ComponentProps) {
  const { post, canChange } = loaderData;
  useLiveRevalidation(isLive(post.status), (postId) => postId === post.id);
  const cancelling = useNavigation().formMethod === 'POST';
  const refusedChanges = post.workflow?.refusedChanges ?? [];
  return (
    <article className="post-detail">
      <p>
        <Link to="/posts">← All posts</Link>
      </p>
      <h1>
        Post <StatusBadge status={post.status} />
      </h1>
      <p className="post-content card">{post.content}</p>
      <dl className="facts">
        <dt>Publish at</dt>
        <dd>
          <LocalTime iso={post.publishAt} />
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
                  <AccountName platform={target.platform} handle={target.handle} displayName={target.displayName} />
                </td>
                <td>
                  <StatusBadge status={target.status} />
                </td>
                <td>{target.attempts}</td>
                <td>{target.lastError ?? '—'}</td>
                <td>
                  {target.url ? <a href={target.url}>{target.platform === 'DEMO' ? 'View in the demo feed' : 'View post'}</a> : '—'}
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

      <div className="actions">
        {post.status === 'SCHEDULED' && canChange ? (
          <Form method="post">
            <FormErrors errors={actionData ? [actionData.error] : undefined} />
            <button type="submit" className="button button-danger" disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel this post'}
            </button>
          </Form>
        ) : actionData ? (
          <FormErrors errors={[actionData.error]} />
        ) : null}
        <a href={post.temporalUiUrl} target="_blank" rel="noreferrer">
          Open in Temporal Web UI
        </a>
      </div>
    </article>
  );
}
