import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allMessages, hasMessage, t } from '../i18n/i18n.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import {
  advance,
  classify,
  comparePriority,
  NACK_REASON_CODES,
  PRIORITIES,
  PROTOCOL_VERSION,
  planResync,
  validateItem,
  validateMessage,
  type Message,
} from './protocol.ts';

const A = '0b6f7a52-2c4e-4d7e-9b7a-3f1e2d4c5b6a';
const B = '5f0c9a1e-7d3b-4a8f-b2e6-1c4d9e8f7a6b';
const AGR = 'agreement-bfa-sen-2026';
const env = new Uint8Array([0x84, 1, 2]);
const digest = new Uint8Array(8);
const without = (o: object, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

const VALID: Message[] = [
  { type: 'envelope', v: 1, from: A, to: B, envelopes: [env] },
  {
    type: 'ack',
    v: 1,
    stream: { sender: A, receiver: B, agreement: AGR },
    epoch: 1,
    hwm: 10,
    held: [[12, 15]],
    nacks: [
      { epoch: 1, seq: 7, digest, reason: 'outside_agreement' },
      { digest, reason: 'malformed' },
    ],
  },
  {
    type: 'pull',
    v: 1,
    from: A,
    to: B,
    streams: [{ agreement: AGR, epoch: 2, hwm: 0 }],
    max_bytes: 65536,
    wait_ms: 25_000,
  },
  { type: 'pull_response', v: 1, from: B, to: A, envelopes: [], more: false },
  {
    type: 'hello',
    v: 1,
    from: A,
    to: B,
    receiving: [{ agreement: AGR, epoch: 1, hwm: 3 }],
    sending: [{ agreement: AGR, epoch: 1, last: 9 }],
  },
  { type: 'fragments', v: 1, fragments: [env] },
];

void describe('protocol messages', () => {
  void it('[FED-1] accepts one valid example of every message type', () => {
    for (const m of VALID) assert.deepEqual(validateMessage(m), { ok: true, value: m }, m.type);
  });

  const ack = VALID[1]!;
  const cases: [string, unknown, { path: string; code: string }[]][] = [
    ['not an object', 'ack', [{ path: '', code: 'fed.expected_map' }]],
    ['missing type', { v: 1 }, [{ path: '/type', code: 'fed.required' }]],
    ['unknown type', { type: 'gossip' }, [{ path: '/type', code: 'fed.invalid_value' }]],
    ['[FED-1] other version', { ...ack, v: 3 }, [{ path: '/v', code: 'fed.unsupported_version' }]],
    ['unknown property', { ...ack, extra: 1 }, [{ path: '/extra', code: 'fed.unknown_property' }]],
    ['missing hwm', without(ack, 'hwm'), [{ path: '/hwm', code: 'fed.required' }]],
    ['negative hwm', { ...ack, hwm: -1 }, [{ path: '/hwm', code: 'fed.expected_int' }]],
    ['epoch 0', { ...ack, epoch: 0 }, [{ path: '/epoch', code: 'fed.expected_int' }]],
    [
      'bad node id',
      { ...ack, stream: { sender: 'BFA', receiver: B, agreement: AGR } },
      [{ path: '/stream/sender', code: 'fed.invalid_node_id' }],
    ],
    [
      'bad agreement id',
      { ...ack, stream: { sender: A, receiver: B, agreement: '' } },
      [{ path: '/stream/agreement', code: 'fed.invalid_agreement_id' }],
    ],
    [
      '[FED-12] reason outside the closed set',
      { ...ack, nacks: [{ digest, reason: 'busy' }] },
      [{ path: '/nacks/0/reason', code: 'fed.invalid_value' }],
    ],
    [
      'short digest',
      { ...ack, nacks: [{ digest: new Uint8Array(4), reason: 'replay' }] },
      [{ path: '/nacks/0/digest', code: 'fed.bad_length' }],
    ],
    [
      'digest as text',
      { ...ack, nacks: [{ digest: 'abc', reason: 'replay' }] },
      [{ path: '/nacks/0/digest', code: 'fed.expected_bytes' }],
    ],
    ['inverted held range', { ...ack, held: [[15, 12]] }, [{ path: '/held/0', code: 'fed.bad_range' }]],
    [
      'held range at or below hwm',
      { ...ack, held: [[10, 12]] },
      [{ path: '/held/0', code: 'fed.not_above_hwm' }],
    ],
    ['empty batch', { ...VALID[0], envelopes: [] }, [{ path: '/envelopes', code: 'fed.bad_length' }]],
    [
      'envelope not bytes',
      { ...VALID[0], envelopes: ['x'] },
      [{ path: '/envelopes/0', code: 'fed.expected_bytes' }],
    ],
    ['more not boolean', { ...VALID[3], more: 'no' }, [{ path: '/more', code: 'fed.expected_bool' }]],
    [
      'long poll too long',
      { ...VALID[2], wait_ms: 600_000 },
      [{ path: '/wait_ms', code: 'fed.expected_int' }],
    ],
    [
      'hello stream cursor',
      { ...VALID[4], receiving: [{ agreement: AGR, epoch: 1 }] },
      [{ path: '/receiving/0/hwm', code: 'fed.required' }],
    ],
  ];
  for (const [name, input, expected] of cases) {
    void it(`refuses: ${name}`, () => {
      const r = validateMessage(input);
      assert.equal(r.ok, false);
      if (!r.ok)
        assert.deepEqual(
          r.issues.map((i) => ({ path: i.path, code: i.code })),
          expected,
        );
    });
  }

  void it('every issue code and every reason code has French and English text', () => {
    for (const code of NACK_REASON_CODES) assert.ok(hasMessage(`fed.reason.${code}`), code);
    for (const [code, m] of allMessages()) {
      if (!code.startsWith('fed.')) continue;
      assert.ok(m.fr.length > 0 && m.en.length > 0 && m.fr !== m.en, code);
    }
    assert.equal(t('fr', 'fed.reason.revoked_key'), 'Rejeté : clé de signature révoquée.');
  });
});

void describe('protocol items', () => {
  void it('accepts put, withdraw, keyset and agreement items', () => {
    const items = [
      { kind: 'put', priority: 'flash', object: exampleIncident(), redacted: true, origin: A },
      {
        kind: 'withdraw',
        priority: 'immediate',
        id: exampleIncident().id,
        modified: '2026-01-10T09:30:00.000Z',
        reason: 'tlp_raised',
      },
      { kind: 'keyset', priority: 'flash', keyset: new Uint8Array([1]) },
      { kind: 'agreement', priority: 'flash', document: { id: AGR } },
    ];
    for (const item of items) assert.equal(validateItem(item).ok, true, item.kind);
  });

  const cases: [string, unknown, string, string][] = [
    ['unknown kind', { kind: 'delete', priority: 'flash' }, '/kind', 'fed.invalid_value'],
    ['no priority', { kind: 'put', object: exampleIncident() }, '/priority', 'fed.required'],
    [
      '[FED-20] unknown priority',
      { kind: 'put', priority: 'urgent', object: exampleIncident() },
      '/priority',
      'fed.invalid_value',
    ],
    [
      'put of a non-object',
      { kind: 'put', priority: 'bulk', object: 'x' },
      '/object',
      'fed.not_a_stix_object',
    ],
    [
      'withdraw bad id',
      { kind: 'withdraw', priority: 'bulk', id: 'x', modified: '2026-01-10T09:30:00Z', reason: 'revoked' },
      '/id',
      'fed.invalid_stix_id',
    ],
    [
      '[FED-9] withdraw bad reason',
      {
        kind: 'withdraw',
        priority: 'bulk',
        id: exampleIncident().id,
        modified: '2026-01-10T09:30:00Z',
        reason: 'oops',
      },
      '/reason',
      'fed.invalid_value',
    ],
    [
      'withdraw bad time',
      {
        kind: 'withdraw',
        priority: 'bulk',
        id: exampleIncident().id,
        modified: 'yesterday',
        reason: 'revoked',
      },
      '/modified',
      'fed.invalid_timestamp',
    ],
    ['keyset not bytes', { kind: 'keyset', priority: 'flash', keyset: 'x' }, '/keyset', 'fed.expected_bytes'],
    [
      'agreement not object',
      { kind: 'agreement', priority: 'flash', document: [] },
      '/document',
      'fed.expected_map',
    ],
  ];
  for (const [name, input, path, code] of cases) {
    void it(`refuses: ${name}`, () => {
      const r = validateItem(input);
      assert.equal(r.ok, false);
      if (!r.ok)
        assert.deepEqual(
          r.issues.map((i) => [i.path, i.code]),
          [[path, code]],
        );
    });
  }
});

void describe('cursor rules', () => {
  const cases: [string, { epoch: number; seq: number }, { epoch: number; hwm: number }, string][] = [
    ['[FED-6] the next one', { epoch: 1, seq: 5 }, { epoch: 1, hwm: 4 }, 'next'],
    ['[FED-6] a gap: hold, do not apply', { epoch: 1, seq: 7 }, { epoch: 1, hwm: 4 }, 'ahead'],
    ['[FED-7] at the HWM is a replay', { epoch: 1, seq: 4 }, { epoch: 1, hwm: 4 }, 'replay'],
    [
      '[FED-7] below the HWM is a replay, however old',
      { epoch: 1, seq: 1 },
      { epoch: 1, hwm: 1_000_000 },
      'replay',
    ],
    ['[FED-15] an older epoch is stale', { epoch: 1, seq: 900 }, { epoch: 2, hwm: 3 }, 'stale_epoch'],
    ['[FED-15] a new epoch starts from hwm 0', { epoch: 3, seq: 1 }, { epoch: 2, hwm: 40 }, 'next'],
    ['[FED-15] a new epoch, not its first item', { epoch: 3, seq: 2 }, { epoch: 2, hwm: 40 }, 'ahead'],
  ];
  for (const [name, at, cursor, expected] of cases) {
    void it(name, () => assert.equal(classify(at, cursor), expected));
  }

  void it('[FED-6] advance() moves the cursor by exactly one settled item', () => {
    assert.deepEqual(advance({ epoch: 1, hwm: 4 }, { epoch: 1, seq: 5 }), { epoch: 1, hwm: 5 });
    assert.deepEqual(advance({ epoch: 1, hwm: 4 }, { epoch: 2, seq: 1 }), { epoch: 2, hwm: 1 });
    assert.throws(() => advance({ epoch: 1, hwm: 4 }, { epoch: 1, seq: 6 }), RangeError);
    assert.throws(() => advance({ epoch: 1, hwm: 4 }, { epoch: 1, seq: 4 }), RangeError);
  });

  const plans: [
    string,
    { epoch: number; acked: number; last: number },
    { epoch: number; hwm: number },
    unknown,
  ][] = [
    [
      '[FED-14] resume after the receiver HWM',
      { epoch: 1, acked: 10, last: 20 },
      { epoch: 1, hwm: 10 },
      { action: 'resume', from: 11, acked: 10 },
    ],
    [
      '[FED-14] lost acks: the cursor acknowledges',
      { epoch: 1, acked: 10, last: 20 },
      { epoch: 1, hwm: 17 },
      { action: 'resume', from: 18, acked: 17 },
    ],
    [
      '[FED-15] receiver restored from an old backup',
      { epoch: 1, acked: 500, last: 520 },
      { epoch: 1, hwm: 100 },
      { action: 'new_epoch', epoch: 2, cause: 'receiver_regressed' },
    ],
    [
      '[FED-15] sender restored from an old backup (receiver saw more)',
      { epoch: 1, acked: 100, last: 120 },
      { epoch: 1, hwm: 300 },
      { action: 'new_epoch', epoch: 2, cause: 'sender_regressed' },
    ],
    [
      '[FED-15] sender restored to before an epoch change',
      { epoch: 1, acked: 5, last: 5 },
      { epoch: 3, hwm: 2 },
      { action: 'new_epoch', epoch: 4, cause: 'sender_regressed' },
    ],
    [
      '[FED-15] receiver not yet in the new epoch',
      { epoch: 2, acked: 0, last: 30 },
      { epoch: 1, hwm: 480 },
      { action: 'resume', from: 1, acked: 0 },
    ],
    [
      '[FED-15] receiver restored to before the epoch change',
      { epoch: 2, acked: 12, last: 30 },
      { epoch: 1, hwm: 480 },
      { action: 'new_epoch', epoch: 3, cause: 'receiver_regressed' },
    ],
  ];
  for (const [name, sender, peer, expected] of plans) {
    void it(name, () => assert.deepEqual(planResync(sender, peer), expected));
  }

  void it('[FED-20] priorities order FLASH > IMMEDIATE > ROUTINE > BULK', () => {
    const shuffled = ['bulk', 'routine', 'flash', 'immediate'] as const;
    assert.deepEqual([...shuffled].sort(comparePriority), [...PRIORITIES]);
    assert.equal(PROTOCOL_VERSION, 2);
  });
});
