/** Protected sites and movements notified to this node (health centres, schools, humanitarian compounds and convoys, camps). */
import { useApp } from '../context.ts';
import { formatDate } from '../format.ts';
import type { MessageKey } from '../i18n.ts';
import { str, type OpItem } from './types.ts';

export function SiteList({ items }: { items: OpItem[] }) {
  const { t, locale } = useApp();
  if (!items.length) return <p class="muted">{t('ops.sites.empty')}</p>;
  return (
    <ul class="ops-sites" data-testid="ops-sites">
      {items.map(({ object: s }) => (
        <li>
          <strong>{str(s.name)}</strong> · {t(`ops.site.kind.${str(s.site_kind)}` as MessageKey)}
          {s.notified_by ? ` · ${str(s.notified_by)}` : ''}
          <br />
          <span class="muted">
            {t('ops.sites.valid', {
              from: formatDate(locale, str(s.valid_from)),
              to: formatDate(locale, str(s.valid_until)),
              hours: Number(s.notice_lead_hours ?? 0),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}
