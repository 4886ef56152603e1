import { Form, useNavigation } from 'react-router';
import { ROLES } from '../../domain/permissions';
import { FormErrors, TextField } from '../components/field';
import { ApprovalPolicySection } from '../components/approval-policy-form';
import { LocalTime } from '../components/local-time';
import { requireActor } from '../utils/auth.server';
import type { Route } from './+types/team';
import { changeTeam, loadTeamPage } from './team.server';

export const meta: Route.MetaFunction = () => [{ title: 'Team · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadTeamPage(context, requireActor(context, request));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeTeam(context, requireActor(context, request), await request.formData());
}

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  OWNER: 'everything, including the team itself',
  ADMIN: 'accounts, members, webhooks and approvals',
  EDITOR: 'schedules and edits posts',
  VIEWER: 'reads posts and accounts',
};

export default function Team({ loaderData, actionData }: Route.ComponentProps) {
  const { me, team, teams, members, invitations, canManageMembers, canManageTeam, approvalPolicy, canManageApprovals, connections } =
    loaderData;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get('intent') === intent;
  const errorsFor = (intent: string, target?: string) =>
    actionData?.intent === intent && (target === undefined || actionData.target === target) ? actionData.errors : undefined;
  return (
    <div className="team-page">
      <h1>{team.name}</h1>
      <p className="lead">
        You are {team.role.toLowerCase()} of this team: {ROLE_HINTS[team.role]}.
      </p>

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <FormErrors errors={errorsFor('remove-member')?.form ?? errorsFor('change-role')?.form} />
        <div className="table-scroll">
          <table className="targets-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id}>
                  <td>{member.name}</td>
                  <td>{member.email}</td>
                  <td>
                    {canManageMembers && member.id !== me.userId ? (
                      <Form method="post" className="inline-action">
                        <input type="hidden" name="userId" value={member.id} />
                        <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                          Role of {member.name}
                        </label>
                        <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {role.toLowerCase()}
                            </option>
                          ))}
                        </select>
                        <button type="submit" name="intent" value="change-role" className="button button-secondary">
                          Change
                        </button>
                      </Form>
                    ) : (
                      member.role.toLowerCase()
                    )}
                  </td>
                  <td>
                    {member.id === me.userId || canManageMembers ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={member.id} />
                        <button type="submit" name="intent" value="remove-member" className="button button-secondary">
                          {member.id === me.userId ? 'Leave team' : 'Remove'}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {canManageMembers ? (
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite someone</h2>
          <Form method="post" className="stack" noValidate>
            <FormErrors errors={errorsFor('invite')?.form} />
            <TextField label="Email" name="email" type="email" autoComplete="off" required errors={errorsFor('invite')?.email} />
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" name="role" defaultValue="EDITOR">
                {ROLES.filter((role) => role !== 'OWNER' || canManageTeam).map((role) => (
                  <option key={role} value={role}>
                    {role.toLowerCase()}: {ROLE_HINTS[role]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" name="intent" value="invite" className="button" disabled={busy('invite')}>
              Create invitation link
            </button>
          </Form>
          {actionData?.acceptUrl ? (
            <div role="status" className="callout">
              <p>Send this link to them. It works once, for 7 days, and is shown only now:</p>
              <input aria-label="Invitation link" readOnly value={actionData.acceptUrl} onFocus={(event) => event.currentTarget.select()} />
            </div>
          ) : null}
          {invitations.length > 0 ? (
            <>
              <h3>Pending invitations</h3>
              <FormErrors errors={errorsFor('revoke-invitation')?.form} />
              <ul className="plain-list">
                {invitations.map((invitation) => (
                  <li key={invitation.id}>
                    {invitation.email} as {invitation.role.toLowerCase()}, until{' '}
                    <LocalTime iso={invitation.expiresAt.toISOString()} options={{ dateStyle: 'medium' }} />
                    <Form method="post" className="inline-action">
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" name="intent" value="revoke-invitation" className="button-link">
                        Revoke
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <ApprovalPolicySection
        policy={approvalPolicy}
        canManage={canManageApprovals}
        connections={connections}
        errors={errorsFor('approval-policy')}
        busy={busy('approval-policy')}
      />

      <div className="grid-2">
        <section className="card" aria-labelledby="teams-heading">
          <h2 id="teams-heading">Your teams</h2>
          <FormErrors errors={errorsFor('switch')?.form} />
          <ul className="plain-list">
            {teams.map((other) => (
              <li key={other.id}>
                {other.id === team.id ? (
                  <strong aria-current="true">{other.name} (current)</strong>
                ) : (
                  <Form method="post" className="inline-action">
                    <input type="hidden" name="teamId" value={other.id} />
                    <button type="submit" name="intent" value="switch" className="button-link">
                      Switch to {other.name}
                    </button>
                  </Form>
                )}{' '}
                <span className="hint">({other.role.toLowerCase()})</span>
              </li>
            ))}
          </ul>
          <Form method="post" className="stack" noValidate>
            <TextField label="New team name" name="name" required errors={errorsFor('create-team')?.name} />
            <button type="submit" name="intent" value="create-team" className="button button-secondary">
              Create a team
            </button>
          </Form>
        </section>
        {canManageTeam ? (
          <section className="card" aria-labelledby="rename-heading">
            <h2 id="rename-heading">Team name</h2>
            <Form method="post" className="stack" noValidate>
              <FormErrors errors={errorsFor('rename')?.form} />
              <TextField label="Name" name="name" defaultValue={team.name} required errors={errorsFor('rename')?.name} />
              <button type="submit" name="intent" value="rename" className="button button-secondary">
                Rename
              </button>
            </Form>
          </section>
        ) : null}
      </div>
    </div>
  );
}
