/**
 * MISP events (core format JSON) → STIX 2.1 objects this node stores:
 * - the event → a `report` whose object_refs are everything mapped from it;
 * - the creator organisation (Orgc) → an `identity`, created_by_ref of every object;
 * - attributes and objects with observable values → `indicator`s with STIX patterns (patterns.ts);
 *   `text`/`comment`/`other` attributes → `note`s on the report; `link` and `vulnerability` →
 *   the report's external references; `threat-actor` attributes → `threat-actor`s;
 * - `sentinelle-incident` objects → incidents (incident-object.ts);
 * - threat-actor galaxies → `threat-actor`s, intrusion-set galaxies → `intrusion-set`s;
 * - `tlp:*` tags and distribution → TLP markings (markings.ts), other tags → labels.
 * Ids reuse the MISP uuids (v4/v5; UUIDv5 of the uuid otherwise), `modified` the MISP timestamps,
 * so importing the same event twice changes nothing. Everything not mapped is listed with its
 * JSON pointer and reason; an event whose envelope is invalid is rejected whole.
 */
import type { Issue } from '../../core/errors.ts';
import { foldText } from '../../core/text.ts';
import { SENTINELLE_NAMESPACE, parseStixId, stixIdV5 } from '../../objects/ids.ts';
import { TLP2_IDS, type Tlp } from '../../objects/markings.ts';
import type { ExternalReference, StixObject } from '../../objects/stix.ts';
import { compareTimestamps } from '../../objects/timestamps.ts';
import { parseDay } from '../../imports/ucdp-row.ts';
import { INCIDENT_OBJECT_NAME, incidentFromMispObject } from './incident-object.ts';
import { ANALYSIS, DISTRIBUTION_FLOOR, THREAT_LEVELS, machineTag, stricter, tlpOfTag } from './markings.ts';
import { attributeComparisons, isPatternType, patternOf, type Comparison } from './patterns.ts';
import type { MispAttribute, MispGalaxy, MispObject } from './types.ts';
import '../messages.ts';

export interface MispEventStix {
  path: string;
  uuid: string;
  reportId: string;
  objects: StixObject[];
  /** Parts of the event left out, with why. */
  unmapped: Issue[];
}

/** Fixed `created` of objects MISP gives no creation time (organisations, galaxy clusters). */
const REFERENCE_CREATED = '2012-01-01T00:00:00.000Z';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const THREAT_ACTOR_GALAXIES = new Set([
  'threat-actor',
  'microsoft-activity-group',
  'mitre-enterprise-attack-intrusion-set',
]);
const INTRUSION_SET_GALAXIES = new Set([
  'mitre-intrusion-set',
  'intrusion-set',
  'mitre-mobile-attack-intrusion-set',
]);
const NOTE_TYPES = new Set(['text', 'comment', 'other']);

const isRec = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** `<type>--<MISP uuid>` when it is a v4/v5 UUID (round-trips), else a UUIDv5 of it. */
export function idFromMisp(type: string, uuid: string): string {
  const direct = `${type}--${uuid.toLowerCase()}`;
  return parseStixId(direct) ? direct : stixIdV5(type, SENTINELLE_NAMESPACE, `misp:${uuid.toLowerCase()}`);
}

/** MISP timestamps are Unix seconds (as strings or numbers). */
export function epochToStix(v: unknown): string | null {
  const t = s(v);
  if (!t || !/^\d{1,11}$/.test(t)) return null;
  return new Date(Number(t) * 1000).toISOString();
}

/**
 * The events of a MISP JSON document: `{Event}`, `{response: [{Event}…]}`, `[{Event}…]`, or a bare
 * event. Each with its JSON pointer.
 */
export function findEvents(doc: unknown): { path: string; event: unknown }[] | null {
  if (Array.isArray(doc))
    return (doc as unknown[]).map((e, i) => ({ path: `/${i}/Event`, event: isRec(e) ? e.Event : e }));
  if (!isRec(doc)) return null;
  if (Array.isArray(doc.response))
    return (doc.response as unknown[]).map((e, i) => ({
      path: `/response/${i}/Event`,
      event: isRec(e) ? e.Event : e,
    }));
  if ('Event' in doc) return [{ path: '/Event', event: doc.Event }];
  if ('info' in doc && 'uuid' in doc) return [{ path: '', event: doc }];
  return null;
}

interface Ctx {
  path: string;
  created: string;
  modified: string;
  createdBy: string | undefined;
  /** Stricter of the event's TLP tag and its distribution floor: the event report's marking. */
  eventTlp: Tlp | null;
  eventTagTlp: Tlp | null;
  eventFloor: Tlp | null;
  reportId: string;
  unmapped: Issue[];
  objects: Map<string, StixObject>;
  references: ExternalReference[];
}

/** Checks an event's envelope; maps it, or returns every envelope problem. */
export function mispEventToStix(
  raw: unknown,
  path: string,
  importedAt: string,
): { ok: true; value: MispEventStix } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isRec(raw)) return { ok: false, issues: [{ path, code: 'interop.misp.not_event' }] };
  const uuid = s(raw.uuid);
  if (!uuid || !UUID_RE.test(uuid))
    issues.push({
      path: `${path}/uuid`,
      code: 'interop.misp.bad_uuid',
      params: { value: String(uuid ?? '').slice(0, 50) },
    });
  const info = s(raw.info)?.trim();
  if (!info) issues.push({ path: `${path}/info`, code: 'interop.misp.required', params: { field: 'info' } });
  const date = parseDay(s(raw.date) ?? '');
  if (!date)
    issues.push({
      path: `${path}/date`,
      code: 'interop.misp.bad_date',
      params: { value: String(s(raw.date) ?? '').slice(0, 50) },
    });
  const enumOf = (k: string, allowed: readonly string[]) => {
    const v = s(raw[k]);
    if (v !== undefined && !allowed.includes(v))
      issues.push({
        path: `${path}/${k}`,
        code: 'interop.misp.bad_enum',
        params: { field: k, value: v.slice(0, 20), values: allowed.join(', ') },
      });
    return v;
  };
  const threat = enumOf('threat_level_id', Object.keys(THREAT_LEVELS));
  const analysis = enumOf('analysis', Object.keys(ANALYSIS));
  const distribution = enumOf('distribution', ['0', '1', '2', '3', '4']);
  if (raw.timestamp !== undefined && !epochToStix(raw.timestamp))
    issues.push({ path: `${path}/timestamp`, code: 'interop.misp.bad_timestamp' });
  if (issues.length || !uuid || !info || !date) return { ok: false, issues };

  const created = `${date}T00:00:00.000Z`;
  const stamp = epochToStix(raw.timestamp) ?? importedAt;
  const modified = compareTimestamps(stamp, created) < 0 ? created : stamp;
  const ctx: Ctx = {
    path,
    created,
    modified,
    createdBy: undefined,
    eventTlp: null,
    eventTagTlp: null,
    eventFloor: null,
    reportId: idFromMisp('report', uuid),
    unmapped: [],
    objects: new Map(),
    references: [],
  };
  const tags = readTags(raw.Tag, `${path}/Tag`, ctx);
  ctx.eventTagTlp = tags.tlp;
  ctx.eventFloor = DISTRIBUTION_FLOOR[Number(distribution ?? 3)] ?? null;
  ctx.eventTlp = stricter(ctx.eventTagTlp, ctx.eventFloor);

  const orgc = raw.Orgc;
  if (isRec(orgc) && s(orgc.name)) {
    const id =
      s(orgc.uuid) && UUID_RE.test(s(orgc.uuid)!)
        ? idFromMisp('identity', s(orgc.uuid)!)
        : stixIdV5('identity', SENTINELLE_NAMESPACE, `misp-org:${foldText(s(orgc.name)!)}`);
    ctx.createdBy = id;
    put(ctx, {
      type: 'identity',
      spec_version: '2.1',
      id,
      created: REFERENCE_CREATED,
      modified,
      name: s(orgc.name)!.slice(0, 1000),
      identity_class: 'organization',
    });
  }

  arr(raw.Attribute).forEach((a, i) => mapAttribute(a, `${path}/Attribute/${i}`, ctx));
  arr(raw.Object).forEach((o, i) => mapObject(o, `${path}/Object/${i}`, ctx));
  arr(raw.Galaxy).forEach((g, i) => mapGalaxy(g, `${path}/Galaxy/${i}`, ctx));
  if (raw.SharingGroup !== undefined || (s(raw.sharing_group_id) && s(raw.sharing_group_id) !== '0')) {
    ctx.unmapped.push({ path: `${path}/SharingGroup`, code: 'interop.misp.sharing_group' });
  }
  for (const k of ['EventReport', 'Sighting', 'RelatedEvent', 'ShadowAttribute']) {
    if (arr(raw[k]).length)
      ctx.unmapped.push({
        path: `${path}/${k}`,
        code: 'interop.misp.section_not_mapped',
        params: { section: k },
      });
  }

  const published = epochToStix(raw.publish_timestamp);
  const labels = [
    ...(threat ? [machineTag('threat-level', THREAT_LEVELS[threat]!)] : []),
    ...(analysis ? [machineTag('analysis', ANALYSIS[analysis]!)] : []),
    ...(distribution ? [machineTag('distribution', distribution)] : []),
    ...tags.labels,
  ];
  const refs = [...ctx.objects.keys()];
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: ctx.reportId,
    created,
    modified,
    ...(ctx.createdBy ? { created_by_ref: ctx.createdBy } : {}),
    name: info.slice(0, 1000),
    description: `MISP event ${uuid} (${date}).`,
    report_types: ['threat-report'],
    published: published && compareTimestamps(published, created) >= 0 ? published : created,
    // A report needs at least one reference: an event with nothing mapped refers to its creator.
    object_refs: refs.length ? refs : [ctx.createdBy ?? 'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35'],
    ...(labels.length ? { labels } : {}),
    ...(ctx.references.length ? { external_references: ctx.references } : {}),
    ...markings(ctx.eventTlp),
  };
  return {
    ok: true,
    value: {
      path,
      uuid,
      reportId: ctx.reportId,
      objects: [...ctx.objects.values(), report],
      unmapped: ctx.unmapped,
    },
  };
}

function put(ctx: Ctx, o: StixObject): void {
  ctx.objects.set(o.id, o);
}

function markings(tlp: Tlp | null): { object_marking_refs?: string[] } {
  return tlp ? { object_marking_refs: [TLP2_IDS[tlp]] } : {};
}

function readTags(raw: unknown, path: string, ctx: Ctx): { tlp: Tlp | null; labels: string[] } {
  let tlp: Tlp | null = null;
  const labels: string[] = [];
  arr(raw).forEach((t, i) => {
    const name = isRec(t) ? s(t.name)?.trim() : undefined;
    if (!name) {
      ctx.unmapped.push({ path: `${path}/${i}`, code: 'interop.misp.bad_tag' });
      return;
    }
    const level = tlpOfTag(name);
    if (level) tlp = stricter(tlp, level);
    else labels.push(name.slice(0, 250));
  });
  return { tlp, labels };
}

/** Timestamps of an item: `created` ≤ `modified`, both stable for an unchanged item. */
function times(ctx: Ctx, timestamp: unknown): { created: string; modified: string } {
  const m = epochToStix(timestamp) ?? ctx.modified;
  return compareTimestamps(m, ctx.created) < 0
    ? { created: m, modified: m }
    : { created: ctx.created, modified: m };
}

/**
 * An item's TLP: its own TLP tag (else the event's), made at least as strict as the floor of its
 * own distribution (5 or absent: the event's).
 */
function itemTlp(ctx: Ctx, tagTlp: Tlp | null, distribution: unknown): Tlp | null {
  const d = s(distribution);
  const floor =
    d === undefined || d === '5' ? ctx.eventFloor : (DISTRIBUTION_FLOOR[Number(d)] ?? ctx.eventFloor);
  return stricter(tagTlp ?? ctx.eventTagTlp, floor);
}

function common(
  ctx: Ctx,
  type: string,
  uuid: string | undefined,
  fallbackName: string,
  timestamp: unknown,
  tlp: Tlp | null,
) {
  return {
    type,
    spec_version: '2.1',
    id:
      uuid && UUID_RE.test(uuid)
        ? idFromMisp(type, uuid)
        : stixIdV5(type, SENTINELLE_NAMESPACE, `misp:${ctx.reportId}:${fallbackName}`),
    ...times(ctx, timestamp),
    ...(ctx.createdBy ? { created_by_ref: ctx.createdBy } : {}),
    ...markings(tlp),
  };
}

function mapAttribute(raw: unknown, path: string, ctx: Ctx): void {
  if (!isRec(raw) || !s(raw.type) || s(raw.value) === undefined) {
    ctx.unmapped.push({ path, code: 'interop.misp.malformed_attribute' });
    return;
  }
  const a = raw as unknown as MispAttribute & Record<string, unknown>;
  const type = s(a.type)!;
  const value = s(a.value)!;
  if (a.deleted === true) {
    ctx.unmapped.push({ path, code: 'interop.misp.deleted' });
    return;
  }
  const tags = readTags(a.Tag, `${path}/Tag`, ctx);
  const tlp = itemTlp(ctx, tags.tlp, a.distribution);
  const d = s(a.distribution);
  const mispLabels = [
    machineTag('type', type),
    ...(s(a.category) ? [machineTag('category', s(a.category)!)] : []),
    machineTag('to-ids', a.to_ids === true || s(a.to_ids) === '1' ? 'true' : 'false'),
    ...(d !== undefined && d !== '5' ? [machineTag('distribution', d)] : []),
    ...tags.labels,
  ];
  arr(a.Galaxy).forEach((g, i) => mapGalaxy(g, `${path}/Galaxy/${i}`, ctx));
  if (arr(a.Sighting).length)
    ctx.unmapped.push({
      path: `${path}/Sighting`,
      code: 'interop.misp.section_not_mapped',
      params: { section: 'Sighting' },
    });
  const comment = s(a.comment)?.trim();

  if (isPatternType(type)) {
    const comps = attributeComparisons(type, value);
    if (!comps) {
      ctx.unmapped.push({
        path: `${path}/value`,
        code: 'interop.misp.bad_value',
        params: { type, value: value.slice(0, 50) },
      });
      return;
    }
    const toIds = a.to_ids === true || s(a.to_ids) === '1';
    const base = common(ctx, 'indicator', s(a.uuid), `${type}|${value}`, a.timestamp, tlp);
    put(ctx, {
      ...base,
      name: `${type}: ${value}`.slice(0, 1000),
      ...(comment ? { description: comment.slice(0, 20_000) } : {}),
      indicator_types: [toIds ? 'malicious-activity' : 'unknown'],
      pattern: patternOf(comps),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: base.created,
      labels: mispLabels,
    });
    return;
  }
  if (NOTE_TYPES.has(type)) {
    if (!value.trim()) {
      ctx.unmapped.push({
        path: `${path}/value`,
        code: 'interop.misp.bad_value',
        params: { type, value: '' },
      });
      return;
    }
    put(ctx, {
      ...common(ctx, 'note', s(a.uuid), `${type}|${value}`, a.timestamp, tlp),
      ...(comment ? { abstract: comment.slice(0, 5000) } : {}),
      content: value.slice(0, 20_000),
      object_refs: [ctx.reportId],
      labels: mispLabels,
    });
    return;
  }
  if (type === 'link' && /^https?:\/\/\S+$/i.test(value)) {
    ctx.references.push({
      source_name: 'misp-link',
      url: value,
      ...(comment ? { description: comment.slice(0, 20_000) } : {}),
    });
    return;
  }
  if (type === 'vulnerability' && /^CVE-\d{4}-\d{4,}$/i.test(value)) {
    ctx.references.push({ source_name: 'cve', external_id: value.toUpperCase() });
    return;
  }
  if (type === 'threat-actor' && value.trim()) {
    put(
      ctx,
      actorObject(ctx, 'threat-actor', undefined, value.trim(), undefined, [], a.timestamp, tlp, mispLabels),
    );
    return;
  }
  ctx.unmapped.push({ path, code: 'interop.misp.unsupported_type', params: { type: type.slice(0, 50) } });
}

function actorObject(
  ctx: Ctx,
  type: 'threat-actor' | 'intrusion-set',
  uuid: string | undefined,
  name: string,
  description: string | undefined,
  aliases: string[],
  timestamp: unknown,
  tlp: Tlp | null,
  labels: string[],
): StixObject {
  const id =
    uuid && UUID_RE.test(uuid)
      ? idFromMisp(type, uuid)
      : stixIdV5(type, SENTINELLE_NAMESPACE, `misp-actor:${foldText(name)}`);
  return {
    type,
    spec_version: '2.1',
    id,
    // Clusters are reference data without a creation time.
    created: REFERENCE_CREATED,
    modified: epochToStix(timestamp) ?? ctx.modified,
    ...(ctx.createdBy ? { created_by_ref: ctx.createdBy } : {}),
    name: name.slice(0, 1000),
    ...(description ? { description: description.slice(0, 20_000) } : {}),
    ...(aliases.length ? { aliases: aliases.slice(0, 1000).map((x) => x.slice(0, 1000)) } : {}),
    ...(labels.length ? { labels } : {}),
    ...markings(tlp),
  };
}

function mapGalaxy(raw: unknown, path: string, ctx: Ctx): void {
  if (!isRec(raw) || !s(raw.type)) {
    ctx.unmapped.push({ path, code: 'interop.misp.malformed_galaxy' });
    return;
  }
  const g = raw as unknown as MispGalaxy;
  const kind = THREAT_ACTOR_GALAXIES.has(g.type)
    ? 'threat-actor'
    : INTRUSION_SET_GALAXIES.has(g.type)
      ? 'intrusion-set'
      : null;
  if (!kind) {
    ctx.unmapped.push({
      path,
      code: 'interop.misp.galaxy_not_mapped',
      params: { type: g.type.slice(0, 100) },
    });
    return;
  }
  arr(g.GalaxyCluster).forEach((c, i) => {
    const cp = `${path}/GalaxyCluster/${i}`;
    const value = isRec(c) ? s(c.value)?.trim() : undefined;
    if (!isRec(c) || !value) {
      ctx.unmapped.push({ path: cp, code: 'interop.misp.malformed_galaxy' });
      return;
    }
    const meta = isRec(c.meta) ? c.meta : {};
    const synonyms = arr(meta.synonyms).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    const tag = s(c.tag_name) ?? `misp-galaxy:${g.type}="${value}"`;
    put(
      ctx,
      actorObject(ctx, kind, s(c.uuid), value, s(c.description), synonyms, undefined, ctx.eventTlp, [
        tag.slice(0, 250),
      ]),
    );
  });
}

function mapObject(raw: unknown, path: string, ctx: Ctx): void {
  if (!isRec(raw) || !s(raw.name)) {
    ctx.unmapped.push({ path, code: 'interop.misp.malformed_object' });
    return;
  }
  const o = raw as unknown as MispObject & Record<string, unknown>;
  const d = s(o.distribution);
  if (arr(o.ObjectReference).length)
    ctx.unmapped.push({
      path: `${path}/ObjectReference`,
      code: 'interop.misp.section_not_mapped',
      params: { section: 'ObjectReference' },
    });
  const attrs = arr(o.Attribute);
  // Tags of an object live on its attributes; a TLP tag there applies to the whole object.
  const tagTlp = attrs.reduce<Tlp | null>(
    (acc, a, i) =>
      stricter(
        acc,
        readTags(isRec(a) ? a.Tag : undefined, `${path}/Attribute/${i}/Tag`, { ...ctx, unmapped: [] }).tlp,
      ),
    null,
  );
  const objTlp = itemTlp(ctx, tagTlp, o.distribution);

  if (o.name === INCIDENT_OBJECT_NAME) {
    const r = incidentFromMispObject(o, path);
    if (!r.ok) {
      ctx.unmapped.push(
        ...r.issues.map((i) => ({
          ...i,
          code: i.code.startsWith('interop.') ? i.code : 'interop.misp.bad_incident',
          params: { ...i.params, reason: i.code },
        })),
      );
      return;
    }
    const base = common(ctx, 'incident', s(o.uuid), `incident|${String(r.props.name)}`, o.timestamp, objTlp);
    const created =
      typeof r.props.created === 'string' && compareTimestamps(r.props.created, base.modified) <= 0
        ? r.props.created
        : base.created;
    put(ctx, {
      ...base,
      ...r.props,
      created,
      lang: 'fr',
      ...(d !== undefined && d !== '5' ? { labels: [machineTag('distribution', d)] } : {}),
    });
    return;
  }
  const comps: Comparison[] = [];
  let toIds = false;
  attrs.forEach((a, i) => {
    const ap = `${path}/Attribute/${i}`;
    const type = isRec(a) ? s(a.type) : undefined;
    const value = isRec(a) ? s(a.value) : undefined;
    if (!isRec(a) || !type || value === undefined) {
      ctx.unmapped.push({ path: ap, code: 'interop.misp.malformed_attribute' });
      return;
    }
    if (!isPatternType(type)) {
      ctx.unmapped.push({
        path: ap,
        code: 'interop.misp.unsupported_type',
        params: { type: type.slice(0, 50) },
      });
      return;
    }
    const c = attributeComparisons(type, value);
    if (!c) {
      ctx.unmapped.push({
        path: `${ap}/value`,
        code: 'interop.misp.bad_value',
        params: { type, value: value.slice(0, 50) },
      });
      return;
    }
    toIds ||= a.to_ids === true || s(a.to_ids) === '1';
    comps.push(...c);
  });
  if (!comps.length) {
    ctx.unmapped.push({
      path,
      code: 'interop.misp.object_not_mapped',
      params: { name: o.name.slice(0, 100) },
    });
    return;
  }
  const base = common(
    ctx,
    'indicator',
    s(o.uuid),
    `object|${o.name}|${patternOf(comps)}`,
    o.timestamp,
    objTlp,
  );
  put(ctx, {
    ...base,
    name: `${o.name}: ${comps[0]!.value}`.slice(0, 1000),
    ...(s(o.comment)?.trim() ? { description: s(o.comment)!.trim().slice(0, 20_000) } : {}),
    indicator_types: [toIds ? 'malicious-activity' : 'unknown'],
    pattern: patternOf(comps),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: base.created,
    labels: [
      machineTag('object', o.name),
      ...(s(o['meta-category']) ? [machineTag('meta-category', s(o['meta-category'])!)] : []),
      machineTag('to-ids', toIds ? 'true' : 'false'),
      ...(d !== undefined && d !== '5' ? [machineTag('distribution', d)] : []),
    ],
  });
}
