import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CborError, decodeCbor, encodeCbor, type CborValue } from './cbor.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

void describe('strict CBOR', () => {
  void it('round-trips the values the federation layer uses', () => {
    const values: CborValue[] = [
      0,
      -1,
      23,
      24,
      2 ** 32,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1.5,
      13.1,
      1e300,
      -0,
      '',
      'é€😀',
      true,
      false,
      null,
      new Uint8Array([1, 2, 3]),
      [1, [2, [3]]],
      new Map<number | string, CborValue>([
        [1, -8],
        ['s', [1, 0]],
        [-3, 'x'],
      ]),
    ];
    for (const v of values) {
      const back = decodeCbor(encodeCbor(v));
      assert.deepEqual(back, v);
      if (typeof v === 'number') assert.ok(Object.is(back, v), `${v}`);
    }
  });

  const refused: [string, string][] = [
    ['[FED-27] indefinite-length array', '9f0102ff'],
    ['[FED-27] duplicate map key', 'a201020103'],
    ['[FED-27] integer not in its shortest form', '1801'],
    ['[FED-27] length not in its shortest form', '5801ff'],
    ['[FED-27] date tag (cbor-x extension)', 'c074323031332d30332d32315432303a30343a30305a'],
    ['[FED-27] record tag (cbor-x extension)', 'd8690000'],
    ['[FED-27] undefined', 'f7'],
    ['[FED-27] half-precision float (we never write one)', 'f93c00'],
    ['[FED-27] trailing bytes', '0102'],
    ['[FED-27] truncated text', '6361'],
    ['[FED-27] map with a byte-string key', 'a1410100'],
    ['[FED-27] huge declared array', '9b00000001000000000000'],
    ['[FED-27] 64-bit integer beyond 2^53', '1b0020000000000001'],
  ];
  for (const [name, h] of refused) {
    void it(`refuses ${name}`, () => assert.throws(() => decodeCbor(hex(h)), CborError));
  }

  void it('[FED-27] refuses nesting deeper than the limit', () => {
    const deep = new Uint8Array(100).fill(0x81);
    assert.throws(() => decodeCbor(Uint8Array.from([...deep, 0])), /nested too deeply/);
  });

  void it('refuses non-finite numbers on encoding', () => {
    assert.throws(() => encodeCbor(Number.NaN), CborError);
    assert.throws(() => encodeCbor([Infinity]), CborError);
  });
});
