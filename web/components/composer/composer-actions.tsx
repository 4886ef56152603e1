import { useState } from 'react';
import { useNavigation } from 'react-router';
import type { QUEUE_MODES } from '../../../api/queue/schemas';
import { useHydrated } from '../../utils/use-hydrated';
import type { Composer } from './use-composer';

type QueueMode = (typeof QUEUE_MODES)[number];

/** A new post or a draft goes out three ways; a scheduled post only takes changes; a failed one is retried. */
export type ComposerMode = 'new' | 'draft' | 'scheduled' | 'retry';

/**
 * Schedule, add to the queue or share next (a new post; with several accounts, at each one's own slot or at one time in all), save a draft (allowed while the rules refuse), publish now; or, for a scheduled
 * post, save the changes. Each button says what it is doing while the server works.
 */
export function ComposerActions({
  composer,
  mode: composerMode,
  action,
  queueMode,
  approvalAccounts = null,
}: {
  composer: Pick<Composer, 'blocked' | 'media' | 'selected'>;
  mode: ComposerMode;
  /** the form's action, to know that the submission in flight is this form's */
  action: string;
  /** a refused form's queue choice */
  queueMode?: QueueMode | undefined;
  /** the accounts whose posts by this user need approval ([]: all), or null when none do */
  approvalAccounts?: string[] | null;
}) {
  const hydrated = useHydrated();
  // a Buffer habit: several accounts queued at once each take their own next slot
  const [mode, setMode] = useState<QueueMode>(queueMode ?? 'each');
  const navigation = useNavigation();
  const submitting = navigation.formAction === action ? navigation.formData?.get('intent') : undefined;
  const { blocked } = composer;
  const { uploading } = composer.media;
  const busy = submitting !== undefined;
  // what needs approval is submitted, not scheduled: it waits for a decider (docs/approvals.md)
  const needsApproval =
    approvalAccounts !== null && (approvalAccounts.length === 0 || approvalAccounts.some((id) => composer.selected.has(id)));
  return (
    <>
      {/* before JavaScript runs the accounts ticked are not known here: the choice is always offered */}
      {composerMode === 'new' && (!hydrated || composer.selected.size > 1) ? (
        <fieldset className="queue-mode">
          <legend>Queueing to several accounts</legend>
          <label>
            <input type="radio" name="queueMode" value="each" checked={mode === 'each'} onChange={() => setMode('each')} /> Each account’s
            own next slot
          </label>
          <label>
            <input type="radio" name="queueMode" value="together" checked={mode === 'together'} onChange={() => setMode('together')} /> Same
            time in all accounts
          </label>
        </fieldset>
      ) : null}
      <div className="composer-actions">
        {composerMode === 'retry' ? (
          <button type="submit" name="intent" value="retry" className="button" disabled={blocked || busy}>
            {submitting === 'retry' ? 'Retrying…' : 'Retry now'}
          </button>
        ) : composerMode === 'scheduled' ? (
          <button type="submit" name="intent" value="save" className="button" disabled={blocked || busy}>
            {submitting === 'save' ? 'Saving…' : 'Save changes'}
          </button>
        ) : (
          <>
            <button type="submit" name="intent" value="schedule" className="button" disabled={blocked || busy}>
              {needsApproval
                ? submitting === 'schedule'
                  ? 'Submitting…'
                  : 'Submit for approval'
                : submitting === 'schedule'
                  ? 'Scheduling…'
                  : 'Schedule'}
            </button>
            {composerMode === 'new' ? (
              <>
                <button type="submit" name="intent" value="queue" className="button button-secondary" disabled={blocked || busy}>
                  {submitting === 'queue' ? 'Adding…' : 'Add to queue'}
                </button>
                <button type="submit" name="intent" value="share-next" className="button button-secondary" disabled={blocked || busy}>
                  {submitting === 'share-next' ? 'Adding…' : 'Share next'}
                </button>
              </>
            ) : null}
            <button type="submit" name="intent" value="draft" className="button button-secondary" disabled={uploading || busy}>
              {submitting === 'draft' ? 'Saving…' : 'Save draft'}
            </button>
            {/* a post that needs approval cannot go out before a decider saw it */}
            {needsApproval ? null : (
              <button type="submit" name="intent" value="publish-now" className="button button-secondary" disabled={blocked || busy}>
                {submitting === 'publish-now' ? 'Publishing…' : 'Publish now'}
              </button>
            )}
          </>
        )}
      </div>
      {busy ? (
        <p role="status" className="hint">
          {submitting === 'draft'
            ? 'Saving the draft…'
            : submitting === 'retry'
              ? 'Saving your fixes and publishing again…'
              : 'Saving the post and handing it to the scheduler…'}
        </p>
      ) : needsApproval && !blocked && composerMode !== 'retry' ? (
        <p className="hint">
          {composerMode === 'scheduled'
            ? 'A change to what is published sends the post back for approval.'
            : 'Your team approves posts to these accounts before they go out: a decider is asked.'}
        </p>
      ) : blocked ? (
        <p className="hint">
          {uploading ? 'Waiting for the uploads to finish.' : 'Fix what the accounts’ rules refuse above to schedule or publish.'}
        </p>
      ) : null}
    </>
  );
}
