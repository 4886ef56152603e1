import { useNavigation } from 'react-router';
import type { Composer } from './use-composer';

/** A new post or a draft goes out three ways; a scheduled post only takes changes; a failed one is retried. */
export type ComposerMode = 'new' | 'draft' | 'scheduled' | 'retry';

/**
 * Schedule, add to the queue (a new post), save a draft (allowed while the rules refuse), publish now; or, for a scheduled
 * post, save the changes. Each button says what it is doing while the server works.
 */
export function ComposerActions({
  composer,
  mode,
  action,
}: {
  composer: Pick<Composer, 'blocked' | 'media'>;
  mode: ComposerMode;
  /** the form's action, to know that the submission in flight is this form's */
  action: string;
}) {
  const navigation = useNavigation();
  const submitting = navigation.formAction === action ? navigation.formData?.get('intent') : undefined;
  const { blocked } = composer;
  const { uploading } = composer.media;
  const busy = submitting !== undefined;
  return (
    <>
      <div className="composer-actions">
        {mode === 'retry' ? (
          <button type="submit" name="intent" value="retry" className="button" disabled={blocked || busy}>
            {submitting === 'retry' ? 'Retrying…' : 'Retry now'}
          </button>
        ) : mode === 'scheduled' ? (
          <button type="submit" name="intent" value="save" className="button" disabled={blocked || busy}>
            {submitting === 'save' ? 'Saving…' : 'Save changes'}
          </button>
        ) : (
          <>
            <button type="submit" name="intent" value="schedule" className="button" disabled={blocked || busy}>
              {submitting === 'schedule' ? 'Scheduling…' : 'Schedule'}
            </button>
            {mode === 'new' ? (
              <button type="submit" name="intent" value="queue" className="button button-secondary" disabled={blocked || busy}>
                {submitting === 'queue' ? 'Adding…' : 'Add to queue'}
              </button>
            ) : null}
            <button type="submit" name="intent" value="draft" className="button button-secondary" disabled={uploading || busy}>
              {submitting === 'draft' ? 'Saving…' : 'Save draft'}
            </button>
            <button type="submit" name="intent" value="publish-now" className="button button-secondary" disabled={blocked || busy}>
              {submitting === 'publish-now' ? 'Publishing…' : 'Publish now'}
            </button>
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
      ) : blocked ? (
        <p className="hint">
          {uploading ? 'Waiting for the uploads to finish.' : 'Fix what the accounts’ rules refuse above to schedule or publish.'}
        </p>
      ) : null}
    </>
  );
}
