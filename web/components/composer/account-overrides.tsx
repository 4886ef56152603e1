import { useRef, useState } from 'react';
import { textLength, type PlatformViolation } from '../../../domain/platform-rules';
import type { ComposerAccount } from '../../routes/compose.server';
import type { FieldErrors } from '../../utils/forms';
import { overrideField } from '../../utils/override-field';
import { useHydrated } from '../../utils/use-hydrated';
import { platformName } from '../account';
import { ErrorList } from '../field';
import type { Composer } from './use-composer';
import { ViolationList } from './violation-list';

/**
 * A text of its own for any chosen account. Without JavaScript every account is offered,
 * since which ones are chosen is only known once the form is sent.
 */
export function AccountOverrides({
  connections,
  composer,
  errors,
}: {
  connections: ComposerAccount[];
  composer: Pick<Composer, 'targets' | 'content' | 'overrides' | 'setOverride' | 'overrideViolations' | 'textFor'>;
  errors: FieldErrors | undefined;
}) {
  const hydrated = useHydrated();
  const accounts = hydrated ? composer.targets : connections;
  return (
    <div className="field" role="group" aria-labelledby="overrides-label">
      <span className="label" id="overrides-label">
        Customize per account
      </span>
      <p className="hint">Every account publishes the text above unless you give it its own.</p>
      {accounts.length === 0 ? <p className="hint">Choose an account first.</p> : null}
      <ul className="overrides">
        {accounts.map((account) => (
          <li key={account.id}>
            <AccountOverride
              account={account}
              hydrated={hydrated}
              mainText={composer.content}
              published={composer.textFor(account)}
              text={composer.overrides[account.id]}
              onChange={(text) => composer.setOverride(account.id, text)}
              violations={composer.overrideViolations(account.id)}
              errors={errors?.[overrideField(account.id)]}
            />
          </li>
        ))}
      </ul>
    </div>
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
  published,
  text,
  onChange,
  violations,
  errors,
}: {
  account: ComposerAccount;
  hydrated: boolean;
  mainText: string;
  /** what the account publishes, as its counter counts it (with its signature) */
  published: string;
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
  const { length, limit, unit } = textLength(account.platform, published, account.maxCharacters);
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
            <p
              id={`${fieldId}-counter`}
              className={length > limit ? 'counter counter-over' : 'counter'}
              data-testid={`override-counter-${account.id}`}
              title={unit}
            >
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
