/**
 * /api/v1/peers (admin), /api/v1/agreements, /api/v1/policy/explain and /api/v1/reciprocity
 * (liaison). Thin: permissions, validation and audit live in src/sharing/ services.
 */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { DomainError, type Issue } from '../../core/errors.ts';
import type { Peer } from '../../sharing/peers.ts';
import type { AgreementView } from '../../sharing/agreements.ts';
import { explainReason, type Reason } from '../../sharing/reasons.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { parseBody, queryParams } from '../input.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { requirePermission } from '../../auth/guard.ts';
import { can } from '../../auth/roles.ts';
import { recordReleases } from '../../federation/engine/releases.ts';

function peerView(p: Peer): Record<string, unknown> {
  return { node_id: p.nodeId, name: p.name, country: p.country, base_url: p.baseUrl, public_key: p.publicKey, fingerprint: p.fingerprint, added_at: p.addedAt, added_by: p.addedBy, removed_at: p.removedAt, removed_by: p.removedBy };
}

function agreementView(v: AgreementView, explanation?: string[]): Record<string, unknown> {
  const s = v.status;
  return {
    document: v.document,
    signatures: v.signatures,
    revocations: v.revocations,
    state: v.state,
    status: { signed: s.signed, signed_by: s.signedBy, missing: s.missing, unregistered: s.unregistered, revoked: s.revoked, revoked_by: s.revokedBy, superseded: s.superseded },
    versions: v.versions,
    stored_at: v.storedAt,
    ...(explanation ? { explanation } : {}),
  };
}

const reasonsView = (locale: Locale, reasons: Reason[]) => reasons.map((r) => ({ code: r.code, ...(r.params ? { params: r.params } : {}), text: explainReason(locale, r) }));

/** `?version=n` (a positive integer) or undefined. */
function versionParam(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new DomainError('invalid', 'http.invalid', [{ path: '/version', code: 'http.bad_query', params: { reason: `version=${raw}` } }]);
  return n;
}

function required(q: Map<string, string>, names: string[]): void {
  const issues: Issue[] = names.filter((n) => !q.get(n)).map((n) => ({ path: `/${n}`, code: 'http.required' }));
  if (issues.length) throw new DomainError('invalid', 'http.invalid', issues);
}

export function registerSharingRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.get('/api/v1/peers', async (req) => {
    const q = queryParams(req.query, ['include_removed']);
    const peers = await node.peers.list(requirePrincipal(req), { includeRemoved: q.get('include_removed') === 'true' });
    return { peers: peers.map(peerView) };
  });

  // Partner names for whoever reads records (map legend, partner filter): names only, no keys or URLs.
  app.get('/api/v1/peers/directory', async (req) => {
    requirePrincipal(req);
    const peers = await node.peers.directory();
    return { peers: peers.map((p) => ({ node_id: p.nodeId, name: p.name, country: p.country })) };
  });

  app.post('/api/v1/peers', async (req, reply) => {
    const p = requireWriter(req);
    const b = parseBody<{ node_id: string; name: string; country: string; base_url: string; public_key: string }>(req.body, {
      node_id: { kind: 'string', required: true },
      name: { kind: 'string', required: true },
      country: { kind: 'string', required: true },
      base_url: { kind: 'string', required: true },
      public_key: { kind: 'string', required: true },
    });
    const peer = await node.peers.add(p, { nodeId: b.node_id, name: b.name, country: b.country, baseUrl: b.base_url, publicKey: b.public_key });
    return reply.code(201).header('location', `/api/v1/peers/${peer.nodeId}`).send(peerView(peer));
  });

  app.get<{ Params: { id: string } }>('/api/v1/peers/:id', async (req) => peerView(await node.peers.get(requirePrincipal(req), req.params.id)));

  app.delete<{ Params: { id: string } }>('/api/v1/peers/:id', async (req) => peerView(await node.peers.remove(requireWriter(req), req.params.id)));

  app.get('/api/v1/agreements', async (req) => {
    queryParams(req.query, []);
    const list = await node.agreements.list(requirePrincipal(req));
    return { agreements: list.map((v) => agreementView(v)) };
  });

  app.post('/api/v1/agreements', async (req, reply) => {
    const v = await node.agreements.propose(requireWriter(req), req.body);
    return reply.code(201).header('location', `/api/v1/agreements/${v.document.id}`).send(agreementView(v));
  });

  app.post('/api/v1/agreements/import', async (req) => agreementView(await node.agreements.importFile(requireWriter(req), req.body)));

  app.get<{ Params: { id: string } }>('/api/v1/agreements/:id', async (req) => {
    const q = queryParams(req.query, ['version']);
    const { view, text } = await node.agreements.describe(requirePrincipal(req), req.params.id, versionParam(q.get('version')), req.locale);
    return agreementView(view, text);
  });

  app.get<{ Params: { id: string } }>('/api/v1/agreements/:id/export', async (req) => {
    const q = queryParams(req.query, ['version']);
    return node.agreements.exportFile(requirePrincipal(req), req.params.id, versionParam(q.get('version')));
  });

  app.post<{ Params: { id: string } }>('/api/v1/agreements/:id/sign', async (req) => {
    const p = requireWriter(req);
    const b = parseBody<{ version?: number }>(req.body ?? {}, { version: { kind: 'integer', min: 1 } });
    return agreementView(await node.agreements.sign(p, req.params.id, b.version));
  });

  app.post<{ Params: { id: string } }>('/api/v1/agreements/:id/revoke', async (req) => {
    const p = requireWriter(req);
    const b = parseBody<{ version?: number; reason?: string }>(req.body ?? {}, { version: { kind: 'integer', min: 1 }, reason: { kind: 'string', max: 1000 } });
    return agreementView(await node.agreements.revoke(p, req.params.id, b.version, b.reason));
  });

  app.get('/api/v1/policy/explain', async (req) => {
    const q = queryParams(req.query, ['record', 'peer']);
    required(q, ['record', 'peer']);
    const { decision: d, text } = await node.sharing.explain(requirePrincipal(req), q.get('record')!, q.get('peer')!, req.locale);
    return {
      record: d.recordId,
      peer: d.peerId,
      decision: d.decision,
      priority: d.priority,
      agreement: d.agreement,
      reasons: reasonsView(req.locale, d.reasons),
      ...(d.redacted ? { redacted: d.redacted } : {}),
      evaluations: d.evaluations.map((e) => ({ agreement: { id: e.agreementId, version: e.version, title: e.title }, state: e.state, decision: e.decision, priority: e.priority, reasons: reasonsView(req.locale, e.reasons) })),
      explanation: text,
    };
  });

  // Which partners a record was released to and whether they acknowledged it; provenance if received.
  app.get<{ Params: { id: string } }>('/api/v1/objects/:id/releases', async (req) => {
    const p = requirePrincipal(req);
    await requirePermission(node, p, 'records.read_all', { action: 'record.releases', target: req.params.id, alsoAllowed: can(p, 'agreements.manage') });
    const rec = await node.records.get(p, req.params.id);
    const r = await recordReleases(node.db, req.params.id, rec.origin);
    const v = r.provenance;
    return {
      releases: r.releases.map((x) => ({ peer: { node_id: x.peerId, name: x.peerName, country: x.peerCountry }, agreement: x.agreementId === null ? null : { id: x.agreementId, version: x.agreementVersion }, decision: x.decision, record_modified: x.recordModified, decided_at: x.decidedAt, state: x.state, sent_at: x.sentAt, acked_at: x.ackedAt, refusal: x.refusal })),
      provenance: v && { origin: { node_id: v.origin, name: v.originName, country: v.originCountry }, agreements: v.agreements, first_received_at: v.firstReceivedAt, last_received_at: v.lastReceivedAt },
    };
  });

  app.get('/api/v1/reciprocity', async (req) => {
    const q = queryParams(req.query, ['peer', 'from', 'to']);
    return node.sharing.reciprocity(requirePrincipal(req), { peerId: q.get('peer'), from: q.get('from'), to: q.get('to') });
  });
}
