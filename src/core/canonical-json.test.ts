import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, CanonicalJsonError } from './canonical-json.ts';

function fromIeeeHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

void test('RFC 8785 §3.2.2 / §3.2.3: the sample object canonicalises to the published text and bytes', () => {
  const parsed: unknown = JSON.parse(
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
      ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
  );
  const expected =
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
    '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
  assert.equal(canonicalJson(parsed), expected);
  // §3.2.4: UTF-8 bytes; the euro sign is e2 82 ac.
  const hex = Buffer.from(canonicalJson(parsed), 'utf8').toString('hex');
  assert.ok(hex.includes('e282ac245c7530303066'), hex);
});

void test('RFC 8785 §3.2.3: properties sort by UTF-16 code units (the emoji before U+FB33)', () => {
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  assert.equal(
    canonicalJson(input),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
});

// RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text.
const appendixB: [hex: string, text: string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

for (const [hex, text] of appendixB) {
  void test(`RFC 8785 Appendix B: ${hex} → ${text}`, () => {
    assert.equal(canonicalJson(fromIeeeHex(hex)), text);
  });
}

void test('RFC 8785 Appendix B: NaN and Infinity are errors', () => {
  assert.throws(() => canonicalJson(fromIeeeHex('7fffffffffffffff')), CanonicalJsonError);
  assert.throws(() => canonicalJson(fromIeeeHex('7ff0000000000000')), CanonicalJsonError);
  assert.throws(() => canonicalJson(-Infinity), CanonicalJsonError);
});

void test('refuses what JSON cannot say, naming where', () => {
  const cases: [unknown, string][] = [
    [undefined, ''],
    [{ a: undefined }, '/a'],
    [{ a: [1, { 'b/c': NaN }] }, '/a/1/b~1c'],
    [[1, () => 1], '/1'],
    [{ n: 10n }, '/n'],
    [{ s: Symbol('x') }, '/s'],
    [{ d: new Date(0) }, '/d'],
    [{ m: new Map() }, '/m'],
    ['\ud800', ''],
    [{ '\udc00': 1 }, '/\udc00'],
    // eslint-disable-next-line no-sparse-arrays
    [[1, , 3], '/1'],
  ];
  for (const [value, path] of cases) {
    assert.throws(
      () => canonicalJson(value),
      (e: unknown) => e instanceof CanonicalJsonError && e.path === path,
      String(path),
    );
  }
});

void test('refuses cycles but accepts a shared (non-cyclic) sub-object twice', () => {
  const shared = { x: 1 };
  assert.equal(canonicalJson({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), CanonicalJsonError);
});

void test('objects without a prototype are plain data', () => {
  const o = Object.create(null) as Record<string, unknown>;
  o.b = 1;
  o.a = 'x';
  assert.equal(canonicalJson(o), '{"a":"x","b":1}');
});

void test('property: canonical text is a fixed point of parse + canonicalise, and ignores key order', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const c = canonicalJson(v);
      assert.equal(canonicalJson(JSON.parse(c)), c);
      assert.deepEqual(JSON.parse(c), JSON.parse(JSON.stringify(v)));
    }),
  );
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.integer()), (d) => {
      const reversed = Object.fromEntries(Object.entries(d).reverse());
      assert.equal(canonicalJson(reversed), canonicalJson(d));
    }),
  );
});
