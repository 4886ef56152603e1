import { Form, Link, useLocation } from 'react-router';
import { AccountSelect, LabelSelect } from '../components/filter-selects';
import { POST_STATUSES } from '../../domain/post';
import { AccountName } from '../components/account';
import { ErrorList } from '../components/field';
import { LabelChips } from '../components/label-chip';
import { PublishTime } from '../components/local-time';
import { PostThumbnail } from '../components/post-thumbnail';
import { isLive, StatusBadge, statusLabel } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
import type { Route } from './+types/posts';
import { POST_LIST_SORTS } from '../utils/post-list';
import { loadPostsPage } from './posts.server';

export const meta: Route.MetaFunction = () => [{ title: 'Posts · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requirePermission(context, request, 'posts:read');
  return loadPostsPage(context, actor, new URL(request.url));
}

type PostsData = Route.ComponentProps['loaderData'];

export default function Posts({ loaderData }: Route.ComponentProps) {
  const { posts, nextCursor, onLaterPage, filtered, errors, connections, canSchedule, teamWorkflowsUrl } = loaderData;
  const { search } = useLocation();
  useLiveRevalidation(posts.some((post) => isLive(post.status)));
  const withoutCursor = new URLSearchParams(search);
  withoutCursor.delete('cursor');
  const nextPage = new URLSearchParams(withoutCursor);
  if (nextCursor) nextPage.set('cursor', nextCursor);
  return (
    <>
      <div className="page-header">
        <h1>Posts</h1>
        {canSchedule && connections.length > 0 ? (
          <Link to="/compose" className="button">
            New post
          </Link>
        ) : null}
      </div>
      {canSchedule ? (
        connections.length > 0 ? null : (
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

      {/* the key refills the fields from the URL after each navigation (they are uncontrolled) */}
      <PostFilters key={withoutCursor.toString()} data={loaderData} />

      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading" className="visually-hidden">
          Posts found
        </h2>
        {errors ? (
          <div role="alert" className="form-errors">
            <p>These filters cannot be used, so no posts are shown. Correct them, or clear them.</p>
            <ErrorList errors={Object.values(errors).flatMap((messages) => messages ?? [])} />
          </div>
        ) : posts.length === 0 ? (
          filtered ? (
            <p className="empty-state">
              No posts match these filters. <Link to="/posts">Clear filters</Link>
            </p>
          ) : (
            <p className="empty-state">
              No posts yet.{' '}
              {canSchedule && connections.length > 0 ? (
                <>
                  <Link to="/compose">Write your first post</Link> in the composer: schedule it, or save it as a draft to plan with.
                </>
              ) : null}
            </p>
          )
        ) : (
          <ol className="post-list">
            {posts.map((post) => (
              <PostRow key={post.id} post={post} />
            ))}
          </ol>
        )}
        <p className="pager">
          {onLaterPage ? <Link to={`?${withoutCursor}`}>Back to the start</Link> : null}
          {nextCursor ? <Link to={`?${nextPage}`}>Next page</Link> : null}
        </p>
        <p className="hint">
          <a href={teamWorkflowsUrl} target="_blank" rel="noreferrer">
            This team’s workflows in the Temporal Web UI
          </a>
        </p>
      </section>
    </>
  );
}

/** Search, filters and sort as a plain GET form: the URL says what is shown, and it works without JavaScript. */
function PostFilters({ data }: { data: PostsData }) {
  const { filters, errors, connections, labels, timeZone, filtered } = data;
  const invalid = (name: string) => (errors?.[name] ? true : undefined);
  return (
    <Form method="get" className="post-filters card" role="search" aria-label="Search and filter posts">
      <div className="post-filters-top">
        <div className="field post-filters-search">
          <label htmlFor="posts-q">Search</label>
          <input
            id="posts-q"
            type="search"
            name="q"
            defaultValue={filters.q}
            maxLength={200}
            placeholder="Words in the text"
            aria-invalid={invalid('q')}
          />
        </div>
        <div className="post-filters-actions">
          <button type="submit" className="button">
            Apply
          </button>
          {filtered ? <Link to="/posts">Clear filters</Link> : null}
        </div>
      </div>
      <div className="field">
        <label htmlFor="posts-status">Status</label>
        <select id="posts-status" name="status" defaultValue={filters.status} aria-invalid={invalid('status')}>
          <option value="">Any status</option>
          {POST_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="posts-account">Account</label>
        <AccountSelect
          id="posts-account"
          name="connectionId"
          value={filters.connectionId}
          invalid={invalid('connectionId')}
          accounts={connections}
        />
      </div>
      <div className="field">
        <label htmlFor="posts-label">Label</label>
        <LabelSelect id="posts-label" name="labelId" value={filters.labelId} invalid={invalid('labelId')} labels={labels} />
      </div>
      <div className="field">
        <label htmlFor="posts-from">From</label>
        <input id="posts-from" type="date" name="from" defaultValue={filters.from} aria-invalid={invalid('from')} />
      </div>
      <div className="field">
        <label htmlFor="posts-to">To</label>
        <input id="posts-to" type="date" name="to" defaultValue={filters.to} aria-invalid={invalid('to')} />
      </div>
      <div className="field">
        <label htmlFor="posts-sort">Sort</label>
        <select id="posts-sort" name="sort" defaultValue={filters.sort} aria-invalid={invalid('sort')}>
          {POST_LIST_SORTS.map((option) => (
            <option key={option.sort} value={option.sort}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <p className="hint post-filters-hint">
        Dates are publish days in {timeZone}, both included. Newest and oldest first go by publish time.
      </p>
    </Form>
  );
}

type PostListItem = PostsData['posts'][number];

function PostRow({ post }: { post: PostListItem }) {
  // NOTE: drafts may soon have no publish time; the list is written for that already
  const publishAt: string | null = post.publishAt;
  const draft = post.status === 'DRAFT';
  return (
    <li className={draft ? 'card post-row post-row-draft' : 'card post-row'}>
      <PostThumbnail media={post.media} />
      <div className="post-row-body">
        <div className="post-meta">
          <StatusBadge status={post.status} />
          <PublishTime iso={publishAt} timeZone={post.timeZone} />
          <LabelChips labels={post.labels} />
        </div>
        <p className="post-content">
          <Link to={`/posts/${post.id}`}>{post.content || (draft ? 'An empty draft' : 'No text')}</Link>
        </p>
        <ul className="targets" aria-label="Accounts">
          {post.targets.map((target) => (
            <li key={target.connectionId}>
              <AccountName
                platform={target.platform}
                handle={target.handle}
                displayName={target.displayName}
                avatarUrl={target.avatarUrl}
              />
              {/* only a partly published post has accounts whose outcomes differ */}
              {post.status !== 'PARTIALLY_PUBLISHED' ? null : (
                <>
                  {' '}
                  <StatusBadge status={target.status} />
                </>
              )}
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
      </div>
    </li>
  );
}
