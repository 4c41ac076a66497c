/**
 * Validation of STIX 2.1 objects and bundles at the node's edges (API bodies, peer envelopes,
 * imports). Every problem is reported, each with a JSON pointer and a message code, so a partner
 * or a user can fix an object in one go. Custom top-level properties are accepted only when the
 * object declares a toplevel-property-extension (STIX 2.1 §7.3), never as bare `x_` properties.
 */
import { fail, ok, pointer, type Issue, type Result } from '../core/errors.ts';
import { Checker, LIMITS, openContent, PROPERTY_NAME_RE, tooDeepAt } from './checks.ts';
import {
  CATEGORY_FORBIDDEN,
  CATEGORY_REQUIRED,
  COMMON_CHECKS,
  hasToplevelExtension,
} from './common-properties.ts';
import { isStixId, isStixTypeName, typeOfId } from './ids.ts';
import './messages.ts';
import { isRecord, isSupportedType, type StixBundle, type StixObject } from './stix.ts';
import { compareTimestamps, isTimestamp } from './timestamps.ts';
import { TYPE_RULES } from './type-rules.ts';

/** Checks `id` against the object's type: `<type>--<UUID v4 or v5>`. */
function checkId(c: Checker, id: unknown, type: string, path = '/id'): void {
  if (typeof id !== 'string') return c.add(path, 'stix.expected_string');
  if (!isStixId(id)) return c.add(path, 'stix.invalid_id', { value: id.slice(0, 300) });
  if (typeOfId(id) !== type) c.add(path, 'stix.id_type_mismatch', { expected: type });
}

/** Checks `type`; returns it when the rest of the object can be validated, else null. */
function checkType(c: Checker, obj: Record<string, unknown>): string | null {
  const type = obj.type;
  if (!('type' in obj)) c.add('/type', 'stix.required', { property: 'type', type: 'STIX' });
  else if (typeof type !== 'string') c.add('/type', 'stix.expected_string');
  else if (!isStixTypeName(type)) c.add('/type', 'stix.invalid_type_name', { value: type.slice(0, 300) });
  else if (!isSupportedType(type)) c.add('/type', 'stix.unsupported_type', { type });
  else return type;
  return null;
}

/**
 * Validates one STIX object of a supported type. On success the value is the input itself
 * (not copied), now known to be a valid StixObject.
 */
export function validateObject(input: unknown): Result<StixObject> {
  if (!isRecord(input)) return fail([{ path: '', code: 'stix.not_object' }]);
  const deep = tooDeepAt(input, LIMITS.depth);
  if (deep !== null) return fail([{ path: deep, code: 'stix.too_deep', params: { max: LIMITS.depth } }]);

  const c = new Checker();
  const type = checkType(c, input);
  if (type === null || !isSupportedType(type)) return fail(c.issues);

  const rule = TYPE_RULES[type];
  const forbidden = CATEGORY_FORBIDDEN[rule.category];
  const customAllowed = hasToplevelExtension(input);
  const ctx = { root: input, type };

  for (const [key, value] of Object.entries(input)) {
    const path = pointer('', key);
    if (key === 'type') continue;
    if (key === 'id') checkId(c, value, type);
    else if (forbidden.includes(key)) c.add(path, 'stix.forbidden', { property: key, type });
    else if (Object.hasOwn(COMMON_CHECKS, key)) COMMON_CHECKS[key]?.(c, value, path, ctx);
    else if (Object.hasOwn(rule.props, key)) rule.props[key]?.(c, value, path, ctx);
    else if (!customAllowed) c.add(path, 'stix.unknown_property', { property: key, type });
    else if (!PROPERTY_NAME_RE.test(key))
      c.add(path, 'stix.invalid_property_name', { property: key.slice(0, 260) });
    else openContent(c, value, path, ctx);
  }

  for (const key of [...CATEGORY_REQUIRED[rule.category], ...rule.required]) {
    if (!(key in input)) c.add(pointer('', key), 'stix.required', { property: key, type });
  }

  // STIX 2.1 §3.2: a version's modified time is never before the object's creation.
  const { created, modified } = input;
  if (isTimestamp(created) && isTimestamp(modified) && compareTimestamps(modified, created) < 0) {
    c.add('/modified', 'stix.must_not_precede', { property: 'modified', other: 'created' });
  }
  rule.rules?.(c, input);

  return c.ok ? ok(input as StixObject) : fail(c.issues);
}

/**
 * Validates a bundle `{type: 'bundle', id: 'bundle--<uuid>', objects: [...]}` (STIX 2.1 §8) and
 * every object in it; an object's issues carry paths such as `/objects/12/created`.
 */
export function validateBundle(input: unknown): Result<StixBundle> {
  if (!isRecord(input)) return fail([{ path: '', code: 'stix.not_object' }]);
  // The bundle adds two levels (bundle, objects list) above each object.
  const deep = tooDeepAt(input, LIMITS.depth + 2);
  if (deep !== null) return fail([{ path: deep, code: 'stix.too_deep', params: { max: LIMITS.depth } }]);

  const c = new Checker();
  const issues: Issue[] = c.issues;
  for (const [key, value] of Object.entries(input)) {
    if (key === 'type') {
      if (value !== 'bundle') c.add('/type', 'stix.expected_bundle');
    } else if (key === 'id') checkId(c, value, 'bundle');
    else if (key !== 'objects')
      c.add(pointer('', key), 'stix.unknown_property', { property: key, type: 'bundle' });
  }
  for (const key of ['type', 'id']) {
    if (!(key in input)) c.add(pointer('', key), 'stix.required', { property: key, type: 'bundle' });
  }

  const objects = input.objects;
  const valid: StixObject[] = [];
  if (objects !== undefined) {
    if (!Array.isArray(objects)) c.add('/objects', 'stix.expected_list');
    else if (objects.length === 0) c.add('/objects', 'stix.empty_list');
    else if (objects.length > LIMITS.bundleObjects)
      c.add('/objects', 'stix.too_many_items', { max: LIMITS.bundleObjects });
    else {
      objects.forEach((o: unknown, i) => {
        const r = validateObject(o);
        if (r.ok) valid.push(r.value);
        else for (const is of r.issues) c.add(pointer('/objects', i) + is.path, is.code, is.params);
      });
    }
  }
  if (issues.length > 0) return fail(issues);
  return ok({ type: 'bundle', id: input.id as string, objects: valid });
}
