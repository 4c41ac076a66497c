/**
 * Per-type rules for the supported STIX 2.1 types: the type's own properties and their checks,
 * which of them are required, and the rules that relate several properties. Section numbers are
 * those of STIX 2.1 (OASIS Standard, 10 June 2021).
 */
import {
  bool,
  closed,
  descriptionStr,
  int,
  killChainPhases,
  list,
  nameStr,
  num,
  objectOf,
  propertyName,
  ref,
  refList,
  str,
  strList,
  timestamp,
  type Check,
  type Checker,
} from './checks.ts';
import { EXTENSION_TYPES, type Category } from './common-properties.ts';
import {
  looksLikeRelTo,
  parseRelToStatement,
  TLP1_IDS,
  TLP2_IDS,
  type Tlp,
  type Tlp1Color,
} from './markings.ts';
import { isRecord, META_TYPES, SCO_TYPES, TLP2_EXTENSION_ID, type CoreType, type SupportedType } from './stix.ts';
import { ANALYSIS_TYPE_RULES } from './custom/analysis-rules.ts';
import { OPERATIONS_TYPE_RULES } from './custom/operations-rules.ts';
import { COOPERATION_TYPE_RULES } from './custom/cooperation-rules.ts';
import { compareTimestamps, isTimestamp } from './timestamps.ts';

export interface TypeRule {
  category: Category;
  /** The type's own properties (common ones are in common-properties.ts). */
  props: Readonly<Record<string, Check>>;
  /** The type's own required properties, in the order they are reported. */
  required: readonly string[];
  /** Rules relating several properties, run after the property checks. */
  rules?: (c: Checker, obj: Record<string, unknown>) => void;
}

/** Checked by the type's `rules` (they depend on a sibling property). */
const checkedByRules: Check = () => undefined;

const vocab = str({ nonEmpty: true, max: 250 }); // an open vocabulary value (§10): any string
const vocabList = strList({ nonEmpty: true, max: 250 }, 1_000);
const aliases = strList({ nonEmpty: true, max: 1_000 }, 1_000);
const objectRefs = refList({ not: [] }, undefined);

/** `later` must not be earlier than `earlier` (both valid timestamps, else other issues exist). */
function notBefore(later: string, earlier: string): (c: Checker, o: Record<string, unknown>) => void {
  return (c, o) => {
    const a = o[later];
    const b = o[earlier];
    if (isTimestamp(a) && isTimestamp(b) && compareTimestamps(a, b) < 0) {
      c.add(`/${later}`, 'stix.must_not_precede', { property: later, other: earlier });
    }
  };
}

/** `later` must be strictly later than `earlier`. */
function strictlyAfter(later: string, earlier: string): (c: Checker, o: Record<string, unknown>) => void {
  return (c, o) => {
    const a = o[later];
    const b = o[earlier];
    if (isTimestamp(a) && isTimestamp(b) && compareTimestamps(a, b) <= 0) {
      c.add(`/${later}`, 'stix.must_follow', { property: later, other: earlier });
    }
  };
}

/**
 * Basic shape of a STIX pattern (§9): at least one observation expression in brackets, and
 * brackets and parentheses balanced outside quoted string literals. Not a full parser.
 */
export function stixPatternShapeOk(pattern: string): boolean {
  const stack: string[] = [];
  let quoted = false;
  let sawObservation = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '[' || ch === '(') {
      stack.push(ch === '[' ? ']' : ')');
      if (ch === '[') sawObservation = true;
    } else if (ch === ']' || ch === ')') {
      if (stack.pop() !== ch) return false;
    }
  }
  return !quoted && stack.length === 0 && sawObservation;
}

/** §5.1: a–z, 0–9 and hyphen. */
const relationshipType: Check = (c, v, path, ctx) => {
  str({ nonEmpty: true, max: 250 })(c, v, path, ctx);
  if (typeof v === 'string' && v.trim() !== '' && v.length <= 250 && !/^[a-z0-9-]+$/.test(v)) {
    c.add(path, 'stix.invalid_relationship_type');
  }
};

/** An SDO or SCO (§5.1: not an SRO, bundle, language content or marking definition). */
const sdoOrSco = ref({ not: META_TYPES }, 'SDO/SCO');
const sdoOnly = ref({ not: [...META_TYPES, ...SCO_TYPES] }, 'SDO');

/** §4.11 location: a place needs a region, a country or coordinates; coordinates come in pairs. */
function locationRules(c: Checker, o: Record<string, unknown>): void {
  const hasLat = 'latitude' in o;
  const hasLon = 'longitude' in o;
  if (!('region' in o) && !('country' in o) && !hasLat && !hasLon) c.add('', 'stix.location_missing_place');
  if (hasLat !== hasLon) {
    c.add(hasLat ? '/longitude' : '/latitude', 'stix.properties_together', { a: 'latitude', b: 'longitude' });
  }
  if ('precision' in o && !hasLat && !hasLon) {
    c.add('/precision', 'stix.requires', { property: 'precision', requires: 'latitude, longitude' });
  }
}

const statementDefinition = objectOf('statement', { statement: str({ nonEmpty: true, max: 5_000 }) }, [
  'statement',
]);
const tlp1Definition = objectOf('tlp', { tlp: closed(['white', 'green', 'amber', 'red']) }, ['tlp']);

/** §7.2.1: definition_type + definition (statement or TLP 1.0), or a marking extension such as TLP 2.0. */
function markingRules(c: Checker, o: Record<string, unknown>): void {
  const hasType = 'definition_type' in o;
  const hasDef = 'definition' in o;
  if (!('extensions' in o)) {
    if (!hasType)
      c.add('/definition_type', 'stix.required', { property: 'definition_type', type: 'marking-definition' });
    if (!hasDef)
      c.add('/definition', 'stix.required', { property: 'definition', type: 'marking-definition' });
  } else if (hasType !== hasDef) {
    c.add(hasType ? '/definition' : '/definition_type', 'stix.properties_together', {
      a: 'definition_type',
      b: 'definition',
    });
  }
  const def = o.definition;
  const ctx = { root: o, type: 'marking-definition' };
  if (!hasDef) {
    // Reported above (required, or properties_together).
  } else if (!isRecord(def)) c.add('/definition', 'stix.expected_object');
  else if (o.definition_type === 'statement') {
    statementDefinition(c, def, '/definition', ctx);
    const s = isRecord(def) ? def.statement : undefined;
    if (typeof s === 'string' && looksLikeRelTo(s) && parseRelToStatement(s) === null) {
      c.add('/definition/statement', 'stix.invalid_rel_to');
    }
  } else if (o.definition_type === 'tlp') {
    tlp1Definition(c, def, '/definition', ctx);
    const color = isRecord(def) ? def.tlp : undefined;
    if (typeof color === 'string' && Object.hasOwn(TLP1_IDS, color)) {
      const expected = TLP1_IDS[color as Tlp1Color];
      if (o.id !== expected) c.add('/id', 'stix.tlp_id_mismatch', { tlp: color, expected });
    }
  }
  // A TLP 2.0 marking must be the one OASIS published, or it would be a forged TLP level.
  const exts = o.extensions;
  const tlp2 =
    isRecord(exts) && isRecord(exts[TLP2_EXTENSION_ID]) ? exts[TLP2_EXTENSION_ID].tlp_2_0 : undefined;
  if (typeof tlp2 === 'string' && Object.hasOwn(TLP2_IDS, tlp2)) {
    const expected = TLP2_IDS[tlp2 as Tlp];
    if (o.id !== expected) c.add('/id', 'stix.tlp_id_mismatch', { tlp: tlp2, expected });
  }
}

/** §7.3: extension_properties only with a toplevel-property-extension. */
function extensionDefinitionRules(c: Checker, o: Record<string, unknown>): void {
  const types = o.extension_types;
  if ('extension_properties' in o && Array.isArray(types) && !types.includes('toplevel-property-extension')) {
    c.add('/extension_properties', 'stix.extension_properties_not_allowed');
  }
}

const seen = { first_seen: timestamp, last_seen: timestamp };

const CORE_TYPE_RULES: Readonly<Record<CoreType, TypeRule>> = {
  // §4.2
  campaign: {
    category: 'sdo',
    props: { name: nameStr, description: descriptionStr, aliases, ...seen, objective: descriptionStr },
    required: ['name'],
    rules: notBefore('last_seen', 'first_seen'),
  },
  // §4.4
  grouping: {
    category: 'sdo',
    props: { name: nameStr, description: descriptionStr, context: vocab, object_refs: objectRefs },
    required: ['context', 'object_refs'],
  },
  // §4.5
  identity: {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      roles: vocabList,
      identity_class: vocab,
      sectors: vocabList,
      contact_information: str({ max: 5_000 }),
    },
    required: ['name'],
  },
  // §4.6 (a stub in STIX 2.1; Sentinelle's extension carries the details)
  incident: {
    category: 'sdo',
    props: { name: nameStr, description: descriptionStr, kill_chain_phases: killChainPhases },
    required: ['name'],
  },
  // §4.7
  indicator: {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      indicator_types: vocabList,
      pattern: str({ nonEmpty: true, max: 20_000 }),
      pattern_type: vocab,
      pattern_version: str({ nonEmpty: true, max: 50 }),
      valid_from: timestamp,
      valid_until: timestamp,
      kill_chain_phases: killChainPhases,
    },
    required: ['pattern', 'pattern_type', 'valid_from'],
    rules: (c, o) => {
      strictlyAfter('valid_until', 'valid_from')(c, o);
      const p = o.pattern;
      if (o.pattern_type === 'stix' && typeof p === 'string' && p.trim() !== '' && !stixPatternShapeOk(p)) {
        c.add('/pattern', 'stix.invalid_pattern');
      }
    },
  },
  // §4.9
  'intrusion-set': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      aliases,
      ...seen,
      goals: strList({ nonEmpty: true, max: 1_000 }, 1_000),
      resource_level: vocab,
      primary_motivation: vocab,
      secondary_motivations: vocabList,
    },
    required: ['name'],
    rules: notBefore('last_seen', 'first_seen'),
  },
  // §4.11
  location: {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      latitude: num(-90, 90),
      longitude: num(-180, 180),
      precision: num(0, 20_000_000),
      region: vocab,
      // ISO 3166-1 alpha-2 is a SHOULD (§4.11.1): other spellings are accepted, not indexed.
      country: str({ nonEmpty: true, max: 100 }),
      administrative_area: str({ nonEmpty: true, max: 200 }),
      city: str({ nonEmpty: true, max: 200 }),
      street_address: str({ nonEmpty: true, max: 1_000 }),
      postal_code: str({ nonEmpty: true, max: 50 }),
    },
    required: [],
    rules: locationRules,
  },
  // §4.13
  note: {
    category: 'sdo',
    props: {
      abstract: str({ max: 5_000 }),
      content: str({ nonEmpty: true, max: 20_000 }),
      authors: strList({ nonEmpty: true, max: 1_000 }, 1_000),
      object_refs: objectRefs,
    },
    required: ['content', 'object_refs'],
  },
  // §4.16
  report: {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      report_types: vocabList,
      published: timestamp,
      object_refs: objectRefs,
    },
    required: ['name', 'published', 'object_refs'],
  },
  // §4.17
  'threat-actor': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      threat_actor_types: vocabList,
      aliases,
      ...seen,
      roles: vocabList,
      goals: strList({ nonEmpty: true, max: 1_000 }, 1_000),
      sophistication: vocab,
      resource_level: vocab,
      primary_motivation: vocab,
      secondary_motivations: vocabList,
      personal_motivations: vocabList,
    },
    required: ['name'],
    rules: notBefore('last_seen', 'first_seen'),
  },
  // §5.1
  relationship: {
    category: 'sro',
    props: {
      relationship_type: relationshipType,
      description: descriptionStr,
      source_ref: sdoOrSco,
      target_ref: sdoOrSco,
      start_time: timestamp,
      stop_time: timestamp,
    },
    required: ['relationship_type', 'source_ref', 'target_ref'],
    rules: strictlyAfter('stop_time', 'start_time'),
  },
  // §5.2
  sighting: {
    category: 'sro',
    props: {
      description: descriptionStr,
      ...seen,
      count: int(0, 999_999_999),
      sighting_of_ref: sdoOnly,
      observed_data_refs: refList(['observed-data']),
      where_sighted_refs: refList(['identity', 'location']),
      summary: bool,
    },
    required: ['sighting_of_ref'],
    rules: notBefore('last_seen', 'first_seen'),
  },
  // §7.2.1
  'marking-definition': {
    category: 'marking-definition',
    props: { name: nameStr, definition_type: closed(['statement', 'tlp']), definition: checkedByRules },
    required: [],
    rules: markingRules,
  },
  // §7.3
  'extension-definition': {
    category: 'extension-definition',
    props: {
      name: nameStr,
      description: descriptionStr,
      schema: str({ nonEmpty: true, max: 20_000 }),
      version: str({ nonEmpty: true, max: 100 }),
      extension_types: list(closed(EXTENSION_TYPES), EXTENSION_TYPES.length),
      extension_properties: list(propertyName, 1_000),
    },
    required: ['name', 'schema', 'version', 'extension_types'],
    rules: extensionDefinitionRules,
  },
};

/** Rules of every supported type: STIX 2.1's and Sentinelle's custom types (src/objects/custom/). */
export const TYPE_RULES: Readonly<Record<SupportedType, TypeRule>> = {
  ...CORE_TYPE_RULES,
  ...ANALYSIS_TYPE_RULES,
  ...OPERATIONS_TYPE_RULES,
  ...COOPERATION_TYPE_RULES,
};
