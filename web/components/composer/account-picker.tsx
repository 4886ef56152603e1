import { AccountName, DEMO_EXPLANATION } from '../account';
import { ErrorList } from '../field';
import type { Composer } from './use-composer';
import type { ComposerAccount } from '../../routes/compose.server';

/** The accounts to publish to; one that needs reconnecting is shown but cannot be chosen. */
export function AccountPicker({
  connections,
  composer,
  errors,
}: {
  connections: ComposerAccount[];
  composer: Pick<Composer, 'selected' | 'choose'>;
  errors: string[] | undefined;
}) {
  const hasDemo = connections.some((connection) => connection.platform === 'DEMO');
  return (
    <fieldset className="field card" aria-describedby={errors ? 'connectionIds-errors' : undefined}>
      <legend>Publish to</legend>
      <ul className="account-picker">
        {connections.map((connection) => (
          <li key={connection.id}>
            <label className="account-choice">
              <input
                type="checkbox"
                name="connectionIds"
                value={connection.id}
                checked={composer.selected.has(connection.id)}
                disabled={connection.status !== 'ACTIVE'}
                onChange={(event) => composer.choose(connection.id, event.target.checked)}
              />
              <AccountName
                platform={connection.platform}
                handle={connection.handle}
                displayName={connection.displayName}
                avatarUrl={connection.avatarUrl}
              />
              {connection.status === 'ACTIVE' ? null : <span className="hint"> (reconnect it on the Connections page)</span>}
            </label>
          </li>
        ))}
      </ul>
      {hasDemo ? <p className="hint">{DEMO_EXPLANATION}</p> : null}
      <ErrorList id="connectionIds-errors" errors={errors} />
    </fieldset>
  );
}
