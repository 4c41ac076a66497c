/**
 * STIX 2.1 §3.2 common properties, §2.5 external references, §7.2.3 granular markings and §7.3
 * extensions: the checks shared by every supported type, and which common properties each kind
 * of object must, may or must not carry.
 */
import {
  bool,
  closed,
  int,
  list,
  objectOf,
  openContent,
  ref,
  refList,
  str,
  strList,
  timestamp,
  url,
  type Check,
} from './checks.ts';
import { isStixId } from './ids.ts';
import { checkIncidentExtension } from './sentinelle-extension.ts';
import { isRecord, SENTINELLE_INCIDENT_EXTENSION_ID, TLP2_EXTENSION_ID } from './stix.ts';
import { pointer } from '../core/errors.ts';

/** Kinds of object, as far as common properties go (STIX 2.1 §3.2 table). */
export type Category = 'sdo' | 'sro' | 'marking-definition' | 'extension-definition';

const SDO_REQUIRED = ['type', 'spec_version', 'id', 'created', 'modified'] as const;

/** Common properties each kind must carry. */
export const CATEGORY_REQUIRED: Readonly<Record<Category, readonly string[]>> = {
  sdo: SDO_REQUIRED,
  sro: SDO_REQUIRED,
  'marking-definition': ['type', 'spec_version', 'id', 'created'],
  'extension-definition': [...SDO_REQUIRED, 'created_by_ref'],
};

/** Common properties marked "not applicable" for a kind (STIX 2.1 §3.2, §7.2.1, §7.3). */
export const CATEGORY_FORBIDDEN: Readonly<Record<Category, readonly string[]>> = {
  sdo: [],
  sro: [],
  'marking-definition': ['modified', 'revoked', 'labels', 'confidence', 'lang'],
  'extension-definition': ['confidence', 'lang', 'extensions'],
};

export const EXTENSION_TYPES = [
  'new-sdo',
  'new-sco',
  'new-sro',
  'property-extension',
  'toplevel-property-extension',
] as const;

/**
 * RFC 5646 language tag (langtag or private use), case-insensitive: language[-extlang][-script]
 * [-region]*(-variant)*(-extension)[-privateuse]. Shape only; subtags are not looked up.
 */
const LANG_RE =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+)$/i;

export const lang: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (v.length > 100 || !LANG_RE.test(v)) c.add(path, 'stix.invalid_lang', { value: v.slice(0, 100) });
};

/** Hex lengths of the hash-algorithm-ov algorithms whose form is fixed (STIX 2.1 §10.5). */
const HASH_HEX_LENGTH: Readonly<Record<string, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-512': 128,
  'SHA3-256': 64,
  'SHA3-512': 128,
};

/** STIX 2.1 §2.8: dictionary keys are ASCII letters, digits, '-' and '_', at most 250 characters. */
const DICT_KEY_RE = /^[A-Za-z0-9_-]{1,250}$/;

const hashes: Check = (c, v, path) => {
  if (!isRecord(v)) return c.add(path, 'stix.expected_object');
  const entries = Object.entries(v);
  if (entries.length === 0) return c.add(path, 'stix.empty_dictionary');
  for (const [alg, value] of entries) {
    const p = pointer(path, alg);
    if (!DICT_KEY_RE.test(alg)) {
      c.add(p, 'stix.invalid_dictionary_key', { key: alg.slice(0, 260) });
      continue;
    }
    if (typeof value !== 'string') {
      c.add(p, 'stix.expected_string');
      continue;
    }
    const len = Object.hasOwn(HASH_HEX_LENGTH, alg) ? HASH_HEX_LENGTH[alg] : undefined;
    if (len !== undefined && (value.length !== len || !/^[0-9a-fA-F]+$/.test(value))) {
      c.add(p, 'stix.invalid_hash', { algorithm: alg, length: len });
    } else if (value.length > 1_000) c.add(p, 'stix.too_long', { max: 1_000 });
  }
};

const externalReferenceShape = objectOf(
  'external-reference',
  {
    source_name: str({ nonEmpty: true, max: 250 }),
    description: str({ max: 20_000 }),
    url,
    hashes,
    external_id: str({ nonEmpty: true, max: 250 }),
  },
  ['source_name'],
);

/** STIX 2.1 §2.5: besides source_name, at least one of description, url or external_id. */
const externalReference: Check = (c, v, path, ctx) => {
  externalReferenceShape(c, v, path, ctx);
  if (isRecord(v) && 'source_name' in v && !('description' in v || 'url' in v || 'external_id' in v)) {
    c.add(path, 'stix.external_reference_incomplete');
  }
};

/** STIX 2.1 §7.2.3.1 selector: property names and list indexes joined by dots. */
const SELECTOR_STEP_RE = /^(?:[A-Za-z0-9_-]{1,250}|\[\d{1,9}\])$/;

/** Whether `selector` names content present in `root`. */
function selectorResolves(root: unknown, selector: string): boolean {
  let node: unknown = root;
  for (const step of selector.split('.')) {
    if (step.startsWith('[')) {
      const i = Number(step.slice(1, -1));
      if (!Array.isArray(node) || i >= node.length) return false;
      node = node[i];
    } else {
      if (!isRecord(node) || !Object.hasOwn(node, step)) return false;
      node = node[step];
    }
  }
  return true;
}

const selector: Check = (c, v, path, ctx) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  const steps = v.split('.');
  if (v.length > 1_000 || steps[0]?.startsWith('[') || !steps.every((s) => SELECTOR_STEP_RE.test(s))) {
    return c.add(path, 'stix.invalid_selector', { value: v.slice(0, 300) });
  }
  if (!selectorResolves(ctx.root, v)) c.add(path, 'stix.selector_not_found', { value: v.slice(0, 300) });
};

const granularMarkingShape = objectOf(
  'granular-marking',
  { selectors: list(selector, 1_000), marking_ref: ref(['marking-definition']), lang },
  ['selectors'],
);

/** STIX 2.1 §7.2.3: exactly one of marking_ref and lang. */
const granularMarking: Check = (c, v, path, ctx) => {
  granularMarkingShape(c, v, path, ctx);
  if (isRecord(v) && 'marking_ref' in v === 'lang' in v) c.add(path, 'stix.marking_ref_xor_lang');
};

/** TLP 2.0 extension content on a marking-definition (OASIS tlp-2.0 schema: closed). */
const tlp2Extension = objectOf(
  'tlp-2.0',
  {
    extension_type: closed(['property-extension']),
    tlp_2_0: closed(['clear', 'green', 'amber', 'amber+strict', 'red']),
  },
  ['extension_type', 'tlp_2_0'],
);

/** Any other extension: its extension_type is checked, its content only against the node's limits. */
const foreignExtension: Check = (c, v, path, ctx) => {
  if (!isRecord(v)) return c.add(path, 'stix.expected_object');
  for (const [k, x] of Object.entries(v)) {
    if (k === 'extension_type') closed(EXTENSION_TYPES)(c, x, pointer(path, k), ctx);
    else openContent(c, x, pointer(path, k), ctx);
  }
  if (!('extension_type' in v))
    c.add(pointer(path, 'extension_type'), 'stix.required', {
      property: 'extension_type',
      type: 'extension',
    });
};

/** Which object types each known extension may be attached to. */
const KNOWN_EXTENSIONS: Readonly<Record<string, { types: readonly string[]; check: Check }>> = {
  [SENTINELLE_INCIDENT_EXTENSION_ID]: { types: ['incident'], check: checkIncidentExtension },
  [TLP2_EXTENSION_ID]: { types: ['marking-definition'], check: tlp2Extension },
};

/**
 * STIX 2.1 §3.2 `extensions`: keys are extension-definition ids. The predefined `*-ext` keys of
 * §6 exist only for cyber-observables, none of which this node accepts.
 */
const extensions: Check = (c, v, path, ctx) => {
  if (!isRecord(v)) return c.add(path, 'stix.expected_object');
  const entries = Object.entries(v);
  if (entries.length === 0) return c.add(path, 'stix.empty_dictionary');
  for (const [key, value] of entries) {
    const p = pointer(path, key);
    if (!isStixId(key, 'extension-definition')) {
      c.add(p, 'stix.invalid_extension_key', { key: key.slice(0, 300) });
      continue;
    }
    const known = Object.hasOwn(KNOWN_EXTENSIONS, key) ? KNOWN_EXTENSIONS[key] : undefined;
    if (!known) foreignExtension(c, value, p, ctx);
    else if (!known.types.includes(ctx.type))
      c.add(p, 'stix.extension_not_applicable', { key, type: ctx.type });
    else known.check(c, value, p, ctx);
  }
};

/** True when one of the object's extensions is a toplevel-property-extension (custom properties allowed). */
export function hasToplevelExtension(obj: Record<string, unknown>): boolean {
  const exts = obj.extensions;
  return (
    isRecord(exts) &&
    Object.values(exts).some((e) => isRecord(e) && e.extension_type === 'toplevel-property-extension')
  );
}

/** Checks of the common properties; `type` and `id` are checked first, by validate.ts. */
export const COMMON_CHECKS: Readonly<Record<string, Check>> = {
  spec_version: (c, v, path) => {
    if (v !== '2.1') c.add(path, 'stix.invalid_spec_version');
  },
  created: timestamp,
  modified: timestamp,
  created_by_ref: ref(['identity']),
  revoked: bool,
  labels: strList({ nonEmpty: true, max: 250 }, 1_000),
  confidence: int(0, 100),
  lang,
  external_references: list(externalReference, 1_000),
  object_marking_refs: refList(['marking-definition'], undefined, 1_000),
  granular_markings: list(granularMarking, 1_000),
  extensions,
};
