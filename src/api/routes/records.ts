/** /api/v1/objects: create, read, version, revoke, list and search STIX records; bundles in and out. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { DomainError, type Issue } from '../../core/errors.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { queryParams } from '../input.ts';
import type { ListQuery } from '../../records/service.ts';
import type { CurrentRecord } from '../../store/records.ts';
import { appendAudit } from '../../audit/audit.ts';
import { actorOf } from '../../auth/principal.ts';
import { isStixId, newStixId } from '../../objects/ids.ts';

const LIST_PARAMS = [
  'type', 'label', 'marking', 'tlp', 'created_by', 'country', 'admin1', 'bbox', 'near', 'from', 'to',
  'time_field', 'q', 'include_revoked', 'limit', 'cursor', 'order', 'changed_after', 'origin', 'refers_to',
] as const;

export function registerRecordRoutes(app: FastifyInstance, node: SentinelleNode): void {
  // [FED-104] With an Idempotency-Key header, a retry returns the record created the first time:
  // 200 with `Idempotent-Replayed: true` (a create answers 201).
  app.post('/api/v1/objects', async (req, reply) => {
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const { object: obj, replayed } = await node.records.createOnce(requireWriter(req), req.body, key);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(replayed ? 200 : 201).header('location', `/api/v1/objects/${obj.id}`).send(obj);
  });

  app.get('/api/v1/objects', async (req) => {
    const p = requirePrincipal(req);
    const page = await node.records.list(p, parseListQuery(req.query));
    return { items: page.items.map(view), next: page.nextCursor };
  });

  app.get<{ Params: { id: string } }>('/api/v1/objects/:id', async (req) => view(await node.records.get(requirePrincipal(req), req.params.id)));

  app.put<{ Params: { id: string } }>('/api/v1/objects/:id', async (req) => node.records.update(requireWriter(req), req.params.id, req.body));

  app.post<{ Params: { id: string } }>('/api/v1/objects/:id/revoke', async (req) => node.records.revoke(requireWriter(req), req.params.id));

  app.get<{ Params: { id: string } }>('/api/v1/objects/:id/versions', async (req) => {
    const versions = await node.records.versions(requirePrincipal(req), req.params.id);
    return { versions: versions.map((v) => ({ modified: v.object.modified, seq: v.seq, written_by: v.writtenBy, written_at: v.writtenAt, object: v.object })) };
  });

  app.get<{ Params: { id: string; modified: string } }>('/api/v1/objects/:id/versions/:modified', async (req) => {
    const v = await node.records.version(requirePrincipal(req), req.params.id, req.params.modified);
    return v.object;
  });

  app.post('/api/v1/bundles', async (req) => node.records.importBundle(requireWriter(req), req.body, { action: 'import' }));

  app.get('/api/v1/export', async (req, reply) => {
    const p = requirePrincipal(req);
    const filter = parseListQuery(req.query);
    const objects: unknown[] = [];
    for await (const rec of node.records.iterate(p, filter)) objects.push(rec.object);
    await node.db.transaction((tx) =>
      appendAudit(tx, node.clock, { actor: actorOf(p), action: 'export', target: null, outcome: 'success', details: { count: objects.length, via: 'api' } }),
    );
    return reply.type('application/stix+json;version=2.1').send({ type: 'bundle', id: newStixId('bundle'), objects });
  });
}

/** [FED-104] The Idempotency-Key header: absent, or 1–100 characters of [A-Za-z0-9._:-]. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && IDEMPOTENCY_KEY.test(header)) return header;
  throw new DomainError('invalid', 'http.idempotency_key_invalid', [{ path: '', code: 'http.idempotency_key_invalid' }]);
}

/** What the API returns for a current record: the STIX object plus this node's metadata. */
export function view(rec: CurrentRecord): Record<string, unknown> {
  return { object: rec.object, meta: { seq: rec.seq, origin: rec.origin, tlp: rec.fields.tlp, rel_to: rec.fields.relTo, country: rec.fields.country, admin1: rec.fields.admin1 } };
}

const list = (v: string | undefined): string[] | undefined => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export function parseListQuery(query: unknown): ListQuery {
  const q = queryParams(query, LIST_PARAMS);
  const issues: Issue[] = [];
  const num = (name: string, v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) issues.push({ path: `/${name}`, code: 'http.bad_query', params: { reason: `${name}=${v}` } });
    return n;
  };
  const out: ListQuery = {};
  const types = list(q.get('type'));
  if (types) out.types = types;
  const labels = list(q.get('label'));
  if (labels) out.labels = labels;
  const markings = list(q.get('marking'));
  if (markings) out.markingRefs = markings;
  const tlp = list(q.get('tlp'));
  if (tlp) {
    const okTlp = ['clear', 'green', 'amber', 'amber+strict', 'red'];
    for (const x of tlp) if (!okTlp.includes(x)) issues.push({ path: '/tlp', code: 'http.bad_query', params: { reason: `tlp=${x}` } });
    out.tlpIn = tlp as NonNullable<ListQuery['tlpIn']>;
  }
  const creators = list(q.get('created_by'));
  if (creators) out.createdByRefs = creators;
  const countries = list(q.get('country'));
  if (countries) out.countries = countries.map((c) => c.toUpperCase());
  const admin1 = list(q.get('admin1'));
  if (admin1) out.admin1 = admin1;
  const origins = list(q.get('origin'));
  if (origins) out.origins = origins;
  const refersTo = q.get('refers_to');
  if (refersTo !== undefined) {
    if (isStixId(refersTo)) out.refersTo = refersTo;
    else issues.push({ path: '/refers_to', code: 'http.bad_query', params: { reason: `refers_to=${refersTo}` } });
  }
  const bbox = q.get('bbox');
  if (bbox !== undefined) {
    const parts = bbox.split(',').map((x) => num('bbox', x));
    const [west, south, east, north] = parts;
    if (parts.length !== 4 || south! > north! || Math.abs(south!) > 90 || Math.abs(north!) > 90 || Math.abs(west!) > 180 || Math.abs(east!) > 180) {
      issues.push({ path: '/bbox', code: 'http.bad_query', params: { reason: 'bbox=west,south,east,north' } });
    } else out.bbox = { west: west!, south: south!, east: east!, north: north! };
  }
  const near = q.get('near');
  if (near !== undefined) {
    const parts = near.split(',').map((x) => num('near', x));
    const [lat, lon, radiusKm] = parts;
    if (parts.length !== 3 || Math.abs(lat!) > 90 || Math.abs(lon!) > 180 || !(radiusKm! > 0) || radiusKm! > 20000) {
      issues.push({ path: '/near', code: 'http.bad_query', params: { reason: 'near=lat,lon,radius_km' } });
    } else out.near = { lat: lat!, lon: lon!, radiusKm: radiusKm! };
  }
  for (const name of ['from', 'to'] as const) {
    const v = q.get(name);
    if (v === undefined) continue;
    if (Number.isNaN(Date.parse(v))) issues.push({ path: `/${name}`, code: 'http.bad_query', params: { reason: `${name}=${v}` } });
    else out[name] = new Date(v).toISOString();
  }
  const tf = q.get('time_field');
  if (tf !== undefined) {
    if (tf !== 'modified' && tf !== 'created' && tf !== 'event_time') issues.push({ path: '/time_field', code: 'http.bad_query', params: { reason: `time_field=${tf}` } });
    else out.timeField = tf;
  }
  const text = q.get('q');
  if (text) out.text = text.slice(0, 500);
  if (q.get('include_revoked') === 'true') out.includeRevoked = true;
  const limit = q.get('limit');
  if (limit !== undefined) {
    const n = num('limit', limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) issues.push({ path: '/limit', code: 'http.bad_query', params: { reason: 'limit=1..1000' } });
    else out.limit = n;
  }
  const cursor = q.get('cursor');
  if (cursor) out.cursor = cursor;
  const order = q.get('order');
  if (order !== undefined) {
    if (order !== 'seq_desc' && order !== 'seq_asc' && order !== 'event_time_desc') issues.push({ path: '/order', code: 'http.bad_query', params: { reason: `order=${order}` } });
    else out.order = order;
  }
  const changed = q.get('changed_after');
  if (changed !== undefined) {
    const n = num('changed_after', changed);
    if (Number.isInteger(n) && n >= 0) out.changedAfterSeq = n;
    else issues.push({ path: '/changed_after', code: 'http.bad_query', params: { reason: `changed_after=${changed}` } });
  }
  if (issues.length) throw new DomainError('invalid', 'http.invalid', issues);
  return out;
}
