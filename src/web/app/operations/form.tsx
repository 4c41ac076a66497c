/**
 * Create or edit an operation: the few fields a planner fills, times in the browser's local time
 * (sent as UTC instants), errors from the node shown next to the field they name.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { ApiError, type StixObject } from '../api.ts';
import type { MessageKey } from '../i18n.ts';
import { KINDS, patch, str, type Saved } from './types.ts';

const EXAMPLE_AREA =
  '{"type":"Polygon","coordinates":[[[-1.7,14.05],[-1.55,14.05],[-1.55,14.15],[-1.7,14.15],[-1.7,14.05]]]}';

/** `2026-03-10T06:00:00Z` → the value of a datetime-local input in the browser's zone. */
function toLocalInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const codes = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean);

export function OperationForm({
  current,
  onSaved,
  onCancel,
}: {
  current?: StixObject;
  onSaved: (s: Saved) => void;
  onCancel: () => void;
}) {
  const { t, api, notify } = useApp();
  const objectives = Array.isArray(current?.objectives)
    ? (current.objectives as { objective: string; indicator: string }[])
    : [];
  const liaison = Array.isArray(current?.liaison_contacts)
    ? (current.liaison_contacts as { role: string; channel: string }[])[0]
    : undefined;
  const [v, setV] = useState({
    name: str(current?.name),
    kind: str(current?.activity_kind) || 'operation',
    objective: objectives[0]?.objective ?? '',
    indicator: objectives[0]?.indicator ?? '',
    area: current?.area ? JSON.stringify(current.area) : EXAMPLE_AREA,
    buffer: current?.buffer_m === undefined ? '500' : String(current.buffer_m as number),
    start: toLocalInput(str(current?.planned_start)),
    end: toLocalInput(str(current?.planned_end)),
    states: Array.isArray(current?.participating_states)
      ? (current.participating_states as string[]).join(', ')
      : '',
    shared: Array.isArray(current?.shared_with) ? (current.shared_with as string[]).join(', ') : '',
    role: liaison?.role ?? '',
    channel: liaison?.channel ?? '',
    tlp: 'amber',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.target as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    let area: unknown;
    try {
      area = JSON.parse(v.area);
    } catch {
      setErrors({ '/area': t('ops.form.area_invalid') });
      return;
    }
    const body: Record<string, unknown> = {
      name: v.name,
      activity_kind: v.kind,
      area,
      buffer_m: Number(v.buffer),
      planned_start: v.start ? new Date(v.start).toISOString() : '',
      planned_end: v.end ? new Date(v.end).toISOString() : '',
      participating_states: codes(v.states),
      ...(codes(v.shared).length ? { shared_with: codes(v.shared) } : {}),
      ...(v.objective ? { objectives: [{ objective: v.objective, indicator: v.indicator }] } : {}),
      ...(v.role ? { liaison_contacts: [{ role: v.role, channel: v.channel }] } : {}),
      ...(current ? {} : { tlp: v.tlp }),
    };
    setBusy(true);
    try {
      const saved = current
        ? await patch<Saved>(api, `/api/v1/operations/${encodeURIComponent(current.id)}`, body)
        : await api.post<Saved>('/api/v1/operations', body);
      setErrors({});
      notify(
        saved.conflicts.length
          ? t('ops.form.saved_conflicts', { count: saved.conflicts.length })
          : t('ops.form.saved'),
      );
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        const out: Record<string, string> = {};
        for (const x of err.problem.errors) {
          // Group errors by top-level field, e.g. /area/coordinates/0 → /area.
          const key = `/${x.pointer.split('/')[1] ?? ''}`;
          out[key] = out[key] ? `${out[key]} ${x.detail}` : x.detail;
        }
        setErrors(out);
        notify(t('ops.form.errors'));
      } else notify(err instanceof ApiError ? err.message : t('ops.error'));
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, label: MessageKey, path: string, input: preact.JSX.Element) => (
    <div class={`field${errors[path] ? ' invalid' : ''}`}>
      <label for={id}>{t(label)}</label>
      {input}
      {errors[path] && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {errors[path]}
        </p>
      )}
    </div>
  );
  const err = (id: string, path: string) =>
    errors[path] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

  return (
    <form class="ops-form" onSubmit={(e) => void submit(e)} noValidate data-testid="ops-form">
      <h2>{t(current ? 'ops.form.title_edit' : 'ops.form.title_new')}</h2>
      {field(
        'op-name',
        'ops.form.name',
        '/name',
        <input id="op-name" value={v.name} onInput={set('name')} required {...err('op-name', '/name')} />,
      )}
      {field(
        'op-kind',
        'ops.form.kind',
        '/activity_kind',
        <select id="op-kind" value={v.kind} onChange={set('kind')}>
          {KINDS.map((k) => (
            <option value={k}>{t(`ops.kind.${k}` as MessageKey)}</option>
          ))}
        </select>,
      )}
      {field(
        'op-objective',
        'ops.form.objective',
        '/objectives',
        <input id="op-objective" value={v.objective} onInput={set('objective')} />,
      )}
      {field(
        'op-indicator',
        'ops.form.indicator',
        '/objectives',
        <input id="op-indicator" value={v.indicator} onInput={set('indicator')} />,
      )}
      {field(
        'op-area',
        'ops.form.area',
        '/area',
        <textarea id="op-area" rows={4} value={v.area} onInput={set('area')} {...err('op-area', '/area')} />,
      )}
      {field(
        'op-buffer',
        'ops.form.buffer',
        '/buffer_m',
        <input id="op-buffer" type="number" min={0} max={100000} value={v.buffer} onInput={set('buffer')} />,
      )}
      {field(
        'op-start',
        'ops.form.start',
        '/planned_start',
        <input
          id="op-start"
          type="datetime-local"
          value={v.start}
          onInput={set('start')}
          {...err('op-start', '/planned_start')}
        />,
      )}
      {field(
        'op-end',
        'ops.form.end',
        '/planned_end',
        <input
          id="op-end"
          type="datetime-local"
          value={v.end}
          onInput={set('end')}
          {...err('op-end', '/planned_end')}
        />,
      )}
      {field(
        'op-states',
        'ops.form.states',
        '/participating_states',
        <input
          id="op-states"
          value={v.states}
          onInput={set('states')}
          {...err('op-states', '/participating_states')}
        />,
      )}
      {field(
        'op-shared',
        'ops.form.shared',
        '/shared_with',
        <input id="op-shared" value={v.shared} onInput={set('shared')} />,
      )}
      {field(
        'op-role',
        'ops.form.liaison_role',
        '/liaison_contacts',
        <input id="op-role" value={v.role} onInput={set('role')} />,
      )}
      {field(
        'op-channel',
        'ops.form.liaison_channel',
        '/liaison_contacts',
        <input id="op-channel" value={v.channel} onInput={set('channel')} />,
      )}
      {!current &&
        field(
          'op-tlp',
          'ops.form.tlp',
          '/tlp',
          <select id="op-tlp" value={v.tlp} onChange={set('tlp')}>
            {['green', 'amber', 'amber+strict', 'red'].map((x) => (
              <option value={x}>TLP:{x.toUpperCase()}</option>
            ))}
          </select>,
        )}
      <div class="ops-form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('ops.form.save')}
        </button>
        <button type="button" class="ghost" onClick={onCancel}>
          {t('ops.form.cancel')}
        </button>
      </div>
    </form>
  );
}
