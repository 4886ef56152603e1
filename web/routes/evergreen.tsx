// Evergreen sets: posts that refill the accounts' empty queue slots in rotation, never one
// again on an account within the set's gap. Each set lists its coming and recent shares per
// account; editors make sets, pause, resume, refill now, and delete them (after a confirm step).
import { Form, Link, useNavigation } from 'react-router';
import { ErrorList, FormErrors, TextField } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import { formatInZone } from '../utils/time';
import type { Route } from './+types/evergreen';
import { changeEvergreen, loadEvergreenPage } from './evergreen.server';

export const meta: Route.MetaFunction = () => [{ title: 'Evergreen · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadEvergreenPage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeEvergreen(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

const EXCERPT = 60;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text);
const status = (value: string) => value.toLowerCase().replaceAll('_', ' ');

export default function Evergreen({ loaderData, actionData }: Route.ComponentProps) {
  const { sets, accounts, labels, posts, timeZone, canWrite, deletingId } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const created = actionData?.intent === 'create' ? actionData : undefined;
  const fields = created?.fields;
  const sourceOf = fields?.source ?? (labels.length > 0 ? 'label' : 'posts');
  const handleOf = new Map(accounts.map((account) => [account.id, account.handle]));
  const excerptOf = new Map(posts.map((post) => [post.id, excerpt(post.content)]));

  return (
    <>
      <h1>Evergreen</h1>
      <p className="lead">
        A set of posts that fills the empty slots of your accounts’ queues in rotation: the post shared least recently goes first, and none
        comes again on an account within the gap you choose. A slot no post can fill stays empty.
      </p>

      {canWrite ? (
        <section className="card" aria-labelledby="new-set-heading">
          <h2 id="new-set-heading">New evergreen set</h2>
          <Form key={sets.length} method="post" className="stack narrow" noValidate>
            <FormErrors errors={created?.errors.form} />
            <TextField label="Name" name="name" maxLength={100} required defaultValue={fields?.name} errors={created?.errors.name} />
            <fieldset>
              <legend>Accounts whose empty slots it fills</legend>
              {accounts.length === 0 ? <p className="hint">Connect an account and give its queue time slots first.</p> : null}
              {accounts.map((account) => (
                <label key={account.id} className="checkbox">
                  <input
                    type="checkbox"
                    name="connectionIds"
                    value={account.id}
                    defaultChecked={fields?.connectionIds.includes(account.id)}
                  />
                  <span>{account.handle}</span>
                </label>
              ))}
              <ErrorList errors={created?.errors.connectionIds} />
            </fieldset>
            <fieldset>
              <legend>Posts it shares</legend>
              <label className="checkbox">
                <input type="radio" name="source" value="label" defaultChecked={sourceOf === 'label'} />
                <span>The posts with a label (posts labelled later join in)</span>
              </label>
              <label className="field">
                <span>Label</span>
                <select name="labelId" defaultValue={fields?.labelId}>
                  <option value="">Choose a label</option>
                  {labels.map((label) => (
                    <option key={label.id} value={label.id}>
                      {label.name}
                    </option>
                  ))}
                </select>
              </label>
              <ErrorList errors={created?.errors.labelId} />
              <label className="checkbox">
                <input type="radio" name="source" value="posts" defaultChecked={sourceOf === 'posts'} />
                <span>These posts, in this order</span>
              </label>
              {posts.map((post) => (
                <label key={post.id} className="checkbox">
                  <input type="checkbox" name="postIds" value={post.id} defaultChecked={fields?.postIds.includes(post.id)} />
                  <span>
                    {excerpt(post.content)} <span className="hint">({status(post.status)})</span>
                  </span>
                </label>
              ))}
              <ErrorList errors={created?.errors.postIds} />
            </fieldset>
            <TextField
              label="Minimum gap, in days"
              name="minGapDays"
              type="number"
              min={1}
              required
              defaultValue={fields?.minGapDays ?? '30'}
              hint="A post is not shared again on an account within this many days."
              errors={created?.errors.minGapDays}
            />
            <TextField
              label="Fill how many days ahead"
              name="horizonDays"
              type="number"
              min={1}
              max={60}
              defaultValue={fields?.horizonDays ?? '7'}
              errors={created?.errors.horizonDays}
            />
            <button type="submit" name="intent" value="create" className="button" disabled={busy('create')}>
              Create set
            </button>
          </Form>
        </section>
      ) : null}

      {sets.length === 0 ? <p className="hint">No evergreen sets yet.</p> : null}
      {sets.map((set) => {
        const answer = actionData?.setId === set.id ? actionData : undefined;
        return (
          <section key={set.id} className="card" aria-labelledby={`set-${set.id}`}>
            <h2 id={`set-${set.id}`}>{set.name}</h2>
            <p>
              {set.labelId
                ? `Shares the posts labelled ${labels.find((label) => label.id === set.labelId)?.name ?? 'with its label'}`
                : 'Shares its posts'}{' '}
              ({set.sources.length}), never one again within {set.minGapDays} days on an account; fills {set.horizonDays} days ahead
              {set.paused ? '; paused' : ''}.
            </p>
            <FormErrors errors={answer?.errors.form} />
            {answer?.refilled ? (
              <div role="status">
                <ul className="plain-list">
                  {answer.refilled.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {canWrite ? (
              deletingId === set.id ? (
                <Form method="post" className="confirm" aria-label={`Delete ${set.name}?`}>
                  <input type="hidden" name="setId" value={set.id} />
                  <p>
                    <strong>Delete “{set.name}”?</strong> It stops filling slots; the posts it booked stay, as posts of their own.
                  </p>
                  <button type="submit" name="intent" value="delete" className="button button-danger" disabled={busy('delete')}>
                    Delete set
                  </button>{' '}
                  <Link to="/evergreen" className="button button-secondary">
                    Keep it
                  </Link>
                </Form>
              ) : (
                <Form method="post">
                  <input type="hidden" name="setId" value={set.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={set.paused ? 'resume' : 'pause'}
                    className="button button-secondary button-small"
                  >
                    {set.paused ? 'Resume' : 'Pause'}
                    <span className="visually-hidden"> {set.name}</span>
                  </button>{' '}
                  <button
                    type="submit"
                    name="intent"
                    value="refill"
                    className="button button-secondary button-small"
                    disabled={busy('refill')}
                  >
                    Refill now<span className="visually-hidden"> {set.name}</span>
                  </button>{' '}
                  <Link to={`?delete=${set.id}`} className="button button-secondary button-small">
                    Delete<span className="visually-hidden"> {set.name}</span>
                  </Link>
                </Form>
              )
            ) : null}
            {set.accounts.map((account) => (
              <div key={account.connectionId}>
                <h3>{handleOf.get(account.connectionId) ?? account.handle}</h3>
                {account.coming.length === 0 && account.recent.length === 0 ? <p className="hint">Nothing shared or booked yet.</p> : null}
                <ul className="plain-list">
                  {[
                    ...account.coming.map((share) => ({ ...share, when: 'coming' })),
                    ...account.recent.map((share) => ({ ...share, when: 'shared' })),
                  ].map((share) => (
                    <li key={share.postId}>
                      {formatInZone(share.at, timeZone)}:{' '}
                      <Link to={`/posts/${share.postId}`}>
                        {(share.sourceId &&
                          (excerptOf.get(share.sourceId) ?? set.sources.find((source) => source.id === share.sourceId)?.excerpt)) ??
                          'a post'}
                      </Link>{' '}
                      <span className="hint">({share.when === 'coming' ? 'booked' : status(share.status)})</span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}
