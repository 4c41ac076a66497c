/**
 * Partner reports (docs/cooperation.md §4): per partner and period, what this node provided to
 * the partner and received from it — training, equipment, intelligence records (the sharing
 * reciprocity figures) — readiness of the equipment delivered between them, and the partner's
 * open completeness gaps. Rendered as CSV or as a print-ready HTML page, in French or English.
 */
import { createHash } from 'node:crypto';
import type { Locale } from '../i18n/i18n.ts';
import { EQUIPMENT_CATEGORIES } from '../objects/custom/cooperation-types.ts';
import {
  completeness,
  deliveryStates,
  readinessTrend,
  trainingAggregate,
  type Gap,
  type LedgerData,
  type ReadinessPoint,
  type Rec,
  type TrainingRow,
} from './ledger.ts';
import { CATEGORY_LABELS, SKILL_LABELS } from './taxonomy.ts';
import { REPORT_TEXTS, type ReportText } from './report-texts.ts';

export interface Flow<T> {
  provided: T;
  received: T;
}

export interface TrainingTotals {
  sessions: number;
  trainees: number;
  traineeHours: number;
  passed: number;
}

export interface EquipmentTotals {
  deliveries: number;
  confirmed: number;
  /** Quantity per category. */
  byCategory: Record<string, number>;
}

export interface PartnerReport {
  self: { nodeId: string; organisation: string; country: string };
  peer: { nodeId: string; name: string; country: string };
  from: string;
  to: string;
  generatedAt: string;
  training: Flow<TrainingTotals>;
  skills: Flow<TrainingRow[]>;
  equipment: Flow<EquipmentTotals>;
  intelligence: Flow<number>;
  readiness: Flow<ReadinessPoint[]>;
  gaps: Gap[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const DAY = 86_400_000;

/** Months (YYYY-MM) from `from` to `to` (dates), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  while (y * 12 + m <= end && out.length < 240) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export interface ReportInput {
  data: LedgerData;
  self: PartnerReport['self'];
  peer: PartnerReport['peer'];
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  intelligence: Flow<number>;
}

/** Builds the report from the ledger's records (pure). */
export function buildReport(input: ReportInput): PartnerReport {
  const { data, peer } = input;
  const start = Date.parse(`${input.from}T00:00:00Z`);
  const end = Date.parse(`${input.to}T00:00:00Z`) + DAY;
  const inPeriod = (v: unknown) => {
    const t = Date.parse(str(v));
    return t >= start && t < end;
  };
  const dir = (r: Rec): 'provided' | 'received' | null =>
    r.provider_node === data.self && r.receiver_node === peer.nodeId
      ? 'provided'
      : r.provider_node === peer.nodeId && r.receiver_node === data.self
        ? 'received'
        : null;

  const acts = (d: 'provided' | 'received') =>
    data.activities.filter((a) => dir(a) === d && inPeriod(a.end ?? a.start));
  const trainingTotals = (rows: readonly Rec[]): TrainingTotals => {
    const t: TrainingTotals = { sessions: 0, trainees: 0, traineeHours: 0, passed: 0 };
    for (const a of rows) {
      if (a.activity_kind !== 'training' || a.status !== 'completed') continue;
      t.sessions++;
      for (const tr of Array.isArray(a.trainees) ? (a.trainees as Rec[]) : []) {
        t.trainees += Number(tr.count) || 0;
        t.traineeHours += (Number(tr.count) || 0) * (Number(tr.hours) || 0);
        t.passed += Number(tr.passed) || 0;
      }
    }
    return t;
  };
  const states = deliveryStates(data);
  const dels = (d: 'provided' | 'received') =>
    data.deliveries.filter(
      (x) => dir(x) === d && x.status !== 'cancelled' && inPeriod(x.shipped_at ?? x.planned_ship_date),
    );
  const equipment = (rows: readonly Rec[]): EquipmentTotals => {
    const byCategory: Record<string, number> = {};
    for (const d of rows)
      for (const it of Array.isArray(d.items) ? (d.items as Rec[]) : [])
        byCategory[str(it.category)] = (byCategory[str(it.category)] ?? 0) + (Number(it.quantity) || 0);
    return {
      deliveries: rows.length,
      confirmed: rows.filter((d) => states.get(str(d.id))?.receipt === 'received').length,
      byCategory,
    };
  };
  const months = monthsBetween(input.from, input.to);
  const allDels = (d: 'provided' | 'received') => data.deliveries.filter((x) => dir(x) === d);
  const logsOf = (rows: readonly Rec[]) => {
    const ids = new Set(rows.map((r) => r.id));
    return data.logs.filter((l) => ids.has(l.delivery_ref));
  };
  return {
    self: input.self,
    peer,
    from: input.from,
    to: input.to,
    generatedAt: data.now.toISOString(),
    training: { provided: trainingTotals(acts('provided')), received: trainingTotals(acts('received')) },
    skills: { provided: trainingAggregate(acts('provided')), received: trainingAggregate(acts('received')) },
    equipment: { provided: equipment(dels('provided')), received: equipment(dels('received')) },
    intelligence: input.intelligence,
    readiness: {
      provided: readinessTrend(allDels('provided'), logsOf(allDels('provided')), months),
      received: readinessTrend(allDels('received'), logsOf(allDels('received')), months),
    },
    gaps: completeness(data).filter((g) => g.partner === peer.nodeId),
  };
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula-leading text neutralised. */
function csvField(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const pct = (r: number | null) => (r === null ? '' : (Math.round(r * 1000) / 10).toFixed(1));

/** One row per figure: section, key, provided, received, note. */
export function reportCsv(r: PartnerReport, locale: Locale): string {
  const T = (k: ReportText) => REPORT_TEXTS[k][locale];
  const rows: (string | number)[][] = [
    [T('col.section'), T('col.key'), T('col.provided'), T('col.received'), T('col.note')],
  ];
  rows.push([T('sec.period'), `${r.from} → ${r.to}`, r.self.organisation, r.peer.name, r.generatedAt]);
  for (const k of ['sessions', 'trainees', 'traineeHours', 'passed'] as const)
    rows.push([T('sec.training'), T(`training.${k}`), r.training.provided[k], r.training.received[k], '']);
  const skills = new Set([...r.skills.provided, ...r.skills.received].map((x) => x.skill));
  for (const s of [...skills].sort()) {
    const sum = (rows: TrainingRow[]) =>
      rows.filter((x) => x.skill === s).reduce((n, x) => n + x.trainees, 0);
    rows.push([
      T('sec.skill'),
      SKILL_LABELS[s as keyof typeof SKILL_LABELS]?.[locale] ?? s,
      sum(r.skills.provided),
      sum(r.skills.received),
      T('training.trainees'),
    ]);
  }
  rows.push([
    T('sec.equipment'),
    T('equipment.deliveries'),
    r.equipment.provided.deliveries,
    r.equipment.received.deliveries,
    '',
  ]);
  rows.push([
    T('sec.equipment'),
    T('equipment.confirmed'),
    r.equipment.provided.confirmed,
    r.equipment.received.confirmed,
    '',
  ]);
  for (const c of EQUIPMENT_CATEGORIES) {
    const p = r.equipment.provided.byCategory[c] ?? 0;
    const q = r.equipment.received.byCategory[c] ?? 0;
    if (p || q) rows.push([T('sec.category'), CATEGORY_LABELS[c][locale], p, q, T('equipment.quantity')]);
  }
  rows.push([
    T('sec.intelligence'),
    T('intelligence.records'),
    r.intelligence.provided,
    r.intelligence.received,
    '',
  ]);
  r.readiness.provided.forEach((p, i) =>
    rows.push([
      T('sec.readiness'),
      p.month,
      pct(p.operationalRate),
      pct(r.readiness.received[i]?.operationalRate ?? null),
      T('readiness.rate'),
    ]),
  );
  for (const g of r.gaps)
    rows.push([
      T('sec.gaps'),
      T(`gap.${g.kind}`),
      '',
      '',
      `${g.name} (${g.recordId}), ${g.daysOverdue} ${T('gap.days')}`,
    ]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const esc = (s: string | number): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const REPORT_CSS = `
body{font-family:"Noto Sans",Arial,sans-serif;color:#111;margin:2rem auto;max-width:60rem;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:1.6rem}
.meta{color:#444;margin:0 0 1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#e8eef5}
td.n{text-align:right;font-variant-numeric:tabular-nums}.empty{color:#555;font-style:italic}
.bar{color:#1f4e79;letter-spacing:-1px}
footer{margin-top:2rem;font-size:.85rem;color:#444}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}table,tr{break-inside:avoid}th{background:#e8eef5 !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
`.trim();

/** The CSP source of the report's one style element (it has no script). */
export const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64')}'`;

/** A complete, print-ready HTML page (A4, @media print). */
export function reportHtml(r: PartnerReport, locale: Locale): string {
  const T = (k: ReportText) => REPORT_TEXTS[k][locale];
  const num = (n: number) => n.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB');
  const two = (label: string, p: number, q: number) =>
    `<tr><th scope="row">${esc(label)}</th><td class="n">${num(p)}</td><td class="n">${num(q)}</td></tr>`;
  const head = `<thead><tr><th></th><th scope="col">${esc(T('html.provided'))}</th><th scope="col">${esc(T('html.received'))}</th></tr></thead>`;
  const trainingRows = (['sessions', 'trainees', 'traineeHours', 'passed'] as const)
    .map((k) => two(T(`training.${k}`), r.training.provided[k], r.training.received[k]))
    .join('');
  const skillRows = (rows: TrainingRow[]) =>
    rows.length
      ? `<table><thead><tr><th scope="col">${esc(T('col.unit'))}</th><th scope="col">${esc(T('col.skill'))}</th><th scope="col">${esc(T('training.trainees'))}</th><th scope="col">${esc(T('training.traineeHours'))}</th><th scope="col">${esc(T('training.passed'))}</th></tr></thead><tbody>${rows
          .map(
            (x) =>
              `<tr><td>${esc(x.unit)}</td><td>${esc(SKILL_LABELS[x.skill as keyof typeof SKILL_LABELS]?.[locale] ?? x.skill)}</td><td class="n">${num(x.trainees)}</td><td class="n">${num(x.traineeHours)}</td><td class="n">${num(x.passed)}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : `<p class="empty">${esc(T('empty'))}</p>`;
  const cats = EQUIPMENT_CATEGORIES.filter(
    (c) => r.equipment.provided.byCategory[c] || r.equipment.received.byCategory[c],
  );
  const equipmentRows =
    two(T('equipment.deliveries'), r.equipment.provided.deliveries, r.equipment.received.deliveries) +
    two(T('equipment.confirmed'), r.equipment.provided.confirmed, r.equipment.received.confirmed) +
    cats
      .map((c) =>
        two(
          `${CATEGORY_LABELS[c][locale]} (${T('equipment.quantity')})`,
          r.equipment.provided.byCategory[c] ?? 0,
          r.equipment.received.byCategory[c] ?? 0,
        ),
      )
      .join('');
  // A text bar (no inline style: the page's CSP allows only its one hashed style element).
  const bar = (rate: number | null) =>
    rate === null ? '—' : `<span class="bar">${'█'.repeat(Math.round(rate * 20))}</span> ${pct(rate)} %`;
  const readinessRows = r.readiness.provided
    .map(
      (p, i) =>
        `<tr><th scope="row">${esc(p.month)}</th><td>${bar(p.operationalRate)}</td><td>${bar(r.readiness.received[i]?.operationalRate ?? null)}</td></tr>`,
    )
    .join('');
  const gapRows = r.gaps.length
    ? `<table><thead><tr><th scope="col">${esc(T('col.gap'))}</th><th scope="col">${esc(T('col.record'))}</th><th scope="col">${esc(T('col.due'))}</th><th scope="col">${esc(T('gap.days'))}</th></tr></thead><tbody>${r.gaps
        .map(
          (g) =>
            `<tr><td>${esc(T(`gap.${g.kind}`))}</td><td>${esc(g.name)}<br><small>${esc(g.recordId)}</small></td><td>${esc(g.dueSince.slice(0, 10))}</td><td class="n">${num(g.daysOverdue)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="empty">${esc(T('gaps.none'))}</p>`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(T('title'))} — ${esc(r.peer.name)}</title><style>${REPORT_CSS}</style></head>
<body>
<h1>${esc(T('title'))}${esc(T('html.colon'))}${esc(r.self.organisation)} ⇄ ${esc(r.peer.name)} (${esc(r.peer.country)})</h1>
<p class="meta">${esc(T('period'))} ${esc(r.from)} → ${esc(r.to)} · ${esc(T('generated'))} ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
<h2>${esc(T('sec.training'))}</h2><table>${head}<tbody>${trainingRows}</tbody></table>
<h3>${esc(T('html.skills_provided'))}</h3>${skillRows(r.skills.provided)}<h3>${esc(T('html.skills_received'))}</h3>${skillRows(r.skills.received)}
<h2>${esc(T('sec.equipment'))}</h2><table>${head}<tbody>${equipmentRows}</tbody></table>
<h2>${esc(T('sec.intelligence'))}</h2><table>${head}<tbody>${two(T('intelligence.records'), r.intelligence.provided, r.intelligence.received)}</tbody></table>
<h2>${esc(T('sec.readiness'))}</h2><p class="meta">${esc(T('readiness.rate'))}</p><table>${head}<tbody>${readinessRows}</tbody></table>
<h2>${esc(T('sec.gaps'))}</h2>${gapRows}
<footer>${esc(T('footer'))}</footer>
</body></html>
`;
}
