import { Form, Link, useNavigation, useSearchParams } from 'react-router';
import { AccountName, DEMO_EXPLANATION } from '../components/account';
import { ErrorList, FormErrors, TextareaField } from '../components/field';
import { PublishAtField } from '../components/publish-at-field';
import { LocalTime } from '../components/local-time';
import { isLive, StatusBadge } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import type { FormFailure } from '../utils/forms';
import { useTimeZone } from '../utils/use-time-zone';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
import type { Route } from './+types/posts';
import { loadPostsPage, schedulePost } from './posts.server';

export const meta: Route.MetaFunction = () => [{ title: 'Posts · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requirePermission(context, request, 'posts:read');
  return loadPostsPage(context, actor, new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  const actor = requirePermission(context, request, 'posts:write');
  return schedulePost(context, actor, await request.formData());
}

export default function Posts({ loaderData, actionData }: Route.ComponentProps) {
  const { posts, nextCursor, connections, canSchedule, teamWorkflowsUrl } = loaderData;
  const laterPage = useSearchParams()[0].has('cursor');
  useLiveRevalidation(posts.some((post) => isLive(post.status)));
  return (
    <>
      <div className="page-header">
        <h1>Posts</h1>
        {canSchedule && connections.length > 0 ? (
          <Link to="/compose" className="button">
            Open the composer
          </Link>
        ) : null}
      </div>
      {canSchedule ? (
        connections.length > 0 ? (
          <ScheduleForm connections={connections} failure={actionData} />
        ) : (
          <section className="callout">
            <h2>Connect an account first</h2>
            <p>
              Posts are published to connected accounts, and this team has none yet. Start with the demo channel: it publishes to a feed
              inside planrrr, so you can watch a post go out without a real social network.
            </p>
            <p>
              <Link to="/connections" className="button">
                Add the demo channel
              </Link>
            </p>
          </section>
        )
      ) : (
        <p className="hint">Your role in this team lets you read its posts; an editor, admin or owner can schedule them.</p>
      )}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <p className="hint">
          The last 30 days and everything after, earliest first.{' '}
          <a href={teamWorkflowsUrl} target="_blank" rel="noreferrer">
            This team’s workflows in the Temporal Web UI
          </a>
        </p>
        {posts.length === 0 ? <p>No posts yet.</p> : null}
        <ol className="post-list" hidden={posts.length === 0}>
          {posts.map((post) => (
            <li key={post.id} className="card">
              <div className="post-meta">
                <StatusBadge status={post.status} />
                {post.publishAt ? <LocalTime iso={post.publishAt} /> : 'No date yet'}
              </div>
              <p className="post-content">
                <Link to={`/posts/${post.id}`}>{post.content}</Link>
              </p>
              <ul className="targets">
                {post.targets.map((target) => (
                  <li key={target.connectionId}>
                    <AccountName
                      platform={target.platform}
                      handle={target.handle}
                      displayName={target.displayName}
                      avatarUrl={target.avatarUrl}
                    />{' '}
                    <StatusBadge status={target.status} />
                    {target.url ? (
                      <>
                        {' '}
                        <a href={target.url} aria-label={`View the post on ${target.displayName}`}>
                          View
                        </a>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
        <p className="pager">
          {laterPage ? <Link to="/posts">Back to the start</Link> : null}
          {nextCursor ? <Link to={`?${new URLSearchParams({ cursor: nextCursor })}`}>Later posts</Link> : null}
        </p>
      </section>
    </>
  );
}

type ConnectionOption = Route.ComponentProps['loaderData']['connections'][number];
type ScheduleFields = { content: string; publishAt: string; connectionIds: string[] };

function ScheduleForm({ connections, failure }: { connections: ConnectionOption[]; failure: FormFailure<ScheduleFields> | undefined }) {
  const submitting = useNavigation().formAction === '/posts';
  const { timeZone } = useTimeZone();
  const errors = failure?.errors;
  // A lone account is the obvious choice: pre-select it.
  const checked = new Set(
    failure?.fields.connectionIds ?? (connections.length === 1 ? connections.map((connection) => connection.id) : []),
  );
  const hasDemo = connections.some((connection) => connection.platform === 'DEMO');
  return (
    <section aria-labelledby="compose-heading" className="card compose">
      <h2 id="compose-heading">Schedule a post</h2>
      <Form method="post" action="/posts" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        <TextareaField label="Content" name="content" rows={4} required defaultValue={failure?.fields.content} errors={errors?.content} />
        <PublishAtField timeZone={timeZone} defaultValue={failure?.fields.publishAt} errors={errors?.publishAt} required />
        <fieldset className="field" aria-describedby={errors?.connectionIds ? 'connectionIds-errors' : undefined}>
          <legend>Publish to</legend>
          {connections.map((connection) => (
            <label key={connection.id} className="checkbox">
              <input
                type="checkbox"
                name="connectionIds"
                value={connection.id}
                defaultChecked={checked.has(connection.id)}
                disabled={connection.status !== 'ACTIVE'}
              />{' '}
              <AccountName
                platform={connection.platform}
                handle={connection.handle}
                displayName={connection.displayName}
                avatarUrl={connection.avatarUrl}
              />
              {connection.status === 'ACTIVE' ? null : <span className="hint"> (reconnect it on the Connections page)</span>}
            </label>
          ))}
          {hasDemo ? <p className="hint">{DEMO_EXPLANATION}</p> : null}
          <ErrorList id="connectionIds-errors" errors={errors?.connectionIds} />
        </fieldset>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Scheduling…' : 'Schedule'}
        </button>
      </Form>
    </section>
  );
}
