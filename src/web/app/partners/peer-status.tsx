/** Each partner node's link (admin): connected, backlog, oldest unacknowledged, last acknowledgement, last error. */
import { useApp } from '../context.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { countryName } from '../i18n.ts';
import type { PeerStatus } from './types.ts';

export function PeerStatusTable({ peers, onRefresh }: { peers: PeerStatus[]; onRefresh: () => void }) {
  const { t, locale } = useApp();
  const error = (code: string) =>
    code === 'unreachable' || code === 'malformed'
      ? t(`partners.error.${code}`)
      : t('partners.error.other', { code });
  return (
    <section class="partners-status" aria-labelledby="ps-title">
      <div class="section-head">
        <h2 id="ps-title">{t('partners.status.title')}</h2>
        <button type="button" class="ghost" onClick={onRefresh}>
          {t('partners.status.refresh')}
        </button>
      </div>
      {peers.length === 0 ? (
        <p class="muted">{t('partners.status.none')}</p>
      ) : (
        <div class="grid-scroll">
          <table class="peer-table">
            <caption class="sr-only">{t('partners.status.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('partners.status.partner')}</th>
                <th scope="col">{t('partners.status.link')}</th>
                <th scope="col">{t('partners.status.backlog')}</th>
                <th scope="col">{t('partners.status.oldest')}</th>
                <th scope="col">{t('partners.status.last_ack')}</th>
                <th scope="col">{t('partners.status.last_contact')}</th>
                <th scope="col">{t('partners.status.last_error')}</th>
              </tr>
            </thead>
            <tbody>
              {peers.map((p) => (
                <tr key={p.node_id} data-peer={p.node_id}>
                  <th scope="row">
                    {p.name} <span class="muted">({countryName(locale, p.country)})</span>
                  </th>
                  <td>
                    <span
                      class={`link-state ${p.connected ? 'up' : p.last_attempt_at ? 'down' : 'never'}`}
                      data-testid="peer-link"
                    >
                      {p.connected
                        ? t('partners.status.connected')
                        : p.last_attempt_at
                          ? t('partners.status.disconnected')
                          : t('partners.status.never')}
                    </span>
                  </td>
                  <td class="num">{formatNumber(locale, p.backlog)}</td>
                  <td>{p.oldest_unacknowledged ? formatDateTime(locale, p.oldest_unacknowledged) : '—'}</td>
                  <td data-testid="peer-last-ack">
                    {p.last_ack_at ? formatDateTime(locale, p.last_ack_at) : '—'}
                  </td>
                  <td>{p.last_success_at ? formatDateTime(locale, p.last_success_at) : '—'}</td>
                  <td class={p.last_error ? 'warn-text' : ''}>
                    {p.last_error
                      ? `${error(p.last_error)}${p.last_attempt_at ? ` — ${formatDateTime(locale, p.last_attempt_at)}` : ''}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
