/**
 * Proposing a bilateral agreement (liaison): who, what, where, how coarse, how long; the scope
 * sentence updates as the form is filled. The node validates the document (problem+json with
 * JSON pointers) and signs it for this node.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { useApp } from '../context.ts';
import { countryName } from '../i18n.ts';
import { Field, described } from '../ui/field.tsx';
import { scopeSentence, type ScopeNames } from './scope.ts';
import type { AgreementDocument, AgreementItem } from './types.ts';

const TYPES = ['incident', 'threat-actor', 'identity', 'location', 'report', 'x-sentinelle-alert'] as const;
const COUNTRIES = ['BFA', 'MLI', 'NER', 'SEN'] as const;
const TLPS = ['clear', 'green', 'amber', 'amber+strict'] as const;
const COARSEN = ['', '0.01', '0.1', '0.5', 'admin1'] as const;

interface Draft {
  title: string;
  partner: string;
  types: string[];
  countries: string[];
  maxTlp: (typeof TLPS)[number];
  coords: (typeof COARSEN)[number];
  lastDays: string;
  start: string;
  expiry: string;
  retention: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The agreement document the form describes (without format, id and version: the node fills them). */
export function draftDocument(
  selfId: string,
  f: Draft,
): Omit<AgreementDocument, 'format' | 'id' | 'version'> {
  const days = Number(f.lastDays);
  return {
    title: f.title.trim(),
    parties: [selfId, f.partner],
    start: `${f.start}T00:00:00Z`,
    expiry: `${f.expiry}T00:00:00Z`,
    scope: {
      types: f.types as AgreementDocument['scope']['types'],
      max_tlp: f.maxTlp,
      rel_to_required: false,
      ...(f.countries.length ? { area: { countries: f.countries } } : {}),
      ...(f.lastDays.trim() && Number.isFinite(days) ? { time_window: { last_days: days } } : {}),
    },
    handling: { codes: ['H2'], onward_sharing: { consent: 'none' }, retention_days: Number(f.retention) },
    ...(f.coords
      ? {
          redaction: {
            coordinates:
              f.coords === 'admin1'
                ? { admin_level: 'admin1' as const }
                : { precision_deg: Number(f.coords) },
          },
        }
      : {}),
  };
}

/** Which field shows the message of a JSON pointer into the document. */
function fieldOf(pointer: string): string {
  if (pointer.startsWith('/parties')) return 'pa-partner';
  if (pointer.startsWith('/scope/types')) return 'pa-types';
  if (pointer.startsWith('/scope/area')) return 'pa-countries';
  if (pointer.startsWith('/scope/time_window')) return 'pa-days';
  if (pointer.startsWith('/handling/retention_days')) return 'pa-retention';
  const map: Record<string, string> = {
    '/title': 'pa-title',
    '/start': 'pa-start',
    '/expiry': 'pa-expiry',
    '/scope/max_tlp': 'pa-tlp',
  };
  return map[pointer] ?? (pointer.startsWith('/redaction') ? 'pa-coords' : '');
}

export function ProposeForm({
  selfId,
  partners,
  names,
  onProposed,
}: {
  selfId: string;
  partners: { id: string; name: string }[];
  names: ScopeNames;
  onProposed: (a: AgreementItem) => void;
}) {
  const { api, t, locale, notify } = useApp();
  const now = new Date();
  const [f, setF] = useState<Draft>({
    title: '',
    partner: partners[0]?.id ?? '',
    types: ['incident'],
    countries: [],
    maxTlp: 'amber',
    coords: '0.1',
    lastDays: '',
    start: day(now),
    expiry: day(new Date(now.getTime() + 365 * 86_400_000)),
    retention: '365',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setF((p) => ({ ...p, [k]: v }));
  const toggle = (k: 'types' | 'countries', v: string, on: boolean) =>
    setF((p) => ({ ...p, [k]: on ? [...p[k], v] : p[k].filter((x) => x !== v) }));

  if (partners.length === 0) return <p class="notice">{t('partners.propose.no_partner')}</p>;
  const doc = draftDocument(selfId, f);
  const preview = f.types.length
    ? scopeSentence(locale, { format: 'sentinelle-agreement/1', id: '', version: 1, ...doc }, names)
    : '';

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setOther([]);
    try {
      const a = await api.post<AgreementItem>('/api/v1/agreements', doc);
      notify(t('partners.propose.done', { title: a.document.title }));
      setF((p) => ({ ...p, title: '' }));
      onProposed(a);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        const byField: Record<string, string> = {};
        const rest: string[] = [];
        for (const pe of err.problem.errors) {
          const id = fieldOf(pe.pointer);
          if (id && !byField[id]) byField[id] = pe.detail;
          else if (!id) rest.push(`${pe.pointer || '/'} : ${pe.detail}`);
        }
        setErrors(byField);
        setOther(rest);
      } else
        setOther([err instanceof ApiError ? (err.problem.detail ?? err.message) : t('common.error.network')]);
    } finally {
      setBusy(false);
    }
  };

  const input = (id: string, hint?: string) => described(id, hint, errors[id]);
  return (
    <form class="propose-form" onSubmit={(e) => void submit(e)} aria-labelledby="pa-heading" noValidate>
      <h2 id="pa-heading">{t('partners.propose.title')}</h2>
      <p class="muted">{t('partners.propose.intro')}</p>
      {(Object.keys(errors).length > 0 || other.length > 0) && (
        <div class="notice warn" role="alert">
          <p>{t('partners.propose.errors')}</p>
          {other.length > 0 && (
            <ul>
              {other.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="form-grid">
        <Field
          id="pa-title"
          label={t('partners.propose.name')}
          required
          requiredText={t('common.required_mark')}
          error={errors['pa-title']}
        >
          <input
            id="pa-title"
            value={f.title}
            onInput={(e) => set('title', (e.target as HTMLInputElement).value)}
            {...input('pa-title')}
          />
        </Field>
        <Field id="pa-partner" label={t('partners.propose.partner')} error={errors['pa-partner']}>
          <select
            id="pa-partner"
            value={f.partner}
            onChange={(e) => set('partner', (e.target as HTMLSelectElement).value)}
            {...input('pa-partner')}
          >
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset id="pa-types" class={errors['pa-types'] ? 'has-error' : ''}>
          <legend>{t('partners.propose.types')}</legend>
          {TYPES.map((ty) => (
            <label key={ty} class="check">
              <input
                type="checkbox"
                checked={f.types.includes(ty)}
                onChange={(e) => toggle('types', ty, (e.target as HTMLInputElement).checked)}
              />{' '}
              {t(`scope.type.${ty}`)}
            </label>
          ))}
          {errors['pa-types'] && <p class="field-error">{errors['pa-types']}</p>}
        </fieldset>
        <fieldset id="pa-countries" aria-describedby="pa-countries-hint">
          <legend>{t('partners.propose.countries')}</legend>
          {COUNTRIES.map((c) => (
            <label key={c} class="check">
              <input
                type="checkbox"
                checked={f.countries.includes(c)}
                onChange={(e) => toggle('countries', c, (e.target as HTMLInputElement).checked)}
              />{' '}
              {countryName(locale, c)}
            </label>
          ))}
          <p id="pa-countries-hint" class="hint">
            {t('partners.propose.countries_hint')}
          </p>
          {errors['pa-countries'] && <p class="field-error">{errors['pa-countries']}</p>}
        </fieldset>
        <Field id="pa-tlp" label={t('partners.propose.max_tlp')} error={errors['pa-tlp']}>
          <select
            id="pa-tlp"
            value={f.maxTlp}
            onChange={(e) => set('maxTlp', (e.target as HTMLSelectElement).value as Draft['maxTlp'])}
            {...input('pa-tlp')}
          >
            {TLPS.map((x) => (
              <option key={x} value={x}>
                {t(`tlp.${x}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="pa-coords" label={t('partners.propose.coordinates')} error={errors['pa-coords']}>
          <select
            id="pa-coords"
            value={f.coords}
            onChange={(e) => set('coords', (e.target as HTMLSelectElement).value as Draft['coords'])}
            {...input('pa-coords')}
          >
            {COARSEN.map((c) => (
              <option key={c} value={c}>
                {c === ''
                  ? t('partners.propose.coords_exact')
                  : c === 'admin1'
                    ? t('partners.propose.coords_admin1')
                    : t('partners.propose.coords_deg', {
                        step: new Intl.NumberFormat(locale).format(Number(c)),
                      })}
              </option>
            ))}
          </select>
        </Field>
        <Field id="pa-days" label={t('partners.propose.last_days')} error={errors['pa-days']}>
          <input
            id="pa-days"
            type="number"
            min="1"
            inputMode="numeric"
            value={f.lastDays}
            onInput={(e) => set('lastDays', (e.target as HTMLInputElement).value)}
            {...input('pa-days')}
          />
        </Field>
        <Field id="pa-start" label={t('partners.propose.start')} error={errors['pa-start']}>
          <input
            id="pa-start"
            type="date"
            value={f.start}
            onInput={(e) => set('start', (e.target as HTMLInputElement).value)}
            {...input('pa-start')}
          />
        </Field>
        <Field id="pa-expiry" label={t('partners.propose.expiry')} error={errors['pa-expiry']}>
          <input
            id="pa-expiry"
            type="date"
            value={f.expiry}
            onInput={(e) => set('expiry', (e.target as HTMLInputElement).value)}
            {...input('pa-expiry')}
          />
        </Field>
        <Field id="pa-retention" label={t('partners.propose.retention')} error={errors['pa-retention']}>
          <input
            id="pa-retention"
            type="number"
            min="1"
            inputMode="numeric"
            value={f.retention}
            onInput={(e) => set('retention', (e.target as HTMLInputElement).value)}
            {...input('pa-retention')}
          />
        </Field>
      </div>
      {preview && (
        <p class="scope-preview" aria-live="polite">
          <strong>{t('partners.propose.preview')}</strong> {preview}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('partners.propose.submit')}
      </button>
    </form>
  );
}
