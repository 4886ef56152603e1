// Labels: name and colour posts for planning (a campaign, a topic). Editors create, rename,
// recolour and delete them; everyone in the team sees them. Deleting asks first, on the page
// itself, so it works without JavaScript.
import { Form, Link, useNavigation } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { LabelChip } from '../components/label-chip';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/labels';
import { changeLabels, loadLabelsPage } from './labels.server';

export const meta: Route.MetaFunction = () => [{ title: 'Labels · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadLabelsPage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeLabels(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

const onPosts = (count: number) => (count === 0 ? 'on no posts' : count === 1 ? 'on 1 post' : `on ${count} posts`);

export default function Labels({ loaderData, actionData }: Route.ComponentProps) {
  const { labels, canWrite, editingId, deletingId, newColour } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failed = (intent: string, labelId?: string) =>
    actionData?.intent === intent && (labelId === undefined || actionData.labelId === labelId) ? actionData : undefined;
  const created = failed('create');

  return (
    <>
      <h1>Labels</h1>
      <p className="lead">
        Labels name and colour posts for planning: a campaign, a topic, a series. Put them on posts in the composer, and filter the
        calendar, the posts list and analytics by them.
      </p>

      {canWrite ? (
        <section className="card" aria-labelledby="new-label-heading">
          <h2 id="new-label-heading">New label</h2>
          {/* a new form once a label is made, so its fields start empty again */}
          <Form key={labels.length} method="post" className="label-form" noValidate>
            <FormErrors errors={created?.errors.form} />
            <TextField label="Name" name="name" maxLength={40} required defaultValue={created?.fields.name} errors={created?.errors.name} />
            <TextField
              label="Colour"
              name="colour"
              type="color"
              defaultValue={created?.fields.colour || newColour}
              errors={created?.errors.colour}
            />
            <button type="submit" name="intent" value="create" className="button" disabled={busy('create')}>
              Add label
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="labels-heading">
        <h2 id="labels-heading">Your team’s labels</h2>
        <FormErrors errors={failed('delete')?.errors.form} />
        {labels.length === 0 ? (
          <p className="hint">{canWrite ? 'No labels yet: add the first one above.' : 'No labels yet.'}</p>
        ) : (
          <ul className="plain-list label-rows">
            {labels.map((label) => {
              const edit = failed('edit', label.id);
              return (
                <li key={label.id} className="label-row" aria-label={label.name}>
                  <div className="label-row-summary">
                    <LabelChip label={label} />
                    <span className="hint">{onPosts(label.posts)}</span>
                    {canWrite && editingId !== label.id && deletingId !== label.id ? (
                      <span className="label-row-actions">
                        <Link to={`?edit=${label.id}`} className="button button-secondary button-small">
                          Edit<span className="visually-hidden"> {label.name}</span>
                        </Link>
                        <Link to={`?delete=${label.id}`} className="button button-secondary button-small">
                          Delete<span className="visually-hidden"> {label.name}</span>
                        </Link>
                      </span>
                    ) : null}
                  </div>

                  {editingId === label.id ? (
                    <Form method="post" className="label-form" noValidate>
                      <input type="hidden" name="labelId" value={label.id} />
                      <FormErrors errors={edit?.errors.form} />
                      <TextField
                        label="Name"
                        name="name"
                        maxLength={40}
                        required
                        defaultValue={edit?.fields.name ?? label.name}
                        errors={edit?.errors.name}
                      />
                      <TextField
                        label="Colour"
                        name="colour"
                        type="color"
                        defaultValue={edit?.fields.colour || label.colour}
                        errors={edit?.errors.colour}
                      />
                      <div className="label-form-actions">
                        <button type="submit" name="intent" value="edit" className="button" disabled={busy('edit')}>
                          Save
                        </button>
                        <Link to="/labels" className="button button-secondary">
                          Cancel
                        </Link>
                      </div>
                    </Form>
                  ) : null}

                  {deletingId === label.id ? (
                    <Form method="post" className="confirm" aria-label={`Delete ${label.name}?`}>
                      <input type="hidden" name="labelId" value={label.id} />
                      <p>
                        <strong>Delete “{label.name}”?</strong>{' '}
                        {label.posts === 0
                          ? 'No post wears it.'
                          : `It comes off the ${label.posts === 1 ? 'post' : `${label.posts} posts`} that wear it; nothing else about them changes.`}{' '}
                        This cannot be undone.
                      </p>
                      <div className="label-form-actions">
                        <button type="submit" name="intent" value="delete" className="button button-danger" disabled={busy('delete')}>
                          Delete label
                        </button>
                        <Link to="/labels" className="button button-secondary">
                          Keep it
                        </Link>
                      </div>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
