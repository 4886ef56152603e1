// Team, member and invitation schemas, shared by the API and the web app's team pages.
import '../openapi/zod-openapi';
import { z } from 'zod';
import { ROLES } from '../../domain/permissions';
import { EmailSchema } from '../auth/schemas';

export const TeamNameSchema = z
  .string({ error: 'Name the team' })
  .trim()
  .min(1, { error: 'Name the team' })
  .max(100, { error: 'A team name is at most 100 characters' });

export const RoleInputSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });

export const CreateTeamSchema = z.object({ name: TeamNameSchema });
export const RenameTeamSchema = z.object({ name: TeamNameSchema });
export const ChangeRoleSchema = z.object({ role: RoleInputSchema });
export const InviteSchema = z.object({ email: EmailSchema, role: RoleInputSchema });
export const AcceptInvitationSchema = z.object({
  token: z.string({ error: 'token is required' }).min(1, { error: 'token is required' }).max(200),
});
export const UserIdParams = z.object({ userId: z.string().min(1).openapi({ description: "the member's user id" }) });
export type InviteInput = z.infer<typeof InviteSchema>;
