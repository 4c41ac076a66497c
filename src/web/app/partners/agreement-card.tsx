/**
 * One agreement: title, state, parties and signatures, the scope in one plain sentence, the
 * node's full reading on demand, and the liaison officer's actions (sign, revoke, export).
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { useApp } from '../context.ts';
import { formatDate } from '../format.ts';
import { scopeSentence, joinList, type ScopeNames } from './scope.ts';
import type { AgreementItem } from './types.ts';

export interface CardProps {
  a: AgreementItem;
  selfId: string | null;
  names: ScopeNames;
  onChanged: (a: AgreementItem, message: string) => void;
}

const ENDED = new Set(['revoked', 'expired', 'superseded']);

/** Offers `data` as a JSON file download (no navigation, no inline script). */
function download(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AgreementCard({ a, selfId, names, onChanged }: CardProps) {
  const { api, t, locale, notify } = useApp();
  const [text, setText] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = a.document;
  const path = `/api/v1/agreements/${encodeURIComponent(d.id)}`;
  const mayAct = selfId !== null && d.parties.includes(selfId);
  const canSign = mayAct && a.state === 'awaiting_signatures' && a.status.missing.includes(selfId);
  const canRevoke =
    mayAct && !ENDED.has(a.state) && !a.revocations.some((r) => r.node_id === selfId) && !a.status.revoked;

  const act = async (run: () => Promise<AgreementItem>, message: (a: AgreementItem) => string) => {
    setBusy(true);
    setError(null);
    try {
      const next = await run();
      onChanged(next, message(next));
      setText(null);
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network'));
    } finally {
      setBusy(false);
    }
  };
  const sign = () =>
    act(
      () => api.post<AgreementItem>(`${path}/sign`, { version: d.version }),
      (n) => t('partners.agreements.signed', { title: n.document.title }),
    );
  const revoke = () => {
    const reason = prompt(t('partners.agreements.revoke_reason'));
    if (reason === null) return;
    void act(
      () =>
        api.post<AgreementItem>(`${path}/revoke`, {
          version: d.version,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        }),
      (n) => t('partners.agreements.revoked', { title: n.document.title }),
    );
  };
  const exportFile = async () => {
    try {
      download(
        `agreement-${d.id}-v${d.version}.json`,
        await api.get<unknown>(`${path}/export`, { version: d.version }),
      );
    } catch (err) {
      notify(err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network'));
    }
  };
  const toggleText = async (open: boolean) => {
    if (!open || text) return;
    try {
      setText((await api.get<AgreementItem>(path, { version: d.version })).explanation ?? []);
    } catch {
      setText([t('common.error.network')]);
    }
  };

  return (
    <article class={`agreement-card state-${a.state}`} data-agreement={d.id} aria-labelledby={`ag-${d.id}`}>
      <header>
        <h3 id={`ag-${d.id}`}>{d.title}</h3>
        <p>
          <span class={`state-badge ${a.state}`} data-testid="agreement-state">
            {t(`partners.state.${a.state}`)}
          </span>{' '}
          <span class="muted">{t('partners.agreements.version', { version: d.version })}</span>
        </p>
      </header>
      <p class="scope-sentence" data-testid="scope-sentence">
        {scopeSentence(locale, d, names)}
      </p>
      <dl class="fields">
        <dt>{t('partners.agreements.parties')}</dt>
        <dd>{joinList(locale, d.parties.map(names.node))}</dd>
        <dt>{t('partners.agreements.period')}</dt>
        <dd>
          {t('partners.agreements.period_value', {
            start: formatDate(locale, d.start),
            expiry: formatDate(locale, d.expiry),
          })}
        </dd>
        <dt>{t('partners.agreements.signatures')}</dt>
        <dd>
          {[
            a.status.signed_by.length
              ? t('partners.agreements.signed_by', {
                  names: joinList(locale, a.status.signed_by.map(names.node)),
                })
              : '',
            a.status.missing.length
              ? t('partners.agreements.missing', {
                  names: joinList(locale, a.status.missing.map(names.node)),
                })
              : '',
          ]
            .filter(Boolean)
            .join(' ; ')}
        </dd>
      </dl>
      <details onToggle={(e) => void toggleText(e.currentTarget.open)}>
        <summary>{t('partners.agreements.details')}</summary>
        {text ? (
          <pre class="agreement-text">{text.join('\n')}</pre>
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )}
      </details>
      {error && (
        <p class="notice warn" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {canSign && (
          <button type="button" class="primary" disabled={busy} onClick={() => void sign()}>
            {t('partners.agreements.sign')}
          </button>
        )}
        <button type="button" class="ghost" onClick={() => void exportFile()}>
          {t('partners.agreements.export')}
        </button>
        {canRevoke && (
          <button type="button" class="danger" disabled={busy} onClick={revoke}>
            {t('partners.agreements.revoke')}
          </button>
        )}
      </div>
    </article>
  );
}
