import { useNavigation } from 'react-router';
import type { Composer } from './use-composer';

/** Three ways out: schedule, save a draft (allowed while the rules refuse), publish now. */
export function ComposerActions({ composer }: { composer: Pick<Composer, 'blocked' | 'media'> }) {
  const navigation = useNavigation();
  const submitting = navigation.formAction === '/compose' ? navigation.formData?.get('intent') : undefined;
  const { blocked } = composer;
  const { uploading } = composer.media;
  return (
    <>
      <div className="composer-actions">
        <button type="submit" name="intent" value="schedule" className="button" disabled={blocked || submitting !== undefined}>
          {submitting === 'schedule' ? 'Scheduling…' : 'Schedule'}
        </button>
        <button
          type="submit"
          name="intent"
          value="draft"
          className="button button-secondary"
          disabled={uploading || submitting !== undefined}
        >
          {submitting === 'draft' ? 'Saving…' : 'Save draft'}
        </button>
        <button
          type="submit"
          name="intent"
          value="publish-now"
          className="button button-secondary"
          disabled={blocked || submitting !== undefined}
        >
          {submitting === 'publish-now' ? 'Publishing…' : 'Publish now'}
        </button>
      </div>
      {blocked ? (
        <p className="hint">
          {uploading ? 'Waiting for the uploads to finish.' : 'Fix what the accounts’ rules refuse above to schedule or publish.'}
        </p>
      ) : null}
    </>
  );
}
