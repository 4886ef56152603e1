// Who may do what in a team: the one permission matrix, checked in one place
// (api/auth/actor.ts). Viewers read, editors schedule, admins manage connections and
// members, owners manage the team.
export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export type Permission = 'posts:read' | 'posts:write' | 'connections:read' | 'connections:write' | 'tokens:manage' | 'analytics:read';

const GRANTS: Record<Role, readonly Permission[]> = {
  VIEWER: ['posts:read', 'connections:read', 'tokens:manage', 'analytics:read'],
  EDITOR: ['posts:read', 'posts:write', 'connections:read', 'tokens:manage', 'analytics:read'],
  ADMIN: ['posts:read', 'posts:write', 'connections:read', 'connections:write', 'tokens:manage', 'analytics:read'],
  OWNER: ['posts:read', 'posts:write', 'connections:read', 'connections:write', 'tokens:manage', 'analytics:read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
