// The composer: one text for every chosen account, or an account's own text where the
// author customizes it, checked live against each platform's rules (the same module the
// API checks with), media uploads with progress, a preview per platform, and three ways
// out: schedule, save a draft, publish now. Without JavaScript it is a plain form the
// server validates (media needs JavaScript).
import { useRef, useState, type DragEvent } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { checkPostForTargets, textLength, type PlatformViolation, type RuleMedia } from '../../domain/platform-rules';
import type { Platform } from '../../domain/post';
import { AccountName, DEMO_EXPLANATION, initials, PlatformIcon, platformName } from '../components/account';
import { ErrorList, FormErrors } from '../components/field';
import { PublishAtField } from '../components/publish-at-field';
import { requirePermission } from '../utils/auth.server';
import { overrideField } from '../utils/override-field';
import { useHydrated } from '../utils/use-hydrated';
import { useTimeZone } from '../utils/use-time-zone';
import type { Route } from './+types/compose';
import { composePost, loadComposer } from './compose.server';

export const meta: Route.MetaFunction = () => [{ title: 'Compose · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadComposer(context, requirePermission(context, request, 'posts:write'));
}

export async function action({ context, request }: Route.ActionArgs) {
  return composePost(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

type Account = Route.ComponentProps['loaderData']['connections'][number];

/** One attachment in the composer: uploading (with progress), failed, or uploaded (with its id). */
interface Attachment {
  key: string;
  fileName: string;
  kind: 'image' | 'video';
  mimeType: string;
  sizeBytes: number;
  altText: string;
  /** a local preview while uploading (an object URL), the API's content URL once uploaded */
  previewUrl: string;
  progress: number;
  id?: string;
  error?: string;
}

const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime';

async function fetchCsrfToken(): Promise<string> {
  const response = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Could not start an upload (HTTP ${response.status}); reload the page and try again.`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** POST /api/v1/media with upload progress, which fetch() cannot report. */
function uploadFile(file: File, csrfToken: string, onProgress: (fraction: number) => void): Promise<{ id: string; contentUrl: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/media');
    request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as { id?: string; contentUrl?: string; detail?: string; title?: string } | null;
      if (request.status === 201 && body?.id && body.contentUrl) resolve({ id: body.id, contentUrl: body.contentUrl });
      else reject(new Error(body?.detail ?? body?.title ?? `The upload failed (HTTP ${request.status})`));
    };
    request.onerror = () => reject(new Error('The upload failed: the connection broke off'));
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}

export default function Compose({ loaderData, actionData }: Route.ComponentProps) {
  const { connections } = loaderData;
  if (connections.length === 0) {
    return (
      <>
        <h1>Compose</h1>
        <section className="callout">
          <h2>Connect an account first</h2>
          <p>Posts are published to connected accounts, and this team has none yet. The demo channel publishes to a feed inside planrrr.</p>
          <p>
            <Link to="/connections" className="button">
              Add the demo channel
            </Link>
          </p>
        </section>
      </>
    );
  }
  return <Composer connections={connections} failure={actionData} />;
}

function Composer({ connections, failure }: { connections: Account[]; failure: Route.ComponentProps['actionData'] }) {
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const submitting = navigation.formAction === '/compose' ? navigation.formData?.get('intent') : undefined;
  const { timeZone } = useTimeZone();
  const errors = failure?.errors;

  const [content, setContent] = useState(failure?.fields.content ?? '');
  /** each customized account's own text, by connection id */
  const [overrides, setOverrides] = useState<Record<string, string>>(() => failure?.fields.overrides ?? {});
  const [selected, setSelected] = useState<Set<string>>(
    () => new Set(failure?.fields.connectionIds ?? (connections.length === 1 ? connections.map((connection) => connection.id) : [])),
  );
  const [attachments, setAttachments] = useState<Attachment[]>(() =>
    (failure?.fields.media ?? []).map((media) => ({
      key: media.id,
      id: media.id,
      fileName: media.fileName,
      kind: media.kind === 'VIDEO' ? 'video' : 'image',
      mimeType: media.mimeType,
      sizeBytes: media.sizeBytes,
      altText: media.altText ?? '',
      previewUrl: media.contentUrl,
      progress: 1,
    })),
  );
  const csrfToken = useRef<Promise<string> | null>(null);
  const [dragging, setDragging] = useState(false);

  const targets = connections.filter((connection) => selected.has(connection.id));
  const ruleMedia: RuleMedia[] = attachments.filter((item) => item.id).map(({ kind, mimeType, sizeBytes }) => ({ kind, mimeType, sizeBytes }));
  const textFor = (account: Account) => overrides[account.id] ?? content;
  const violations = checkPostForTargets(
    { content, media: ruleMedia },
    targets.map((target) => ({ platform: target.platform, connectionId: target.id, maxCharacters: target.maxCharacters, content: overrides[target.id] })),
  );
  const mainTextViolations = violations.filter((violation) => overrides[violation.connectionId!] === undefined);
  const uploading = attachments.some((item) => !item.id && !item.error);
  // Until JavaScript runs, nothing is checked here: the server refuses and says why.
  const blocked = hydrated && (violations.length > 0 || uploading);

  const update = (key: string, change: Partial<Attachment>) =>
    setAttachments((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item)));

  function addFiles(files: Iterable<File>) {
    for (const file of files) {
      const key = `${Date.now()}-${Math.random()}`;
      const kind = file.type.startsWith('video/') ? 'video' : 'image';
      const localPreview = URL.createObjectURL(file);
      setAttachments((items) => [...items, { key, fileName: file.name, kind, mimeType: file.type, sizeBytes: file.size, altText: '', previewUrl: localPreview, progress: 0 }]);
      csrfToken.current ??= fetchCsrfToken();
      csrfToken.current
        .then((token) => uploadFile(file, token, (progress) => update(key, { progress })))
        .then(({ id, contentUrl }) => {
          // From now on the thumbnail is what the server stored.
          update(key, { id, previewUrl: contentUrl, progress: 1 });
          URL.revokeObjectURL(localPreview);
        })
        .catch((error: unknown) => {
          csrfToken.current = null;
          update(key, { error: error instanceof Error ? error.message : String(error) });
        });
    }
  }

  function remove(item: Attachment) {
    setAttachments((items) => items.filter((other) => other.key !== item.key));
    if (item.previewUrl.startsWith('blob:')) URL.revokeObjectURL(item.previewUrl);
  }

  function move(index: number, by: -1 | 1) {
    setAttachments((items) => {
      const next = [...items];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  }

  const firstMedia = attachments.find((item) => item.id);
  const hasDemo = connections.some((connection) => connection.platform === 'DEMO');

  return (
    <>
      <h1>Compose</h1>
      <Form method="post" action="/compose" className="composer" noValidate>
        <div className="composer-main stack">
          <FormErrors errors={[...(errors?.form ?? []), ...(errors?.media ?? []), ...(errors?.altText ?? [])]} />

          <fieldset className="field card" aria-describedby={errors?.connectionIds ? 'connectionIds-errors' : undefined}>
            <legend>Publish to</legend>
            <ul className="account-picker">
              {connections.map((connection) => (
                <li key={connection.id}>
                  <label className="account-choice">
                    <input
                      type="checkbox"
                      name="connectionIds"
                      value={connection.id}
                      checked={selected.has(connection.id)}
                      disabled={connection.status !== 'ACTIVE'}
                      onChange={(event) => {
                        const next = new Set(selected);
                        if (event.target.checked) next.add(connection.id);
                        else next.delete(connection.id);
                        setSelected(next);
                      }}
                    />
                    <AccountName platform={connection.platform} handle={connection.handle} displayName={connection.displayName} avatarUrl={connection.avatarUrl} />
                    {connection.status === 'ACTIVE' ? null : <span className="hint"> (reconnect it on the Connections page)</span>}
                  </label>
                </li>
              ))}
            </ul>
            {hasDemo ? <p className="hint">{DEMO_EXPLANATION}</p> : null}
            <ErrorList id="connectionIds-errors" errors={errors?.connectionIds} />
          </fieldset>

          <div className="field">
            <label htmlFor="content">Text</label>
            <textarea
              id="content"
              name="content"
              rows={7}
              required
              value={content}
              onChange={(event) => setContent(event.target.value)}
              aria-invalid={errors?.content || (hydrated && mainTextViolations.length > 0) ? true : undefined}
              aria-describedby="content-counters content-rules content-errors"
            />
            {hydrated ? (
              <ul id="content-counters" className="counters" aria-label="Length per account">
                {targets.map((target) => {
                  const { length, limit, unit } = textLength(target.platform, textFor(target), target.maxCharacters);
                  const over = length > limit;
                  return (
                    <li key={target.id} className={over ? 'counter counter-over' : 'counter'} data-testid={`counter-${target.platform}`} title={unit}>
                      <PlatformIcon platform={target.platform} /> {platformName(target.platform)} {length}/{limit}
                      {overrides[target.id] !== undefined ? <span className="counter-note"> (own text)</span> : null}
                      {over ? <span className="visually-hidden"> (too long)</span> : null}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            <div id="content-rules" role="status" aria-live="polite">
              {hydrated ? <ViolationList violations={mainTextViolations} /> : null}
            </div>
            <ErrorList id="content-errors" errors={errors?.content} />
          </div>

          <div className="field" role="group" aria-labelledby="overrides-label">
            <span className="label" id="overrides-label">
              Customize per account
            </span>
            <p className="hint">Every account publishes the text above unless you give it its own.</p>
            {(hydrated ? targets : connections).length === 0 ? <p className="hint">Choose an account first.</p> : null}
            <ul className="overrides">
              {(hydrated ? targets : connections).map((account) => (
                <li key={account.id}>
                  <AccountOverride
                    account={account}
                    hydrated={hydrated}
                    mainText={content}
                    text={overrides[account.id]}
                    onChange={(text) =>
                      setOverrides((current) => {
                        const { [account.id]: _removed, ...others } = current;
                        return text === undefined ? others : { ...others, [account.id]: text };
                      })
                    }
                    violations={violations.filter((violation) => violation.connectionId === account.id && overrides[account.id] !== undefined)}
                    errors={errors?.[overrideField(account.id)]}
                  />
                </li>
              ))}
            </ul>
          </div>

          <div className="field">
            <span className="label" id="media-label">
              Images and videos
            </span>
            {hydrated ? (
              <div
                className={dragging ? 'dropzone dropzone-active' : 'dropzone'}
                data-testid="dropzone"
                onDragOver={(event) => {
                  event.preventDefault();
                  setDragging(true);
                }}
                onDragLeave={() => setDragging(false)}
                onDrop={onDrop}
              >
                <p>
                  Drop images or videos here, or{' '}
                  <label className="button-link">
                    choose files
                    <input
                      type="file"
                      className="visually-hidden"
                      accept={ACCEPTED_TYPES}
                      multiple
                      aria-describedby="media-label"
                      onChange={(event) => {
                        addFiles(event.target.files ?? []);
                        event.target.value = '';
                      }}
                    />
                  </label>
                </p>
              </div>
            ) : (
              <p className="hint">Attaching images and videos needs JavaScript.</p>
            )}
            {attachments.length > 0 ? (
              <ol className="attachments" aria-labelledby="media-label">
                {attachments.map((item, index) => (
                  <li key={item.key} className="attachment card">
                    {item.kind === 'image' ? (
                      <img src={item.previewUrl} alt={item.altText} className="thumbnail" data-uploaded={item.id ? true : undefined} />
                    ) : (
                      <video src={item.previewUrl} className="thumbnail" muted preload="metadata" data-uploaded={item.id ? true : undefined} />
                    )}
                    <div className="attachment-body">
                      <p className="attachment-name">{item.fileName}</p>
                      {item.error ? (
                        <p className="field-errors" role="alert">
                          {item.error}
                        </p>
                      ) : item.id ? null : (
                        <progress max={1} value={item.progress} aria-label={`Uploading ${item.fileName}`} />
                      )}
                      {item.id ? (
                        <>
                          <input type="hidden" name="media" value={item.id} />
                          <label className="field">
                            Alt text
                            <input
                              type="text"
                              name={`altText.${item.id}`}
                              value={item.altText}
                              maxLength={1500}
                              onChange={(event) => update(item.key, { altText: event.target.value })}
                            />
                          </label>
                        </>
                      ) : null}
                      <div className="attachment-actions">
                        <button type="button" className="button-link" disabled={index === 0} onClick={() => move(index, -1)}>
                          Move earlier<span className="visually-hidden"> {item.fileName}</span>
                        </button>
                        <button type="button" className="button-link" disabled={index === attachments.length - 1} onClick={() => move(index, 1)}>
                          Move later<span className="visually-hidden"> {item.fileName}</span>
                        </button>
                        <button type="button" className="button-link danger" onClick={() => remove(item)}>
                          Remove<span className="visually-hidden"> {item.fileName}</span>
                        </button>
                      </div>
                    </div>
                  </li>
                ))}
              </ol>
            ) : null}
          </div>

          <PublishAtField timeZone={timeZone} defaultValue={failure?.fields.publishAt} errors={errors?.publishAt} />

          <div className="composer-actions">
            <button type="submit" name="intent" value="schedule" className="button" disabled={blocked || submitting !== undefined}>
              {submitting === 'schedule' ? 'Scheduling…' : 'Schedule'}
            </button>
            <button type="submit" name="intent" value="draft" className="button button-secondary" disabled={uploading || submitting !== undefined}>
              {submitting === 'draft' ? 'Saving…' : 'Save draft'}
            </button>
            <button type="submit" name="intent" value="publish-now" className="button button-secondary" disabled={blocked || submitting !== undefined}>
              {submitting === 'publish-now' ? 'Publishing…' : 'Publish now'}
            </button>
          </div>
          {blocked ? (
            <p className="hint">{uploading ? 'Waiting for the uploads to finish.' : 'Fix what the accounts’ rules refuse above to schedule or publish.'}</p>
          ) : null}
        </div>

        <aside className="composer-previews" aria-labelledby="previews-heading">
          <h2 id="previews-heading">Preview</h2>
          {targets.length === 0 ? <p className="hint">Choose an account to see how the post will look there.</p> : null}
          {targets.map((target) => (
            <Preview key={target.id} account={target} content={textFor(target)} media={firstMedia} />
          ))}
        </aside>
      </Form>
    </>
  );
}

function ViolationList({ violations }: { violations: PlatformViolation[] }) {
  if (violations.length === 0) return null;
  return (
    <ul className="field-errors">
      {violations.map((violation) => (
        <li key={`${violation.connectionId}-${violation.rule}-${violation.message}`}>
          {platformName(violation.platform)}: {violation.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * One account's own text. With JavaScript: a disclosure button that opens a textarea
 * prefilled with the main text, its live counter and rule errors, and a way back to the main
 * text. Without: a native disclosure around an empty field (empty means the main text).
 */
function AccountOverride({
  account,
  hydrated,
  mainText,
  text,
  onChange,
  violations,
  errors,
}: {
  account: Account;
  hydrated: boolean;
  mainText: string;
  /** undefined while the account publishes the main text */
  text: string | undefined;
  onChange: (text: string | undefined) => void;
  violations: PlatformViolation[];
  errors: string[] | undefined;
}) {
  const [open, setOpen] = useState(text !== undefined);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const name = account.platform === 'DEMO' ? account.displayName : `${platformName(account.platform)} ${account.handle}`;
  const fieldId = `override-${account.id}`;
  const errorsId = `${fieldId}-errors`;
  const field = (
    <>
      <label htmlFor={fieldId}>Custom version for {name}</label>
      <textarea
        id={fieldId}
        name={overrideField(account.id)}
        rows={5}
        ref={textarea}
        {...(hydrated ? { value: text ?? '', onChange: (event) => onChange(event.target.value) } : { defaultValue: text ?? '' })}
        aria-invalid={errors?.length || violations.length > 0 ? true : undefined}
        aria-describedby={hydrated ? `${fieldId}-counter ${fieldId}-rules ${errorsId}` : `${fieldId}-hint ${errorsId}`}
      />
    </>
  );
  if (!hydrated) {
    return (
      <details className="override" open={text !== undefined}>
        <summary>Customize for {name}</summary>
        {field}
        <p id={`${fieldId}-hint`} className="hint">
          Leave it empty to publish the main text.
        </p>
        <ErrorList id={errorsId} errors={errors} />
      </details>
    );
  }
  const { length, limit, unit } = textLength(account.platform, text ?? mainText, account.maxCharacters);
  return (
    <div className="override">
      <button
        type="button"
        ref={toggle}
        className="button-link"
        aria-expanded={open}
        aria-controls={`${fieldId}-panel`}
        onClick={() => {
          if (text === undefined) onChange(mainText);
          setOpen(!open);
          if (!open) requestAnimationFrame(() => textarea.current?.focus());
        }}
      >
        {/* the state is aria-expanded's to say; the arrow is for the eye only */}
        <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
        Customize for {name}
        {text !== undefined && !open ? <span className="counter-note"> (own text)</span> : null}
      </button>
      {/* kept in the form while closed, so a customized text is still sent */}
      <div id={`${fieldId}-panel`} className="override-panel" hidden={!open || text === undefined}>
        {text !== undefined ? (
          <>
            {field}
            <p id={`${fieldId}-counter`} className={length > limit ? 'counter counter-over' : 'counter'} data-testid={`override-counter-${account.id}`} title={unit}>
              {platformName(account.platform)} {length}/{limit}
              {length > limit ? <span className="visually-hidden"> (too long)</span> : null}
            </p>
            <div id={`${fieldId}-rules`} role="status" aria-live="polite">
              <ViolationList violations={violations} />
            </div>
            <ErrorList id={errorsId} errors={errors} />
            <button
              type="button"
              className="button-link"
              onClick={() => {
                onChange(undefined);
                setOpen(false);
                toggle.current?.focus();
              }}
            >
              Use the main text<span className="visually-hidden"> for {name}</span>
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** The post as the platform shows it: a small card in its style. */
function Preview({ account, content, media }: { account: Account; content: string; media: Attachment | undefined }) {
  const mediaBlock = media ? (
    media.kind === 'image' ? (
      <img src={media.previewUrl} alt={media.altText} className="preview-media" />
    ) : (
      <video src={media.previewUrl} className="preview-media" muted preload="metadata" />
    )
  ) : null;
  const text = content.trim() ? content : 'Your text appears here.';
  const youtube = account.platform === 'YOUTUBE';
  return (
    <article className={`preview preview-${account.platform.toLowerCase()}`} aria-label={`Preview on ${platformName(account.platform)}`}>
      <header className="preview-header">
        {account.avatarUrl ? (
          <img className="preview-avatar" src={account.avatarUrl} alt="" width={36} height={36} />
        ) : (
          <span className="preview-avatar" aria-hidden="true">
            {initials(account.displayName)}
          </span>
        )}
        <span>
          <strong>{account.displayName}</strong>
          {account.platform === 'DEMO' ? null : <span className="preview-handle"> {account.handle}</span>}
        </span>
        <PlatformIcon platform={account.platform} />
      </header>
      {account.platform === 'INSTAGRAM' || youtube ? mediaBlock : null}
      {youtube ? (
        <>
          <p className="preview-title">{text.split('\n', 1)[0]}</p>
          <p className="preview-text preview-clamped">{text}</p>
        </>
      ) : (
        <p className="preview-text">
          {account.platform === 'INSTAGRAM' ? <strong>{account.handle} </strong> : null}
          {text}
        </p>
      )}
      {account.platform === 'INSTAGRAM' || youtube ? null : mediaBlock}
      <footer className="preview-footer" aria-hidden="true">
        {PREVIEW_ACTIONS[account.platform]}
      </footer>
    </article>
  );
}

const PREVIEW_ACTIONS: Record<Platform, string> = {
  DEMO: 'Published to the demo feed',
  X: 'Reply · Repost · Like · Views',
  BLUESKY: 'Reply · Repost · Like',
  MASTODON: 'Reply · Boost · Favourite',
  LINKEDIN: 'Like · Comment · Repost · Send',
  FACEBOOK: 'Like · Comment · Share',
  INSTAGRAM: '♡  Comment  Share',
  YOUTUBE: 'Like · Dislike · Share',
};
