/**
 * One checked ACLED event → STIX objects: the incident with its Sentinelle extension, and the
 * actors as identities (state and external forces) or threat actors (rebel groups, political
 * militias). Identity (communal) militias, rioters, protesters and civilians get no object: a
 * "threat actor" named after a community is a stigma we will not mint; their names stay in the
 * description. "Unidentified Armed Group (…)" is no actor either.
 */
import { foldText } from '../core/text.ts';
import { countryNameFr } from '../geo/countries-by-name.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import { TLP2_IDS, type Tlp } from '../objects/markings.ts';
import type { CasualtyCounts, IncidentExtension, TimePrecision } from '../objects/sentinelle-extension.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type IncidentObject, type StixObject } from '../objects/stix.ts';
import type { EventClass } from '../objects/taxonomy.ts';
import { compareTimestamps } from '../objects/timestamps.ts';
import type { AcledActor, AcledEvent } from './acled-row.ts';
import { ACLED_IDENTITY_TIMESTAMP, ACLED_URL } from './acled-source.ts';

export interface AcledMapContext {
  sourceIdentityId: string;
  /** `modified` of incidents whose row has no ACLED `timestamp`. */
  importedAt: string;
  /** TLP of every object (ACLED's terms restrict redistribution: amber by default). */
  tlp: Tlp;
}

/** Codebook geo_precision → an order-of-magnitude radius in metres. */
const PRECISION_M: Record<1 | 2 | 3, number> = { 1: 2_000, 2: 25_000, 3: 100_000 };
/** Codebook time_precision: 1 the day, 2 a week or so, 3 the month. */
const TIME_PRECISION: Record<1 | 2 | 3, TimePrecision> = { 1: 'day', 2: 'week', 3: 'month' };

type ActorKind = 'identity' | 'threat-actor' | null;

function actorKind(a: AcledActor): ActorKind {
  if (/^unidentified\b/i.test(a.name)) return null;
  switch (a.inter) {
    case 1:
    case 8:
      return 'identity';
    case 2:
    case 3:
      return 'threat-actor';
    default:
      return null;
  }
}

/** The STIX object for an actor, or null (see the file comment). Same name, same id. */
export function acledActorObject(a: AcledActor, ctx: AcledMapContext): StixObject | null {
  const kind = actorKind(a);
  if (!kind) return null;
  const common = {
    spec_version: '2.1',
    id: stixIdV5(kind, SENTINELLE_NAMESPACE, `acled-actor:${foldText(a.name)}`),
    // Fixed timestamps: the object depends only on the name, so a re-import changes nothing.
    created: ACLED_IDENTITY_TIMESTAMP,
    modified: ACLED_IDENTITY_TIMESTAMP,
    created_by_ref: ctx.sourceIdentityId,
    name: a.name.slice(0, 250),
    lang: 'fr',
    labels: ['acled'],
    object_marking_refs: [TLP2_IDS[ctx.tlp]],
  };
  if (kind === 'identity') {
    return {
      type: 'identity',
      ...common,
      description: `Force étatique ou extérieure telle que nommée par ACLED (« ${a.name} »).`,
      identity_class: 'organization',
      sectors: ['government-national'],
    };
  }
  return {
    type: 'threat-actor',
    ...common,
    description: `Groupe armé non étatique tel que nommé par ACLED (« ${a.name} »). Aucune autre attribution.`,
  };
}

function fatalitiesOf(ev: AcledEvent, cls: EventClass): CasualtyCounts {
  // ACLED reports one total. Violence against civilians (or a row flagged civilian_targeting)
  // counts civilians; otherwise who died is unknown.
  if (cls.event_type === 'violence_against_civilians' || ev.civilianTargeting)
    return { civilians: ev.fatalities };
  return { unknown: ev.fatalities };
}

/** The incident for one event. */
export function acledIncident(
  ev: AcledEvent,
  id: string,
  cls: EventClass,
  actorRefs: string[],
  ctx: AcledMapContext,
): IncidentObject {
  const created = `${ev.date}T00:00:00.000Z`;
  const stamp = ev.timestamp !== null ? new Date(ev.timestamp * 1000).toISOString() : ctx.importedAt;
  const modified = compareTimestamps(stamp, created) < 0 ? created : stamp;
  const ext: IncidentExtension = {
    extension_type: 'property-extension',
    event_type: cls.event_type,
    ...(cls.event_subtype ? { event_subtype: cls.event_subtype } : {}),
    occurred_at: `${ev.date}T00:00:00Z`,
    time_precision: TIME_PRECISION[ev.timePrecision],
    location: {
      lat: ev.lat,
      lon: ev.lon,
      ...(ev.geoPrecision ? { precision_m: PRECISION_M[ev.geoPrecision] } : {}),
      country: ev.country,
      ...(ev.admin1 ? { admin1: ev.admin1.slice(0, 200) } : {}),
      ...(ev.admin2 ? { admin2: ev.admin2.slice(0, 200) } : {}),
    },
    fatalities: fatalitiesOf(ev, cls),
    ...(actorRefs.length ? { actor_refs: actorRefs } : {}),
    // ACLED codes from public reports with a published method: usually reliable, probably true.
    source_reliability: 'B',
    information_credibility: 2,
    source: { name: 'ACLED', reference: ev.eventId, url: ACLED_URL },
  };
  const place = ev.location ?? ev.admin2 ?? ev.admin1;
  const labels = ['acled', ...(ev.disorderType ? [labelOf(ev.disorderType)] : [])];
  return {
    type: 'incident',
    spec_version: '2.1',
    id,
    created,
    modified,
    created_by_ref: ctx.sourceIdentityId,
    name: `${ev.subEventType ?? ev.eventType} — ${place ? `${place}, ` : ''}${ev.country} (${ev.date})`.slice(
      0,
      120,
    ),
    description: describe(ev),
    lang: 'fr',
    labels,
    external_references: [{ source_name: 'ACLED', external_id: ev.eventId, url: ACLED_URL }],
    object_marking_refs: [TLP2_IDS[ctx.tlp]],
    extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: { ...ext } },
  };
}

/** "Political violence; Demonstrations" → "political-violence-demonstrations" (a label, §3.x open vocab). */
function labelOf(s: string): string {
  return (
    foldText(s)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 100) || 'acled'
  );
}

function describe(ev: AcledEvent): string {
  const parts: string[] = [];
  parts.push(
    `Événement ACLED ${ev.eventId} : ${ev.eventType}${ev.subEventType ? ` / ${ev.subEventType}` : ''}.`,
  );
  const where = [ev.location, ev.admin3, ev.admin2, ev.admin1, countryNameFr(ev.country)].filter(
    (s): s is string => !!s,
  );
  parts.push(
    `Lieu : ${where.join(', ')} (${ev.lat}, ${ev.lon}${ev.geoPrecision ? ` ; précision ACLED ${ev.geoPrecision}/3` : ''}).`,
  );
  const actors = [ev.actor1, ev.actor2]
    .filter((a): a is AcledActor => a !== null)
    .map((a) => `${a.name}${a.associated ? ` (avec ${a.associated})` : ''}`);
  if (actors.length) parts.push(`Acteurs : ${actors.join(' ; ')}.`);
  parts.push(`Morts : ${ev.fatalities}.`);
  if (ev.notes) parts.push(`Notes ACLED : ${ev.notes}`);
  if (ev.source)
    parts.push(`Sources citées par ACLED : ${ev.source}${ev.sourceScale ? ` (${ev.sourceScale})` : ''}.`);
  parts.push(
    'Source : Armed Conflict Location & Event Data (ACLED), acleddata.com — export sous licence de l’utilisateur.',
  );
  return parts.join(' ').slice(0, 20_000);
}
