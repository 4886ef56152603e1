// Who may do what in a team: the one permission matrix, checked in one place
// (api/auth/actor.ts). Viewers read, editors schedule, admins manage connections and
// members, owners manage the team.
export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'posts:read'
  | 'posts:write'
  | 'media:read'
  | 'media:write'
  | 'connections:read'
  | 'connections:write'
  | 'tokens:manage';

const GRANTS: Record<Role, readonly Permission[]> = {
  VIEWER: ['posts:read', 'media:read', 'connections:read', 'tokens:manage'],
  EDITOR: ['posts:read', 'posts:write', 'media:read', 'media:write', 'connections:read', 'tokens:manage'],
  ADMIN: ['posts:read', 'posts:write', 'media:read', 'media:write', 'connections:read', 'connections:write', 'tokens:manage'],
  OWNER: ['posts:read', 'posts:write', 'media:read', 'media:write', 'connections:read', 'connections:write', 'tokens:manage'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
