// What the Queue page says after a change: the posts it moved (from, to) and those it could
// not (with the API's reason); and, after the composer queued a post, the time each account
// got and the posts Share next moved one slot later.
import { Link } from 'react-router';
import type { ChangeList, loadQueuePage } from '../../routes/queue.server';
import { formatInZone } from '../../utils/time';
import { shorten } from '../calendar-post';

const SHORT: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };

/** A time in the queue's zone, and the zone's name when the post's differs (another account's queue). */
function When({ iso, timeZone, pageZone = timeZone }: { iso: string; timeZone: string; pageZone?: string }) {
  return (
    <time dateTime={iso}>
      {formatInZone(iso, timeZone, SHORT)}
      {timeZone === pageZone ? null : ` (${timeZone.replaceAll('_', ' ')})`}
    </time>
  );
}

export function QueueChangesNotice({ done, changes, timeZone }: { done: string; changes: ChangeList; timeZone: string }) {
  const { moved, notMoved } = changes;
  return (
    <div role="status" className="notice queue-changes">
      <p>
        {done}{' '}
        {moved.length === 0
          ? 'No queued post had to move.'
          : moved.length === 1
            ? '1 queued post moved:'
            : `${moved.length} queued posts moved:`}
      </p>
      {moved.length > 0 ? (
        <ul>
          {moved.map((move) => (
            <li key={move.postId}>
              <Link to={`/posts/${move.postId}`}>“{shorten(move.content)}”</Link>: <When iso={move.from} timeZone={timeZone} /> →{' '}
              <When iso={move.to} timeZone={timeZone} />
            </li>
          ))}
        </ul>
      ) : null}
      {notMoved.length > 0 ? (
        <>
          <p>{notMoved.length === 1 ? 'Not moved:' : `${notMoved.length} not moved:`}</p>
          <ul>
            {notMoved.map((left) => (
              <li key={left.postId}>
                <Link to={`/posts/${left.postId}`}>“{shorten(left.content)}”</Link> (<When iso={left.at} timeZone={timeZone} />
                ): {left.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type QueuedNotice = NonNullable<Awaited<ReturnType<typeof loadQueuePage>>['queued']>;

/** After "Add to queue" or "Share next": every account's time, each linked to its queue. */
export function QueuedNotice({ queued, pageZone }: { queued: QueuedNotice; pageZone: string }) {
  return (
    <div role="status" className="notice queue-changes">
      <p>
        <strong>Added to the queue.</strong>
      </p>
      <ul>
        {queued.added
          .flatMap((post) => post.accounts.map((account) => ({ post, account })))
          .sort((a, b) => a.post.publishAt.localeCompare(b.post.publishAt))
          .map(({ post, account }) => (
            <li key={`${post.id} ${account.connectionId}`} className="queue-added">
              <When iso={post.publishAt} timeZone={post.timeZone} pageZone={pageZone} /> on{' '}
              <Link to={`?account=${account.connectionId}`}>{account.displayName}</Link>
              {account.platform === 'DEMO' ? null : <span className="account-handle"> {account.handle}</span>}:{' '}
              <Link to={`/posts/${post.id}`}>“{shorten(post.content)}”</Link>
            </li>
          ))}
      </ul>
      {queued.moved.length > 0 ? (
        <>
          <p>
            {queued.moved.length === 1
              ? 'Share next moved 1 post one slot later:'
              : `Share next moved ${queued.moved.length} posts one slot later:`}
          </p>
          <ul>
            {queued.moved.map((post) => (
              <li key={post.id}>
                <Link to={`/posts/${post.id}`}>“{shorten(post.content)}”</Link>, now at{' '}
                <When iso={post.publishAt} timeZone={post.timeZone} pageZone={pageZone} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
