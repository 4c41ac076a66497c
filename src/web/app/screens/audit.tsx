/**
 * The audit trail for the auditor role: searchable entries (GET /api/v1/audit) and the hash
 * chain's verification with a clear result (GET /api/v1/audit/verify, src/audit/audit.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { useApp } from '../context.ts';
import { formatDateTime, formatNumber } from '../format.ts';

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'success' | 'denied' | 'failure';
  details: Record<string, unknown> | null;
}
type Verify =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; firstBadSeq: number; reason: string };

interface Query {
  q: string;
  action: string;
  actor: string;
  outcome: string;
  from: string;
  to: string;
}
const EMPTY: Query = { q: '', action: '', actor: '', outcome: '', from: '', to: '' };

export function Audit() {
  const { api, t, locale, can } = useApp();
  const [draft, setDraft] = useState<Query>(EMPTY);
  const [query, setQuery] = useState<Query>(EMPTY);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [users, setUsers] = useState<Map<string, string>>(new Map());

  const params = (q: Query, cursor?: string) => ({
    q: q.q || undefined,
    action: q.action || undefined,
    actor: q.actor || undefined,
    outcome: q.outcome || undefined,
    from: q.from ? new Date(`${q.from}T00:00:00`).toISOString() : undefined,
    to: q.to ? new Date(`${q.to}T23:59:59`).toISOString() : undefined,
    limit: 50,
    cursor,
  });

  const load = async (q: Query, cursor?: string) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.get<{ items: Entry[]; next: string | null }>('/api/v1/audit', params(q, cursor));
      setEntries((prev) => (cursor ? [...prev, ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network'));
    } finally {
      setLoading(false);
    }
  };

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.get<Verify>('/api/v1/audit/verify'));
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network'));
    } finally {
      setVerifying(false);
    }
  };

  useEffect(() => {
    void load(query);
  }, [query, locale]);
  useEffect(() => {
    void runVerify();
    if (can('users.manage')) {
      void api
        .get<{ users: { id: string; username: string }[] }>('/api/v1/users')
        .then((r) => setUsers(new Map(r.users.map((u) => [`user:${u.id}`, u.username]))))
        .catch(() => undefined);
    }
  }, []);

  const actor = (a: string) => (users.has(a) ? `${users.get(a)} (${a.slice(0, 13)}…)` : a);
  const field = (key: keyof Query, label: string, type = 'text') => (
    <div class="filter">
      <label for={`au-${key}`}>{label}</label>
      <input
        id={`au-${key}`}
        type={type}
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </div>
  );

  return (
    <section class="page audit" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p class="muted">{t('audit.intro')}</p>
      <div class="verify">
        <button type="button" onClick={() => void runVerify()} disabled={verifying}>
          {verifying ? t('audit.verifying') : t('audit.verify')}
        </button>
        {verify && (
          <p class={`notice ${verify.ok ? 'ok' : 'danger'}`} role="status" data-testid="audit-verify">
            <strong aria-hidden="true">{verify.ok ? '✔ ' : '✖ '}</strong>
            {verify.ok
              ? t('audit.ok', {
                  count: formatNumber(locale, verify.count),
                  hash: `${verify.headHash.slice(0, 16)}…`,
                })
              : t('audit.broken', {
                  seq: verify.firstBadSeq,
                  count: formatNumber(locale, verify.count),
                  reason: t(`audit.reason.${verify.reason as 'hash_mismatch'}`),
                })}
          </p>
        )}
      </div>
      <form
        class="filters inline-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(draft);
        }}
      >
        {field('q', t('audit.q'), 'search')}
        {field('action', t('audit.action'))}
        {field('actor', t('audit.actor'))}
        <div class="filter">
          <label for="au-outcome">{t('audit.outcome')}</label>
          <select
            id="au-outcome"
            value={draft.outcome}
            onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.value })}
          >
            <option value="">{t('common.all')}</option>
            <option value="success">{t('outcome.success')}</option>
            <option value="denied">{t('outcome.denied')}</option>
            <option value="failure">{t('outcome.failure')}</option>
          </select>
        </div>
        {field('from', t('audit.from'), 'date')}
        {field('to', t('audit.to'), 'date')}
        <div class="filter">
          <button type="submit" class="primary">
            {t('common.search')}
          </button>
        </div>
      </form>
      {error && <p class="notice warn">{error}</p>}
      <div class="table-scroll">
        <table class="audit-table">
          <caption class="sr-only">{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.seq')}</th>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.outcome')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} class={`outcome-${e.outcome}`}>
                <td>{e.seq}</td>
                <td>{formatDateTime(locale, e.at)}</td>
                <td class="mono">{actor(e.actor)}</td>
                <td>{e.action}</td>
                <td class="mono">{e.target ?? '—'}</td>
                <td>{t(`outcome.${e.outcome}`)}</td>
                <td class="mono details">{e.details ? JSON.stringify(e.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && entries.length === 0 && <p class="muted">{t('audit.empty')}</p>}
      {loading && <p class="muted">{t('common.loading')}</p>}
      {next && !loading && (
        <button type="button" onClick={() => void load(query, next)}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
