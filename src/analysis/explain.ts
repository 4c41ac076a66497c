/** Renders a link's explanation (a message code and its parameters) in French or English. */
import { t, type Locale } from '../i18n/i18n.ts';
import { EVENT_TYPE_LABELS, isEventType } from '../objects/taxonomy.ts';
import './messages.ts';

/** Parameters that hold codes are shown with their labels: event types, identifier kinds, actor names. */
export function explain(locale: Locale, code: string, params: Readonly<Record<string, unknown>>): string {
  const shown: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    if ((k === 'type_a' || k === 'type_b') && typeof v === 'string' && isEventType(v))
      shown[k] = EVENT_TYPE_LABELS[v][locale];
    else if (k === 'identifier' && typeof v === 'string') shown[k] = t(locale, `analysis.identifier.${v}`);
    else shown[k] = locale === 'fr' && typeof v === 'number' ? String(v).replace('.', ',') : v;
  }
  if (typeof params.actor_name === 'string' && params.actor_name) shown.actor = params.actor_name;
  return t(locale, code, shown);
}
