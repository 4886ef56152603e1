// The queue: each account's posting schedule (weekly times in its zone), and the coming
// slots with the posts booked in them. Editors change the schedule (the queued posts move
// onto the new slots), drag a post onto another to swap their times (or Move up), or shuffle
// the queue; after the composer's "Add to queue" or "Share next" the page says the time each
// account got. Without JavaScript every form still works; dragging needs it.
import { Form, Link, useNavigation } from 'react-router';
import { FormErrors } from '../components/field';
import { QueueChangesNotice, QueuedNotice } from '../components/queue/queue-notices';
import { QueueSlots } from '../components/queue/queue-slots';
import { SlotsEditor } from '../components/queue/slots-editor';
import { requirePermission } from '../utils/auth.server';
import { describeTimeZone } from '../utils/time';
import type { Route } from './+types/queue';
import { changeQueue, loadQueuePage, type QueueIntent } from './queue.server';

export const meta: Route.MetaFunction = () => [{ title: 'Queue · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadQueuePage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeQueue(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

const DONE: Record<QueueIntent, string> = {
  save: 'Schedule saved.',
  swap: 'Swapped.',
  shuffle: 'Shuffled.',
};

export default function Queue({ loaderData, actionData }: Route.ComponentProps) {
  const { accounts, account, queue, queued, timeZones, canWrite, bestTimes } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: QueueIntent) => navigation.formData?.get('intent') === intent;
  const failed = (intent: QueueIntent) => (actionData?.intent === intent && !actionData.changes ? actionData : undefined);

  return (
    <>
      <h1>Queue</h1>
      <p className="lead">
        Each account has a posting schedule. “Add to queue” in the composer puts a post into the account’s next free slot, “Share next” into
        the very next one; changing the schedule moves the queued posts onto the new times, in their order.
      </p>
      {accounts.length === 0 || !account || !queue ? (
        <p className="hint">
          No accounts yet: <Link to="/connections">connect one</Link> first.
        </p>
      ) : (
        <>
          <nav aria-label="Accounts" className="segmented queue-accounts">
            {accounts.map((each) => (
              <Link key={each.id} to={`?account=${each.id}`} aria-current={each.id === account.id ? 'page' : undefined}>
                {each.displayName}
                {each.platform === 'DEMO' ? null : <span className="account-handle"> {each.handle}</span>}
              </Link>
            ))}
          </nav>

          {queued && !actionData ? <QueuedNotice queued={queued} pageZone={queue.timeZone} /> : null}
          {actionData?.changes ? (
            <QueueChangesNotice done={DONE[actionData.intent]} changes={actionData.changes} timeZone={queue.timeZone} />
          ) : null}

          <div className="queue-layout">
            <section className="card" aria-labelledby="upcoming-heading">
              <h2 id="upcoming-heading">Coming slots</h2>
              <p className="hint">
                Times in {describeTimeZone(queue.timeZone)}
                {queue.paused ? '. Paused: the queue takes no new posts.' : '.'}
                {canWrite ? (
                  <>
                    {' '}
                    Drag a post onto another (or use its ⠿ handle and the arrow keys) to swap their times.{' '}
                    <a href="#slots-heading">Change the posting schedule</a>
                  </>
                ) : null}
              </p>
              <FormErrors errors={failed('swap')?.errors.form ?? failed('shuffle')?.errors.form} />
              <QueueSlots accountId={account.id} timeZone={queue.timeZone} slots={queue.upcoming} canWrite={canWrite} />
              {canWrite && queue.upcoming.some((slot) => slot.post) ? (
                <Form method="post" preventScrollReset className="queue-shuffle">
                  <input type="hidden" name="account" value={account.id} />
                  <button type="submit" name="intent" value="shuffle" className="button button-secondary" disabled={busy('shuffle')}>
                    Shuffle the queue
                  </button>
                </Form>
              ) : null}
            </section>

            {canWrite ? (
              <section className="card" aria-labelledby="slots-heading">
                <h2 id="slots-heading">Posting schedule of {account.displayName}</h2>
                <SlotsEditor
                  // a new editor for each account and for each saved schedule; a refused one keeps what was typed
                  key={`${account.id} ${JSON.stringify([queue.slots, queue.timeZone, queue.paused])}`}
                  accountId={account.id}
                  accountName={account.displayName}
                  saved={queue}
                  timeZones={timeZones}
                  refused={failed('save')?.form}
                  errors={failed('save')?.errors}
                  saving={busy('save')}
                  bestTimes={bestTimes}
                />
              </section>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
