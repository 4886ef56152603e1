// The platform options of each chosen account that needs some (a Reddit post's subreddit and
// title, domain/target-options.ts), under its name. Without JavaScript every such account
// is offered, since which ones are chosen is only known once the form is sent.
import { hasTargetOptions, optionsKey, TARGET_OPTION_FIELDS } from '../../../domain/target-options';
import type { ComposerAccount } from '../../routes/compose.server';
import type { FieldErrors } from '../../utils/forms';
import { optionField, optionKeyField } from '../../utils/override-field';
import { useHydrated } from '../../utils/use-hydrated';
import { platformName } from '../account';
import { ErrorList } from '../field';
import type { Composer } from './use-composer';
import { ViolationList } from './violation-list';

export function AccountOptions({
  connections,
  composer,
  errors,
}: {
  connections: ComposerAccount[];
  composer: Pick<Composer, 'targets' | 'targetOptions' | 'setOption' | 'optionViolations'>;
  errors: FieldErrors | undefined;
}) {
  const hydrated = useHydrated();
  const accounts = (hydrated ? composer.targets : connections).filter((account) => hasTargetOptions(account.platform));
  if (accounts.length === 0) return null;
  return (
    <>
      {accounts.map((account) => {
        if (!hasTargetOptions(account.platform)) return null;
        const name = `${platformName(account.platform)} ${account.handle}`;
        return (
          <fieldset key={account.id} className="field account-options">
            <legend>Options for {name}</legend>
            <input type="hidden" name={optionKeyField(account.id)} value={optionsKey(account.platform)} />
            {TARGET_OPTION_FIELDS[account.platform].map((option) => {
              const field = optionField(account.id, option.name);
              const fieldId = `option-${account.id}-${option.name}`;
              const value = composer.targetOptions[account.id]?.[option.name] ?? '';
              const violations = hydrated ? composer.optionViolations(account.id, option.name) : [];
              const fieldErrors = errors?.[field];
              return (
                <div key={option.name} className="stack">
                  <label htmlFor={fieldId}>
                    {option.label}
                    {option.required ? null : <span className="hint"> (optional)</span>}
                  </label>
                  <input
                    id={fieldId}
                    name={field}
                    {...(hydrated
                      ? { value, onChange: (event) => composer.setOption(account.id, option.name, event.target.value) }
                      : { defaultValue: value })}
                    {...(option.maxLength ? { maxLength: option.maxLength } : {})}
                    aria-invalid={fieldErrors?.length || violations.length > 0 ? true : undefined}
                    aria-describedby={option.hint ? `${fieldId}-hint ${fieldId}-errors` : `${fieldId}-errors`}
                  />
                  {option.hint ? (
                    <p id={`${fieldId}-hint`} className="hint">
                      {option.hint}
                    </p>
                  ) : null}
                  <div role="status" aria-live="polite">
                    <ViolationList violations={violations} />
                  </div>
                  <ErrorList id={`${fieldId}-errors`} errors={fieldErrors} />
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </>
  );
}
