/**
 * STIX objects → one MISP event (core format JSON), the reverse of to-stix.ts:
 * indicators → attributes (or an object, for an indicator that came from one), notes → text
 * attributes, incidents → `sentinelle-incident` objects, threat actors and intrusion sets →
 * galaxy clusters (with their `misp-galaxy:` tags), TLP markings → `tlp:*` tags, the report's
 * external references → `link`/`vulnerability` attributes. `misp:*` labels written on import
 * give back the MISP fields (type, category, to_ids, distribution, threat level, analysis).
 * Objects of other types are listed as not exported, never dropped silently.
 */
import { randomUUID } from 'node:crypto';
import type { Issue } from '../../core/errors.ts';
import { SENTINELLE_NAMESPACE, parseStixId, stixIdV5 } from '../../objects/ids.ts';
import { tlpOf, type Tlp } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import { INCIDENT_OBJECT_NAME, incidentToMispObject } from './incident-object.ts';
import {
  ANALYSIS,
  DISTRIBUTION_FLOOR,
  THREAT_LEVELS,
  distributionOfTlp,
  readMachineTag,
  stricter,
  tagOfTlp,
} from './markings.ts';
import { mispTypeOf, parseSimplePattern } from './patterns.ts';
import type { MispAttribute, MispEvent, MispGalaxy, MispObject, MispTag } from './types.ts';
import '../messages.ts';

export interface MispExportOptions {
  /** The report that becomes the event (its refs are among `objects`); else a new event. */
  report?: StixObject;
  /** Event title when there is no report. */
  info?: string;
  /** Creator organisation when the report's creator is not among the objects. */
  org: { name: string; uuid: string };
  now: Date;
}

const text = (v: unknown, dflt = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : dflt;
const uuidOf = (id: string): string =>
  parseStixId(id)?.uuid ?? stixIdV5('x-misp', SENTINELLE_NAMESPACE, id).slice(8);
const epoch = (ts: unknown): string =>
  String(Math.floor((typeof ts === 'string' ? Date.parse(ts) : NaN) / 1000) || 0);
const reverse = (table: Readonly<Record<string, string>>, v: string | undefined, dflt: string) =>
  Object.entries(table).find(([, name]) => name === v)?.[0] ?? dflt;
/** Labels this module writes back as MISP fields, not as tags. */
const FIELD_LABEL = /^misp:(type|category|to-ids|distribution|threat-level|analysis|object|meta-category)="/;

const CATEGORY: Record<string, string> = {
  md5: 'Payload delivery',
  sha1: 'Payload delivery',
  sha256: 'Payload delivery',
  sha512: 'Payload delivery',
  filename: 'Payload delivery',
  mutex: 'Artifacts dropped',
  regkey: 'Persistence mechanism',
  'stix2-pattern': 'Network activity',
};

function tagsOf(o: StixObject, withTlp: boolean): MispTag[] {
  const tlp = tlpOf(o);
  const labels = (o.labels ?? []).filter((l) => !FIELD_LABEL.test(l));
  return [...(withTlp && tlp ? [tagOfTlp(tlp)] : []), ...labels].map((name) => ({ name }));
}

function distributionOf(o: StixObject, dflt: string): string {
  return readMachineTag(o.labels, 'distribution') ?? dflt;
}

/**
 * An item's distribution: its `misp:distribution` label, else 5 (inherit the event) when the
 * event's distribution would not make it stricter on the way back, else the level of its TLP.
 */
function itemDistribution(o: StixObject, eventDistribution: string): string {
  const label = readMachineTag(o.labels, 'distribution');
  if (label !== undefined) return label;
  const tlp = tlpOf(o);
  const floor = DISTRIBUTION_FLOOR[Number(eventDistribution)] ?? null;
  return stricter(tlp, floor) === tlp ? '5' : String(distributionOfTlp(tlp));
}

/** The MISP event for these objects, and what could not be exported (JSON pointers into the input list). */
export function stixToMispEvent(
  objects: readonly StixObject[],
  options: MispExportOptions,
): { event: { Event: MispEvent }; unmapped: Issue[] } {
  const unmapped: Issue[] = [];
  const report = options.report;
  // The event's TLP: the report's own, else the strictest of what it carries (items keep their own tags).
  let eventTlp: Tlp | null = report ? tlpOf(report) : null;
  if (!report) for (const o of objects) eventTlp = stricter(eventTlp, tlpOf(o));
  const eventDistribution = report
    ? distributionOf(report, String(distributionOfTlp(eventTlp)))
    : String(distributionOfTlp(eventTlp));
  const byId = new Map(objects.map((o) => [o.id, o]));
  const creator = report?.created_by_ref ? byId.get(report.created_by_ref) : undefined;
  const attributes: MispAttribute[] = [];
  const mispObjects: MispObject[] = [];
  const galaxies = new Map<string, MispGalaxy>();
  const eventTags = new Map<string, MispTag>();
  if (eventTlp) eventTags.set(tagOfTlp(eventTlp), { name: tagOfTlp(eventTlp) });
  if (report) for (const t of tagsOf(report, false)) eventTags.set(t.name, t);

  objects.forEach((o, i) => {
    const path = `/objects/${i}`;
    const tags = tagsOf(o, true);
    const base = {
      uuid: uuidOf(o.id),
      timestamp: epoch(o.modified),
      distribution: itemDistribution(o, eventDistribution),
    };
    switch (o.type) {
      case 'indicator': {
        const hint = readMachineTag(o.labels, 'type');
        const objectName = readMachineTag(o.labels, 'object');
        const toIds =
          readMachineTag(o.labels, 'to-ids') !== undefined
            ? readMachineTag(o.labels, 'to-ids') === 'true'
            : Array.isArray(o.indicator_types) && o.indicator_types.includes('malicious-activity');
        const comps =
          o.pattern_type === 'stix' && typeof o.pattern === 'string' ? parseSimplePattern(o.pattern) : null;
        const comment = typeof o.description === 'string' ? { comment: o.description } : {};
        if (comps && objectName) {
          const attrs: MispAttribute[] = [];
          for (const c of comps) {
            const type = mispTypeOf(c);
            if (!type) {
              unmapped.push({
                path: `${path}/pattern`,
                code: 'interop.misp.pattern_not_exported',
                params: { value: `${c.object}:${c.path}` },
              });
              continue;
            }
            attrs.push({
              object_relation: type,
              type,
              category: CATEGORY[type] ?? 'Network activity',
              value: c.value,
              to_ids: toIds,
              Tag: tags,
            });
          }
          mispObjects.push({
            name: objectName,
            'meta-category': readMachineTag(o.labels, 'meta-category') ?? 'network',
            ...base,
            ...comment,
            Attribute: attrs,
          });
          return;
        }
        let type: string | null = null;
        let value: string | undefined;
        if (comps && hint?.includes('|')) {
          type = hint;
          value = comps.map((c) => c.value).join('|');
        } else if (comps?.length === 1) {
          type = mispTypeOf(comps[0]!, hint);
          value = comps[0]!.value;
        }
        if (!type || value === undefined) {
          if (o.pattern_type !== 'stix' || typeof o.pattern !== 'string') {
            unmapped.push({
              path: `${path}/pattern_type`,
              code: 'interop.misp.pattern_not_exported',
              params: { value: String(o.pattern_type) },
            });
            return;
          }
          // Kept whole: MISP has a type for STIX 2 patterns.
          type = 'stix2-pattern';
          value = o.pattern;
        }
        attributes.push({
          ...base,
          type,
          category: readMachineTag(o.labels, 'category') ?? CATEGORY[type] ?? 'Network activity',
          value,
          to_ids: toIds,
          ...comment,
          Tag: tags,
        });
        return;
      }
      case 'note':
        attributes.push({
          ...base,
          type: readMachineTag(o.labels, 'type') ?? 'text',
          category: readMachineTag(o.labels, 'category') ?? 'Other',
          value: text(o.content),
          to_ids: false,
          ...(typeof o.abstract === 'string' ? { comment: o.abstract } : {}),
          Tag: tags,
        });
        return;
      case 'incident':
        mispObjects.push(incidentToMispObject(o, { ...base, tags: tags.map((t) => t.name) }));
        return;
      case 'threat-actor':
      case 'intrusion-set': {
        const galaxyType = o.type === 'threat-actor' ? 'threat-actor' : 'mitre-intrusion-set';
        const name = text(o.name);
        const tagName =
          (o.labels ?? []).find((l) => l.startsWith('misp-galaxy:')) ?? `misp-galaxy:${galaxyType}="${name}"`;
        const g = galaxies.get(galaxyType) ?? {
          type: galaxyType,
          name: o.type === 'threat-actor' ? 'Threat Actor' : 'Intrusion Set',
          namespace: 'misp',
          GalaxyCluster: [],
        };
        g.GalaxyCluster.push({
          uuid: base.uuid,
          type: galaxyType,
          value: name,
          tag_name: tagName,
          ...(typeof o.description === 'string' ? { description: o.description } : {}),
          ...(Array.isArray(o.aliases) && o.aliases.length
            ? { meta: { synonyms: o.aliases as string[] } }
            : {}),
        });
        galaxies.set(galaxyType, g);
        eventTags.set(tagName, { name: tagName });
        return;
      }
      default:
        if (o.id === creator?.id || (report && o.id === report.id)) return;
        unmapped.push({ path, code: 'interop.misp.type_not_exported', params: { type: o.type } });
    }
  });

  for (const [k, ref] of (report?.external_references ?? []).entries()) {
    const u = stixIdV5('x-misp', SENTINELLE_NAMESPACE, `${report?.id}:${ref.url ?? ref.external_id}`).slice(
      8,
    );
    if (ref.source_name === 'misp-link' && ref.url) {
      attributes.push({
        uuid: u,
        type: 'link',
        category: 'External analysis',
        value: ref.url,
        to_ids: false,
        ...(ref.description ? { comment: ref.description } : {}),
      });
    } else if (ref.source_name === 'cve' && ref.external_id) {
      attributes.push({
        uuid: u,
        type: 'vulnerability',
        category: 'External analysis',
        value: ref.external_id,
        to_ids: false,
      });
    } else
      unmapped.push({
        path: `/report/external_references/${k}`,
        code: 'interop.misp.reference_not_exported',
      });
  }

  const created = report && typeof report.created === 'string' ? report.created : options.now.toISOString();
  const event: MispEvent = {
    uuid: report ? uuidOf(report.id) : randomUUID(),
    info: text(report?.name, options.info ?? 'Sentinelle export'),
    date: created.slice(0, 10),
    threat_level_id: reverse(THREAT_LEVELS, readMachineTag(report?.labels, 'threat-level'), '4'),
    analysis: reverse(ANALYSIS, readMachineTag(report?.labels, 'analysis'), '0'),
    distribution: eventDistribution,
    // A report is published by definition (STIX 2.1 §4.16); a plain export is a draft event.
    published: report !== undefined,
    ...(report && typeof report.published === 'string' ? { publish_timestamp: epoch(report.published) } : {}),
    timestamp: epoch(report?.modified ?? options.now.toISOString()),
    Orgc:
      creator && typeof creator.name === 'string'
        ? { name: creator.name, uuid: uuidOf(creator.id) }
        : options.org,
    Tag: [...eventTags.values()],
    Attribute: attributes,
    Object: mispObjects,
    Galaxy: [...galaxies.values()],
  };
  return { event: { Event: event }, unmapped };
}

export { INCIDENT_OBJECT_NAME };
