// Import: upload a CSV or JSON file of posts, read what the dry run found per row and column,
// then import the good rows and follow the progress (pause, resume, cancel, undo). The file
// goes straight to the REST API (POST /api/v1/imports), which streams it; the page follows
// the import by reloading its data while the import runs.
import { useEffect, useState, type FormEvent } from 'react';
import { Form, Link, useNavigate, useRevalidator } from 'react-router';
import { fetchCsrfToken } from '../components/composer/upload-media';
import { FormErrors } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/imports';
import { changeImport, loadImportsPage } from './imports.server';

export const meta: Route.MetaFunction = () => [{ title: 'Import · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadImportsPage(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeImport(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

// The page follows an import until it ends, also while it waits (checked, paused): a
// confirmation or resumption reaches the workflow a moment before the workflow records its
// next phase, and may come from another editor or the API.
const FOLLOWED = ['RECEIVED', 'CHECKING', 'CHECKED', 'CREATING', 'PAUSED', 'UNDOING'];
const FOLLOW_EVERY_MS = 1000;

const PHASE_TEXT: Record<string, string> = {
  RECEIVED: 'Starting',
  CHECKING: 'Checking rows',
  CHECKED: 'Checked: nothing is created until you import',
  CREATING: 'Creating posts',
  PAUSED: 'Paused',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
  UNDOING: 'Undoing',
  UNDONE: 'Undone: its posts that had not published are cancelled',
};

function UploadForm() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const upload = new FormData();
    upload.set('dryRun', form.get('dryRun') ? 'true' : 'false');
    for (const name of ['spreadFrom', 'spreadTo']) {
      const local = String(form.get(name) ?? '');
      // the browser's local time, with its offset
      if (local) upload.set(name, new Date(local).toISOString());
    }
    upload.set('file', form.get('file') as File);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/imports', {
        method: 'POST',
        body: upload,
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': await fetchCsrfToken() },
      });
      const body = (await response.json()) as { id?: string; detail?: string; title?: string };
      if (!response.ok || !body.id) throw new Error(body.detail ?? body.title ?? `The upload failed (HTTP ${response.status})`);
      await navigate(`/imports?id=${body.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="import-form" onSubmit={(event) => void submit(event)}>
      <label>
        File (CSV or JSON)
        <input type="file" name="file" accept=".csv,.json,text/csv,application/json" required />
      </label>
      <label className="checkbox">
        <input type="checkbox" name="dryRun" defaultChecked /> Check every row first (dry run)
      </label>
      <fieldset>
        <legend>Rows without a time go to their accounts&apos; queues, or spread them over:</legend>
        <label>
          From <input type="datetime-local" name="spreadFrom" />
        </label>
        <label>
          To <input type="datetime-local" name="spreadTo" />
        </label>
      </fieldset>
      <FormErrors errors={error ? [error] : undefined} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
    </form>
  );
}

function MessageButton({ importId, intent, label }: { importId: string; intent: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="importId" value={importId} />
      <button type="submit" name="intent" value={intent} className={intent === 'confirm' ? 'button' : 'button button-secondary'}>
        {label}
      </button>
    </Form>
  );
}

export default function Imports({ loaderData, actionData }: Route.ComponentProps) {
  const { imports, chosen, problemRows, canWrite } = loaderData;
  const revalidator = useRevalidator();
  const followed = chosen !== null && FOLLOWED.includes(chosen.phase);
  useEffect(() => {
    if (!followed) return;
    const timer = setInterval(() => void revalidator.revalidate(), FOLLOW_EVERY_MS);
    return () => clearInterval(timer);
  }, [followed, revalidator]);

  const rows = chosen?.rows;
  const done = rows ? rows.valid + rows.invalid + rows.created + rows.failed + rows.undone : 0;
  return (
    <>
      <h1>Import</h1>
      <p className="lead">
        Schedule many posts from one file: a CSV with a header (text, accounts, time, timezone, media, labels, first_comment,
        text:&lt;account or platform&gt;, options:&lt;account or platform&gt;, part2 …, template, var:&lt;variable&gt;) or a JSON array of
        the same rows. Every row is checked before anything is created.
      </p>
      {canWrite ? (
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload a file</h2>
          <UploadForm />
        </section>
      ) : null}

      {chosen && rows ? (
        <section className="card" aria-labelledby="import-heading">
          <h2 id="import-heading">{chosen.fileName}</h2>
          <p role="status" aria-label="Import status">
            {PHASE_TEXT[chosen.phase] ?? chosen.phase}: {done} of {rows.total} rows checked, {rows.created} created,{' '}
            {rows.invalid + rows.failed} with problems{rows.undone > 0 ? `, ${rows.undone} undone` : ''}
          </p>
          <progress
            max={rows.total}
            value={chosen.phase === 'CREATING' || chosen.phase === 'DONE' ? rows.created + rows.failed + rows.invalid : done}
          />
          <FormErrors errors={actionData && 'error' in actionData ? [actionData.error] : undefined} />
          {canWrite ? (
            <div className="actions">
              {chosen.phase === 'CHECKED' && rows.valid > 0 ? (
                <MessageButton importId={chosen.id} intent="confirm" label={`Import ${rows.valid} posts`} />
              ) : null}
              {['CHECKING', 'CREATING'].includes(chosen.phase) ? <MessageButton importId={chosen.id} intent="pause" label="Pause" /> : null}
              {chosen.phase === 'PAUSED' ? <MessageButton importId={chosen.id} intent="resume" label="Resume" /> : null}
              {['CHECKING', 'CHECKED', 'CREATING', 'PAUSED'].includes(chosen.phase) ? (
                <MessageButton importId={chosen.id} intent="cancel" label="Cancel" />
              ) : null}
              {['CREATING', 'PAUSED', 'DONE', 'CANCELLED'].includes(chosen.phase) && rows.created > 0 ? (
                <MessageButton importId={chosen.id} intent="undo" label="Undo" />
              ) : null}
            </div>
          ) : null}
          {problemRows.length > 0 ? (
            <div className="table-scroll">
              <table className="data-table">
                <caption>Problems, by row and column</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {problemRows.flatMap((row) =>
                    row.problems.map((problem, index) => (
                      <tr key={`${row.row}-${index}`}>
                        <td>{row.row}</td>
                        <td>{problem.column}</td>
                        <td>{problem.message}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}

      {imports.length > 0 ? (
        <section className="card" aria-labelledby="imports-heading">
          <h2 id="imports-heading">Recent imports</h2>
          <ul>
            {imports.map((each) => (
              <li key={each.id}>
                <Link to={`/imports?id=${each.id}`}>{each.fileName}</Link> ({each.rows.total} rows, {PHASE_TEXT[each.phase] ?? each.phase})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
