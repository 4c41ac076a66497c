/** Figures the benches print: nearest-rank percentiles and the byte-size lines of the compact benches. */

/** The p-th percentile of `values` (nearest rank, 0–100). */
export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** One line of a size distribution: p50, p95 and max bytes under a label. */
export function sizeLine(label: string, v: number[]): string {
  return `  ${label.padEnd(44)} p50 ${String(pct(v, 50)).padStart(4)}  p95 ${String(pct(v, 95)).padStart(4)}  max ${String(Math.max(...v)).padStart(4)} bytes`;
}
