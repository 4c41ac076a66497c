/**
 * Partners and agreements (issue 6 §6). Administrators see each partner node's link status
 * (GET /api/v1/peers/status); liaison officers see the agreements with their scope in plain
 * language, propose, import, sign and revoke them, and read the reciprocity chart
 * (GET /api/v1/reciprocity). A user holding both roles sees both. Refreshed when records change.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { useApp } from '../context.ts';
import { useBasemap } from '../ui/use-basemap.ts';
import { AgreementCard } from '../partners/agreement-card.tsx';
import { PeerStatusTable } from '../partners/peer-status.tsx';
import { ProposeForm } from '../partners/propose-form.tsx';
import { ReciprocityChart } from '../partners/reciprocity-chart.tsx';
import type { ScopeNames } from '../partners/scope.ts';
import type { AgreementItem, NodeCard, PeerStatus, Reciprocity } from '../partners/types.ts';

export function Partners() {
  const { api, t, can, live, notify } = useApp();
  const liaison = can('agreements.manage');
  const admin = can('peers.manage');
  const basemap = useBasemap();
  const [self, setSelf] = useState<NodeCard | null>(null);
  const [status, setStatus] = useState<PeerStatus[] | null>(null);
  const [agreements, setAgreements] = useState<AgreementItem[] | null>(null);
  const [recip, setRecip] = useState<Reciprocity | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const fail = (err: unknown) =>
      !cancelled &&
      setError(err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network'));
    api.get<NodeCard>('/api/v1/node').then((n) => !cancelled && setSelf(n), fail);
    if (admin)
      api
        .get<{ peers: PeerStatus[] }>('/api/v1/peers/status')
        .then((r) => !cancelled && setStatus(r.peers), fail);
    if (liaison) {
      api
        .get<{ agreements: AgreementItem[] }>('/api/v1/agreements')
        .then((r) => !cancelled && setAgreements(r.agreements), fail);
      api.get<Reciprocity>('/api/v1/reciprocity').then((r) => !cancelled && setRecip(r), fail);
    }
    return () => {
      cancelled = true;
    };
  }, [tick]);

  // Records moving change backlogs and reciprocity: refresh, at most every few seconds.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = live.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setTick((n) => n + 1);
      }, 3000);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);

  const names: ScopeNames = useMemo(() => {
    const nodes = new Map<string, string>();
    for (const p of status ?? []) nodes.set(p.node_id, `${p.name} (${p.country})`);
    for (const p of recip?.peers ?? []) nodes.set(p.peerId, `${p.name} (${p.country})`);
    const areas = new Map(
      (basemap?.admin1.features ?? []).map((f) => [f.properties.code, f.properties.name]),
    );
    return {
      node: (id) =>
        id === self?.node_id
          ? t('partners.this_node', { name: `${self.organisation} (${self.country})` })
          : (nodes.get(id) ?? t('partners.unknown_node', { id: id.slice(0, 8) })),
      area: (code) => areas.get(code) ?? code,
    };
  }, [status, recip, self, basemap, t]);

  const replace = (a: AgreementItem, message?: string) => {
    setAgreements((list) => [a, ...(list ?? []).filter((x) => x.document.id !== a.document.id)]);
    if (message) notify(message);
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      notify(t('partners.agreements.bad_file'));
      return;
    }
    try {
      const a = await api.post<AgreementItem>('/api/v1/agreements/import', json);
      replace(a, t('partners.agreements.imported', { title: a.document.title }));
    } catch (err) {
      notify(err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network'));
    }
  };

  const partners = (recip?.peers ?? []).map((p) => ({ id: p.peerId, name: `${p.name} (${p.country})` }));
  return (
    <section class="page partners-page" aria-labelledby="partners-title">
      <h1 id="partners-title">{t('partners.title')}</h1>
      <p class="muted">{t('partners.intro')}</p>
      {error && (
        <p class="notice warn" role="alert">
          {error}
        </p>
      )}
      {admin &&
        (status ? (
          <PeerStatusTable peers={status} onRefresh={() => setTick((n) => n + 1)} />
        ) : (
          <p class="muted">{t('common.loading')}</p>
        ))}
      {liaison && (
        <div class="partners-columns">
          <section class="agreements" aria-labelledby="ag-title">
            <div class="section-head">
              <h2 id="ag-title">{t('partners.agreements.title')}</h2>
              <label class="button ghost file-button">
                {t('partners.agreements.import')}
                <input
                  type="file"
                  accept="application/json,.json"
                  class="sr-only"
                  onChange={(e) => {
                    const input = e.target as HTMLInputElement;
                    void importFile(input.files?.[0]).finally(() => (input.value = ''));
                  }}
                />
              </label>
            </div>
            {agreements === null ? (
              <p class="muted">{t('common.loading')}</p>
            ) : agreements.length === 0 ? (
              <p class="muted">{t('partners.agreements.none')}</p>
            ) : (
              agreements.map((a) => (
                <AgreementCard
                  key={`${a.document.id}:${a.document.version}:${a.state}`}
                  a={a}
                  selfId={self?.node_id ?? null}
                  names={names}
                  onChanged={replace}
                />
              ))
            )}
          </section>
          <div class="partners-side">
            {recip && recip.peers.length > 0 && <ReciprocityChart data={recip} />}
            {self && recip && (
              <ProposeForm
                selfId={self.node_id}
                partners={partners}
                names={names}
                onProposed={(a) => replace(a)}
              />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
