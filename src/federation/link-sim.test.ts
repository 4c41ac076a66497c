import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { mulberry32, SimLink, type LinkOptions } from './link-sim.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const msg = (i: number, size = 10) => {
  const b = new Uint8Array(size);
  new DataView(b.buffer).setUint32(0, i);
  return b;
};
const idOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getUint32(0);

/** Sends `n` messages one per `everyMs`, then runs the clock until the link is empty. */
function run(options: Omit<LinkOptions, 'clock'>, n: number, everyMs = 1000, size = 10) {
  const clock = manualClock(T0);
  const link = new SimLink({ ...options, clock });
  const arrivals: { id: number; at: number }[] = [];
  const drain = () => {
    for (const b of link.receive())
      arrivals.push({ id: idOf(b), at: clock.now().getTime() - Date.parse(T0) });
  };
  for (let i = 0; i < n; i++) {
    link.send(msg(i, size));
    clock.advance(everyMs);
    drain();
  }
  for (let next = link.nextArrival(); next !== undefined; next = link.nextArrival()) {
    clock.set(new Date(next));
    drain();
  }
  return { link, arrivals };
}

void describe('[FED-31] link simulator', () => {
  void it('[FED-31] is deterministic: the same seed gives the same run, another seed another', () => {
    const opts = { seed: 7, dropRate: 0.2, duplicateRate: 0.2, jitterMs: 5000, delayMs: 100 };
    assert.deepEqual(run(opts, 200).arrivals, run(opts, 200).arrivals);
    assert.notDeepEqual(run(opts, 200).arrivals, run({ ...opts, seed: 8 }, 200).arrivals);
    assert.equal(mulberry32(1)(), mulberry32(1)());
  });

  void it('[FED-31] a perfect link delivers everything once, in order, after the delay', () => {
    const { arrivals, link } = run({ seed: 1, delayMs: 250 }, 50);
    assert.deepEqual(
      arrivals.map((a) => a.id),
      [...Array(50).keys()],
    );
    assert.equal(link.stats.delivered, 50);
  });

  void it('[FED-31] drops about the configured share', () => {
    const { link, arrivals } = run({ seed: 3, dropRate: 0.3 }, 2000);
    assert.equal(link.stats.dropped + arrivals.length, 2000);
    assert.ok(link.stats.dropped > 500 && link.stats.dropped < 700, `${link.stats.dropped}`);
  });

  void it('[FED-31] duplicates and reorders', () => {
    const { arrivals, link } = run({ seed: 4, duplicateRate: 0.25, jitterMs: 10_000 }, 500);
    const ids = arrivals.map((a) => a.id);
    assert.equal(ids.length, 500 + link.stats.duplicated);
    assert.ok(link.stats.duplicated > 80);
    assert.equal(new Set(ids).size, 500);
    assert.ok(
      ids.some((id, i) => i > 0 && id < ids[i - 1]!),
      'some message overtakes another',
    );
  });

  void it('[FED-31] refuses messages above the size cap (Iridium SBD MT, 270 bytes)', () => {
    const clock = manualClock(T0);
    const link = new SimLink({ seed: 1, clock, maxBytes: 270 });
    assert.deepEqual(link.send(new Uint8Array(271)), { accepted: false, reason: 'too_large' });
    assert.equal(link.send(new Uint8Array(270)).accepted, true);
    assert.equal(link.receive().length, 1);
    assert.equal(link.stats.tooLarge, 1);
  });

  void it('[FED-31] loses everything sent or arriving during a partition of simulated days', () => {
    const partitions = [{ from: '2026-01-02T00:00:00Z', until: '2026-01-09T00:00:00Z' }];
    const { arrivals, link } = run({ seed: 5, delayMs: 30 * 60_000, partitions }, 24 * 12, 3_600_000);
    const hour = (a: { at: number }) => a.at / 3_600_000;
    // Arrivals are observed when the test next looks (every hour): 24 h is the last look before.
    assert.ok(
      arrivals.every((a) => hour(a) <= 24 || hour(a) > 8 * 24),
      'nothing arrives inside the partition',
    );
    assert.equal(link.stats.partitioned, 7 * 24);
    assert.equal(arrivals.length, 24 * 12 - 7 * 24);
  });

  void it('[FED-31] serialises messages at the link bandwidth', () => {
    // 2400 bit/s HF = 300 bytes/s: ten 300-byte messages sent at once arrive one second apart.
    const clock = manualClock(T0);
    const link = new SimLink({ seed: 1, clock, bandwidthBps: 300 });
    for (let i = 0; i < 10; i++) link.send(msg(i, 300));
    const times: number[] = [];
    for (let next = link.nextArrival(); next !== undefined; next = link.nextArrival()) {
      clock.set(new Date(next));
      for (const b of link.receive()) times.push(clock.now().getTime() - Date.parse(T0) + idOf(b) * 0);
    }
    assert.deepEqual(
      times,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1000),
    );
  });
});
