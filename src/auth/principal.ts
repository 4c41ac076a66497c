/** Who is acting: the authenticated person behind a request, a CLI command or the node itself. */
import type { Locale } from '../i18n/i18n.ts';
import type { Role } from './roles.ts';

export interface Principal {
  userId: string;
  username: string;
  roles: Role[];
  locale: Locale;
  via: 'session' | 'token' | 'cli' | 'system';
  /** Set when `via` is 'token': the API token used (for audit details). */
  tokenId?: string;
}

/**
 * Whoever a service acts for: a principal (checked against the permission matrix), or the
 * operator at the node's console ('cli') or the node itself ('system'), both trusted. Only
 * sessions ('session') and API tokens ('token') come from outside, and only they are checked.
 */
export type Actor = Principal | 'cli' | 'system';

/**
 * The audit actor of a principal: 'user:<id>'. Principals built by trusted code for the console
 * or the node itself (via 'cli' / 'system') are recorded as 'cli' / 'system'.
 */
export function actorOf(principal: Principal): string {
  if (principal.via === 'cli' || principal.via === 'system') return principal.via;
  return `user:${principal.userId}`;
}

/** The audit actor of any actor: 'user:<id>', 'cli' or 'system'. */
export function actorId(actor: Actor): string {
  return typeof actor === 'string' ? actor : actorOf(actor);
}

/** True for a principal that came from outside (a session or an API token), the only kind whose rights are checked. */
export function isExternal(actor: Actor): actor is Principal {
  return typeof actor !== 'string' && (actor.via === 'session' || actor.via === 'token');
}
