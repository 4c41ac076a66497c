/**
 * Proof of receipt (docs/cooperation.md §3): the receiving node signs, with its Ed25519 node key
 * (src/node/keys.ts), the RFC 8785 canonical JSON of the receipt's content with a `format` member
 * that keeps these signatures apart from anything else the node key signs. The provider verifies
 * it with the receiving partner's registered public key (src/sharing/peers.ts).
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.ts';
import { RECEIPT_FORMAT } from '../objects/custom/cooperation-types.ts';
import { parsePublicKey } from '../sharing/signing.ts';

const SIGNED = [
  'id',
  'delivery_ref',
  'delivery_modified',
  'provider_node',
  'receiver_node',
  'received_at',
  'items',
  'note',
] as const;

/** The exact text the receiving node signs. */
export function receiptContent(receipt: Readonly<Record<string, unknown>>): string {
  const content: Record<string, unknown> = { format: RECEIPT_FORMAT };
  for (const k of SIGNED) if (receipt[k] !== undefined) content[k] = receipt[k];
  return canonicalJson(content);
}

export function signReceipt(
  receipt: Readonly<Record<string, unknown>>,
  privateKey: KeyObject,
  nodeId: string,
): { alg: 'Ed25519'; node_id: string; value: string } {
  return {
    alg: 'Ed25519',
    node_id: nodeId,
    value: sign(null, Buffer.from(receiptContent(receipt), 'utf8'), privateKey).toString('base64url'),
  };
}

export type ReceiptCheck = 'valid' | 'bad_signature' | 'unknown_signer' | 'wrong_signer';

/**
 * Checks a receipt against the delivery's receiving node and its registered key: the signer must
 * be the delivery's receiver, and the signature must verify over the receipt's content.
 */
export function checkReceipt(
  receipt: Readonly<Record<string, unknown>>,
  expectedReceiver: string,
  keyOf: (nodeId: string) => string | null,
): ReceiptCheck {
  const sig = receipt.signature as { node_id?: unknown; value?: unknown } | undefined;
  if (!sig || sig.node_id !== expectedReceiver || receipt.receiver_node !== expectedReceiver)
    return 'wrong_signer';
  const spki = keyOf(expectedReceiver);
  const key = spki ? parsePublicKey(spki) : null;
  if (!key) return 'unknown_signer';
  try {
    const ok = verify(
      null,
      Buffer.from(receiptContent(receipt), 'utf8'),
      key,
      Buffer.from(String(sig.value), 'base64url'),
    );
    return ok ? 'valid' : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}
