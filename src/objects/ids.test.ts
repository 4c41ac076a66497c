import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isStixId,
  isStixTypeName,
  mintedK,
  mintedStixId,
  newStixId,
  parseStixId,
  stixIdV5,
  typeOfId,
} from './ids.ts';

const PINNED_MINTED_ID = 'incident--c37a013c-9b97-4da1-bfc7-dba8b7197d68';

void test('newStixId mints <type>--<UUIDv4>, different each time', () => {
  const a = newStixId('incident');
  const b = newStixId('incident');
  assert.match(a, /^incident--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
  assert.ok(isStixId(a, 'incident'));
  assert.throws(() => newStixId('Not A Type'), TypeError);
});

void test('stixIdV5 follows RFC 4122 §4.3 (DNS namespace test vector) and is deterministic', () => {
  // uuid5(NAMESPACE_DNS, 'python.org') from the Python standard library documentation.
  assert.equal(
    stixIdV5('identity', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'),
    'identity--886313e1-3b8a-5372-9b90-0c9aee199e5d',
  );
  const ns = '00abedb4-aa42-466c-9c01-fed23315a9b7';
  assert.equal(stixIdV5('incident', ns, 'ged:123456'), stixIdV5('incident', ns, 'ged:123456'));
  assert.notEqual(stixIdV5('incident', ns, 'ged:123456'), stixIdV5('incident', ns, 'ged:123457'));
  assert.ok(isStixId(stixIdV5('incident', ns, 'é'), 'incident'));
  assert.throws(() => stixIdV5('incident', 'not-a-uuid', 'x'), TypeError);
});

void test('isStixId accepts UUID v4 and v5 and rejects other versions, variants and spellings', () => {
  const cases: [unknown, boolean][] = [
    ['incident--36057a94-da71-478e-a7b7-829f5643421e', true], // v4
    ['identity--886313e1-3b8a-5372-9b90-0c9aee199e5d', true], // v5
    ['incident--c9bd6a2e-1b5c-11ee-be56-0242ac120002', false], // v1 (time-based)
    ['incident--36057a94-da71-378e-a7b7-829f5643421e', false], // v3
    ['incident--36057a94-da71-478e-c7b7-829f5643421e', false], // variant 110x (Microsoft)
    ['incident--36057A94-DA71-478E-A7B7-829F5643421E', false], // upper case
    ['incident-36057a94-da71-478e-a7b7-829f5643421e', false],
    ['Incident--36057a94-da71-478e-a7b7-829f5643421e', false],
    ['in--36057a94-da71-478e-a7b7-829f5643421e', false], // type shorter than 3
    ['incident--36057a94da71478ea7b7829f5643421e', false],
    ['incident--', false],
    [42, false],
    [null, false],
  ];
  for (const [value, expected] of cases) assert.equal(isStixId(value), expected, String(value));
});

void test('isStixId checks the type when one or several are given', () => {
  const id = 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35';
  assert.ok(isStixId(id, 'threat-actor'));
  assert.ok(isStixId(id, ['identity', 'threat-actor']));
  assert.equal(isStixId(id, 'identity'), false);
  assert.equal(typeOfId(id), 'threat-actor');
  assert.deepEqual(parseStixId(id), { type: 'threat-actor', uuid: 'dda8b08b-e332-471c-a4d5-3df5a4ae3e35' });
  assert.equal(typeOfId('nope'), null);
});

void test('type names follow STIX 2.1 §3.1', () => {
  for (const t of ['incident', 'x-acme-thing', 'ipv4-addr']) assert.ok(isStixTypeName(t), t);
  for (const t of ['ab', 'Incident', 'in_cident', '-incident', 'incident-', 'a--b', 'x'.repeat(251)]) {
    assert.equal(isStixTypeName(t), false, t);
  }
});

void test('property: every fast-check UUID v4/v5 forms a valid id; other versions do not', () => {
  fc.assert(fc.property(fc.uuid({ version: [4, 5] }), (u) => isStixId(`report--${u}`, 'report')));
  fc.assert(fc.property(fc.uuid({ version: [1, 2, 3, 6, 7, 8] }), (u) => !isStixId(`report--${u}`)));
});

void test('[FED-94] mintedStixId: a UUIDv4-shaped id, pinned, a function of (type, creator, created, k) only', () => {
  const creator = 'identity--8bceecf3-3b26-474b-a007-c52acd251597';
  const id = mintedStixId('incident', creator, '2026-03-01T08:00:00.000Z', 0);
  // Pinned: dictionary v4 recomputes this id on the far side of a narrow link.
  assert.equal(id, PINNED_MINTED_ID);
  assert.match(id, /^incident--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(isStixId(id, 'incident'));
  assert.equal(mintedStixId('incident', creator, '2026-03-01T08:00:00.000Z', 0), id);
  const others = [
    mintedStixId('incident', creator, '2026-03-01T08:00:00.000Z', 1),
    mintedStixId('incident', creator, '2026-03-01T08:00:00.001Z', 0),
    mintedStixId('incident', 'identity--36bfaa2d-d3f1-5615-8c2d-62b38dbca1c7', '2026-03-01T08:00:00.000Z', 0),
    mintedStixId('note', creator, '2026-03-01T08:00:00.000Z', 0).replace('note--', 'incident--'),
  ];
  assert.equal(new Set([id, ...others]).size, 5);
  assert.equal(mintedK(others[0]!, 'incident', creator, '2026-03-01T08:00:00.000Z'), 1);
  assert.equal(mintedK(newStixId('incident'), 'incident', creator, '2026-03-01T08:00:00.000Z'), undefined);
  assert.throws(() => mintedStixId('Not A Type', creator, '2026-03-01T08:00:00.000Z', 0), TypeError);
  assert.throws(() => mintedStixId('incident', creator, '2026-03-01T08:00:00.000Z', -1), RangeError);
});

void test('[FED-94] minted ids of distinct (created, k) are distinct, valid STIX ids', () => {
  const ids = new Set<string>();
  for (let ms = 0; ms < 500; ms++)
    for (let k = 0; k < 4; k++) {
      const id = mintedStixId(
        'incident',
        'identity--8bceecf3-3b26-474b-a007-c52acd251597',
        new Date(ms).toISOString(),
        k,
      );
      assert.ok(isStixId(id, 'incident'), id);
      ids.add(id);
    }
  assert.equal(ids.size, 2000);
});
