/** Account input rules, as pure validators returning every issue with its field path. */
import type { Issue } from '../core/errors.ts';
import { LOCALES, type Locale } from '../i18n/i18n.ts';
import { isRole, type Role } from './roles.ts';

export const USERNAME = /^[a-z0-9._-]{3,64}$/;
export const DISPLAY_NAME_MAX = 200;

export function checkUsername(value: unknown, path = '/username'): Issue[] {
  return typeof value === 'string' && USERNAME.test(value) ? [] : [{ path, code: 'auth.username_invalid' }];
}

export function checkDisplayName(value: unknown, path = '/displayName'): Issue[] {
  const ok = value === undefined || (typeof value === 'string' && [...value].length <= DISPLAY_NAME_MAX);
  return ok ? [] : [{ path, code: 'auth.display_name_invalid', params: { max: DISPLAY_NAME_MAX } }];
}

export function checkRoles(value: unknown, path = '/roles'): Issue[] {
  if (!Array.isArray(value) || value.length === 0) return [{ path, code: 'auth.roles_empty' }];
  return value.flatMap((r, i) => (isRole(r) ? [] : [{ path: `${path}/${i}`, code: 'auth.role_unknown' }]));
}

export function checkLocale(value: unknown, path = '/locale'): Issue[] {
  return value === undefined || isLocale(value) ? [] : [{ path, code: 'auth.locale_invalid' }];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Roles in their canonical order, without duplicates. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return [...new Set(roles)].sort();
}
