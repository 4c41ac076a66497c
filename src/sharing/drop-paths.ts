/**
 * Property paths of `redaction.drop_properties` (docs/sharing.md §5): dotted names, `sentinelle.`
 * standing for the Sentinelle incident extension, arrays crossed implicitly
 * (`sentinelle.materiel.serial_number` drops every item's serial number). Properties that
 * identify, date or mark an object, or that its type requires, cannot be dropped: the redacted
 * copy must stay a valid STIX object carrying its markings.
 */
import type { Params } from '../i18n/i18n.ts';
import { INCIDENT_EXTENSION_REQUIRED, SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import { isRecord } from '../objects/stix.ts';
import { TYPE_RULES } from '../objects/type-rules.ts';
import type { SupportedType } from '../objects/stix.ts';

const PATH_RE = /^[a-z0-9_]{1,250}(?:\.[a-z0-9_]{1,250}){0,5}$/;
export const EXTENSION_ALIAS = 'sentinelle';

const CORE = new Set(['type', 'id', 'spec_version', 'created', 'modified', 'revoked', 'object_marking_refs', 'granular_markings', 'extensions', EXTENSION_ALIAS]);
const COORDINATES = new Set(['latitude', 'longitude', 'precision']);
const EXT_COORDINATES = new Set(['location.lat', 'location.lon', 'location.precision_m']);
/** Required inside nested structures (STIX 2.1 §2.5, §2.7; the extension's source and materiel). */
const NESTED_REQUIRED = new Set(['external_references.source_name', 'kill_chain_phases.kill_chain_name', 'kill_chain_phases.phase_name']);
const EXT_NESTED_REQUIRED = new Set(['location.country', 'extension_type', 'source.name', 'materiel.category']);

/** Why a drop path is refused, as a message code and its parameters; null when it is acceptable. */
export function checkDropPath(path: unknown, types: ReadonlySet<string>): { code: string; params: Params } | null {
  if (typeof path !== 'string' || !PATH_RE.test(path)) return { code: 'agreement.bad_property_path', params: { value: String(path).slice(0, 100) } };
  const [head = '', ...rest] = path.split('.');
  if (head === EXTENSION_ALIAS && rest.length > 0) {
    const inner = rest.join('.');
    if (EXT_COORDINATES.has(inner)) return { code: 'agreement.drop_coordinates', params: { value: path } };
    const first = rest[0] ?? '';
    if ((INCIDENT_EXTENSION_REQUIRED as readonly string[]).includes(first) && rest.length === 1) {
      return { code: 'agreement.drop_required_by_type', params: { value: path, type: 'incident' } };
    }
    if (EXT_NESTED_REQUIRED.has(inner)) return { code: 'agreement.drop_required_by_type', params: { value: path, type: 'incident' } };
    return null;
  }
  if (CORE.has(head) && rest.length === 0) return { code: 'agreement.drop_core', params: { value: path } };
  if (head === 'extensions' || head === 'object_marking_refs' || head === 'granular_markings') return { code: 'agreement.drop_core', params: { value: path } };
  if (NESTED_REQUIRED.has(path)) return { code: 'agreement.drop_nested_required', params: { value: path } };
  if (COORDINATES.has(head) && types.has('location')) return { code: 'agreement.drop_coordinates', params: { value: path } };
  if (rest.length === 0) {
    for (const t of types) {
      const rule = TYPE_RULES[t as SupportedType];
      if (rule?.required.includes(head)) return { code: 'agreement.drop_required_by_type', params: { value: path, type: t } };
    }
  }
  return null;
}

/**
 * Removes the value at a dotted path from `obj`, copying only what it changes (the input is never
 * modified). Returns the same object when nothing was there to remove.
 */
export function dropPath(obj: Record<string, unknown>, path: string): Record<string, unknown> {
  const segments = path.split('.');
  if (segments[0] === EXTENSION_ALIAS) {
    const exts = obj.extensions;
    if (!isRecord(exts) || !isRecord(exts[SENTINELLE_INCIDENT_EXTENSION_ID])) return obj;
    const ext = exts[SENTINELLE_INCIDENT_EXTENSION_ID];
    const next = dropIn(ext, segments.slice(1));
    if (next === ext) return obj;
    return { ...obj, extensions: { ...exts, [SENTINELLE_INCIDENT_EXTENSION_ID]: next } };
  }
  const next = dropIn(obj, segments);
  return next as Record<string, unknown>;
}

function dropIn(value: unknown, segments: readonly string[]): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const n = dropIn(item, segments);
      if (n !== item) changed = true;
      return n;
    });
    return changed ? out : value;
  }
  if (!isRecord(value)) return value;
  const [key = '', ...rest] = segments;
  if (!Object.hasOwn(value, key)) return value;
  if (rest.length === 0) {
    const { [key]: _dropped, ...kept } = value;
    return kept;
  }
  const inner = dropIn(value[key], rest);
  return inner === value[key] ? value : { ...value, [key]: inner };
}
