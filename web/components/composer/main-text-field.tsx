import { textLength } from '../../../domain/platform-rules';
import type { ComposerAccount } from '../../routes/compose.server';
import { PlatformIcon, platformName } from '../account';
import { ErrorList } from '../field';
import { useHydrated } from '../../utils/use-hydrated';
import type { Composer } from './use-composer';
import { ViolationList } from './violation-list';

/** The text every chosen account publishes unless it has its own, with a live length counter per account. */
export function MainTextField({
  composer,
  errors,
}: {
  composer: Pick<Composer, 'content' | 'setContent' | 'targets' | 'textFor' | 'overrides' | 'mainTextViolations'>;
  errors: string[] | undefined;
}) {
  const hydrated = useHydrated();
  const { targets, overrides, mainTextViolations } = composer;
  return (
    <div className="field">
      <label htmlFor="content">Text</label>
      <textarea
        id="content"
        name="content"
        rows={7}
        required
        value={composer.content}
        onChange={(event) => composer.setContent(event.target.value)}
        aria-invalid={errors || (hydrated && mainTextViolations.length > 0) ? true : undefined}
        aria-describedby="content-counters content-rules content-errors"
      />
      {hydrated ? (
        <LengthCounters
          id="content-counters"
          targets={targets}
          textFor={composer.textFor}
          ownText={(target) => overrides[target.id] !== undefined}
        />
      ) : null}
      <div id="content-rules" role="status" aria-live="polite">
        {hydrated ? <ViolationList violations={mainTextViolations} /> : null}
      </div>
      <ErrorList id="content-errors" errors={errors} />
    </div>
  );
}

/** A live length counter per account for one text (the main text, or a thread's part). */
export function LengthCounters({
  id,
  targets,
  textFor,
  ownText = () => false,
  testIdSuffix = '',
}: {
  id: string;
  targets: ComposerAccount[];
  textFor: (account: ComposerAccount) => string;
  /** whether the account publishes its own text instead of the main one */
  ownText?: (account: ComposerAccount) => boolean;
  testIdSuffix?: string;
}) {
  return (
    <ul id={id} className="counters" aria-label="Length per account">
      {targets.map((target) => {
        const { length, limit, unit } = textLength(target.platform, textFor(target), target.maxCharacters);
        const over = length > limit;
        return (
          <li
            key={target.id}
            className={over ? 'counter counter-over' : 'counter'}
            data-testid={`counter-${target.platform}${testIdSuffix}`}
            title={unit}
          >
            <PlatformIcon platform={target.platform} /> {platformName(target.platform)} {length}/{limit}
            {ownText(target) ? <span className="counter-note"> (own text)</span> : null}
            {over ? <span className="visually-hidden"> (too long)</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
