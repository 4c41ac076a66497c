/**
 * Which collections a caller sees (docs/taxii.md §4). A local account sees the node's "all
 * records" collection as its roles allow; a partner account (bound to a peer node, §5) sees one
 * collection per agreement between this node and that peer, and nothing else.
 */
import { createHash } from 'node:crypto';
import { can } from '../auth/roles.ts';
import type { Principal } from '../auth/principal.ts';
import type { AgreementInForce } from '../sharing/agreement.ts';
import type { PolicyPartner } from '../sharing/policy.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import { STIX_MEDIA } from './media.ts';

export interface CollectionView {
  id: string;
  alias: string;
  title: string;
  description: string;
  canRead: boolean;
  canWrite: boolean;
  /** Objects may be removed (revoked) through DELETE. */
  canDelete: boolean;
  kind: 'local' | 'partner';
  /** Reporters read only the records they own. */
  ownerUser?: string;
  agreement?: AgreementInForce;
  partner?: PolicyPartner;
}

/** A stable UUID (v5 layout) derived from a name: collection ids survive restarts. */
export function derivedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function localCollectionId(nodeId: string): string {
  return derivedUuid(`sentinelle-taxii-all:${nodeId}`);
}

export function localCollection(principal: Principal, nodeId: string, locale: Locale): CollectionView | null {
  const readAll = can(principal, 'records.read_all');
  const readOwn = can(principal, 'records.read_own');
  const write = can(principal, 'records.import');
  if (!readAll && !readOwn && !write) return null;
  return {
    id: localCollectionId(nodeId),
    alias: 'all',
    title: t(locale, 'taxii.title.local'),
    description: t(locale, 'taxii.description.local'),
    canRead: readAll || readOwn,
    canWrite: write,
    canDelete: can(principal, 'records.revoke'),
    kind: 'local',
    ...(readAll ? {} : { ownerUser: principal.userId }),
  };
}

export function partnerCollection(
  agreement: AgreementInForce,
  partner: PolicyPartner,
  locale: Locale,
): CollectionView {
  const doc = agreement.document;
  return {
    id: doc.id,
    alias: `agreement-${doc.id.slice(0, 8)}`,
    title: doc.title,
    description: t(locale, 'taxii.description.partner', { title: doc.title, version: doc.version }),
    canRead: true,
    canWrite: false,
    canDelete: false,
    kind: 'partner',
    agreement,
    partner,
  };
}

/** The collection resource (§5.2). */
export function collectionResource(c: CollectionView): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    alias: c.alias,
    can_read: c.canRead,
    can_write: c.canWrite,
    media_types: [STIX_MEDIA],
  };
}
