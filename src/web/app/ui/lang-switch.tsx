/** FR | EN switch: two toggle buttons, the current one pressed. */
import { LOCALES, t, type Locale } from '../i18n.ts';

export function LangSwitch({ locale, onChange }: { locale: Locale; onChange: (l: Locale) => void }) {
  return (
    <div class="lang-switch" role="group" aria-label={t(locale, 'lang.label')}>
      {LOCALES.map((l) => (
        <button
          type="button"
          key={l}
          lang={l}
          aria-pressed={l === locale}
          title={t(locale, `lang.${l}`)}
          onClick={() => l !== locale && onChange(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
