import { Link } from 'react-router';
import { AccountAvatar, AccountName } from '../components/account';
import { LabelChips } from '../components/label-chip';
import { PublishTime } from '../components/local-time';
import { PostThumbnail } from '../components/post-thumbnail';
import { isLive, StatusBadge } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import { reconnectLink } from '../utils/reconnect';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
import type { Route } from './+types/dashboard';
import { loadDashboard } from './dashboard.server';

export const meta: Route.MetaFunction = () => [{ title: 'Dashboard · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadDashboard(context, requirePermission(context, request, 'posts:read'));
}

type PostSummary = Route.ComponentProps['loaderData']['upcoming'][number];

function PostLine({ post }: { post: PostSummary }) {
  return (
    <li className="post-line">
      <PostThumbnail media={post.media} />
      <div className="post-line-body">
        <div className="post-meta">
          <StatusBadge status={post.status} />
          <PublishTime iso={post.publishAt} timeZone={post.timeZone} />
        </div>
        <Link to={`/posts/${post.id}`} className="post-line-content">
          {post.content}
        </Link>
        <LabelChips labels={post.labels} />
        <span className="hint post-line-accounts">
          {post.targets.map((target) => (
            <AccountAvatar
              key={target.connectionId}
              platform={target.platform}
              displayName={target.displayName}
              avatarUrl={target.avatarUrl}
            />
          ))}
          {post.targets.map((target) => target.displayName).join(', ')}
        </span>
      </div>
    </li>
  );
}

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { upcoming, scheduledCount, drafts, recentResults, failures, reconnect, canSchedule, hasConnections } = loaderData;
  useLiveRevalidation(upcoming.some((post) => isLive(post.status)));
  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
        {canSchedule && hasConnections ? (
          <Link to="/compose" className="button">
            Compose a post
          </Link>
        ) : null}
      </div>

      {!hasConnections ? (
        <section className="callout" aria-labelledby="start-heading">
          <h2 id="start-heading">Start here</h2>
          <p>Connect an account to publish to. The demo channel publishes to a feed inside planrrr, so you can try everything first.</p>
          <p>
            <Link to="/connections" className="button">
              Add the demo channel
            </Link>
          </p>
        </section>
      ) : null}

      {failures.length > 0 || reconnect.length > 0 ? (
        <section className="card attention" aria-labelledby="attention-heading">
          <h2 id="attention-heading">Needs your attention</h2>
          {reconnect.length > 0 ? (
            <>
              <h3>Accounts to reconnect</h3>
              <ul className="plain-list">
                {reconnect.map((account) => (
                  <li key={account.id} className="attention-item">
                    <AccountName
                      platform={account.platform}
                      handle={account.handle}
                      displayName={account.displayName}
                      avatarUrl={account.avatarUrl}
                    />
                    <span>planrrr can no longer publish to this account.</span>
                    <Link to={reconnectLink(account)} className="button button-small">
                      Reconnect
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {failures.length > 0 ? (
            <>
              <h3>Failed posts</h3>
              <ul className="plain-list">
                {failures.map((post) => (
                  <li key={post.id} className="attention-item">
                    <div>
                      <div className="post-meta">
                        <StatusBadge status={post.status} />
                        <PublishTime iso={post.publishAt} timeZone={post.timeZone} />
                      </div>
                      <p className="post-line-content">{post.content}</p>
                      <ul className="plain-list">
                        {post.targets
                          .filter((target) => target.status === 'FAILED')
                          .map((target) => (
                            <li key={target.connectionId}>
                              <AccountAvatar platform={target.platform} displayName={target.displayName} avatarUrl={target.avatarUrl} />{' '}
                              <strong>{target.displayName}</strong>: {target.lastError ?? 'failed without a recorded reason'}
                              {target.needsReconnect ? (
                                <>
                                  {' '}
                                  <Link
                                    to={reconnectLink({ id: target.connectionId, platform: target.platform })}
                                    className="button button-small"
                                  >
                                    Reconnect
                                  </Link>
                                </>
                              ) : null}
                            </li>
                          ))}
                      </ul>
                    </div>
                    <Link to={`/posts/${post.id}`} className="button button-secondary button-small">
                      Open the post
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <div className="grid-2">
        <section className="card" aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Upcoming</h2>
          {upcoming.length === 0 ? (
            <p className="hint">Nothing scheduled.</p>
          ) : (
            <p className="hint">
              {scheduledCount === 1 ? '1 post' : `${scheduledCount} posts`} scheduled
              {scheduledCount > upcoming.length ? `; the next ${upcoming.length}` : ''}:
            </p>
          )}
          <ul className="plain-list post-lines">
            {upcoming.map((post) => (
              <PostLine key={post.id} post={post} />
            ))}
          </ul>
          <p>
            <Link to="/calendar">Open the calendar</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">Drafts</h2>
          {drafts.length === 0 ? <p className="hint">No drafts. Save an idea from the composer to find it here.</p> : null}
          <ul className="plain-list post-lines">
            {drafts.map((post) => (
              <PostLine key={post.id} post={post} />
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent results</h2>
          {recentResults.length === 0 ? <p className="hint">Nothing published in the last two weeks.</p> : null}
          <ul className="plain-list post-lines">
            {recentResults.map((post) => (
              <PostLine key={post.id} post={post} />
            ))}
          </ul>
          <p>
            <Link to="/analytics">See analytics</Link>
          </p>
        </section>
      </div>
    </>
  );
}
