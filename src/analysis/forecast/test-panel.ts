/** Test support: a hand-made panel (no boundaries) of units with given monthly events and deaths. */
import type { Panel, Unit } from './panel.ts';

export function handPanel(
  series: { events: number[]; deaths: number[] }[],
  neighbours: number[][] = [],
): Panel {
  const months = series[0]?.events.length ?? 0;
  const units: Unit[] = series.map((_, i) => ({
    id: `U${i}`,
    country: 'BFA',
    name: `U${i}`,
    gid: null,
    admin1Code: `BF.U${i}`,
    lat: 12,
    lon: -1 + i,
    neighbours: neighbours[i] ?? [],
    ring2: [],
    borderKm: 10 * i,
  }));
  const n = units.length * months;
  const p: Panel = {
    kind: 'admin1',
    units,
    start: 2020 * 12,
    months,
    events: new Float64Array(n),
    deaths: new Float64Array(n),
    type1: new Float64Array(n),
    type2: new Float64Array(n),
    type3: new Float64Array(n),
    outside: 0,
    counted: 0,
    byCountry: new Map(),
  };
  series.forEach((s, u) => {
    p.events.set(s.events, u * months);
    p.deaths.set(s.deaths, u * months);
    p.type3.set(s.events, u * months);
  });
  return p;
}
