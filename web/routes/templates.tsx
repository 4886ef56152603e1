// Templates and snippets: saved posts with variables to start the composer from, and saved
// blocks of text to insert in it. Editors create, change and delete them; everyone in the
// team sees them. Deleting asks first, on the page itself, so it works without JavaScript.
import { Form, Link, useNavigation } from 'react-router';
import { AccountName, platformName } from '../components/account';
import { LabelPicker } from '../components/composer/label-picker';
import { MediaUploader } from '../components/composer/media-uploader';
import { ThreadParts } from '../components/composer/thread-parts';
import { useComposer } from '../components/composer/use-composer';
import { ErrorList, FormErrors, TextareaField, TextField } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/templates';
import { variantField } from '../utils/override-field';
import type { ComposeFields } from './compose.server';
import { changeTemplates, loadTemplatesPage, type TemplateFormFields } from './templates.server';

export const meta: Route.MetaFunction = () => [{ title: 'Templates · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadTemplatesPage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeTemplates(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

type LoaderData = Route.ComponentProps['loaderData'];
type Failure = { errors: Record<string, string[] | undefined>; fields: Partial<TemplateFormFields> } | undefined;

export default function Templates({ loaderData, actionData }: Route.ComponentProps) {
  const { templates, snippets, canWrite, editingId, deletingId, editingSnippetId, deletingSnippetId } = loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const failed = (intent: string, id?: string): Failure =>
    actionData?.intent === intent && (id === undefined || actionData.id === id) ? actionData : undefined;

  return (
    <>
      <h1>Templates</h1>
      <p className="lead">
        A template is a post to start from: its text may hold variables, <code>{'{{name}}'}</code> or <code>{'{{name|default}}'}</code>,
        filled when you use it. Use one from the composer (“Use a template”), or save the post you are writing there as one.
      </p>

      {/* one template form at a time: the composer's fields it reuses name their controls by id */}
      {canWrite && !editingId ? (
        <section className="card" aria-labelledby="new-template-heading">
          <h2 id="new-template-heading">New template</h2>
          {/* a new form once a template is made, so its fields start empty again */}
          <TemplateForm key={templates.length} intent="create" choices={loaderData} failure={failed('create')} busy={busy('create')} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="templates-heading">
        <h2 id="templates-heading">Your team’s templates</h2>
        <FormErrors errors={failed('delete')?.errors.form} />
        {templates.length === 0 ? (
          <p className="hint">
            {canWrite ? 'No templates yet: add the first one above, or save a post as one from the composer.' : 'No templates yet.'}
          </p>
        ) : (
          <ul className="plain-list label-rows">
            {templates.map((template) => (
              <li key={template.id} className="label-row" aria-label={template.name}>
                <div className="label-row-summary">
                  <strong>{template.name}</strong>
                  <span className="hint">
                    {template.variables.length === 0
                      ? 'no variables'
                      : `variables: ${template.variables.map((variable) => (variable.default === undefined ? variable.name : `${variable.name} (default “${variable.default}”)`)).join(', ')}`}
                  </span>
                  {canWrite && editingId !== template.id && deletingId !== template.id ? (
                    <span className="label-row-actions">
                      <Link to={`/compose?template=${template.id}`} className="button button-small">
                        Use<span className="visually-hidden"> {template.name}</span>
                      </Link>
                      <Link to={`?edit=${template.id}`} className="button button-secondary button-small">
                        Edit<span className="visually-hidden"> {template.name}</span>
                      </Link>
                      <Link to={`?delete=${template.id}`} className="button button-secondary button-small">
                        Delete<span className="visually-hidden"> {template.name}</span>
                      </Link>
                    </span>
                  ) : null}
                </div>
                <p className="template-text">{template.content}</p>

                {editingId === template.id ? (
                  <TemplateForm
                    intent="edit"
                    template={template}
                    choices={loaderData}
                    failure={failed('edit', template.id)}
                    busy={busy('edit')}
                  />
                ) : null}

                {deletingId === template.id ? (
                  <ConfirmDelete
                    id={template.id}
                    intent="delete"
                    what={`“${template.name}”`}
                    busy={busy('delete')}
                    button="Delete template"
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" id="snippets" aria-labelledby="snippets-heading">
        <h2 id="snippets-heading">Snippets</h2>
        <p className="hint">Blocks of text to insert in a post from the composer (“Insert a snippet”): a hashtag group, a disclaimer.</p>
        <FormErrors errors={failed('delete-snippet')?.errors.form} />
        {snippets.length === 0 ? <p className="hint">No snippets yet.</p> : null}
        <ul className="plain-list label-rows">
          {snippets.map((snippet) => (
            <li key={snippet.id} className="label-row" aria-label={snippet.name}>
              <div className="label-row-summary">
                <strong>{snippet.name}</strong>
                {canWrite && editingSnippetId !== snippet.id && deletingSnippetId !== snippet.id ? (
                  <span className="label-row-actions">
                    <Link to={`?editSnippet=${snippet.id}#snippets`} className="button button-secondary button-small">
                      Edit<span className="visually-hidden"> {snippet.name}</span>
                    </Link>
                    <Link to={`?deleteSnippet=${snippet.id}#snippets`} className="button button-secondary button-small">
                      Delete<span className="visually-hidden"> {snippet.name}</span>
                    </Link>
                  </span>
                ) : null}
              </div>
              <p className="template-text">{snippet.content}</p>
              {editingSnippetId === snippet.id ? (
                <SnippetForm
                  intent="edit-snippet"
                  snippet={snippet}
                  failure={failed('edit-snippet', snippet.id)}
                  busy={busy('edit-snippet')}
                />
              ) : null}
              {deletingSnippetId === snippet.id ? (
                <ConfirmDelete
                  id={snippet.id}
                  intent="delete-snippet"
                  what={`the snippet “${snippet.name}”`}
                  busy={busy('delete-snippet')}
                  button="Delete snippet"
                />
              ) : null}
            </li>
          ))}
        </ul>
        {canWrite ? (
          <>
            <h3>New snippet</h3>
            <SnippetForm key={snippets.length} intent="create-snippet" failure={failed('create-snippet')} busy={busy('create-snippet')} />
          </>
        ) : null}
      </section>
    </>
  );
}

/**
 * A template's name, texts, accounts, labels, media, thread parts and first comment. The media
 * and the thread are the composer's own fields (uploads with alt text and order; parts with
 * their counters and the chosen accounts' rules), fed by the composer's state.
 */
function TemplateForm({
  intent,
  template,
  choices: { connections, labels, platforms, editingMedia },
  failure,
  busy,
}: {
  intent: 'create' | 'edit';
  template?: LoaderData['templates'][number];
  choices: Pick<LoaderData, 'connections' | 'labels' | 'platforms' | 'editingMedia'>;
  failure: Failure;
  busy: boolean;
}) {
  const initial: ComposeFields = {
    content: failure?.fields.content ?? template?.content ?? '',
    publishAt: '',
    timeZone: undefined,
    connectionIds: failure?.fields.connectionIds ?? template?.connectionIds ?? [],
    overrides: {},
    targetOptions: {},
    media: failure?.fields.media ?? (template ? editingMedia : []),
    labelIds: failure?.fields.labelIds ?? template?.labelIds ?? [],
    thread: failure?.fields.thread ?? template?.thread.map((part) => part.content) ?? [],
    firstComment: failure?.fields.firstComment ?? template?.firstComment ?? '',
  };
  const composer = useComposer(connections, initial, { choosesLoneAccount: false });
  const variantText = new Map(template?.variants.map((variant) => [variant.platform, variant.content]));
  // the team's platforms, and any other the template has a text for, so that saving keeps it
  const variantPlatforms = [
    ...platforms,
    ...(template?.variants ?? []).map((variant) => variant.platform).filter((platform) => !platforms.includes(platform)),
  ];
  return (
    <Form method="post" className="template-form stack" noValidate aria-label={template ? `Edit ${template.name}` : 'New template'}>
      {template ? <input type="hidden" name="id" value={template.id} /> : null}
      <FormErrors errors={failure?.errors.form} />
      <TextField
        label="Name"
        name="name"
        maxLength={80}
        required
        defaultValue={failure?.fields.name ?? template?.name}
        errors={failure?.errors.name}
      />
      <TextareaField
        label="Text"
        name="content"
        rows={5}
        required
        value={composer.content}
        onChange={(event) => composer.setContent(event.target.value)}
        errors={failure?.errors.content}
        hint="Variables: {{name}}, or {{name|default}}. Checked against the accounts’ rules, with defaults, or 20 characters where there is none."
      />
      {connections.length > 0 ? (
        <fieldset className="field">
          <legend>Accounts (a post made from it goes to these unless you choose others)</legend>
          <ul className="account-picker">
            {connections.map((connection) => (
              <li key={connection.id}>
                <label className="account-choice">
                  <input
                    type="checkbox"
                    name="connectionIds"
                    value={connection.id}
                    checked={composer.selected.has(connection.id)}
                    onChange={(event) => composer.choose(connection.id, event.target.checked)}
                  />
                  <AccountName
                    platform={connection.platform}
                    handle={connection.handle}
                    displayName={connection.displayName}
                    avatarUrl={connection.avatarUrl}
                  />
                </label>
              </li>
            ))}
          </ul>
          <ErrorList errors={failure?.errors.connectionIds} />
        </fieldset>
      ) : null}
      {variantPlatforms.length > 0 ? (
        <details
          className="field"
          open={variantPlatforms.some((platform) => variantText.has(platform) || failure?.errors[variantField(platform)])}
        >
          <summary>Text per platform (optional)</summary>
          <p className="hint">The accounts of a platform with its own text publish it instead of the text above.</p>
          {variantPlatforms.map((platform) => (
            <TextareaField
              key={platform}
              label={`Text on ${platformName(platform)}`}
              name={variantField(platform)}
              rows={3}
              defaultValue={failure?.fields.variants?.[platform] ?? variantText.get(platform) ?? ''}
              errors={failure?.errors[variantField(platform)]}
            />
          ))}
        </details>
      ) : null}
      <MediaUploader uploads={composer.media} />
      <ErrorList errors={failure?.errors.media} />
      <ThreadParts composer={composer} errors={{ thread: failure?.errors.thread, firstComment: failure?.errors.firstComment }} />
      <LabelPicker labels={labels} initial={initial.labelIds} errors={failure?.errors.labelIds} />
      <div className="label-form-actions">
        <button type="submit" name="intent" value={intent} className="button" disabled={busy || composer.media.uploading}>
          {intent === 'create' ? 'Add template' : 'Save'}
        </button>
        {template ? (
          <Link to="/templates" className="button button-secondary">
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function SnippetForm({
  intent,
  snippet,
  failure,
  busy,
}: {
  intent: 'create-snippet' | 'edit-snippet';
  snippet?: LoaderData['snippets'][number];
  failure: Failure;
  busy: boolean;
}) {
  return (
    <Form method="post" className="template-form stack" noValidate aria-label={snippet ? `Edit ${snippet.name}` : 'New snippet'}>
      {snippet ? <input type="hidden" name="id" value={snippet.id} /> : null}
      <FormErrors errors={failure?.errors.form} />
      <TextField
        label="Snippet name"
        name="name"
        maxLength={80}
        required
        defaultValue={failure?.fields.name ?? snippet?.name}
        errors={failure?.errors.name}
      />
      <TextareaField
        label="Snippet text"
        name="content"
        rows={3}
        required
        defaultValue={failure?.fields.content ?? snippet?.content}
        errors={failure?.errors.content}
      />
      <div className="label-form-actions">
        <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
          {snippet ? 'Save' : 'Add snippet'}
        </button>
        {snippet ? (
          <Link to="/templates#snippets" className="button button-secondary">
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function ConfirmDelete({ id, intent, what, busy, button }: { id: string; intent: string; what: string; busy: boolean; button: string }) {
  return (
    <Form method="post" className="confirm" aria-label={`Delete ${what}?`}>
      <input type="hidden" name="id" value={id} />
      <p>
        <strong>Delete {what}?</strong> Posts made with it keep their text. This cannot be undone.
      </p>
      <div className="label-form-actions">
        <button type="submit" name="intent" value={intent} className="button button-danger" disabled={busy}>
          {button}
        </button>
        <Link to="/templates" className="button button-secondary">
          Keep it
        </Link>
      </div>
    </Form>
  );
}
