import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  actorCan,
  can,
  isRole,
  PERMISSIONS,
  permissionsOf,
  ROLES,
  type Permission,
  type Role,
} from './roles.ts';

// The whole matrix, pinned: a change to who may do what must change this table.
// Columns: admin, analyst, reporter, liaison, auditor, partner.
const EXPECTED: Record<Permission, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  'users.manage': [true, false, false, false, false, false],
  'tokens.manage_own': [true, true, true, true, true, false],
  'peers.manage': [true, false, false, false, false, false],
  'settings.change': [true, false, false, false, false, false],
  'records.read_all': [false, true, false, true, false, false],
  'records.read_own': [false, true, true, true, false, false],
  'records.create': [false, true, false, false, false, false],
  'records.create_incident': [false, true, true, false, false, false],
  'records.edit': [false, true, false, false, false, false],
  'records.revoke': [false, true, false, false, false, false],
  'records.export': [false, true, false, false, false, false],
  'records.import': [false, true, false, false, false, false],
  'agreements.manage': [false, false, false, true, false, false],
  'audit.read': [false, false, false, false, true, false],
  'alerts.triage': [false, true, false, false, false, false],
  'operations.read': [false, true, false, true, false, false],
  'operations.plan': [false, true, false, false, false, false],
  'operations.deconflict': [false, true, false, true, false, false],
  'sites.manage': [false, false, false, true, false, false],
  'cooperation.read': [false, true, false, true, false, false],
  'cooperation.manage': [false, false, false, true, false, false],
};

void test('the table covers every permission exactly once', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...PERMISSIONS].sort());
});

for (const permission of PERMISSIONS) {
  ROLES.forEach((role, i) => {
    const expected = EXPECTED[permission][i];
    void test(`${role} ${expected ? 'may' : 'may not'} ${permission}`, () => {
      assert.equal(can({ roles: [role] }, permission), expected);
    });
  });
}

void test('no principal, or no role, grants nothing; unknown role names grant nothing', () => {
  for (const p of PERMISSIONS) {
    assert.equal(can(null, p), false);
    assert.equal(can(undefined, p), false);
    assert.equal(can({ roles: [] }, p), false);
    assert.equal(can({ roles: ['root' as Role] }, p), false);
  }
});

void test('the console operator and the node itself are trusted actors', () => {
  assert.equal(actorCan('cli', 'users.manage'), true);
  assert.equal(actorCan('system', 'audit.read'), true);
  const reporter = {
    userId: 'u',
    username: 'u',
    roles: ['reporter' as const],
    locale: 'fr' as const,
    via: 'token' as const,
  };
  assert.equal(actorCan(reporter, 'users.manage'), false);
});

void test('isRole accepts exactly the six roles', () => {
  for (const r of ROLES) assert.equal(isRole(r), true);
  for (const r of ['Admin', 'root', '', null, 3]) assert.equal(isRole(r), false);
});

void test('property: several roles grant the union of their permissions', () => {
  const roles = fc.subarray([...ROLES]);
  fc.assert(
    fc.property(roles, roles, (a, b) => {
      for (const p of PERMISSIONS) {
        assert.equal(can({ roles: [...a, ...b] }, p), can({ roles: a }, p) || can({ roles: b }, p));
      }
      assert.deepEqual(
        permissionsOf([...a, ...b]),
        PERMISSIONS.filter((p) => permissionsOf(a).includes(p) || permissionsOf(b).includes(p)),
      );
    }),
  );
});
