/**
 * French and English for everything a person reads. Every module declares its own messages with
 * `defineMessages`; a message code is looked up in the caller's locale, falling back to French
 * (the partners' working language), then English.
 */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

export interface Message {
  fr: string;
  en: string;
}

const registry = new Map<string, Message>();

/** Registers a module's messages (code → {fr, en}) and returns them, typed, for local use. */
export function defineMessages<const M extends Record<string, Message>>(messages: M): M {
  for (const [code, m] of Object.entries(messages)) {
    const existing = registry.get(code);
    if (existing && (existing.fr !== m.fr || existing.en !== m.en)) {
      throw new Error(`message code defined twice with different texts: ${code}`);
    }
    registry.set(code, m);
  }
  return messages;
}

export type Params = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** The text of `code` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, code: string, params: Params = {}): string {
  const m = registry.get(code);
  const template = m ? m[locale] : code;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

export function hasMessage(code: string): boolean {
  return registry.has(code);
}

/** Every registered code (for tests that check both languages are present and distinct). */
export function allMessages(): ReadonlyMap<string, Message> {
  return registry;
}

/** Picks fr or en from an Accept-Language header (RFC 9110 §12.5.4), default French. */
export function negotiateLocale(acceptLanguage: string | undefined | null, fallback: Locale = 'fr'): Locale {
  if (!acceptLanguage) return fallback;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...attrs] = part.trim().split(';');
    const lang = tag.trim().toLowerCase().split('-')[0];
    const qAttr = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
    const q = qAttr ? Number(qAttr.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if ((lang === 'fr' || lang === 'en') && (!best || q > best.q)) best = { locale: lang, q };
  }
  return best?.locale ?? fallback;
}
