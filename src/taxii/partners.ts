/**
 * Partner accounts (docs/taxii.md §5): a node account bound to a registered peer node. Over TAXII
 * it sees only that peer's agreement collections. Binding is the operator's or an admin's act
 * (peers.manage), audited.
 */
import { DomainError } from '../core/errors.ts';
import { appendAudit } from '../audit/audit.ts';
import { requirePermission } from '../auth/guard.ts';
import { actorId, type Actor } from '../auth/principal.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import type { TaxiiNode } from './service.ts';
import type { SentinelleNode } from '../node/node.ts';
import { bindPartner } from './repo.ts';
import './messages.ts';

export async function bindPartnerAccount(
  node: TaxiiNode & Pick<SentinelleNode, 'users'>,
  actor: Actor,
  username: string,
  peerId: string,
): Promise<{ userId: string; peerId: string }> {
  await requirePermission({ db: node.db, clock: node.clock }, actor, 'peers.manage', {
    action: 'taxii.partner_bind',
    target: username,
  });
  const user = await node.users.getUserByUsername(username);
  if (!user)
    throw new DomainError(
      'not_found',
      'taxii.partner.no_user',
      [{ path: '/username', code: 'taxii.partner.no_user', params: { username } }],
      { username },
    );
  // Only a `partner` account, holding no other role: what it reads is the agreements' business,
  // and it must not also file or read records through /api/v1 under a role.
  if (user.roles.length !== 1 || user.roles[0] !== 'partner')
    throw new DomainError(
      'invalid',
      'taxii.partner.role',
      [{ path: '/username', code: 'taxii.partner.role', params: { username, roles: user.roles.join(', ') } }],
      { username, roles: user.roles.join(', ') },
    );
  const peer = await node.peers.repo.get(node.db, peerId);
  if (!peer || peer.removedAt !== null)
    throw new DomainError(
      'not_found',
      'taxii.partner.no_peer',
      [{ path: '/peer', code: 'taxii.partner.no_peer', params: { id: peerId } }],
      { id: peerId },
    );
  await node.db.transaction(async (tx) => {
    await bindPartner(tx, user.id, peerId, formatTimestamp(node.clock.now()), actorId(actor));
    await appendAudit(tx, node.clock, {
      actor: actorId(actor),
      action: 'taxii.partner_bind',
      target: user.id,
      outcome: 'success',
      details: { peer: peerId },
    });
  });
  return { userId: user.id, peerId };
}
