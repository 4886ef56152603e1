import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ApprovalPolicySchema } from '../../api/approvals/schemas';
import { ChangeRoleSchema, CreateTeamSchema, InviteSchema, RenameTeamSchema } from '../../api/teams/schemas';
import { roleAllows } from '../../domain/permissions';
import type { FieldErrors } from '../utils/forms';
import { formText, formTexts, isProblemError, parseForm, problemErrors } from '../utils/forms.server';
import { accountSummary } from '../utils/account-avatars.server';

export async function loadTeamPage(context: AppLoadContext, actor: Actor) {
  const { teams } = await context.services.auth.me(actor.userId, actor.teamId);
  const canManageMembers = roleAllows(actor.role, 'members:manage');
  const canManageApprovals = roleAllows(actor.role, 'approvals:manage');
  return {
    me: { userId: actor.userId, role: actor.role },
    team: teams.find((team) => team.id === actor.teamId)!,
    teams,
    members: await context.services.teams.members(actor),
    invitations: canManageMembers ? await context.services.teams.invitations(actor) : [],
    canManageMembers,
    canManageTeam: roleAllows(actor.role, 'team:manage'),
    approvalPolicy: await context.services.approvals.getPolicy(actor),
    canManageApprovals,
    connections: canManageApprovals ? (await context.services.connections.list(actor)).map(accountSummary) : [],
  };
}

type Intent = 'switch' | 'create-team' | 'rename' | 'invite' | 'revoke-invitation' | 'change-role' | 'remove-member' | 'approval-policy';

/** The approval policy form's deadline: a number of minutes or hours. */
function deadlineMinutesFromForm(formData: FormData): number | string {
  const amount = formText(formData, 'deadline').trim();
  if (!/^\d+$/.test(amount)) return amount;
  return Number(amount) * (formText(formData, 'deadlineUnit') === 'hours' ? 60 : 1);
}

/** The page has several forms: the answer names the one its errors belong to. */
function refused(intent: Intent, errors: FieldErrors, status = 400, target?: string) {
  return data({ intent, target, errors, acceptUrl: undefined as string | undefined }, { status });
}

async function carryOut(intent: Intent, change: () => Promise<unknown>, target?: string) {
  try {
    await change();
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status, target);
  }
  return redirect('/team');
}

export async function changeTeam(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { teams } = context.services;
  const intent = formText(formData, 'intent') as Intent;
  switch (intent) {
    case 'switch': {
      const teamId = formText(formData, 'teamId');
      const me = await context.services.auth.me(actor.userId, teamId);
      if (!me.teams.some((team) => team.id === teamId)) return refused(intent, { form: ['That is not one of your teams.'] }, 404);
      await context.session.switchTeam(teamId);
      return redirect('/team');
    }
    case 'create-team': {
      const submission = parseForm(CreateTeamSchema, { name: formText(formData, 'name') });
      if (!submission.ok) return refused(intent, submission.errors);
      const team = await teams.create(actor, submission.data);
      await context.session.switchTeam(team.id);
      return redirect('/team');
    }
    case 'rename': {
      const submission = parseForm(RenameTeamSchema, { name: formText(formData, 'name') });
      if (!submission.ok) return refused(intent, submission.errors);
      return carryOut(intent, () => teams.rename(actor, submission.data));
    }
    case 'invite': {
      const submission = parseForm(InviteSchema, { email: formText(formData, 'email'), role: formText(formData, 'role') });
      if (!submission.ok) return refused(intent, submission.errors);
      try {
        const invitation = await teams.invite(actor, submission.data);
        // the link is shown once, here: only its hash is stored
        return data({ intent, target: undefined, errors: {} as FieldErrors, acceptUrl: invitation.acceptUrl });
      } catch (error) {
        if (!isProblemError(error)) throw error;
        return refused(intent, problemErrors(error), error.status);
      }
    }
    case 'revoke-invitation':
      return carryOut(intent, () => teams.revokeInvitation(actor, formText(formData, 'invitationId')));
    case 'change-role': {
      const userId = formText(formData, 'userId');
      const submission = parseForm(ChangeRoleSchema, { role: formText(formData, 'role') });
      if (!submission.ok) return refused(intent, submission.errors, 400, userId);
      return carryOut(intent, () => teams.changeRole(actor, userId, submission.data.role), userId);
    }
    case 'remove-member': {
      const userId = formText(formData, 'userId');
      return carryOut(intent, () => teams.removeMember(actor, userId), userId);
    }
    case 'approval-policy': {
      const submission = parseForm(ApprovalPolicySchema, {
        enabled: formData.get('enabled') === 'on',
        authorRoles: formTexts(formData, 'authorRoles'),
        deciderRoles: formTexts(formData, 'deciderRoles'),
        connectionIds: formTexts(formData, 'connectionIds'),
        deadlineMinutes: deadlineMinutesFromForm(formData),
      });
      if (!submission.ok) return refused(intent, submission.errors);
      return carryOut(intent, () => context.services.approvals.setPolicy(actor, submission.data));
    }
    default:
      throw data({ title: 'Unknown action', detail: `The team page cannot "${intent}".` }, { status: 400 });
  }
}
