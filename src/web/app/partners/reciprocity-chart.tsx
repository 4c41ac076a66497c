/** Sent and received records per month with each partner (or all together), as paired bars. */
import { useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { formatNumber } from '../format.ts';
import type { Reciprocity } from './types.ts';

const W = 720;
const H = 180;
const PAD = { left: 40, right: 8, top: 10, bottom: 24 };

/** Per month, the records sent to and received from the chosen partners. */
export function monthlyTotals(
  r: Reciprocity,
  peerId: string,
): { month: string; sent: number; received: number }[] {
  const peers = r.peers.filter((p) => peerId === '' || p.peerId === peerId);
  const months = peers[0]?.months.map((m) => m.month) ?? [];
  return months.map((month, i) => ({
    month,
    sent: peers.reduce((n, p) => n + (p.months[i]?.released.total ?? 0), 0),
    received: peers.reduce((n, p) => n + (p.months[i]?.received.total ?? 0), 0),
  }));
}

export function ReciprocityChart({ data }: { data: Reciprocity }) {
  const { t, locale } = useApp();
  const [peer, setPeer] = useState('');
  const rows = monthlyTotals(data, peer);
  const max = Math.max(1, ...rows.flatMap((r) => [r.sent, r.received]));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, rows.length);
  const bw = Math.max(2, (slot - 6) / 2);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const monthLabel = (m: string) =>
    new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(
      new Date(`${m}-01T00:00:00Z`),
    );
  const longMonth = (m: string) =>
    new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${m}-01T00:00:00Z`),
    );
  const sent = rows.reduce((n, r) => n + r.sent, 0);
  const received = rows.reduce((n, r) => n + r.received, 0);
  return (
    <section class="reciprocity" aria-labelledby="rc-title">
      <div class="section-head">
        <h2 id="rc-title">{t('partners.reciprocity.title')}</h2>
        <label class="inline">
          {t('partners.reciprocity.partner')}{' '}
          <select value={peer} onChange={(e) => setPeer((e.target as HTMLSelectElement).value)} id="rc-peer">
            <option value="">{t('partners.reciprocity.all')}</option>
            {data.peers.map((p) => (
              <option key={p.peerId} value={p.peerId}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p data-testid="reciprocity-totals">
        {t('partners.reciprocity.totals', {
          sent: formatNumber(locale, sent),
          received: formatNumber(locale, received),
        })}
      </p>
      <figure class="chart reciprocity-chart">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="rc-title">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} class="axis" />
          <line x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} class="gridline" />
          <text x={PAD.left - 6} y={y(max) + 4} class="tick" text-anchor="end">
            {formatNumber(locale, max)}
          </text>
          <text x={PAD.left - 6} y={y(0)} class="tick" text-anchor="end">
            0
          </text>
          {rows.map((r, i) => {
            const x = PAD.left + i * slot + 3;
            const label = t('partners.reciprocity.month', {
              month: longMonth(r.month),
              sent: formatNumber(locale, r.sent),
              received: formatNumber(locale, r.received),
            });
            return (
              <g key={r.month}>
                <title>{label}</title>
                <rect x={x} y={y(r.sent)} width={bw} height={y(0) - y(r.sent)} class="bar sent" />
                <rect
                  x={x + bw}
                  y={y(r.received)}
                  width={bw}
                  height={y(0) - y(r.received)}
                  class="bar received"
                />
                <text x={x + bw} y={H - 8} class="tick" text-anchor="middle">
                  {monthLabel(r.month)}
                </text>
              </g>
            );
          })}
        </svg>
        <figcaption class="chart-legend">
          <span class="key sent" aria-hidden="true" /> {t('partners.reciprocity.sent')}{' '}
          <span class="key received" aria-hidden="true" /> {t('partners.reciprocity.received')}
        </figcaption>
      </figure>
      <table class="sr-only">
        <caption>{t('partners.reciprocity.title')}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.month}>
              <th scope="row">{longMonth(r.month)}</th>
              <td>{r.sent}</td>
              <td>{r.received}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
