// The account and label filters that the calendar, the posts list and analytics share: the
// same choices, worded the same way, wherever a planner narrows what is shown.
import type { Platform } from '../../domain/post';
import { platformName } from './account';

interface FilterProps {
  /** the form field's name, which is the page's URL parameter */
  name: string;
  /** the chosen id; empty or absent: all */
  value: string | null | undefined;
  /** marks the field when the page's URL named something unknown */
  invalid?: boolean;
}

/** Every account of the team, or one; two accounts of the same name are told apart by handle. */
export function AccountSelect({
  id,
  accounts,
  ...field
}: FilterProps & { id: string; accounts: ReadonlyArray<{ id: string; displayName: string; handle: string; platform: Platform }> }) {
  return (
    <select id={id} name={field.name} defaultValue={field.value ?? ''} aria-invalid={field.invalid || undefined}>
      <option value="">All accounts</option>
      {accounts.map((account) => (
        <option key={account.id} value={account.id}>
          {account.displayName} ({account.platform === 'DEMO' ? platformName(account.platform) : account.handle})
        </option>
      ))}
    </select>
  );
}

/** Every label of the team, or one. */
export function LabelSelect({ id, labels, ...field }: FilterProps & { id: string; labels: ReadonlyArray<{ id: string; name: string }> }) {
  return (
    <select id={id} name={field.name} defaultValue={field.value ?? ''} aria-invalid={field.invalid || undefined}>
      <option value="">All labels</option>
      {labels.map((label) => (
        <option key={label.id} value={label.id}>
          {label.name}
        </option>
      ))}
    </select>
  );
}
