/**
 * Sizes of signed (and sealed) compact incidents for narrow links (docs/sync-spec.md [FED-22],
 * [FED-24], [FED-25]). Incidents come from the UCDP GED subset through the importer, with their
 * description replaced by a 200-character French field-report text (deterministic, varied, not
 * taken from the compression dictionary). Prints the distribution and how many fit one Iridium
 * SBD mobile-terminated message (270 bytes), for the COSE form (v1), narrow profiles v1
 * (dictionary v2), v2 (dictionary v3, [FED-82]–[FED-84]) and v3 (dictionary v4, [FED-94]–[FED-99]),
 * also as the store gives the records back (jsonb key order); then form-made reports
 * (federation-form.ts). Checks that every v3 message opens to its item; asserts no size.
 *   npm run bench -- compact
 */
import { fileURLToPath } from 'node:url';
import { importUcdpCsv } from '../src/imports/ucdp.ts';
import { UCDP_IDENTITY_ID } from '../src/imports/ucdp-source.ts';
import { encodeCompact, type CompactValue } from '../src/federation/compact.ts';
import { sign } from '../src/federation/envelope.ts';
import { forLink, SBD_MT_BYTES } from '../src/federation/fragments.ts';
import { openNarrow, sealNarrow, signNarrow, type NarrowLink } from '../src/federation/narrow.ts';
import { DICTIONARY_V2 } from '../src/federation/dictionary-v2.ts';
import { DICTIONARY_V3 } from '../src/federation/dictionary-v3.ts';
import type { Item } from '../src/federation/protocol.ts';
import { kexPrivateKey, kexPublicKey, seal } from '../src/federation/seal.ts';
import type { StixObject } from '../src/objects/stix.ts';
import { exampleIncident } from '../src/objects/fixtures.ts';
import { description, rng } from './federation-compact-text.ts';
import { formBench, jsonbOrder } from './federation-form.ts';
import { narrowKeys } from './narrow-keys.ts';
import { pct, sizeLine } from './stats.ts';

const CSV = fileURLToPath(new URL('../assets/ucdp/ged_sahel_2020_2023.csv', import.meta.url));

const SAMPLE = Number(process.env.COMPACT_SAMPLE ?? 0);

export async function compact(): Promise<void> {
  const { objects } = await importUcdpCsv(CSV, {
    sourceIdentityId: UCDP_IDENTITY_ID,
    importedAt: '2025-01-15T08:00:00.000Z',
  });
  const all = objects.filter((o) => o.type === 'incident');
  const incidents = SAMPLE > 0 ? all.slice(0, SAMPLE) : all;
  // v2 narrow profile: the sender's published key set, the receiver's key-agreement key.
  const { x, rx, key, clock, stream, keyset } = narrowKeys();
  const to = kexPublicKey(x.publicKey);
  const r = rng(2026);
  // [FED-73] The sender's own identity is a local id of the link (the field reports' created_by_ref).
  const senderIdentity = String(exampleIncident().created_by_ref);
  const link: NarrowLink = { streams: [stream], localIds: [senderIdentity] };
  const v2 = {
    item: [] as number[],
    item3: [] as number[],
    p1Signed: [] as number[],
    signed: [] as number[],
    sealed: [] as number[],
    ucdpSigned: [] as number[],
    ucdpSealed: [] as number[],
    p2Sealed: [] as number[],
    storedV2: [] as number[],
    storedV3: [] as number[],
    messages: [] as number[],
  };
  let v2ms = 0;
  // What each v3 option saves on the item (one incident in eight): v3 without it, under a version
  // number of its own (the encoder caches tables by version; these frames are never decoded).
  const ablations = {
    'derivation flags [FED-82]': { ...DICTIONARY_V3, version: 60, derive: undefined },
    'usual presence bits [FED-83]': { ...DICTIONARY_V3, version: 61, recordDefaults: undefined },
    'times relative to the first [FED-83]': { ...DICTIONARY_V3, version: 62, timeDelta: undefined },
  };
  const saved = new Map<string, number>();
  let ablated = 0;
  const rows = {
    json: [] as number[],
    cbor: [] as number[],
    compact: [] as number[],
    signed: [] as number[],
    sealed: [] as number[],
    wide: [] as number[],
    messages: [] as number[],
  };
  let seq = 0;
  const t0 = performance.now();
  for (const o of incidents) {
    const ext = Object.values(o.extensions ?? {})[0] as
      { location?: { admin2?: string; admin1?: string } } | undefined;
    const place = ext?.location?.admin2 ?? ext?.location?.admin1 ?? 'Djibo';
    const incident: StixObject = { ...o, description: description(place, r) };
    const item: Item = { kind: 'put', priority: 'flash', object: incident };
    seq++;
    const signed = sign(item, { stream, epoch: 1, seq }, key, clock, { narrow: true });
    const sealed = seal(signed, to);
    rows.json.push(Buffer.byteLength(JSON.stringify(incident)));
    rows.cbor.push(encodeCompact(item as unknown as CompactValue, { compress: 'never' }).length);
    rows.compact.push(encodeCompact(item as unknown as CompactValue).length);
    rows.signed.push(signed.length);
    rows.sealed.push(sealed.length);
    rows.wide.push(sign(item, { stream, epoch: 1, seq }, key, clock).length);
    rows.messages.push(forLink(sealed, key, SBD_MT_BYTES).length);

    // Dictionary v2 + narrow profile, the same incident; then with the UCDP text itself (200 chars).
    const t1 = performance.now();
    const at = { stream, epoch: 1, seq };
    const nSigned = signNarrow(item, at, link, key, keyset, clock);
    const nSealed = sealNarrow(nSigned, link, x.privateKey, rx.publicKey);
    v2ms += performance.now() - t1;
    const opened = openNarrow(nSealed, link, {
      me: stream.receiver,
      keysetOf: () => keyset,
      kex: [kexPrivateKey(rx.privateKey)],
      now: new Date('2026-02-01T08:00:00Z'),
    });
    if (!opened.ok) throw new Error(`narrow envelope did not open: ${opened.reason}`);
    v2.item.push(encodeCompact(item as unknown as CompactValue, { dictionary: DICTIONARY_V2 }).length);
    v2.item3.push(
      encodeCompact(item as unknown as CompactValue, { dictionary: DICTIONARY_V3, localIds: link.localIds })
        .length,
    );
    v2.p1Signed.push(signNarrow(item, at, link, key, keyset, clock, 1).length);
    v2.p2Sealed.push(
      sealNarrow(signNarrow(item, at, link, key, keyset, clock, 2), link, x.privateKey, rx.publicKey).length,
    );
    if (seq % 8 === 1) {
      ablated++;
      const full = v2.item3[v2.item3.length - 1]!;
      for (const [label, d] of Object.entries(ablations)) {
        const without = encodeCompact(item as unknown as CompactValue, {
          dictionary: d,
          localIds: link.localIds,
        });
        saved.set(label, (saved.get(label) ?? 0) + without.length - full);
      }
    }
    // The same incident as the outbox reads it back from the store (jsonb key order).
    const stored: Item = jsonbOrder(item);
    v2.storedV2.push(
      sealNarrow(signNarrow(stored, at, link, key, keyset, clock, 2), link, x.privateKey, rx.publicKey)
        .length,
    );
    v2.storedV3.push(
      sealNarrow(signNarrow(stored, at, link, key, keyset, clock), link, x.privateKey, rx.publicKey).length,
    );
    v2.signed.push(nSigned.length);
    v2.sealed.push(nSealed.length);
    v2.messages.push(forLink(nSealed, key, SBD_MT_BYTES).length);
    const ucdpText = [...(typeof o.description === 'string' ? o.description : '')].slice(0, 200).join('');
    const ucdpItem: Item = { kind: 'put', priority: 'flash', object: { ...o, description: ucdpText } };
    const uSigned = signNarrow(ucdpItem, at, link, key, keyset, clock);
    v2.ucdpSigned.push(uSigned.length);
    v2.ucdpSealed.push(sealNarrow(uSigned, link, x.privateKey, rx.publicKey).length);
  }
  const ms = performance.now() - t0;
  const n = incidents.length;
  const fit = (v: number[]) => v.filter((s) => s <= SBD_MT_BYTES).length;
  console.log(
    `compact incidents: ${n} UCDP GED incidents (assets/ucdp), description = 200 French characters`,
  );
  console.log(sizeLine('minified STIX JSON (object only)', rows.json));
  console.log(sizeLine('put item, CBOR + dictionary (no deflate)', rows.cbor));
  console.log(sizeLine('put item, compact (CBOR + dictionary + deflate)', rows.compact));
  console.log(sizeLine('signed envelope, narrow (COSE_Sign1, Ed25519)', rows.signed));
  console.log(sizeLine('signed envelope, wide (+ stream id hint)', rows.wide));
  console.log(sizeLine('signed + sealed to receiver (X25519/AES-GCM)', rows.sealed));
  console.log(
    `  fit one SBD MT (${SBD_MT_BYTES} B): signed ${fit(rows.signed)}/${n}, signed+sealed ${fit(rows.sealed)}/${n}; ` +
      `SBD messages per sealed incident (signed fragments): p50 ${pct(rows.messages, 50)}, max ${Math.max(...rows.messages)}`,
  );
  console.log(
    `  target p95 ≤ 250 B signed (encryption not included): ${pct(rows.signed, 95)} B (ratio ${(250 / pct(rows.signed, 95)).toFixed(2)}); ` +
      `with encryption: ${pct(rows.sealed, 95)} B; ${(ms / n).toFixed(2)} ms per incident (all of the above)`,
  );
  console.log('dictionary v2/v3 + narrow profile (docs/sync-spec.md [FED-70]–[FED-85]):');
  console.log(sizeLine('put item, compact v2 (CBOR + v2 + text model)', v2.item));
  console.log(sizeLine('put item, compact v3 (+ derivations, Δ times)', v2.item3));
  console.log(
    `  v3 item, mean bytes saved by each option (${ablated} incidents): ` +
      [...saved].map(([label, n]) => `${label} ${(n / ablated).toFixed(1)}`).join(', '),
  );
  console.log(sizeLine('narrow profile v1 signed (dictionary v2)', v2.p1Signed));
  console.log(sizeLine('narrow v2 signed + sealed (dictionary v3)', v2.p2Sealed));
  console.log(sizeLine('narrow v3 signed (packed header + v4 + Ed25519)', v2.signed));
  console.log(sizeLine('narrow v3 signed + sealed (static pair key, SIV)', v2.sealed));
  console.log(sizeLine('  read back from the store (jsonb order): v2 sealed', v2.storedV2));
  console.log(sizeLine('  read back from the store (jsonb order): v3 sealed', v2.storedV3));
  console.log(sizeLine('  same, UCDP text (first 200 chars): signed', v2.ucdpSigned));
  console.log(sizeLine('  same, UCDP text (first 200 chars): sealed', v2.ucdpSealed));
  console.log(
    `  fit one SBD MT (${SBD_MT_BYTES} B): signed ${fit(v2.signed)}/${n} (${((100 * fit(v2.signed)) / n).toFixed(1)} %), ` +
      `sealed ${fit(v2.sealed)}/${n} (${((100 * fit(v2.sealed)) / n).toFixed(1)} %); UCDP text: signed ` +
      `${((100 * fit(v2.ucdpSigned)) / n).toFixed(1)} %, sealed ${((100 * fit(v2.ucdpSealed)) / n).toFixed(1)} %; ` +
      `SBD messages per sealed incident: p50 ${pct(v2.messages, 50)}, max ${Math.max(...v2.messages)}`,
  );
  console.log(
    `  targets: signed p95 ≤ 250 B: ${pct(v2.signed, 95)} B (ratio ${(250 / pct(v2.signed, 95)).toFixed(2)}); ` +
      `sealed p95 ≤ 270 B: ${pct(v2.sealed, 95)} B (ratio ${(270 / pct(v2.sealed, 95)).toFixed(2)}); ` +
      `${(v2ms / n).toFixed(2)} ms per incident (sign + seal, machine shared: a floor)`,
  );
  await formBench(incidents);
}
