// The team's approval policy on the team page: which posts wait for a decider, who
// decides, and how long before its time (docs/approvals.md). Admins change it; everyone
// else reads it.
import { Form } from 'react-router';
import type { ApprovalPolicy } from '../../domain/approvals';
import type { Role } from '../../domain/permissions';
import { ErrorList, FormErrors } from './field';

const AUTHOR_ROLES: Role[] = ['EDITOR', 'ADMIN', 'OWNER'];
const DECIDER_ROLES: Role[] = ['OWNER', 'ADMIN', 'EDITOR'];

/** "editors and admins", or with `or` "owners or admins" */
function roleList(roles: readonly Role[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat('en', { type }).format(roles.map((role) => `${role.toLowerCase()}s`));
}

/** A deadline in words and in the form's unit: whole hours as hours, else minutes. */
function deadlineParts(minutes: number): { amount: number; unit: 'hours' | 'minutes' } {
  return minutes > 0 && minutes % 60 === 0 ? { amount: minutes / 60, unit: 'hours' } : { amount: minutes, unit: 'minutes' };
}

export function ApprovalPolicySection({
  policy,
  canManage,
  connections,
  errors,
  busy,
}: {
  policy: ApprovalPolicy;
  canManage: boolean;
  connections: Array<{ id: string; displayName: string; handle: string; platform: string }>;
  errors?: Partial<Record<string, string[]>> | undefined;
  busy: boolean;
}) {
  const deadline = deadlineParts(policy.deadlineMinutes);
  const summary = policy.enabled
    ? `Posts by ${roleList(policy.authorRoles)}${policy.connectionIds.length > 0 ? ' to the chosen accounts' : ''} wait for ${roleList(policy.deciderRoles, 'disjunction')} to approve them, until ${deadline.amount} ${deadline.unit} before their time. Nobody approves their own post.`
    : 'Off: posts are scheduled as they are written.';
  return (
    <section className="card" aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">Approvals</h2>
      <p>{summary}</p>
      {canManage ? (
        // keyed by the policy, so that its fields show what was saved
        <Form key={JSON.stringify(policy)} method="post" className="stack" noValidate>
          <FormErrors errors={errors?.form} />
          <label className="checkbox">
            <input type="checkbox" name="enabled" defaultChecked={policy.enabled} /> Posts need approval before they are published
          </label>
          <fieldset className="field">
            <legend>Whose posts need approval</legend>
            {AUTHOR_ROLES.map((role) => (
              <label key={role} className="checkbox">
                <input type="checkbox" name="authorRoles" value={role} defaultChecked={policy.authorRoles.includes(role)} />{' '}
                {role.toLowerCase()}s
              </label>
            ))}
            <ErrorList errors={errors?.authorRoles} />
          </fieldset>
          <fieldset className="field">
            <legend>Who decides (never the post’s author)</legend>
            {DECIDER_ROLES.map((role) => (
              <label key={role} className="checkbox">
                <input type="checkbox" name="deciderRoles" value={role} defaultChecked={policy.deciderRoles.includes(role)} />{' '}
                {role.toLowerCase()}s
              </label>
            ))}
            <ErrorList errors={errors?.deciderRoles} />
          </fieldset>
          {connections.length > 0 ? (
            <fieldset className="field">
              <legend>Only for posts to these accounts (none ticked: every account)</legend>
              {connections.map((connection) => (
                <label key={connection.id} className="checkbox">
                  <input
                    type="checkbox"
                    name="connectionIds"
                    value={connection.id}
                    defaultChecked={policy.connectionIds.includes(connection.id)}
                  />{' '}
                  {connection.displayName} ({connection.handle})
                </label>
              ))}
              <ErrorList errors={errors?.connectionIds} />
            </fieldset>
          ) : null}
          <div className="field">
            <label htmlFor="approval-deadline">Decide at the latest this long before the post’s time</label>
            <div className="inline-fields">
              <input
                id="approval-deadline"
                name="deadline"
                type="number"
                min={0}
                inputMode="numeric"
                defaultValue={deadline.amount}
                aria-invalid={errors?.deadlineMinutes ? true : undefined}
              />
              <label className="visually-hidden" htmlFor="approval-deadline-unit">
                Unit
              </label>
              <select id="approval-deadline-unit" name="deadlineUnit" defaultValue={deadline.unit}>
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
              </select>
            </div>
            <ErrorList errors={errors?.deadlineMinutes} />
          </div>
          <button type="submit" name="intent" value="approval-policy" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Save approval policy'}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
