/**
 * One checked UCDP GED event → STIX objects: the incident with its Sentinelle extension, and the
 * conflict sides as identities (governments) or threat actors (armed groups). Used by ucdp.ts.
 */
import { foldText } from '../core/text.ts';
import { countryNameFr } from '../geo/countries-by-name.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import type { CasualtyCounts, IncidentExtension, TimePrecision } from '../objects/sentinelle-extension.ts';
import {
  SENTINELLE_INCIDENT_EXTENSION_ID,
  type IdentityObject,
  type IncidentObject,
  type StixObject,
} from '../objects/stix.ts';
import { fromUcdpTypeOfViolence } from '../objects/taxonomy.ts';
import { compareTimestamps } from '../objects/timestamps.ts';
import { UCDP_DATASET_URL } from './ucdp-source.ts';
import type { TypeOfViolence, UcdpEvent } from './ucdp-row.ts';

/** What the mapping needs from the import options. */
export interface UcdpMapContext {
  sourceIdentityId: string;
  importedAt: string;
  actorsForNonStateConflicts?: boolean;
}

/** Admin names for the extension's location (null when unknown). */
export interface AdminNames {
  admin1: string | null;
  admin2: string | null;
}

const TOV: Record<TypeOfViolence, { label: string; short: string; long: string }> = {
  1: { label: 'state-based', short: 'Conflit étatique', long: 'conflit armé étatique' },
  2: { label: 'non-state', short: 'Conflit non étatique', long: 'conflit armé non étatique' },
  3: {
    label: 'one-sided',
    short: 'Violence contre des civils',
    long: 'violence unilatérale contre des civils',
  },
};

/**
 * Codebook where_prec → an order-of-magnitude radius in metres: 1 the named place itself; 2 within
 * about 25 km of it; 3 an ADM2 centroid; 4 an ADM1 centroid; 5 a zone larger than ADM1; 6 the
 * country centroid; 7 a sea or airspace estimate.
 */
const PRECISION_M: Record<number, number> = {
  1: 1_000,
  2: 25_000,
  3: 50_000,
  4: 200_000,
  5: 400_000,
  6: 1_000_000,
  7: 1_000_000,
};

/**
 * Codebook date_prec → time_precision: 1 the exact day; 2 a span of 2–6 days and 3 a known week
 * (both "week"); 4 a month; 5 a year. The subset carries no date_prec and its dates are days.
 */
const TIME_PRECISION: Record<number, TimePrecision> = {
  1: 'day',
  2: 'week',
  3: 'week',
  4: 'month',
  5: 'year',
};

/** GED's own adm_1 / adm_2 names ("Sahel region", "Soum province") without the level word. */
export function gedAdminNames(ev: UcdpEvent): AdminNames {
  const strip = (s: string | null) =>
    s === null
      ? null
      : s.replace(/\s+(region|province|department|district|cercle|prefecture|commune)$/i, '').trim() || null;
  return { admin1: strip(ev.full?.adm1 ?? null), admin2: strip(ev.full?.adm2 ?? null) };
}

type SideKind = 'state' | 'civilians' | 'non_state';

/** UCDP names governments "Government of <state>" and the victims of one-sided violence "Civilians". */
function sideKind(name: string): SideKind {
  if (/^government of\b/i.test(name)) return 'state';
  if (/^civilians?$/i.test(name)) return 'civilians';
  return 'non_state';
}

/**
 * The STIX object for one conflict side, or null: none for "Civilians", none for the sides of a
 * non-state conflict unless asked (see UcdpImportOptions.actorsForNonStateConflicts). Same name,
 * same id (UUIDv5 of the folded name), so a side seen in many rows is one object.
 */
export function actorFor(side: string, tov: TypeOfViolence, options: UcdpMapContext): StixObject | null {
  const kind = sideKind(side);
  if (kind === 'civilians') return null;
  if (kind === 'non_state' && tov === 2 && !options.actorsForNonStateConflicts) return null;
  const common = {
    spec_version: '2.1',
    created: options.importedAt,
    modified: options.importedAt,
    created_by_ref: options.sourceIdentityId,
    name: side,
    lang: 'fr',
    labels: ['ucdp'],
    object_marking_refs: [TLP2_IDS.clear],
  };
  if (kind === 'state') {
    const identity: IdentityObject = {
      type: 'identity',
      id: stixIdV5('identity', SENTINELLE_NAMESPACE, `ucdp-actor:${foldText(side)}`),
      ...common,
      description: `Acteur étatique tel que nommé par l’UCDP GED (« ${side} »).`,
      identity_class: 'organization',
      sectors: ['government-national'],
    };
    return identity;
  }
  return {
    type: 'threat-actor',
    id: stixIdV5('threat-actor', SENTINELLE_NAMESPACE, `ucdp-actor:${foldText(side)}`),
    ...common,
    description: `Acteur armé non étatique tel que nommé par l’UCDP GED (« ${side} »). Aucune autre attribution.`,
  };
}

/**
 * Deaths by category. Full shape: a side's deaths go to security_forces when it is a government,
 * to civilians for the "Civilians" side of one-sided violence, to assailants otherwise (armed
 * groups, whichever side started the fight); deaths_civilians and deaths_unknown map directly.
 * Subset: only the total is known, so it is `unknown`, except one-sided violence where UCDP counts
 * civilians killed by definition.
 */
function fatalitiesOf(ev: UcdpEvent): Required<CasualtyCounts> {
  const f: Required<CasualtyCounts> = { security_forces: 0, civilians: 0, assailants: 0, unknown: 0 };
  if (!ev.full) {
    if (ev.typeOfViolence === 3) f.civilians = ev.best;
    else f.unknown = ev.best;
    return f;
  }
  const add = (side: string, deaths: number) => {
    const kind = sideKind(side);
    if (kind === 'state') f.security_forces += deaths;
    else if (kind === 'civilians') f.civilians += deaths;
    else f.assailants += deaths;
  };
  add(ev.full.sideA, ev.full.deathsA);
  add(ev.full.sideB, ev.full.deathsB);
  f.civilians += ev.full.deathsCivilians;
  f.unknown += ev.full.deathsUnknown;
  return f;
}

/** The incident for one event, with its Sentinelle extension and a French description. */
export function toIncident(
  ev: UcdpEvent,
  id: string,
  idName: string,
  names: AdminNames,
  actorRefs: string[],
  options: UcdpMapContext,
  outside: boolean,
): IncidentObject {
  const created = `${ev.date}T00:00:00.000Z`;
  const modified = compareTimestamps(options.importedAt, created) < 0 ? created : options.importedAt;
  const cls = fromUcdpTypeOfViolence(ev.typeOfViolence);
  const reference = ev.gedId !== null ? `ged:${ev.gedId}` : idName.replace(/^ucdp-ged-row:/, 'ged-row:');
  const precisionM = ev.full ? PRECISION_M[ev.full.wherePrec] : undefined;
  const ext: IncidentExtension = {
    extension_type: 'property-extension',
    // Type 1 and 2 are fights between organised armed sides (battle); UCDP cannot tell who
    // attacked, so not armed_attack_security_forces. Type 3 is violence against civilians.
    event_type: cls?.event_type ?? 'other',
    ...(cls?.event_subtype ? { event_subtype: cls.event_subtype } : {}),
    occurred_at: `${ev.date}T00:00:00Z`,
    time_precision: ev.full ? (TIME_PRECISION[ev.full.datePrec] ?? 'day') : 'day',
    location: {
      lat: ev.lat,
      lon: ev.lon,
      ...(precisionM ? { precision_m: precisionM } : {}),
      country: ev.country,
      ...(names.admin1 ? { admin1: names.admin1 } : {}),
      ...(names.admin2 ? { admin2: names.admin2 } : {}),
    },
    fatalities: fatalitiesOf(ev),
    ...(actorRefs.length ? { actor_refs: actorRefs } : {}),
    source_reliability: 'B',
    information_credibility: 2,
    source: { name: 'UCDP GED', reference, url: UCDP_DATASET_URL },
  };
  const place = names.admin2 ?? names.admin1;
  const tov = TOV[ev.typeOfViolence];
  return {
    type: 'incident',
    spec_version: '2.1',
    id,
    created,
    modified,
    created_by_ref: options.sourceIdentityId,
    name: `${tov.short} — ${place ? `${place}, ` : ''}${ev.country} (${ev.date})`,
    description: describe(ev, names, outside),
    lang: 'fr',
    labels: ['ucdp', tov.label],
    external_references: [
      ev.gedId !== null
        ? { source_name: 'UCDP GED', external_id: ev.gedId, url: UCDP_DATASET_URL }
        : {
            source_name: 'UCDP GED',
            description: `Ligne du sous-ensemble partagé (${reference})`,
            url: UCDP_DATASET_URL,
          },
    ],
    object_marking_refs: [TLP2_IDS.clear],
    extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: { ...ext } },
  };
}

const DATE_PREC_FR: Record<number, string> = {
  1: 'jour exact',
  2: 'entre 2 et 6 jours',
  3: 'semaine',
  4: 'mois',
  5: 'année',
};

function describe(ev: UcdpEvent, names: AdminNames, outside: boolean): string {
  const parts: string[] = [];
  parts.push(
    `Événement UCDP GED${ev.gedId !== null ? ` n° ${ev.gedId}` : ''} : ${TOV[ev.typeOfViolence].long}.`,
  );
  const span = ev.dateEnd && ev.dateEnd !== ev.date ? `du ${ev.date} au ${ev.dateEnd}` : `le ${ev.date}`;
  parts.push(`Date : ${span}${ev.full ? ` (précision : ${DATE_PREC_FR[ev.full.datePrec] ?? '?'})` : ''}.`);
  const where = [names.admin2, names.admin1, countryNameFr(ev.country)]
    .filter((s): s is string => !!s)
    .join(', ');
  const precision = ev.full ? ` ; précision UCDP ${ev.full.wherePrec}/7` : '';
  parts.push(
    `Lieu : ${where} (${ev.lat}, ${ev.lon}${precision})${outside ? ', point hors des limites administratives de référence' : ''}.`,
  );
  if (ev.full?.whereDescription) parts.push(`Localisation selon l’UCDP : ${ev.full.whereDescription}.`);
  if (ev.full)
    parts.push(
      `Parties : ${ev.full.sideA} contre ${ev.full.sideB}${ev.full.conflictName ? ` (conflit « ${ev.full.conflictName} »)` : ''}.`,
    );
  const range = ev.low !== null && ev.high !== null ? ` (fourchette ${ev.low} à ${ev.high})` : '';
  let deaths = `Morts (meilleure estimation) : ${ev.best}${range}`;
  if (ev.full) {
    deaths += ` ; camp A ${ev.full.deathsA}, camp B ${ev.full.deathsB}, civils ${ev.full.deathsCivilians}, statut inconnu ${ev.full.deathsUnknown}`;
  }
  parts.push(`${deaths}.`);
  parts.push('Source : Uppsala Conflict Data Program (UCDP), UCDP GED, licence CC BY 4.0.');
  return parts.join(' ');
}
