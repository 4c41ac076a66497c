/**
 * Report (or edit) an incident in under two minutes: pick the place on the map or type it
 * (decimal or DMS), date and precision, type and sub-type from the taxonomy, casualties, known
 * actors, description, grading, TLP and releasability. The draft stays on the device across
 * reloads; without network the report waits in the outbox and leaves when the node answers.
 * The node's validation messages (problem+json errors[].pointer) appear beside their fields, in
 * the user's language — and are asked again in the new language when the user switches.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EVENT_SUBTYPES, EVENT_TYPES, isEventType } from '../../../objects/taxonomy.ts';
import { ApiError, NetworkError, type RecordItem, type RecordMeta, type StixObject } from '../api.ts';
import {
  CASUALTY_CATEGORIES,
  CREDIBILITY,
  PARTNER_COUNTRIES,
  SOURCE_RELIABILITY,
  TIME_PRECISIONS,
  TLP_LEVELS,
  type TimePrecision,
} from '../constants.ts';
import { useApp } from '../context.ts';
import { formatLatLon } from '../format.ts';
import { areaIndex } from '../geo/basemap.ts';
import { formatDms, parseCoordinate, splitPair } from '../geo/coords.ts';
import { countryName, eventTypeLabel, type Locale, type MessageKey } from '../i18n.ts';
import { IncidentMap } from '../map/incident-map.tsx';
import {
  clientErrors,
  emptyForm,
  fieldOfPointer,
  formFromIncident,
  newIdempotencyKey,
  toLocalInput,
  type FieldKey,
  type ReportForm,
} from '../report/model.ts';
import { Actors, CasualtyCell } from '../report/parts.tsx';
import { FieldError, sendReport } from '../report/send.ts';
import { navigate } from '../router.ts';
import { described, Field } from '../ui/field.tsx';
import { Link } from '../ui/link.tsx';
import { useBasemap } from '../ui/use-basemap.ts';

const PRECISIONS_M = ['100', '1000', '5000', '25000', '100000'] as const;

/** The element id of each field (focus on error, aria-describedby). */
function fieldId(f: FieldKey): string {
  if (f.startsWith('fatalities.')) return `r-fat-${f.slice(11)}`;
  if (f.startsWith('injured.')) return `r-inj-${f.slice(8)}`;
  const ids: Partial<Record<FieldKey, string>> = {
    name: 'r-name',
    eventType: 'r-event-type',
    eventSubtype: 'r-event-subtype',
    lat: 'r-lat',
    lon: 'r-lon',
    precisionM: 'r-precision',
    country: 'r-country',
    admin1: 'r-country',
    occurredAt: 'r-occurred',
    timePrecision: 'r-time-precision',
    actors: 'r-actor-q',
    description: 'r-description',
    lang: 'r-lang',
    reliability: 'r-reliability',
    credibility: 'r-credibility',
    tlp: 'r-tlp-amber',
    relTo: 'r-relto-BFA',
    flash: 'r-flash',
  };
  return ids[f] ?? 'r-name';
}

const random = (b: Uint8Array) => crypto.getRandomValues(b);
const hasContent = (f: ReportForm) => Boolean(f.name || f.lat || f.description || f.eventType);

interface Errors {
  /** Messages from the node, already in the user's language. */
  server: Partial<Record<FieldKey, string>>;
  /** Messages found by the browser (translated at display). */
  local: Partial<Record<FieldKey, MessageKey>>;
  other: { pointer: string; detail: string }[];
}
const NO_ERRORS: Errors = { server: {}, local: {}, other: [] };

export function Report({ editId }: { editId?: string }) {
  const { api, t, locale, drafts, notify, flushOutbox } = useApp();
  const basemap = useBasemap();
  const areas = useMemo(() => (basemap ? areaIndex(basemap.admin1) : null), [basemap]);
  const [form, setForm] = useState<ReportForm | null>(null);
  const [previous, setPrevious] = useState<{ object: StixObject; meta: RecordMeta } | null>(null);
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [status, setStatus] = useState<'idle' | 'sending' | 'queued' | 'sent'>('idle');
  const [sent, setSent] = useState<{ id: string; name: string } | null>(null);
  const [restored, setRestored] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setErrors(NO_ERRORS);
    setStatus('idle');
    if (editId) {
      void (async () => {
        try {
          const item = await api.get<RecordItem>(`/api/v1/objects/${encodeURIComponent(editId)}`);
          const refs =
            (item.object.extensions as Record<string, { actor_refs?: string[] }> | undefined) ?? {};
          const actorRefs = Object.values(refs).flatMap((e) => e.actor_refs ?? []);
          const names = new Map(
            await Promise.all(
              actorRefs.map((r) =>
                api
                  .get<RecordItem>(`/api/v1/objects/${encodeURIComponent(r)}`)
                  .then((x) => [r, String(x.object.name ?? r)] as const)
                  .catch(() => [r, r] as const),
              ),
            ),
          );
          setPrevious({ object: item.object, meta: item.meta });
          setForm(formFromIncident(item.object, item.meta, names));
        } catch (err) {
          setLoadError(err instanceof Error ? err.message : String(err));
        }
      })();
    } else {
      const draft = drafts.loadDraft();
      setPrevious(null);
      setRestored(draft !== null && hasContent(draft));
      setForm(draft ?? emptyForm(newIdempotencyKey(random), locale, new Date()));
    }
  }, [editId]);

  // The draft follows every keystroke (new reports only; an edit is not a draft).
  useEffect(() => {
    if (form && !editId) drafts.saveDraft(form);
  }, [form]);

  // Switching language re-asks the node for its messages, in the new language.
  const firstLocale = useRef(locale);
  useEffect(() => {
    if (locale === firstLocale.current) return;
    firstLocale.current = locale;
    if (Object.keys(errors.server).length || errors.other.length) void submit(true);
  }, [locale]);

  if (loadError) return <p class="page-message">{loadError}</p>;
  if (!form) return <p class="page-message">{t('common.loading')}</p>;

  const update = (patch: Partial<ReportForm>, fields: FieldKey[] = Object.keys(patch) as FieldKey[]) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setStatus('idle');
    setErrors((e) => {
      const server = { ...e.server };
      const local = { ...e.local };
      for (const k of fields) {
        delete server[k];
        delete local[k];
      }
      return { ...e, server, local };
    });
  };

  /** New coordinates: fill in the country and area from the offline boundaries. */
  const place = (latText: string, lonText: string) => {
    const lat = parseCoordinate(latText, 'lat');
    const lon = parseCoordinate(lonText, 'lon');
    const hit = lat.ok && lon.ok && areas ? areas.locate(lat.value, lon.value) : null;
    update(
      hit
        ? { lat: latText, lon: lonText, country: hit.country, admin1: hit.admin1, admin2: hit.admin2 ?? '' }
        : { lat: latText, lon: lonText, admin1: '', admin2: '' },
      ['lat', 'lon', 'country', 'admin1'],
    );
  };

  const submit = async (quiet = false) => {
    const local = clientErrors(form);
    if (Object.keys(local).length) {
      setErrors({ server: {}, local, other: [] });
      document.getElementById(fieldId(Object.keys(local)[0] as FieldKey))?.focus();
      return;
    }
    setStatus('sending');
    try {
      const obj = await sendReport(api, form, previous ?? undefined);
      const name = String(obj.name ?? form.name);
      setErrors(NO_ERRORS);
      setSent({ id: obj.id, name });
      setStatus('sent');
      notify(t('report.sent', { name }));
      if (editId) {
        navigate(`/incidents/${encodeURIComponent(obj.id)}`);
      } else {
        drafts.clearDraft();
        setRestored(false);
        setForm(emptyForm(newIdempotencyKey(random), locale, new Date(), form.country));
      }
    } catch (err) {
      setStatus('idle');
      if (err instanceof NetworkError) {
        if (quiet) return;
        if (!editId) {
          drafts.enqueue(form, new Date());
          drafts.clearDraft();
          setForm(emptyForm(newIdempotencyKey(random), locale, new Date(), form.country));
          setStatus('queued');
          flushOutbox();
        } else setErrors({ ...NO_ERRORS, other: [{ pointer: '', detail: t('common.error.network') }] });
        return;
      }
      if (err instanceof FieldError) {
        setErrors({ server: {}, local: { [err.field]: err.messageKey }, other: [] });
      } else if (err instanceof ApiError) {
        const server: Partial<Record<FieldKey, string>> = {};
        const other: Errors['other'] = [];
        for (const e of err.problem.errors ?? []) {
          const field = fieldOfPointer(e.pointer);
          if (field && !server[field]) server[field] = e.detail;
          else if (!field) other.push({ pointer: e.pointer, detail: e.detail });
        }
        if (!err.problem.errors?.length)
          other.push({ pointer: '', detail: err.problem.detail ?? err.message });
        setErrors({ server, local: {}, other });
      } else throw err;
      if (!quiet) setTimeout(() => summaryRef.current?.focus(), 0);
    }
  };

  const err = (f: FieldKey): string | undefined =>
    errors.server[f] ?? (errors.local[f] ? t(errors.local[f]) : undefined);
  const errorFields = [
    ...new Set([...Object.keys(errors.server), ...Object.keys(errors.local)]),
  ] as FieldKey[];
  const lat = parseCoordinate(form.lat, 'lat');
  const lon = parseCoordinate(form.lon, 'lon');
  const pick =
    lat.ok && lon.ok && Math.abs(lat.value) <= 90 && Math.abs(lon.value) <= 180
      ? { lat: lat.value, lon: lon.value }
      : null;
  const subtypes = isEventType(form.eventType) ? Object.keys(EVENT_SUBTYPES[form.eventType]) : [];
  const otherCountries = basemap
    ? basemap.countries.features
        .map((f) => f.properties.iso3)
        .filter((c): c is string => c !== null && !(PARTNER_COUNTRIES as readonly string[]).includes(c))
        .sort((a, b) => countryName(locale, a).localeCompare(countryName(locale, b), locale))
    : [];
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const req = t('common.required_mark');

  return (
    <div class="report">
      <form
        class="report-form"
        noValidate
        aria-labelledby="report-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1 id="report-title">{editId ? t('report.edit_title') : t('report.title')}</h1>
        <p class="muted">{t('report.intro')}</p>
        {restored && <p class="notice">{t('report.draft_restored')}</p>}
        {status === 'queued' && (
          <p class="notice warn" role="status">
            {t('report.queued')}
          </p>
        )}
        {status === 'sent' && sent && !editId && (
          <p class="notice ok" role="status">
            {t('report.sent', { name: sent.name })} —{' '}
            <Link href={`/incidents/${encodeURIComponent(sent.id)}`}>{t('report.view')}</Link>
          </p>
        )}
        {(errorFields.length > 0 || errors.other.length > 0) && (
          <div class="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
            <p>{t('report.errors')}</p>
            <ul>
              {errorFields.map((f) => (
                <li key={f}>
                  <a
                    href={`#${fieldId(f)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      document.getElementById(fieldId(f))?.focus();
                    }}
                  >
                    {err(f)}
                  </a>
                </li>
              ))}
              {errors.other.map((o, i) => (
                <li key={`o${i}`}>
                  {o.pointer && <code>{o.pointer}</code>} {o.detail}
                </li>
              ))}
            </ul>
          </div>
        )}

        <fieldset>
          <legend>{t('report.section.what')}</legend>
          <Field id="r-name" label={t('report.name')} required requiredText={req} error={err('name')}>
            <input
              id="r-name"
              value={form.name}
              maxLength={250}
              placeholder={t('report.name_placeholder')}
              onInput={(e) => update({ name: e.currentTarget.value })}
              {...described('r-name', undefined, err('name'))}
            />
          </Field>
          <div class="row">
            <Field
              id="r-event-type"
              label={t('report.event_type')}
              required
              requiredText={req}
              error={err('eventType')}
            >
              <select
                id="r-event-type"
                value={form.eventType}
                onChange={(e) =>
                  update({ eventType: e.currentTarget.value, eventSubtype: '' }, [
                    'eventType',
                    'eventSubtype',
                  ])
                }
                {...described('r-event-type', undefined, err('eventType'))}
              >
                <option value="">{t('report.choose')}</option>
                {EVENT_TYPES.map((ty) => (
                  <option key={ty} value={ty}>
                    {eventTypeLabel(locale, ty)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="r-event-subtype" label={t('report.event_subtype')} error={err('eventSubtype')}>
              <select
                id="r-event-subtype"
                value={form.eventSubtype}
                disabled={subtypes.length === 0}
                onChange={(e) => update({ eventSubtype: e.currentTarget.value })}
                {...described('r-event-subtype', undefined, err('eventSubtype'))}
              >
                <option value="">{t('report.choose')}</option>
                {subtypes.map((s) => (
                  <option key={s} value={s}>
                    {eventTypeLabel(locale, form.eventType, s)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <label class="check">
            <input
              id="r-flash"
              type="checkbox"
              checked={form.flash}
              onChange={(e) => update({ flash: e.currentTarget.checked })}
              aria-describedby="r-flash-hint"
            />{' '}
            {t('report.flash')}
          </label>
          <p id="r-flash-hint" class="hint">
            {t('report.flash_hint')}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('report.section.where')}</legend>
          <p class="hint">{t('report.pick_hint')}</p>
          <div class="row">
            <Field id="r-lat" label={t('report.lat')} hint={t('report.coords_hint')} error={err('lat')}>
              <input
                id="r-lat"
                value={form.lat}
                inputMode="decimal"
                autocomplete="off"
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  const pair = splitPair(v);
                  if (pair) place(pair[0], pair[1]);
                  else place(v, form.lon);
                }}
                {...described('r-lat', t('report.coords_hint'), err('lat'))}
              />
            </Field>
            <Field id="r-lon" label={t('report.lon')} error={err('lon')}>
              <input
                id="r-lon"
                value={form.lon}
                inputMode="decimal"
                autocomplete="off"
                onInput={(e) => place(form.lat, e.currentTarget.value)}
                {...described('r-lon', undefined, err('lon'))}
              />
            </Field>
          </div>
          {lat.ok && lon.ok && (
            <p class="coords-echo" aria-live="polite">
              {formatLatLon(locale, lat.value, lon.value)} · {formatDms(lat.value, 'lat', locale)}{' '}
              {formatDms(lon.value, 'lon', locale)}
            </p>
          )}
          <div class="row">
            <Field id="r-precision" label={t('report.precision_m')} error={err('precisionM')}>
              <select
                id="r-precision"
                value={form.precisionM}
                onChange={(e) => update({ precisionM: e.currentTarget.value })}
              >
                {PRECISIONS_M.map((p) => (
                  <option key={p} value={p}>
                    {t(`precision_m.${p}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id="r-country"
              label={t('report.country')}
              required
              requiredText={req}
              error={err('country') ?? err('admin1')}
            >
              <select
                id="r-country"
                value={form.country}
                onChange={(e) =>
                  update({ country: e.currentTarget.value, admin1: '', admin2: '' }, ['country', 'admin1'])
                }
                {...described('r-country', undefined, err('country') ?? err('admin1'))}
              >
                <option value="">{t('report.choose')}</option>
                {[...PARTNER_COUNTRIES, ...otherCountries].map((c) => (
                  <option key={c} value={c}>
                    {countryName(locale, c)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <p class="area" data-testid="report-area">
            {t('report.area')} :{' '}
            {form.admin1 ? [form.admin2, form.admin1].filter(Boolean).join(', ') : t('report.area_none')}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('report.section.when')}</legend>
          <div class="row">
            <Field
              id="r-occurred"
              label={t('report.occurred_at')}
              required
              requiredText={req}
              hint={t('report.time_hint', { zone })}
              error={err('occurredAt')}
            >
              <div class="inline">
                <input
                  id="r-occurred"
                  type="datetime-local"
                  value={form.occurredAt}
                  onInput={(e) => update({ occurredAt: e.currentTarget.value })}
                  {...described('r-occurred', t('report.time_hint', { zone }), err('occurredAt'))}
                />
                <button type="button" onClick={() => update({ occurredAt: toLocalInput(new Date()) })}>
                  {t('report.now')}
                </button>
              </div>
            </Field>
            <Field id="r-time-precision" label={t('report.time_precision')} error={err('timePrecision')}>
              <select
                id="r-time-precision"
                value={form.timePrecision}
                onChange={(e) => update({ timePrecision: e.currentTarget.value as TimePrecision })}
              >
                {TIME_PRECISIONS.map((p) => (
                  <option key={p} value={p}>
                    {t(`precision.${p}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('report.section.who')}</legend>
          <table class="casualty-input">
            <caption>{t('report.casualty_table')}</caption>
            <thead>
              <tr>
                <td />
                <th scope="col" id="col-fat">
                  {t('report.fatalities')}
                </th>
                <th scope="col" id="col-inj">
                  {t('report.injured')}
                </th>
              </tr>
            </thead>
            <tbody>
              {CASUALTY_CATEGORIES.map((k) => (
                <tr key={k}>
                  <th scope="row" id={`row-${k}`}>
                    {t(`casualty.${k}`)}
                  </th>
                  <CasualtyCell
                    form={form}
                    which="fatalities"
                    k={k}
                    error={err(`fatalities.${k}`)}
                    update={update}
                  />
                  <CasualtyCell
                    form={form}
                    which="injured"
                    k={k}
                    error={err(`injured.${k}`)}
                    update={update}
                  />
                </tr>
              ))}
            </tbody>
          </table>
          <Actors form={form} update={update} error={err('actors')} />
          <Field id="r-description" label={t('report.description')} error={err('description')}>
            <textarea
              id="r-description"
              rows={4}
              value={form.description}
              lang={form.lang}
              onInput={(e) => update({ description: e.currentTarget.value })}
              {...described('r-description', undefined, err('description'))}
            />
          </Field>
          <Field id="r-lang" label={t('report.lang')} error={err('lang')}>
            <select
              id="r-lang"
              value={form.lang}
              onChange={(e) => update({ lang: e.currentTarget.value as Locale })}
            >
              <option value="fr">{t('lang.fr')}</option>
              <option value="en">{t('lang.en')}</option>
            </select>
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t('report.section.handling')}</legend>
          <div class="row">
            <Field
              id="r-reliability"
              label={t('report.reliability')}
              required
              requiredText={req}
              error={err('reliability')}
            >
              <select
                id="r-reliability"
                value={form.reliability}
                onChange={(e) => update({ reliability: e.currentTarget.value })}
                {...described('r-reliability', undefined, err('reliability'))}
              >
                <option value="">{t('report.choose')}</option>
                {SOURCE_RELIABILITY.map((r) => (
                  <option key={r} value={r}>
                    {t(`reliability.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id="r-credibility"
              label={t('report.credibility')}
              required
              requiredText={req}
              error={err('credibility')}
            >
              <select
                id="r-credibility"
                value={form.credibility}
                onChange={(e) => update({ credibility: e.currentTarget.value })}
                {...described('r-credibility', undefined, err('credibility'))}
              >
                <option value="">{t('report.choose')}</option>
                {CREDIBILITY.map((c) => (
                  <option key={c} value={String(c)}>
                    {t(`credibility.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset class="choices" aria-describedby={err('tlp') ? 'r-tlp-error' : undefined}>
            <legend>{t('report.tlp')}</legend>
            {TLP_LEVELS.map((l) => (
              <label key={l} class={`check tlp-choice tlp-${l.replace('+', '-')}`}>
                <input
                  id={`r-tlp-${l}`}
                  type="radio"
                  name="tlp"
                  value={l}
                  checked={form.tlp === l}
                  onChange={() => update({ tlp: l })}
                />{' '}
                {t(`tlp.${l}`)}
              </label>
            ))}
            {err('tlp') && (
              <p id="r-tlp-error" class="field-error">
                {err('tlp')}
              </p>
            )}
          </fieldset>
          <fieldset class="choices" aria-describedby={`r-relto-hint${err('relTo') ? ' r-relto-error' : ''}`}>
            <legend>{t('report.rel_to')}</legend>
            {PARTNER_COUNTRIES.map((c) => (
              <label key={c} class="check">
                <input
                  id={`r-relto-${c}`}
                  type="checkbox"
                  checked={form.relTo.includes(c)}
                  onChange={(e) =>
                    update({
                      relTo: e.currentTarget.checked
                        ? [...form.relTo, c].sort()
                        : form.relTo.filter((x) => x !== c),
                    })
                  }
                />{' '}
                {countryName(locale, c)}
              </label>
            ))}
            <p id="r-relto-hint" class="hint">
              {t('report.rel_to_hint')}
            </p>
            {err('relTo') && (
              <p id="r-relto-error" class="field-error">
                {err('relTo')}
              </p>
            )}
          </fieldset>
        </fieldset>

        <div class="actions sticky-actions">
          <button type="submit" class="primary" disabled={status === 'sending'}>
            {status === 'sending' ? t('report.sending') : editId ? t('report.save') : t('report.submit')}
          </button>
          {!editId && (
            <button
              type="button"
              class="ghost"
              onClick={() => {
                drafts.clearDraft();
                setRestored(false);
                setErrors(NO_ERRORS);
                setForm(emptyForm(newIdempotencyKey(random), locale, new Date()));
              }}
            >
              {t('report.discard')}
            </button>
          )}
          {editId && (
            <Link class="button ghost" href={`/incidents/${encodeURIComponent(editId)}`}>
              {t('common.cancel')}
            </Link>
          )}
        </div>
      </form>
      <div class="report-map">
        {basemap && (
          <IncidentMap
            label={t('report.map_label')}
            basemap={basemap}
            locale={locale}
            pick={pick}
            onPick={(la, lo) => place(la.toFixed(5), lo.toFixed(5))}
            class="pick-map"
          />
        )}
      </div>
    </div>
  );
}
