/**
 * Correlates one indexed incident with what is already indexed: a few bounded index queries
 * (time window × 0.5° cells, actors × bounding box, identifiers), then the pure rules. Returns
 * the links to store; raising alerts is the worker's business.
 */
import type { Queryable } from '../store/db.ts';
import type { CorrelationConfig } from './config.ts';
import type { IncidentFeatures } from './features.ts';
import type { AnalysisRepository, NewLink } from './repository.ts';
import { armsFinding, crossBorderFinding, duplicateFinding, type LinkFinding } from './rules.ts';

export interface Correlation {
  links: NewLink[];
  /** Whether the record's time budget ran out before every rule ran. */
  truncated: boolean;
}

/** Orders a pair as the links table keys it (a < b). */
export function pairOf(x: string, y: string): { a: string; b: string } {
  return x < y ? { a: x, b: y } : { a: y, b: x };
}

function toLink(f: IncidentFeatures, otherId: string, finding: LinkFinding): NewLink {
  const pair = pairOf(f.id, otherId);
  // Stored params speak of a then b, whichever of the two was correlated first.
  const params = pair.a === f.id ? finding.params : swapSides(finding.params);
  return { ...pair, kind: finding.kind, score: finding.score, code: finding.code, params };
}

const SIDED = [
  ['type_a', 'type_b'],
  ['fat_a', 'fat_b'],
] as const;

/** The same parameters seen from the other record (a ↔ b). */
export function swapSides<T extends Record<string, string | number>>(params: T): T {
  const out: Record<string, string | number> = { ...params };
  for (const [x, y] of SIDED) {
    if (x in params && y in params) {
      out[x] = params[y]!;
      out[y] = params[x]!;
    }
  }
  return out as T;
}

/** Keeps the best `cap` links per kind (the table prunes again across records). */
function best(links: NewLink[], cap: number): NewLink[] {
  const byKind = new Map<string, NewLink[]>();
  for (const l of links) byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l]);
  return [...byKind.values()].flatMap((ls) => ls.sort((x, y) => y.score - x.score).slice(0, cap));
}

/**
 * Every link of `f` to other indexed incidents. Bounded: one statement whose every branch reads
 * at most `cfg.maxCandidates` rows through an index (`repo.candidates`), and once
 * `cfg.recordBudgetMs` has passed the remaining rules are skipped (`truncated`).
 */
export async function correlateOne(
  q: Queryable,
  repo: AnalysisRepository,
  f: IncidentFeatures,
  cfg: CorrelationConfig,
  now: () => number = () => performance.now(),
): Promise<Correlation> {
  const start = now();
  const over = () => now() - start > cfg.recordBudgetMs;
  const links: NewLink[] = [];
  const found = await repo.candidates(q, f, cfg);
  for (const c of found.duplicates) {
    const d = duplicateFinding(f, c, cfg);
    if (d) links.push(toLink(f, c.id, d));
  }
  if (over()) return { links: best(links, cfg.maxLinksPerRecord), truncated: true };
  for (const c of found.crossBorder) {
    const x = crossBorderFinding(f, c, cfg);
    if (x) links.push(toLink(f, c.id, x));
  }
  if (over()) return { links: best(links, cfg.maxLinksPerRecord), truncated: true };
  if (f.materiel.length) {
    const seen = new Set<string>();
    for (const m of found.materiel) {
      const own = f.materiel.find((k) => k.kind === m.kind && k.value === m.value);
      const finding = armsFinding(
        f,
        { id: m.recordId, provenance: m.provenance },
        m.kind,
        own?.label ?? m.label,
      );
      // One arms link per pair: the strongest identifier (serial before marks before headstamp).
      if (finding && !seen.has(m.recordId)) {
        const prior = links.findIndex((l) => l.kind === 'arms' && (l.a === m.recordId || l.b === m.recordId));
        if (prior >= 0 && links[prior]!.score >= finding.score) continue;
        if (prior >= 0) links.splice(prior, 1);
        links.push(toLink(f, m.recordId, finding));
        if (m.kind === 'serial') seen.add(m.recordId);
      }
    }
  }
  return { links: best(links, cfg.maxLinksPerRecord), truncated: false };
}
