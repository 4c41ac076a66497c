/** Assertions shared by the auth tests. */
import assert from 'node:assert/strict';
import { DomainError, type ErrorKind } from '../../core/errors.ts';
import type { Queryable } from '../../store/db.ts';
import { listAudit, verifyAuditChain, type AuditEntry } from '../../audit/audit.ts';

/** Awaits a DomainError of `kind`/`code`; with `issues`, also pins their [path, code] pairs in order. */
export async function rejectsWith(
  p: Promise<unknown>,
  kind: ErrorKind,
  code: string,
  issues?: [path: string, code: string][],
): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.equal(e.code, code);
    if (issues) {
      assert.deepEqual(
        e.issues.map((i) => [i.path, i.code]),
        issues,
      );
    }
    return e;
  }
  assert.fail(`expected DomainError ${kind}/${code}`);
}

/** The audit trail, oldest first, after checking that its chain is sound. */
export async function auditTrail(q: Queryable, actions?: string[]): Promise<AuditEntry[]> {
  const v = await verifyAuditChain(q);
  assert.equal(v.ok, true, JSON.stringify(v));
  const { items } = await listAudit(q, actions ? { actions } : {}, { limit: 1000 });
  return items.reverse();
}
