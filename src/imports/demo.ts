/**
 * The demo node's data set as one STIX 2.1 bundle: the node's organisation (unless it already
 * exists), the UCDP source identity, TLP 2.0 and REL TO markings, every real UCDP event of
 * assets/ucdp (TLP:CLEAR, public), twenty clearly labelled fictitious records with restrictive
 * markings, two publicly designated groups (attributed to nothing) and one report.
 * Deterministic: the same options give the same bundle, byte for byte.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Boundaries } from '../geo/boundaries.ts';
import { defaultBoundaries } from '../geo/boundaries.ts';
import { incidentAdminNames } from '../geo/admin-names.ts';
import { countryNameFr } from '../geo/countries-by-name.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import { releasabilityMarking, TLP2_IDS, TLP_MARKING_DEFINITIONS } from '../objects/markings.ts';
import type { IncidentExtension } from '../objects/sentinelle-extension.ts';
import {
  SENTINELLE_INCIDENT_EXTENSION_ID,
  type IdentityObject,
  type IncidentObject,
  type StixBundle,
  type StixObject,
  isRecord,
} from '../objects/stix.ts';
import type { CsvSource } from './csv.ts';
import { SYNTHETIC_TEMPLATES, type Rng, pick } from './demo-synthetic.ts';
import { importUcdpCsv, type UcdpImportReport } from './ucdp.ts';
import { UCDP_IDENTITY_ID, ucdpSourceIdentity } from './ucdp-source.ts';

/** Default demo time: after every bundled UCDP event, fixed so the bundle is reproducible. */
export const DEMO_TIMESTAMP = '2024-06-01T00:00:00.000Z';

export const DEFAULT_UCDP_CSV = fileURLToPath(
  new URL('../../assets/ucdp/ged_sahel_2020_2023.csv', import.meta.url),
);

export interface DemoOptions {
  /** The node's existing identity: used as creator, and the bundle then carries no identity for it. */
  nodeIdentityId?: string;
  /** Name of the node identity the bundle creates when `nodeIdentityId` is absent. */
  organisation?: string;
  /** The node's country (ISO alpha-3), default BFA. */
  country?: string;
  /** Varies the fictitious records' dates and quantities. Default 'sentinelle-demo'. */
  seed?: string;
  /** STIX timestamp "now" for the demo. Default DEMO_TIMESTAMP. */
  timestamp?: string;
  ucdpCsv?: CsvSource;
  boundaries?: Boundaries;
}

export const DEMO_SYNTHETIC_LABEL = 'demo-synthetic';

/** The bundle and the UCDP import report (rows read, skipped, outside polygons). */
export async function buildDemo(
  options: DemoOptions = {},
): Promise<{ bundle: StixBundle; ucdpReport: UcdpImportReport }> {
  const timestamp = options.timestamp ?? DEMO_TIMESTAMP;
  const seed = options.seed ?? 'sentinelle-demo';
  const country = options.country ?? 'BFA';
  const boundaries = options.boundaries ?? defaultBoundaries();
  const clock = { now: () => new Date(timestamp) };

  const objects: StixObject[] = [...TLP_MARKING_DEFINITIONS];
  let nodeId = options.nodeIdentityId;
  if (!nodeId) {
    const identity = nodeIdentity(
      options.organisation ?? `Direction de la surveillance du territoire — ${countryNameFr(country)} (démo)`,
      country,
      timestamp,
    );
    nodeId = identity.id;
    objects.push(identity);
  }
  const relAes = releasabilityMarking(['BFA', 'MLI', 'NER'], nodeId, clock);
  const relBfaSen = releasabilityMarking(['BFA', 'SEN'], nodeId, clock);
  objects.push(relAes, relBfaSen, ucdpSourceIdentity());
  objects.push(...threatActors(nodeId, timestamp));

  const { objects: ucdp, report: ucdpReport } = await importUcdpCsv(options.ucdpCsv ?? DEFAULT_UCDP_CSV, {
    sourceIdentityId: UCDP_IDENTITY_ID,
    importedAt: timestamp,
    boundaries,
  });
  objects.push(...ucdp);

  const rng = mulberry32(seedHash(`${seed}|${nodeId}|${timestamp}`));
  const relIds = new Map([
    ['BFA, MLI, NER', relAes.id],
    ['BFA, SEN', relBfaSen.id],
  ]);
  for (const t of SYNTHETIC_TEMPLATES) {
    objects.push(synthetic(t, rng, { nodeId, timestamp, boundaries, relIds, seed }));
  }
  objects.push(demoReport(ucdp, nodeId, timestamp, relAes.id));

  const bundle: StixBundle = {
    type: 'bundle',
    id: stixIdV5('bundle', SENTINELLE_NAMESPACE, `demo|${seed}|${nodeId}|${timestamp}`),
    objects,
  };
  return { bundle, ucdpReport };
}

/** The demo data set as one STIX 2.1 bundle (see {@link buildDemo}). */
export async function buildDemoBundle(options: DemoOptions = {}): Promise<StixBundle> {
  return (await buildDemo(options)).bundle;
}

function nodeIdentity(name: string, country: string, timestamp: string): IdentityObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: stixIdV5('identity', SENTINELLE_NAMESPACE, `demo-node|${country}|${name}`),
    created: timestamp,
    modified: timestamp,
    name,
    description: `Service de démonstration d’un nœud Sentinelle (${countryNameFr(country)}).`,
    identity_class: 'organization',
    sectors: ['government-national'],
    // A desk, never a person (DOMAIN: no personal data); .invalid is reserved (RFC 2606).
    contact_information: 'Permanence opérationnelle du nœud — ops@demo.sentinelle.invalid',
    lang: 'fr',
  };
}

/** Publicly designated groups, described from public knowledge; nothing is attributed to them. */
function threatActors(nodeId: string, timestamp: string): StixObject[] {
  const base = (key: string) => ({
    type: 'threat-actor',
    spec_version: '2.1',
    id: stixIdV5('threat-actor', SENTINELLE_NAMESPACE, `demo|${nodeId}|${key}`),
    created: timestamp,
    modified: timestamp,
    created_by_ref: nodeId,
    threat_actor_types: ['terrorist'],
    lang: 'fr',
    labels: ['demo'],
    object_marking_refs: [TLP2_IDS.clear],
  });
  const note = ' Fiche de démonstration : aucun événement de ce jeu de données ne lui est attribué.';
  return [
    {
      ...base('jnim'),
      name: 'Jama’at Nusrat al-Islam wal-Muslimin (JNIM)',
      aliases: ['JNIM', 'GSIM', 'Groupe de soutien à l’islam et aux musulmans'],
      description:
        'Coalition jihadiste affiliée à al-Qaïda, formée en 2017 au Mali et active au Mali, au Burkina Faso et au Niger ; ' +
        'désignée organisation terroriste par plusieurs États.' +
        note,
    },
    {
      ...base('eis'),
      name: 'État islamique au Sahel',
      aliases: ['EIS', 'EIGS', 'État islamique dans le Grand Sahara', 'ISGS', 'Islamic State Sahel Province'],
      description:
        'Branche sahélienne de l’organisation État islamique, active surtout dans la zone des trois frontières ' +
        '(Mali, Burkina Faso, Niger), connue jusqu’en 2022 sous le nom d’État islamique dans le Grand Sahara (EIGS) ; ' +
        'désignée organisation terroriste par plusieurs États.' +
        note,
    },
  ];
}

interface SyntheticContext {
  nodeId: string;
  timestamp: string;
  boundaries: Boundaries;
  relIds: ReadonlyMap<string, string>;
  seed: string;
}

function synthetic(t: (typeof SYNTHETIC_TEMPLATES)[number], rng: Rng, ctx: SyntheticContext): IncidentObject {
  const now = new Date(ctx.timestamp).getTime();
  const daysAgo = pick(rng, 2, 180);
  const occurred = new Date(now - daysAgo * 86_400_000);
  occurred.setUTCHours(pick(rng, 0, 23), 0, 0, 0);
  // Reported a few hours after the fact; always before "now" since daysAgo >= 2.
  const created = new Date(occurred.getTime() + pick(rng, 1, 12) * 3_600_000).toISOString();
  const draft = t.make(rng);
  const area = ctx.boundaries.adminAreaAt(t.lat, t.lon);
  const names =
    area && area.country === t.country ? incidentAdminNames(area) : { admin1: null, admin2: null };
  const ext: IncidentExtension = {
    extension_type: 'property-extension',
    event_type: t.event_type,
    ...(t.event_subtype ? { event_subtype: t.event_subtype } : {}),
    occurred_at: occurred.toISOString().replace('.000Z', 'Z'),
    time_precision: 'hour',
    location: {
      lat: t.lat,
      lon: t.lon,
      precision_m: 1000,
      country: t.country,
      ...(names.admin1 ? { admin1: names.admin1 } : {}),
      ...(names.admin2 ? { admin2: names.admin2 } : {}),
    },
    ...(draft.fatalities ? { fatalities: draft.fatalities } : {}),
    ...(draft.injured ? { injured: draft.injured } : {}),
    source_reliability: t.reliability,
    information_credibility: t.credibility,
    ...(draft.materiel ? { materiel: draft.materiel } : {}),
  };
  const rel = t.relTo ? ctx.relIds.get([...t.relTo].sort().join(', ')) : undefined;
  return {
    type: 'incident',
    spec_version: '2.1',
    id: stixIdV5('incident', SENTINELLE_NAMESPACE, `demo|${ctx.seed}|${ctx.nodeId}|${t.key}`),
    created,
    modified: created,
    created_by_ref: ctx.nodeId,
    name: `[DÉMO] ${t.title}`,
    description: `Donnée fictive de démonstration. ${draft.text}`,
    lang: 'fr',
    labels: [DEMO_SYNTHETIC_LABEL],
    object_marking_refs: [TLP2_IDS[t.tlp], ...(rel ? [rel] : [])],
    extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: { ...ext } },
  };
}

/** A situation note over the first UCDP events of 2023 in Burkina Faso's Sahel region. */
function demoReport(
  ucdp: readonly StixObject[],
  nodeId: string,
  timestamp: string,
  relAesId: string,
): StixObject {
  const picked = ucdp
    .filter((o) => {
      const loc = locationOf(o);
      return (
        o.type === 'incident' &&
        loc?.country === 'BFA' &&
        loc.admin1 === 'Sahel' &&
        (o.created ?? '').startsWith('2023-01')
      );
    })
    .sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.id.localeCompare(b.id))
    .slice(0, 6);
  return {
    type: 'report',
    spec_version: '2.1',
    id: stixIdV5('report', SENTINELLE_NAMESPACE, `demo|${nodeId}|sahel-2023-01`),
    created: timestamp,
    modified: timestamp,
    created_by_ref: nodeId,
    name: 'Note de situation (démo) — région du Sahel, janvier 2023',
    description:
      'Document de démonstration regroupant des événements publics de l’UCDP GED survenus en janvier 2023 dans la région du Sahel (Burkina Faso).',
    lang: 'fr',
    report_types: ['threat-report'],
    published: timestamp,
    object_refs: picked.map((o) => o.id),
    labels: ['demo'],
    object_marking_refs: [TLP2_IDS.green, relAesId],
  };
}

/** The extension's location of an incident we built ourselves, read without trusting its type. */
function locationOf(o: StixObject): Record<string, unknown> | undefined {
  const loc = o.extensions?.[SENTINELLE_INCIDENT_EXTENSION_ID]?.location;
  return isRecord(loc) ? loc : undefined;
}

function seedHash(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

/** mulberry32: a tiny seeded PRNG; demo variety only, nothing security-related. */
function mulberry32(a: number): Rng {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
