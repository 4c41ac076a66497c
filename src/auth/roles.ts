/**
 * Roles and what each may do. Separation of duties, and need-to-know for intelligence content:
 * - admin manages the node (accounts, peers, settings) but reads no records and not the audit
 *   trail: running the server gives no access to what partners shared;
 * - analyst reads, writes, revokes, imports and exports every local record;
 * - reporter (field units) files incidents and reads only their own;
 * - liaison manages sharing agreements and reads records to negotiate them, but does not export
 *   (an export would bypass the agreements' release rules);
 * - auditor reads the audit trail, nothing else.
 * Analysts triage correlation alerts and plan operations; liaison officers deconflict them with
 * partners, register protected sites and keep the cooperation ledger, which analysts may read.
 * A user may hold several roles; permissions add up. Everyone manages their own API tokens.
 */
import type { Actor, Principal } from './principal.ts';

/**
 * `partner`: an account a partner service uses to read its TAXII collections (src/taxii/partners.ts).
 * It holds no permission at all: what it reads is decided by the agreements, never by a role.
 */
export const ROLES = ['admin', 'analyst', 'reporter', 'liaison', 'auditor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users.manage',
  'tokens.manage_own',
  'peers.manage',
  'settings.change',
  'records.read_all',
  'records.read_own',
  'records.create',
  'records.create_incident',
  'records.edit',
  'records.revoke',
  'records.export',
  'records.import',
  'agreements.manage',
  'audit.read',
  'alerts.triage',
  'operations.read',
  'operations.plan',
  'operations.deconflict',
  'sites.manage',
  'cooperation.read',
  'cooperation.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set<Permission>(['users.manage', 'tokens.manage_own', 'peers.manage', 'settings.change']),
  analyst: new Set<Permission>([
    'tokens.manage_own',
    'records.read_all',
    'records.read_own',
    'records.create',
    'records.create_incident',
    'records.edit',
    'records.revoke',
    'records.export',
    'records.import',
    'alerts.triage',
    'operations.read',
    'operations.plan',
    'operations.deconflict',
    'cooperation.read',
  ]),
  reporter: new Set<Permission>(['tokens.manage_own', 'records.read_own', 'records.create_incident']),
  liaison: new Set<Permission>([
    'tokens.manage_own',
    'records.read_all',
    'records.read_own',
    'agreements.manage',
    'operations.read',
    'operations.deconflict',
    'sites.manage',
    'cooperation.read',
    'cooperation.manage',
  ]),
  auditor: new Set<Permission>(['tokens.manage_own', 'audit.read']),
  partner: new Set<Permission>(),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a principal holding `roles` may do `permission`. No principal, no permission. */
export function can(principal: Pick<Principal, 'roles'> | null | undefined, permission: Permission): boolean {
  return principal?.roles.some((r) => MATRIX[r]?.has(permission) === true) ?? false;
}

/**
 * Like `can`, for any actor. The console operator and the node itself are trusted, whether named
 * ('cli', 'system') or as principals via 'cli'/'system' (which no request can produce).
 */
export function actorCan(actor: Actor, permission: Permission): boolean {
  if (typeof actor === 'string' || actor.via === 'cli' || actor.via === 'system') return true;
  return can(actor, permission);
}

/** Every permission the given roles grant, in PERMISSIONS order. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((p) => roles.some((r) => MATRIX[r]?.has(p) === true));
}
