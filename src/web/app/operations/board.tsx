/**
 * The operations board: one lane per status, each operation a bar placed on a shared time axis
 * (a Gantt view) from its planned (or actual) start to its end. Open conflicts show on the bar.
 */
import { useApp } from '../context.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { navigate } from '../router.ts';
import type { MessageKey } from '../i18n.ts';
import { STATUSES, str, type ConflictView, type OpItem } from './types.ts';

const DAY = 86_400_000;

function windowOf(o: OpItem['object']): [number, number] {
  const s = Date.parse(str(o.actual_start) || str(o.planned_start));
  const e = Date.parse(str(o.actual_end) || str(o.planned_end));
  return [s, Math.max(e, s + 3_600_000)];
}

export function Board({ items, conflicts }: { items: OpItem[]; conflicts: ConflictView[] }) {
  const { t, locale } = useApp();
  if (!items.length) return <p class="muted">{t('ops.board.empty')}</p>;
  const spans = items
    .map((i) => windowOf(i.object))
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e));
  const from = Math.floor(Math.min(...spans.map((s) => s[0])) / DAY) * DAY;
  const to = Math.ceil(Math.max(...spans.map((s) => s[1])) / DAY) * DAY;
  const width = Math.max(to - from, DAY);
  const pos = (ms: number) => `${(((ms - from) / width) * 100).toFixed(3)}%`;
  const open = (id: string) =>
    conflicts.filter((c) => c.status !== 'resolved' && (c.a_id === id || c.b_id === id)).length;
  const ticks = Array.from({ length: 6 }, (_, k) => from + (width * k) / 5);
  return (
    <div class="ops-board" data-testid="ops-board">
      <p class="muted">
        {t('ops.board.window', {
          from: formatDate(locale, new Date(from)),
          to: formatDate(locale, new Date(to)),
        })}
      </p>
      <div class="ops-axis" aria-hidden="true">
        {ticks.map((ms) => (
          <span style={{ left: pos(ms) }}>{formatDate(locale, new Date(ms))}</span>
        ))}
      </div>
      {STATUSES.map((status) => {
        const lane = items.filter((i) => i.object.status === status);
        if (!lane.length) return null;
        return (
          <section class={`ops-lane ops-lane-${status}`} aria-label={t(`ops.status.${status}` as MessageKey)}>
            <h3>
              {t(`ops.status.${status}` as MessageKey)} <span class="badge">{lane.length}</span>
            </h3>
            <ul>
              {lane.map((i) => {
                const [s, e] = windowOf(i.object);
                const n = open(i.object.id);
                const label = `${str(i.object.name)} — ${formatDateTime(locale, new Date(s).toISOString())} → ${formatDateTime(locale, new Date(e).toISOString())}`;
                // A short bar cannot hold its name: the name goes beside it, on the side with room.
                const narrow = (e - s) / width < 0.15;
                const late = (e - from) / width > 0.7;
                return (
                  <li class="ops-row">
                    <button
                      type="button"
                      class={`ops-bar ops-kind-${str(i.object.activity_kind)}${n ? ' has-conflict' : ''}${i.origin !== 'local' ? ' partner' : ''}`}
                      style={{ left: pos(s), width: `max(${(((e - s) / width) * 100).toFixed(3)}%, 0.6rem)` }}
                      title={label}
                      aria-label={label}
                      onClick={() => navigate(`/operations/${encodeURIComponent(i.object.id)}`)}
                    >
                      {!narrow && <span class="ops-bar-name">{str(i.object.name)}</span>}
                      {n > 0 && !narrow && (
                        <span class="ops-bar-flag">{t('ops.board.conflicts', { count: n })}</span>
                      )}
                      {i.origin !== 'local' && <span class="sr-only">{t('ops.board.partner')}</span>}
                    </button>
                    {narrow && (
                      <span
                        class="ops-row-label"
                        aria-hidden="true"
                        style={
                          late
                            ? { right: `calc(${(100 - ((s - from) / width) * 100).toFixed(3)}% + 0.4rem)` }
                            : { left: `calc(${pos(e)} + 0.4rem)` }
                        }
                      >
                        {str(i.object.name)}
                        {n > 0 && <span class="ops-bar-flag">{t('ops.board.conflicts', { count: n })}</span>}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
