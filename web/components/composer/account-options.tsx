// The platform options of each chosen account that needs some (a Reddit post's subreddit and
// title, a pin's board, an Instagram format, domain/target-options.ts), under its name.
// Without JavaScript every such account is offered, since which ones are chosen is only known once the form is sent;
// a field chosen from a list (a Pinterest board) is then typed as an id, as the API takes it.
// A field is a text input, a select of fixed values (a YouTube category), a checkbox (made
// for kids), a comma-separated list (tags), a text area (an offer's terms) or a local date and
// time (an event's start), as its TargetOptionField says. A field that applies only to some
// choices (an event's dates) shows only for them once JavaScript runs; without it every field
// shows and the server leaves out those that do not apply.
import { useEffect, useState } from 'react';
import { hasTargetOptions, optionShown, optionsKey, TARGET_OPTION_FIELDS, type TargetOptionField } from '../../../domain/target-options';
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
        const platform = account.platform;
        if (!hasTargetOptions(platform)) return null;
        const name = `${platformName(platform)} ${account.handle}`;
        return (
          // NOTE: mounted again once JavaScript runs: its fields turn from uncontrolled (the form works without
          // it) to controlled, which React will not do to a mounted input (a post or template filled in on the server)
          <fieldset key={hydrated ? account.id : `${account.id}-static`} className="field account-options">
            <legend>Options for {name}</legend>
            <input type="hidden" name={optionKeyField(account.id)} value={optionsKey(platform)} />
            {TARGET_OPTION_FIELDS[platform]
              .filter((option) => !hydrated || optionShown(platform, option, composer.targetOptions[account.id] ?? {}))
              .map((option) => {
                const field = optionField(account.id, option.name);
                const fieldId = `option-${account.id}-${option.name}`;
                const value = composer.targetOptions[account.id]?.[option.name] ?? '';
                const violations = hydrated ? composer.optionViolations(account.id, option.name) : [];
                const fieldErrors = errors?.[field];
                const invalid = Boolean(fieldErrors?.length || violations.length > 0);
                const describedBy = option.hint ? `${fieldId}-hint ${fieldId}-errors` : `${fieldId}-errors`;
                const setValue = (next: string) => composer.setOption(account.id, option.name, next);
                const textProps = {
                  id: fieldId,
                  name: field,
                  ...(hydrated
                    ? { value, onChange: (event: { target: { value: string } }) => setValue(event.target.value) }
                    : { defaultValue: value }),
                  ...(option.maxLength ? { maxLength: option.maxLength } : {}),
                  'aria-invalid': invalid || undefined,
                  'aria-describedby': describedBy,
                };
                return (
                  <div key={option.name} className="stack">
                    {option.input === 'checkbox' ? (
                      <label className="checkbox">
                        <input
                          id={fieldId}
                          type="checkbox"
                          name={field}
                          value="true"
                          {...(hydrated
                            ? { checked: value === 'true', onChange: (event) => setValue(event.target.checked ? 'true' : '') }
                            : { defaultChecked: value === 'true' })}
                          aria-invalid={invalid || undefined}
                          aria-describedby={describedBy}
                        />
                        {option.label}
                      </label>
                    ) : (
                      <label htmlFor={fieldId}>
                        {option.label}
                        {option.required ? null : <span className="hint"> (optional)</span>}
                      </label>
                    )}
                    {option.input === 'checkbox' ? null : option.input === 'select' ? (
                      <ValueSelect
                        id={fieldId}
                        name={field}
                        option={option}
                        value={value}
                        hydrated={hydrated}
                        onChange={setValue}
                        invalid={invalid}
                        describedBy={describedBy}
                      />
                    ) : option.choices && hydrated ? (
                      <BoardSelect id={fieldId} name={field} accountId={account.id} value={value} onChange={setValue} invalid={invalid} />
                    ) : option.input === 'textarea' ? (
                      <textarea rows={3} {...textProps} />
                    ) : (
                      <input {...(option.input === 'datetime-local' ? { type: 'datetime-local' } : {})} {...textProps} />
                    )}
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

/** An option chosen from fixed values; empty leaves it to the platform's default. */
function ValueSelect(props: {
  id: string;
  name: string;
  option: TargetOptionField;
  value: string;
  hydrated: boolean;
  onChange(value: string): void;
  invalid: boolean;
  describedBy: string;
}) {
  return (
    <select
      id={props.id}
      name={props.name}
      {...(props.hydrated
        ? { value: props.value || props.option.default || '', onChange: (event) => props.onChange(event.target.value) }
        : { defaultValue: props.value || props.option.default })}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
    >
      {props.option.default === undefined ? <option value="">Not chosen</option> : null}
      {Object.entries(props.option.values ?? {}).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** A Pinterest account's boards, read through the API when the account is chosen. */
function BoardSelect(props: {
  id: string;
  name: string;
  accountId: string;
  value: string;
  onChange(value: string): void;
  invalid: boolean;
}) {
  const [boards, setBoards] = useState<Array<{ id: string; name: string }> | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    fetch(`/api/v1/connections/${encodeURIComponent(props.accountId)}/pinterest/boards`, { headers: { accept: 'application/json' } })
      .then(async (response) => {
        const body = (await response.json()) as { data?: Array<{ id: string; name: string }>; detail?: string };
        if (!current) return;
        if (response.ok && body.data) setBoards(body.data);
        else setFailed(body.detail ?? `Pinterest's boards could not be read (${response.status})`);
      })
      .catch(() => current && setFailed("Pinterest's boards could not be read"));
    return () => {
      current = false;
    };
  }, [props.accountId]);
  return (
    <>
      <select
        id={props.id}
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.invalid || undefined}
        aria-describedby={`${props.id}-errors ${props.id}-loading`}
      >
        <option value="">{boards ? 'Choose a board' : 'Loading the boards…'}</option>
        {boards?.map((board) => (
          <option key={board.id} value={board.id}>
            {board.name}
          </option>
        ))}
      </select>
      <p id={`${props.id}-loading`} className="hint" role="status">
        {failed ?? (boards?.length === 0 ? 'This account has no boards yet: create one on Pinterest.' : '')}
      </p>
    </>
  );
}
