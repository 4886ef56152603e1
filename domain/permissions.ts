// Who may do what in a team: the one permission matrix, checked in one place
// (api/auth/actor.ts requirePermission). Viewers read, editors schedule, admins manage
// connections, members and webhooks, owners manage the team itself.
export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'posts:read',
  'posts:write',
  'media:read',
  'media:write',
  'connections:read',
  'connections:write',
  'webhooks:manage',
  'members:read',
  'members:manage',
  'audit:read',
  'analytics:read',
  'team:manage',
  'tokens:manage',
  'approvals:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['posts:read', 'media:read', 'connections:read', 'members:read', 'analytics:read', 'tokens:manage'];
const EDITOR: readonly Permission[] = [...VIEWER, 'posts:write', 'media:write'];
const ADMIN: readonly Permission[] = [
  ...EDITOR,
  'connections:write',
  'webhooks:manage',
  'members:manage',
  'audit:read',
  'approvals:manage',
];
const OWNER: readonly Permission[] = [...ADMIN, 'team:manage'];

const GRANTS: Record<Role, readonly Permission[]> = { VIEWER, EDITOR, ADMIN, OWNER };

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/**
 * What an API token can be allowed to do. A token acts within its user's role and only
 * within its scopes; managing members, the team, tokens and the audit log needs a
 * logged-in person, so those are never token scopes.
 */
export const TOKEN_SCOPES = [
  'posts:read',
  'posts:write',
  'media:read',
  'media:write',
  'connections:read',
  'connections:write',
  'webhooks:manage',
  'analytics:read',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function isTokenScope(permission: Permission): permission is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(permission);
}

/** Only owners may make or unmake owners. */
export function canAssignRole(assigner: Role, role: Role): boolean {
  return role === 'OWNER' ? assigner === 'OWNER' : roleAllows(assigner, 'members:manage');
}
