/**
 * Real nodes for the stream-engine tests: each a createTestNode with its HTTP server on loopback,
 * registered with the others, and agreements signed through the sharing services.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestNode, type TestNode } from '../../../node/test-support/test-node.ts';
import { exampleIncident } from '../../../objects/fixtures.ts';
import type { StixObject } from '../../../objects/stix.ts';
import type { AgreementDocument } from '../../../sharing/agreement.ts';
import { PROTOCOL_VERSION } from '../../protocol.ts';
import { encodeMessage } from '../../wire.ts';
import { decodeReceiveResult, ENVELOPES_PATH } from '../transport.ts';

export const KONGOUSSI = {
  lat: 13.33,
  lon: -1.53,
  precision_m: 1000,
  country: 'BFA',
  admin1: 'Centre-Nord',
  admin2: 'Bam',
};

export interface Party {
  t: TestNode;
  id: string;
  url: string;
}

export async function party(backend: 'pglite' | 'postgres', country: string, listen = true): Promise<Party> {
  const t = await createTestNode({ backend, country, organisation: `Service ${country}` });
  const url = listen ? await t.app.listen({ port: 0, host: '127.0.0.1' }) : 'http://127.0.0.1:9';
  return { t, id: t.node.settings.nodeId, url };
}

/** Registers every party with every other (a party that does not listen gets an unreachable URL). */
export async function registerAll(parties: Party[]): Promise<void> {
  for (const a of parties) {
    for (const b of parties) {
      if (a === b) continue;
      await a.t.node.peers.add(a.t.node.system, {
        nodeId: b.id,
        name: `Service ${b.t.node.settings.country}`,
        country: b.t.node.settings.country,
        baseUrl: b.url,
        publicKey: b.t.node.keys.publicKeySpki,
      });
    }
  }
}

/** Signs `doc` on every party in turn, then gives every party the fully signed file. */
export async function signEverywhere(doc: AgreementDocument, parties: Party[]): Promise<void> {
  const [first, ...rest] = parties;
  const sys = first!.t.node.system;
  await first!.t.node.agreements.propose(sys, doc);
  let file = await first!.t.node.agreements.exportFile(sys, doc.id);
  for (const p of rest) {
    await p.t.node.agreements.importFile(p.t.node.system, file);
    await p.t.node.agreements.sign(p.t.node.system, doc.id);
    file = await p.t.node.agreements.exportFile(p.t.node.system, doc.id);
  }
  for (const p of parties) await p.t.node.agreements.importFile(p.t.node.system, file);
}

export function incident(
  origin: Party,
  over: Record<string, unknown> = {},
  ext: Record<string, unknown> = {},
): StixObject {
  const id = `incident--${randomUUID()}`;
  return exampleIncident(
    {
      id,
      created_by_ref: origin.t.node.settings.identityId,
      created: '2026-02-28T10:00:00.000Z',
      modified: '2026-02-28T10:00:00.000Z',
      ...over,
    },
    { occurred_at: '2026-02-27T12:00:00Z', location: KONGOUSSI, actor_refs: undefined, ...ext },
  );
}

/** Ids of the records `holder` received from `origin`. */
export async function heldFrom(holder: Party, origin: Party): Promise<string[]> {
  const { rows } = await holder.t.node.db.query<{ id: string }>(
    'SELECT id FROM objects WHERE origin = $1 ORDER BY id',
    [origin.id],
  );
  return rows.map((r) => r.id);
}

/** Posts `envelopes` as one message from `from` to `to`'s federation endpoint; the receiver's answer. */
export async function pushEnvelopes(to: Party, from: Party, envelopes: Uint8Array[], v = PROTOCOL_VERSION) {
  const res = await fetch(new URL(ENVELOPES_PATH, to.url), {
    method: 'POST',
    headers: { 'content-type': 'application/cbor' },
    body: Buffer.from(encodeMessage({ type: 'envelope', v, from: from.id, to: to.id, envelopes })),
  });
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, result: decodeReceiveResult(bytes)! };
}
