// A thread's parts after the main text, each with its own counters, and the first comment:
// X, Bluesky, Mastodon and Threads publish each part as a reply to the one before; the comment
// follows the post (after its last part) on the platforms that take one.
import { FIRST_COMMENT_PUBLISHING, THREAD_PUBLISHING } from '../../../platforms';
import { useHydrated } from '../../utils/use-hydrated';
import { ErrorList } from '../field';
import { LengthCounters } from './main-text-field';
import type { Composer } from './use-composer';
import { ViolationList } from './violation-list';

type ThreadComposer = Pick<
  Composer,
  | 'targets'
  | 'parts'
  | 'setPart'
  | 'addPart'
  | 'removePart'
  | 'splittable'
  | 'splitMainText'
  | 'partViolations'
  | 'firstComment'
  | 'setFirstComment'
  | 'commentViolations'
>;

export function ThreadParts({ composer, errors }: { composer: ThreadComposer; errors: { thread?: string[]; firstComment?: string[] } }) {
  const hydrated = useHydrated();
  return (
    <fieldset className="thread-parts stack">
      <legend>Thread</legend>
      <p className="hint">A thread's parts follow the text above: {THREAD_PUBLISHING}.</p>
      {composer.parts.map((part, index) => {
        const number = index + 2;
        return (
          <div className="field" key={index}>
            <label htmlFor={`thread-${index}`}>Part {number}</label>
            <textarea
              id={`thread-${index}`}
              name="thread"
              rows={4}
              value={part}
              onChange={(event) => composer.setPart(index, event.target.value)}
              aria-invalid={hydrated && composer.partViolations(index + 1).length > 0 ? true : undefined}
            />
            {hydrated ? (
              <LengthCounters
                id={`thread-${index}-counters`}
                targets={composer.targets}
                textFor={() => part}
                testIdSuffix={`-part-${number}`}
              />
            ) : null}
            <div role="status" aria-live="polite">
              {hydrated ? <ViolationList violations={composer.partViolations(index + 1)} /> : null}
            </div>
            <button type="button" className="button-link" onClick={() => composer.removePart(index)}>
              Remove part {number}
            </button>
          </div>
        );
      })}
      <ErrorList id="thread-errors" errors={errors.thread} />
      {hydrated ? (
        <p className="thread-actions">
          <button type="button" className="button button-secondary button-small" onClick={composer.addPart}>
            Add a part
          </button>
          {composer.splittable ? (
            <button type="button" className="button button-secondary button-small" onClick={composer.splitMainText}>
              Split into parts
            </button>
          ) : null}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="firstComment">First comment</label>
        <textarea
          id="firstComment"
          name="firstComment"
          rows={2}
          value={composer.firstComment}
          onChange={(event) => composer.setFirstComment(event.target.value)}
          aria-describedby="firstComment-hint firstComment-rules firstComment-errors"
        />
        <p id="firstComment-hint" className="hint">
          Published by each account right after the post: {FIRST_COMMENT_PUBLISHING}.
        </p>
        <div id="firstComment-rules" role="status" aria-live="polite">
          {hydrated ? <ViolationList violations={composer.commentViolations} /> : null}
        </div>
        <ErrorList id="firstComment-errors" errors={errors.firstComment} />
      </div>
    </fieldset>
  );
}
