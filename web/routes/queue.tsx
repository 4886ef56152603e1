// The queue: each account's weekly time slots, and the coming slots with the posts booked in
// them. Editors set the slots (the queued posts move onto the new ones), move a post up one
// slot, or shuffle the queue. Plain forms: everything works without JavaScript.
import { Form, Link, useNavigation } from 'react-router';
import { FormErrors, TextareaField, TextField } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import { formatInZone } from '../utils/time';
import type { Route } from './+types/queue';
import { changeQueue, loadQueuePage } from './queue.server';

export const meta: Route.MetaFunction = () => [{ title: 'Queue · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadQueuePage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeQueue(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

export default function Queue({ loaderData, actionData }: Route.ComponentProps) {
  const { accounts, account, queue, canWrite } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failed = (intent: string) => (actionData?.intent === intent ? actionData : undefined);

  return (
    <>
      <h1>Queue</h1>
      <p className="lead">
        Each account has weekly time slots. “Add to queue” puts a post into the account’s next free slot; changing the slots moves the
        queued posts onto the new ones, in their order.
      </p>
      {accounts.length === 0 || !account || !queue ? (
        <p className="hint">
          No accounts yet: <Link to="/connections">connect one</Link> first.
        </p>
      ) : (
        <>
          <nav aria-label="Accounts" className="card">
            <ul className="plain-list">
              {accounts.map((each) => (
                <li key={each.id}>
                  <Link to={`?account=${each.id}`} aria-current={each.id === account.id ? 'page' : undefined}>
                    {each.displayName} ({each.handle})
                  </Link>
                </li>
              ))}
            </ul>
          </nav>

          {actionData?.done ? <p role="status">{actionData.done}</p> : null}

          {canWrite ? (
            <section className="card" aria-labelledby="slots-heading">
              <h2 id="slots-heading">Time slots of {account.displayName}</h2>
              <Form key={account.id} method="post" className="stack" noValidate>
                <input type="hidden" name="account" value={account.id} />
                <FormErrors errors={failed('save')?.errors.form} />
                <TextareaField
                  label="Slots"
                  name="slots"
                  rows={8}
                  hint="One a line: a weekday and a time, e.g. mon 09:00"
                  defaultValue={failed('save')?.fields.slots ?? queue.slots.map((slot) => `${slot.day} ${slot.time}`).join('\n')}
                  errors={failed('save')?.errors.slots}
                />
                <TextField label="Time zone" name="timeZone" defaultValue={queue.timeZone} errors={failed('save')?.errors.timeZone} />
                <label>
                  <input type="checkbox" name="paused" defaultChecked={queue.paused} /> Paused: take no new posts
                </label>
                <button type="submit" name="intent" value="save" className="button" disabled={busy('save')}>
                  Save slots
                </button>
              </Form>
            </section>
          ) : null}

          <section className="card" aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">Coming slots ({queue.timeZone})</h2>
            <FormErrors errors={failed('move-up')?.errors.form ?? failed('shuffle')?.errors.form} />
            {queue.upcoming.length === 0 ? (
              <p className="hint">No slots yet.</p>
            ) : (
              <ol className="plain-list queue-slots">
                {queue.upcoming.map((slot, index) => (
                  <li key={slot.at} className="queue-slot">
                    <time dateTime={slot.at}>{formatInZone(slot.at, queue.timeZone)}</time>{' '}
                    {slot.post ? (
                      <>
                        <Link to={`/posts/${slot.post.id}`}>{slot.post.excerpt}</Link>
                        {canWrite &&
                        slot.post.queuedIn === 1 &&
                        queue.upcoming.slice(0, index).some((earlier) => earlier.post?.queuedIn === 1) ? (
                          <Form method="post">
                            <input type="hidden" name="account" value={account.id} />
                            <input type="hidden" name="postId" value={slot.post.id} />
                            <button type="submit" name="intent" value="move-up" className="button button-secondary button-small">
                              Move up<span className="visually-hidden"> {slot.post.excerpt}</span>
                            </button>
                          </Form>
                        ) : null}
                      </>
                    ) : (
                      <span className="hint">free</span>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {canWrite ? (
              <Form method="post">
                <input type="hidden" name="account" value={account.id} />
                <button type="submit" name="intent" value="shuffle" className="button button-secondary" disabled={busy('shuffle')}>
                  Shuffle the queue
                </button>
              </Form>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}
