// The one editor for every post: a new one (/compose), a draft or a scheduled post
// (/posts/:id/edit). The same accounts, texts, counters, previews, media, labels, time and
// time zone everywhere; only the ways out differ. Before a form is sent it names every
// problem the browser can know at once, in the words the server would use.
import { useState, type FormEvent } from 'react';
import { Form } from 'react-router';
import { postProblems, type PostProblems } from '../../../domain/post-problems';
import type { ComposeFields, ComposerAccount, ComposeIntent } from '../../routes/compose.server';
import type { FieldErrors } from '../../utils/forms';
import { instantFromLocal, localFromInstant } from '../../utils/time';
import { useTimeZone } from '../../utils/use-time-zone';
import { BestTimeHint } from '../best-time-hint';
import { FormErrors, TextField } from '../field';
import { useHydrated } from '../../utils/use-hydrated';
import { PublishAtField } from '../publish-at-field';
import { AccountOptions } from './account-options';
import { AccountOverrides } from './account-overrides';
import { AccountPicker } from './account-picker';
import { AiPanel, type AiAvailability } from './ai-panel';
import { ComposerActions, type ComposerMode } from './composer-actions';
import { LabelPicker, type LabelChoice } from './label-picker';
import { MainTextField } from './main-text-field';
import { MediaUploader } from './media-uploader';
import { PostPreviews } from './post-previews';
import { SnippetPicker, type SnippetChoice } from './snippet-picker';
import { ThreadParts } from './thread-parts';
import { useComposer } from './use-composer';

export function ComposerForm({
  action,
  mode,
  connections,
  labels,
  timeZones,
  initial,
  plannedAt,
  errors,
  hidden = {},
  snippets = [],
  ai,
  approvalAccounts = null,
}: {
  /** where the form is sent */
  action: string;
  mode: ComposerMode;
  connections: ComposerAccount[];
  labels: LabelChoice[];
  /** the IANA zones to choose from */
  timeZones: string[];
  initial: ComposeFields;
  /** the post's time (ISO), shown in the chosen zone when `initial` names no local time */
  plannedAt?: string | null;
  /** the server's refusal */
  errors: FieldErrors | undefined;
  /** fields the form carries unseen (the version an edit was opened at) */
  hidden?: Record<string, string>;
  /** the team's snippets, for "Insert a snippet" */
  snippets?: SnippetChoice[];
  /** whether AI suggestions are on (absent: no AI panel) */
  ai?: AiAvailability;
  /** the accounts whose posts by this user need approval ([]: all), or null when none do */
  approvalAccounts?: string[] | null;
}) {
  const hydrated = useHydrated();
  const composer = useComposer(connections, initial, { offersSignatures: mode === 'new' });
  const userZone = useTimeZone().timeZone;
  const [chosenZone, setChosenZone] = useState<string | undefined>(initial.timeZone);
  const timeZone = chosenZone ?? userZone;
  const [checked, setChecked] = useState<PostProblems>({});
  const shown: FieldErrors = { ...errors, ...checked };

  function checkBeforeSending(event: FormEvent<HTMLFormElement>) {
    const intent = ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value as ComposeIntent | undefined;
    const local = new FormData(event.currentTarget).get('publishAt');
    const instant = typeof local === 'string' && local ? instantFromLocal(local, timeZone) : undefined;
    const problems = postProblems(
      {
        content: composer.content,
        connectionIds: [...composer.selected],
        // publishing now (or again) needs no time, nor does the queue, which chooses it; a time that is not one is the server's to name
        publishAt:
          intent === 'publish-now' || intent === 'retry' || intent === 'queue' || intent === 'share-next'
            ? new Date()
            : instant
              ? new Date(instant)
              : local
                ? null
                : undefined,
      },
      // a template, like a draft, may be text alone
      { draft: intent === 'draft' || intent === 'save-template', now: Date.now() },
    );
    setChecked(problems);
    if (Object.keys(problems).length > 0) event.preventDefault();
  }

  return (
    <Form method="post" action={action} className="composer" noValidate onSubmit={checkBeforeSending}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="composer-main stack">
        <FormErrors errors={[...(shown.form ?? []), ...(shown.media ?? []), ...(shown.altText ?? []), ...(shown.overrides ?? [])]} />
        <AccountPicker connections={connections} composer={composer} errors={shown.connectionIds} />
        <MainTextField composer={composer} errors={shown.content} />
        {hydrated ? <SnippetPicker snippets={snippets} composer={composer} /> : null}
        {composer.offersSignatures ? (
          <label className="checkbox">
            <input
              type="checkbox"
              name="signatures"
              checked={composer.signatures}
              onChange={(event) => composer.setSignatures(event.target.checked)}
            />{' '}
            Add each account’s signature (set on the Connections page)
          </label>
        ) : null}
        <AccountOverrides connections={connections} composer={composer} errors={shown} />
        <AccountOptions connections={connections} composer={composer} errors={shown} />
        <MediaUploader uploads={composer.media} />
        <ThreadParts composer={composer} errors={{ thread: shown.thread, firstComment: shown.firstComment }} />
        {ai ? <AiPanel ai={ai} composer={composer} connections={connections} /> : null}
        {/* a retry publishes now; keyed by the user's zone, known once hydrated: the prefilled wall-clock time is read in it */}
        {mode === 'retry' ? null : (
          <PublishAtField
            key={userZone}
            timeZone={timeZone}
            timeZones={timeZones}
            onTimeZoneChange={setChosenZone}
            defaultValue={initial.publishAt || (plannedAt ? localFromInstant(plannedAt, timeZone) : undefined)}
            errors={shown.publishAt}
            hint={mode === 'scheduled' ? undefined : 'A draft may be saved without a time.'}
          />
        )}
        {mode === 'retry'
          ? null
          : connections
              .filter((connection) => composer.selected.has(connection.id))
              .map((connection) => <BestTimeHint key={connection.id} accountName={connection.displayName} hint={connection.bestTimes} />)}
        <LabelPicker labels={labels} initial={initial.labelIds} errors={shown.labelIds} />
        <ComposerActions
          composer={composer}
          mode={mode}
          action={action}
          queueMode={initial.queueMode}
          approvalAccounts={approvalAccounts}
        />
        {mode === 'new' ? (
          <details className="save-as-template" open={shown.templateName !== undefined}>
            <summary>Save as a template</summary>
            <TextField label="Template name" name="templateName" maxLength={80} errors={shown.templateName} />
            <button type="submit" name="intent" value="save-template" className="button button-secondary">
              Save as template
            </button>
          </details>
        ) : null}
      </div>
      <PostPreviews composer={composer} />
    </Form>
  );
}
