/**
 * Records related to one record by correlation (possible duplicates, cross-border patterns, arms
 * tracing): score, the one-line explanation, and for analysts confirm/reject buttons and a
 * side-by-side comparison (GET /api/v1/objects/{id}/related, POST /api/v1/analysis/links/decision).
 */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { ApiError } from '../api.ts';
import { Link } from '../ui/link.tsx';
import { MergeView } from './merge.tsx';
import type { RelatedAnswer, RelatedLink } from './types.ts';
import './related.css';

export function Related({ id }: { id: string }) {
  const { api, t, locale, can, notify } = useApp();
  const [data, setData] = useState<RelatedAnswer | null>(null);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api
      .get<RelatedAnswer>(`/api/v1/objects/${encodeURIComponent(id)}/related`)
      .then((r) => !cancelled && setData(r))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [id, tick]);

  if (failed) return null;
  const key = (l: RelatedLink) => `${l.kind}|${l.a}|${l.b}`;
  const decide = async (l: RelatedLink, decision: 'confirm' | 'reject') => {
    setBusy(true);
    try {
      await api.post('/api/v1/analysis/links/decision', { kind: l.kind, a: l.a, b: l.b, decision });
      notify(t('related.decided'));
      setTick((n) => n + 1);
    } catch (e) {
      notify(
        t('related.failed', {
          reason: e instanceof ApiError ? (e.problem.detail ?? String(e.status)) : String(e),
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="related" aria-labelledby="related-title" data-testid="related">
      <h2 id="related-title">{t('related.title')}</h2>
      {!data ? (
        <p class="muted">{t('common.loading')}</p>
      ) : data.items.length === 0 ? (
        <p class="muted">{t('related.none')}</p>
      ) : (
        <ul class="related-list" aria-label={t('related.caption')}>
          {data.items.map((l) => (
            <li
              key={key(l)}
              class={`related-item ${l.kind} ${l.status}`}
              data-kind={l.kind}
              data-status={l.status}
            >
              <div class="related-head">
                <span class={`related-kind ${l.kind}`}>{t(`related.kind.${l.kind}`)}</span>
                <span class="related-score" title={t('related.score', { score: Math.round(l.score * 100) })}>
                  <meter min={0} max={1} value={l.score} aria-hidden="true" />
                  {Math.round(l.score * 100)} %
                </span>
                <span class={`related-status ${l.status}`}>{t(`related.status.${l.status}`)}</span>
              </div>
              <Link href={`/incidents/${encodeURIComponent(l.other.id)}`} class="related-name">
                {l.other.name ?? t('related.untitled')}
              </Link>
              <p class="related-why">{l.explanation[locale]}</p>
              <div class="related-actions">
                {l.kind === 'duplicate' && (
                  <button
                    type="button"
                    class="secondary"
                    aria-expanded={open === key(l)}
                    onClick={() => setOpen(open === key(l) ? null : key(l))}
                  >
                    {open === key(l) ? t('related.close_compare') : t('related.compare')}
                  </button>
                )}
                {can('alerts.triage') && l.status === 'open' && (
                  <>
                    <button type="button" disabled={busy} onClick={() => void decide(l, 'confirm')}>
                      {t('related.confirm')}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      disabled={busy}
                      onClick={() => void decide(l, 'reject')}
                    >
                      {t('related.reject')}
                    </button>
                  </>
                )}
                {l.alert_id && (
                  <Link href={`/incidents/${encodeURIComponent(l.alert_id)}`} class="related-alert">
                    {t('related.alert')}
                  </Link>
                )}
              </div>
              {open === key(l) && <MergeView left={data.record} right={l.other} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
