/**
 * What changed between two versions of a STIX object, for the version history: the leaf
 * properties that differ, as JSON pointers (RFC 6901) with the values before and after. Arrays
 * are compared whole (a list of markings or actors reads better as one change).
 */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** Properties every new version changes by definition: not a change of content. */
const BOOKKEEPING = new Set(['/modified']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export function diffObjects(before: unknown, after: unknown, path = ''): Change[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .flatMap((k) => diffObjects(before[k], after[k], `${path}/${escape(k)}`))
      .filter((c) => !BOOKKEEPING.has(c.path));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
}

/** A pointer made readable: the Sentinelle extension prefix dropped, `~1` unescaped, ' › ' between steps. */
export function readablePath(pointer: string, extensionId: string): string {
  const prefix = `/extensions/${escape(extensionId)}`;
  const rest = pointer.startsWith(prefix) ? pointer.slice(prefix.length) : pointer;
  return rest
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join(' › ');
}
