/**
 * Turns a batch's cross-border and arms links into alerts (src/analysis/alerts.ts): one alert per
 * actor, country pair and month, and one per materiel identifier, updated (by dedupe key) as
 * more incidents join the pattern.
 */
import type { NodeCore } from '../node/node.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import { alertId, raiseAlert } from './alerts.ts';
import type { IncidentFeatures } from './features.ts';
import { matchesByKeys, type IdentifierKey, type MaterielMatch } from './materiel.ts';
import type { NewLink } from './repository.ts';
import './messages.ts';

/** What one alert will say; built while correlating, raised after the links are stored. */
export interface AlertPlan {
  kind: 'cross-border-pattern' | 'arms-trafficking';
  dedupeKey: string;
  refs: Set<string>;
  links: NewLink[];
  score: number;
  at: IncidentFeatures;
  /** Cross-border: actor, countries, farthest distance and time span seen. */
  actor?: string;
  countries?: [string, string];
  km?: number;
  days?: number;
  /** Arms: the identifier. */
  key?: IdentifierKey;
}

const MAX_REFS = 50;

/** Adds the alert plans of one record's links to `plans` (keyed by dedupe key). */
export function planAlerts(
  f: IncidentFeatures,
  links: readonly NewLink[],
  plans: Map<string, AlertPlan>,
): void {
  const month = new Date(f.time).toISOString().slice(0, 7);
  for (const l of links) {
    const other = l.a === f.id ? l.b : l.a;
    if (l.kind === 'cross-border') {
      const actor = String(l.params.actor);
      const countries: [string, string] = [String(l.params.country_a), String(l.params.country_b)];
      const key = `cross-border:${actor}:${countries.join('-')}:${month}`;
      const p = plans.get(key) ?? {
        kind: 'cross-border-pattern',
        dedupeKey: key,
        refs: new Set<string>(),
        links: [],
        score: 0,
        at: f,
        actor,
        countries,
        km: 0,
        days: 0,
      };
      p.refs.add(f.id).add(other);
      p.links.push(l);
      p.score = Math.max(p.score, l.score);
      p.km = Math.max(p.km ?? 0, Number(l.params.km));
      p.days = Math.max(p.days ?? 0, Number(l.params.days));
      plans.set(key, p);
    } else if (l.kind === 'arms') {
      const key = f.materiel.find((k) => k.kind === l.params.identifier);
      if (!key) continue;
      const dedupe = `arms:${key.kind}:${key.value}`;
      const p = plans.get(dedupe) ?? {
        kind: 'arms-trafficking',
        dedupeKey: dedupe,
        refs: new Set<string>(),
        links: [],
        score: 0,
        at: f,
        key,
      };
      p.refs.add(f.id).add(other);
      p.links.push(l);
      p.score = Math.max(p.score, l.score);
      plans.set(dedupe, p);
    }
  }
}

/** "2024-01-03 BFA (Sahel) → 2024-02-11 MLI (Gao)": the chain of places and dates, oldest first. */
export function chainOf(
  matches: readonly Pick<MaterielMatch, 'eventTime' | 'country' | 'admin1'>[],
  max = 8,
): string {
  const steps = matches.map(
    (m) => `${m.eventTime?.slice(0, 10) ?? '?'} ${m.country ?? '?'}${m.admin1 ? ` (${m.admin1})` : ''}`,
  );
  return steps.length > max
    ? [...steps.slice(0, max - 1), '…', steps[steps.length - 1]!].join(' → ')
    : steps.join(' → ');
}

/** Raises the planned alerts; returns the alert id of each plan raised. Errors are the caller's to log. */
export async function raisePlan(node: NodeCore, p: AlertPlan, locale: Locale): Promise<string | null> {
  const existing = await node.records.repo.get(node.db, alertId(node, p.dedupeKey));
  const before = Array.isArray(existing?.object.object_refs) ? (existing.object.object_refs as string[]) : [];
  const location =
    p.at.lat !== null && p.at.lon !== null ? { location: { lat: p.at.lat, lon: p.at.lon } } : {};
  if (p.kind === 'cross-border-pattern') {
    const refs = [...new Set([...before, ...p.refs])].slice(0, MAX_REFS);
    const actorRec = await node.records.repo.get(node.db, p.actor!);
    const actor = typeof actorRec?.object.name === 'string' ? actorRec.object.name : p.actor!;
    const [ca, cb] = p.countries!;
    const params = {
      actor,
      country_a: ca,
      country_b: cb,
      count: refs.length,
      km: Math.round(p.km ?? 0),
      days: Math.round(p.days ?? 0),
    };
    const alert = await raiseAlert(node, {
      kind: 'cross-border-pattern',
      severity: 'medium',
      title: t(locale, 'analysis.alert.cross_border_title', params),
      explanation: t(locale, 'analysis.alert.cross_border_explanation', params),
      score: p.score,
      objectRefs: refs,
      signals: [
        { name: 'actor', value: p.actor! },
        { name: 'countries', value: `${ca}-${cb}` },
        { name: 'incidents', value: refs.length },
        { name: 'distance_km', value: Math.round(p.km ?? 0) },
        { name: 'days', value: Math.round(p.days ?? 0) },
      ],
      ...location,
      ...(p.at.country ? { country: p.at.country } : {}),
      dedupeKey: p.dedupeKey,
    });
    return String(alert.id);
  }
  const key = p.key!;
  const matches = await matchesByKeys(node.db, [key], { limit: MAX_REFS });
  const sources = new Set(matches.map((m) => m.provenance));
  if (sources.size < 2) return null;
  const identifier = t(locale, `analysis.identifier.${key.kind}`);
  const chain = chainOf(matches);
  const params = { identifier, label: key.label, count: matches.length, sources: sources.size, chain };
  const times = matches.map((m) => m.eventTime).filter((x): x is string => x !== null);
  const alert = await raiseAlert(node, {
    kind: 'arms-trafficking',
    severity: key.kind === 'serial' ? 'high' : 'medium',
    title: t(locale, 'analysis.alert.arms_title', params),
    explanation: t(locale, 'analysis.alert.arms_explanation', params),
    score: p.score,
    objectRefs: [...new Set([...matches.map((m) => m.recordId), ...before])].slice(0, MAX_REFS),
    signals: [
      { name: 'identifier_kind', value: key.kind },
      { name: 'identifier', value: key.value },
      { name: 'records', value: matches.length },
      { name: 'sources', value: sources.size },
      { name: 'chain', value: chain },
    ],
    ...location,
    ...(p.at.country ? { country: p.at.country } : {}),
    ...(times.length ? { period: { from: times[0]!, to: times[times.length - 1]! } } : {}),
    dedupeKey: p.dedupeKey,
  });
  return String(alert.id);
}
