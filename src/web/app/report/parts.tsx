/** Two parts of the report form: a casualty count cell, and the known-actor search. */
import { useEffect, useState } from 'preact/hooks';
import type { RecordPage } from '../api.ts';
import type { CasualtyCategory } from '../constants.ts';
import { useApp } from '../context.ts';
import { described, Field } from '../ui/field.tsx';
import type { FieldKey, ReportForm } from './model.ts';

export function CasualtyCell({
  form,
  which,
  k,
  error,
  update,
}: {
  form: ReportForm;
  which: 'fatalities' | 'injured';
  k: CasualtyCategory;
  error: string | undefined;
  update: (patch: Partial<ReportForm>, fields?: FieldKey[]) => void;
}) {
  const id = which === 'fatalities' ? `r-fat-${k}` : `r-inj-${k}`;
  return (
    <td class={error ? 'has-error' : undefined}>
      <input
        id={id}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={form[which][k]}
        aria-labelledby={`row-${k} ${which === 'fatalities' ? 'col-fat' : 'col-inj'}`}
        onInput={(e) =>
          update({ [which]: { ...form[which], [k]: e.currentTarget.value } }, [`${which}.${k}`])
        }
        {...described(id, undefined, error)}
      />
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </td>
  );
}

export function Actors({
  form,
  update,
  error,
}: {
  form: ReportForm;
  update: (patch: Partial<ReportForm>, fields?: FieldKey[]) => void;
  error: string | undefined;
}) {
  const { api, t } = useApp();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<{ id: string; name: string }[] | null>(null);
  useEffect(() => {
    if (q.trim().length < 2) {
      setResults(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      api
        .get<RecordPage>('/api/v1/objects', {
          type: 'threat-actor,intrusion-set,identity',
          q: q.trim(),
          limit: 8,
        })
        .then(
          (page) =>
            !cancelled &&
            setResults(
              page.items.map((i) => ({ id: i.object.id, name: String(i.object.name ?? i.object.id) })),
            ),
        )
        .catch(() => !cancelled && setResults([]));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q]);
  const chosen = new Set(form.actors.map((a) => a.id));
  return (
    <Field id="r-actor-q" label={t('report.actors')} hint={t('report.actors_hint')} error={error}>
      {form.actors.length > 0 && (
        <ul class="chips">
          {form.actors.map((a) => (
            <li key={a.id}>
              {a.name}{' '}
              <button
                type="button"
                class="ghost"
                aria-label={t('report.actor_remove', { name: a.name })}
                onClick={() => update({ actors: form.actors.filter((x) => x.id !== a.id) }, ['actors'])}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id="r-actor-q"
        type="search"
        value={q}
        placeholder={t('report.actors_search')}
        aria-label={t('report.actors_search')}
        onInput={(e) => setQ(e.currentTarget.value)}
        {...described('r-actor-q', t('report.actors_hint'), error)}
      />
      {results !== null && (
        <ul class="actor-results" aria-live="polite">
          {results.filter((r) => !chosen.has(r.id)).length === 0 && (
            <li class="muted">{t('report.actors_none')}</li>
          )}
          {results
            .filter((r) => !chosen.has(r.id))
            .map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  class="link-button"
                  onClick={() => {
                    update({ actors: [...form.actors, r] }, ['actors']);
                    setQ('');
                  }}
                >
                  {t('report.actor_add', { name: r.name })}
                </button>
              </li>
            ))}
        </ul>
      )}
    </Field>
  );
}
