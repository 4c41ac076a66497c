/**
 * Form-made incidents for the compact bench (docs/sync-spec.md [FED-94]…): field reports as a user
 * files them through the API — no client id, so the node mints it — built from the UCDP subset's
 * places, dates, coordinates, violence types and death counts, with varied names, sources,
 * actors, casualties, materiel, markings and a French description. Two text budgets:
 * 'total200' (name + description + source name and reference + materiel model together 200
 * characters: the issue's case) and 'desc200' (name and source, plus a full 200-character description).
 * Each incident goes through the real RecordService.create on an in-memory PGlite node.
 */
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import { manualClock } from '../src/core/clock.ts';
import { RecordService } from '../src/records/service.ts';
import { SYSTEM_PRINCIPAL } from '../src/node/node.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type StixObject } from '../src/objects/stix.ts';
import { TLP2_IDS } from '../src/objects/markings.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../src/objects/ids.ts';
import assert from 'node:assert/strict';
import { description, rng } from './federation-compact-text.ts';
import { narrowKeys } from './narrow-keys.ts';
import { encodeCompact, type CompactValue } from '../src/federation/compact.ts';
import { DICTIONARY_V3 } from '../src/federation/dictionary-v3.ts';
import { DICTIONARY_V4 } from '../src/federation/dictionary-v4.ts';
import { SBD_MT_BYTES } from '../src/federation/fragments.ts';
import { openNarrow, sealNarrow, signNarrow, type NarrowLink } from '../src/federation/narrow.ts';
import type { Item } from '../src/federation/protocol.ts';
import { kexPrivateKey } from '../src/federation/seal.ts';
import { sizeLine } from './stats.ts';

export type TextBudget = 'total200' | 'desc200';

interface Kind {
  event_type: string;
  event_subtype: string;
  names: readonly string[];
}

/** What a field report of each UCDP violence type may be, and how a reporter names it ({p}: place). */
const KINDS: Readonly<Record<string, readonly Kind[]>> = {
  'state-based': [
    {
      event_type: 'armed_attack_security_forces',
      event_subtype: 'ambush',
      names: ['Embuscade contre une patrouille près de {p}', 'Embuscade sur l’axe menant à {p}'],
    },
    {
      event_type: 'armed_attack_security_forces',
      event_subtype: 'attack_on_base',
      names: ['Attaque du détachement de {p}', 'Attaque du camp militaire de {p}'],
    },
    {
      event_type: 'armed_attack_security_forces',
      event_subtype: 'attack_on_convoy',
      names: ['Attaque d’un convoi au sud de {p}', 'Convoi de ravitaillement attaqué vers {p}'],
    },
    {
      event_type: 'armed_attack_security_forces',
      event_subtype: 'attack_on_checkpoint',
      names: ['Attaque du poste de contrôle de {p}'],
    },
    {
      event_type: 'battle',
      event_subtype: 'armed_clash',
      names: ['Accrochage entre FDS et GAT à {p}', 'Combats près de {p}'],
    },
  ],
  'non-state': [
    {
      event_type: 'battle',
      event_subtype: 'armed_clash',
      names: ['Affrontements entre groupes armés à {p}', 'Accrochage entre GAT rivaux près de {p}'],
    },
  ],
  'one-sided': [
    {
      event_type: 'violence_against_civilians',
      event_subtype: 'killing',
      names: ['Civils tués à {p}', 'Exécution de civils près de {p}', 'Attaque contre des villageois à {p}'],
    },
    {
      event_type: 'violence_against_civilians',
      event_subtype: 'abduction',
      names: ['Enlèvement de civils à {p}', 'Villageois enlevés près de {p}'],
    },
    {
      event_type: 'violence_against_civilians',
      event_subtype: 'looting_destruction',
      names: ['Pillage du marché de {p}', 'Greniers incendiés à {p}'],
    },
  ],
};

const SOURCES: readonly (readonly [name: string, prefix: string])[] = [
  ['Rapport de poste', 'CR'],
  ['Brigade de gendarmerie', 'BG'],
  ['Patrouille FDS', 'PAT'],
  ['Chef de village', 'CV'],
  ['Radio communautaire', 'RC'],
  ['Commissariat de police', 'CP'],
  ['Informateur', 'INF'],
];

const MATERIEL: readonly { category: string; model: string }[] = [
  { category: 'small_arm', model: 'AK-47' },
  { category: 'vehicle', model: 'moto' },
  { category: 'ammunition', model: '7,62 x 39 mm' },
  { category: 'ied_component', model: 'bidon piégé' },
  { category: 'communication_equipment', model: 'Thuraya' },
];

/** Armed groups the node holds: imported from UCDP GED (UUIDv5) or entered by hand (minted). */
const UCDP_ACTORS = ['JNIM', 'IS Sahel', 'Ansarul Islam'];
const LOCAL_ACTORS = ['Katiba Macina', 'Groupe armé non identifié', 'Katiba Serma'];

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chars = (s: string) => [...s].length;

/** The node, its armed groups, and a function that files one form report per UCDP incident. */
export async function formNode(clockStart: string): Promise<{
  file: (o: StixObject, budget: TextBudget, r: Rng) => Promise<StixObject>;
  identity: string;
  /** The armed groups' ids (three imported from UCDP GED, three entered on this node). */
  actors: readonly string[];
  close: () => Promise<void>;
}> {
  const db = await openDb({});
  await migrate(db);
  const clock = manualClock(clockStart);
  const identity = 'identity--0b6e8d4a-5f1c-4a7e-9d3b-2c8f1e6a4b70';
  const records = new RecordService({ db, clock, nodeIdentityId: identity });
  const actors: string[] = UCDP_ACTORS.map((n) =>
    stixIdV5('threat-actor', SENTINELLE_NAMESPACE, `ucdp-actor:${n.toLowerCase()}`),
  );
  for (const name of LOCAL_ACTORS) {
    clock.advance(61_000);
    const a = await records.create(SYSTEM_PRINCIPAL, {
      type: 'threat-actor',
      name,
      threat_actor_types: ['terrorist'],
    });
    actors.push(a.id);
  }
  const file = async (o: StixObject, budget: TextBudget, r: Rng): Promise<StixObject> => {
    const ext = o.extensions?.[SENTINELLE_INCIDENT_EXTENSION_ID] ?? {};
    const loc = (ext.location ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const place = text(loc.admin2) ?? text(loc.admin1) ?? 'Djibo';
    const tov = String(o.labels?.[1] ?? 'state-based');
    const kind = pick(r, KINDS[tov] ?? KINDS['state-based']!);
    const name = pick(r, kind.names).replaceAll('{p}', place);
    const [sourceName, prefix] = pick(r, SOURCES);
    const source = {
      name: sourceName,
      reference: `${prefix}-2026-${String(1 + Math.floor(r() * 400)).padStart(4, '0')}`,
    };
    const materiel = r() < 0.25 ? [{ ...pick(r, MATERIEL), quantity: 1 + Math.floor(r() * 6) }] : undefined;
    // Every free text counts: name, description, source name and reference, materiel model.
    const used =
      chars(name) + chars(source.name) + chars(source.reference) + chars(materiel?.[0]?.model ?? '');
    // The form trims what the user typed.
    const report = description(place, r, budget === 'total200' ? 200 - used : 200).trim();
    // The UCDP day and month, in 2026: reports filed now, sent now (the narrow signing key is valid from 2025).
    const ucdpDay = (text(ext.occurred_at) ?? '2023-01-01').slice(0, 10);
    const day = new Date(
      Date.parse(ucdpDay) + Date.UTC(2026, 0, 1) - Date.UTC(Number(ucdpDay.slice(0, 4)), 0, 1),
    )
      .toISOString()
      .slice(0, 10);
    const hour = String(Math.floor(r() * 24)).padStart(2, '0');
    const minute = pick(r, ['00', '15', '30', '45']);
    const dead = Object.values((ext.fatalities ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
    const fatalities =
      tov === 'one-sided'
        ? { civilians: dead }
        : tov === 'non-state'
          ? { assailants: dead }
          : { security_forces: Math.ceil(dead / 3), assailants: dead - Math.ceil(dead / 3) };
    const injured =
      r() < 0.5
        ? { [tov === 'one-sided' ? 'civilians' : 'security_forces']: 1 + Math.floor(r() * 9) }
        : undefined;
    const location: Record<string, unknown> = {
      lat: loc.lat,
      lon: loc.lon,
      precision_m: pick(r, [100, 1000, 1000, 5000]),
      country: loc.country,
    };
    if (loc.admin1 !== undefined) location.admin1 = loc.admin1;
    if (loc.admin2 !== undefined) location.admin2 = loc.admin2;
    const body: Record<string, unknown> = {
      type: 'incident',
      name,
      description: report,
      lang: 'fr',
      ...(r() < 0.3 ? { labels: ['flash'] } : {}),
      object_marking_refs: [pick(r, [TLP2_IDS.amber, TLP2_IDS.amber, TLP2_IDS.green, TLP2_IDS.red])],
      extensions: {
        [SENTINELLE_INCIDENT_EXTENSION_ID]: {
          extension_type: 'property-extension',
          event_type: kind.event_type,
          event_subtype: kind.event_subtype,
          occurred_at: `${day}T${hour}:${minute}:00.000Z`,
          time_precision: r() < 0.8 ? 'hour' : 'day',
          location,
          fatalities,
          ...(injured ? { injured } : {}),
          ...(r() < 0.6 ? { actor_refs: [pick(r, actors)] } : {}),
          source_reliability: pick(r, ['A', 'B', 'B', 'C', 'C', 'D', 'X']),
          information_credibility: 1 + Math.floor(r() * 4),
          source,
          ...(materiel ? { materiel } : {}),
        },
      },
    };
    // Filed one to six hours after the event, at the millisecond the user pressed "send".
    clock.set(
      new Date(Date.parse(`${day}T${hour}:${minute}:00.000Z`) + 3_600_000 + Math.floor(r() * 5 * 3_600_000)),
    );
    const created = await records.create(SYSTEM_PRINCIPAL, body);
    // What the outbox sends is the stored record, as the store gives it back (jsonb: keys by length).
    return (await records.repo.get(db, created.id))!.object as StixObject;
  };
  return { file, identity, actors, close: () => db.close() };
}

// ---------------------------------------------------------------------------------------------
// The bench: sizes of form-made incidents over a narrow link, per text budget and per step.

interface Sizes {
  item: number[];
  signed: number[];
  sealed: number[];
  v2sealed: number[];
  v2before: number[];
}

/**
 * Files one form report per UCDP incident for each text budget, signs (narrow profile v3, and v2
 * for comparison), seals, opens and checks each; prints the distributions, the fit in one Iridium
 * SBD MT message, what each step of [FED-94]–[FED-96] saves and a per-field byte breakdown.
 */
export async function formBench(ucdp: readonly StixObject[]): Promise<void> {
  const { x, rx, key, clock, stream, keyset } = narrowKeys();
  const node = await formNode('2020-01-01T00:00:00.000Z');
  const receiverIdentity = 'identity--5d2c7a1e-8b4f-4e9a-b6c3-1f0d9e8a7b62';
  // [FED-96] The agreement's narrow_ids: both identities and the armed groups both services follow.
  const link: NarrowLink = { streams: [stream], localIds: [node.identity, receiverIdentity, ...node.actors] };
  const identitiesOnly: NarrowLink = { streams: [stream], localIds: [node.identity, receiverIdentity] };
  const r = rng(2027);
  const open = (bytes: Uint8Array, l: NarrowLink) =>
    openNarrow(bytes, l, {
      me: stream.receiver,
      keysetOf: () => keyset,
      kex: [kexPrivateKey(rx.privateKey)],
      now: new Date('2026-02-01T08:00:00Z'),
    });
  const steps = {
    'minted id [FED-94]': { dictionary: { ...DICTIONARY_V4, version: 70, mintedIds: undefined }, link },
    'time codes [FED-95]': { dictionary: { ...DICTIONARY_V4, version: 71, timeCode4: undefined }, link },
    'materiel text model [FED-98]': {
      dictionary: { ...DICTIONARY_V4, version: 73, keys: DICTIONARY_V3.keys },
      link,
    },
    'texts in one model run [FED-98]': {
      dictionary: { ...DICTIONARY_V4, version: 74, jointText: undefined },
      link,
    },
    'larger text corpus [FED-98]': {
      dictionary: { ...DICTIONARY_V4, version: 75, textCorpus: DICTIONARY_V3.textCorpus },
      link,
    },
    'templates in any order [FED-97]': {
      dictionary: { ...DICTIONARY_V4, version: 72, anyOrder: undefined },
      link,
    },
    'agreement ids: armed groups [FED-96]': { dictionary: DICTIONARY_V4, link: identitiesOnly },
  };
  const fields = new Map<string, [number, number]>();
  for (const budget of ['total200', 'desc200'] as const) {
    const s: Sizes = { item: [], signed: [], sealed: [], v2sealed: [], v2before: [] };
    const saved = new Map<string, number>();
    let sampled = 0;
    let seq = 0;
    for (const o of ucdp) {
      const record = await node.file(o, budget, r);
      const item: Item = { kind: 'put', priority: 'flash', object: record };
      const at = { stream, epoch: 1, seq: ++seq };
      // Sent (signed) two to forty minutes after it was filed: a FLASH report on a narrow link.
      clock.set(new Date(Date.parse(String(record.created)) + 120_000 + Math.floor(r() * 38 * 60_000)));
      const signed = signNarrow(item, at, link, key, keyset, clock);
      const sealed = sealNarrow(signed, link, x.privateKey, rx.publicKey);
      const opened = open(sealed, link);
      if (!opened.ok) throw new Error(`form report did not open: ${opened.reason}`);
      assert.deepStrictEqual(opened.value.item, item, 'form report changed on the way');
      const v2 = sealNarrow(
        signNarrow(item, at, link, key, keyset, clock, 2),
        link,
        x.privateKey,
        rx.publicKey,
      );
      const timeOrigin = Math.floor(clock.now().getTime() / 60_000) * 60;
      const full =
        encodeCompact(item as unknown as CompactValue, {
          dictionary: DICTIONARY_V4,
          localIds: link.localIds,
          compress: 'never',
          timeOrigin,
        }).length - 1;
      s.item.push(full);
      s.signed.push(signed.length);
      s.sealed.push(sealed.length);
      s.v2sealed.push(v2.length);
      // Before this work the engine's link had no local ids (created_by_ref travelled whole).
      const bare: NarrowLink = { streams: [stream], localIds: [] };
      s.v2before.push(
        sealNarrow(signNarrow(item, at, bare, key, keyset, clock, 2), bare, x.privateKey, rx.publicKey)
          .length,
      );
      if (seq % 8 !== 1) continue;
      sampled++;
      for (const [label, step] of Object.entries(steps)) {
        const without =
          encodeCompact(item as unknown as CompactValue, {
            dictionary: step.dictionary,
            localIds: step.link.localIds,
            compress: 'never',
            timeOrigin,
          }).length - 1;
        saved.set(label, (saved.get(label) ?? 0) + without - full);
      }
      if (budget === 'desc200')
        for (const [path, bytes] of fieldCosts(record, link, timeOrigin)) {
          const [sum, n] = fields.get(path) ?? [0, 0];
          fields.set(path, [sum + bytes, n + 1]);
        }
    }
    const n = s.sealed.length;
    const fit = (v: number[]) => `${((100 * v.filter((b) => b <= SBD_MT_BYTES).length) / n).toFixed(1)} %`;
    console.log(
      budget === 'total200'
        ? `form-made incidents (${n}, API create, node-minted id), all free text (name, description, source, materiel model) = 200 characters:`
        : `form-made incidents (${n}), name + source + a 200-character description:`,
    );
    console.log(sizeLine('compact item v4 (payload)', s.item));
    console.log(sizeLine('narrow v3 signed', s.signed));
    console.log(sizeLine('narrow v3 signed + sealed', s.sealed));
    console.log(sizeLine('narrow v2 signed + sealed, same link', s.v2sealed));
    console.log(sizeLine('narrow v2 sealed, as the engine sent it before', s.v2before));
    console.log(
      `  fit one SBD MT (${SBD_MT_BYTES} B) sealed: v3 ${fit(s.sealed)} (signed ${fit(s.signed)}), v2 same link ${fit(s.v2sealed)}, v2 before ${fit(s.v2before)}`,
    );
    console.log(
      `  item bytes saved by each step, mean over ${sampled} reports: ` +
        [...saved].map(([label, b]) => `${label} ${(b / sampled).toFixed(1)}`).join(', '),
    );
  }
  console.log(
    '  where the bytes of a form report go (desc200, v4; bytes the item loses without each field, mean where present):',
  );
  const parts = [...fields].map(
    ([path, [sum, n]]) => `${path} ${(sum / n).toFixed(1)}${n < sampledOf(fields) ? ` (${n})` : ''}`,
  );
  for (let i = 0; i < parts.length; i += 6) console.log(`    ${parts.slice(i, i + 6).join(', ')}`);
  await node.close();
}

/** `v` with every object's keys in PostgreSQL jsonb's order (shorter keys first, then bytewise). */
export function jsonbOrder<T>(v: T): T {
  if (Array.isArray(v)) return v.map(jsonbOrder) as T;
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(
    (a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  return Object.fromEntries(keys.map((k) => [k, jsonbOrder(o[k])])) as T;
}

function sampledOf(fields: Map<string, [number, number]>): number {
  return Math.max(...[...fields.values()].map(([, n]) => n));
}

/**
 * Bytes of the v4 item each field costs: the item minus the item without it (the minted id's
 * inputs — type, created, created_by_ref — are kept, or the id would travel whole).
 */
function fieldCosts(record: StixObject, link: NarrowLink, timeOrigin: number): [string, number][] {
  const size = (o: unknown) =>
    encodeCompact({ kind: 'put', priority: 'flash', object: o } as unknown as CompactValue, {
      dictionary: DICTIONARY_V4,
      localIds: link.localIds,
      compress: 'never',
      timeOrigin,
    }).length - 1;
  const full = size(record);
  const out: [string, number][] = [];
  const ext = record.extensions?.[SENTINELLE_INCIDENT_EXTENSION_ID] as
    Record<string, Record<string, unknown>> | undefined;
  const paths: string[][] = Object.keys(record)
    .filter((k) => !['extensions', 'type', 'created', 'created_by_ref'].includes(k))
    .map((k) => [k]);
  for (const k of Object.keys(ext ?? {})) paths.push(['ext', k]);
  for (const sub of ['location', 'source'])
    for (const k of Object.keys(ext?.[sub] ?? {})) paths.push(['ext', sub, k]);
  for (const p of paths) {
    const c: Record<string, unknown> = structuredClone(record);
    let t =
      p[0] === 'ext'
        ? ((c.extensions as Record<string, unknown>)[SENTINELLE_INCIDENT_EXTENSION_ID] as Record<
            string,
            unknown
          >)
        : c;
    const rest = p[0] === 'ext' ? p.slice(1) : p;
    for (const k of rest.slice(0, -1)) t = t[k] as Record<string, unknown>;
    delete t[rest.at(-1)!];
    out.push([rest.join('.'), full - size(c)]);
  }
  return out;
}
