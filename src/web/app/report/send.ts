/**
 * Sending a report: the releasability marking it needs (found, or created once: a statement
 * marking `REL TO …`, src/objects/markings.ts), then the incident itself. Creating is idempotent
 * ([FED-104]): a new report carries no id (the node mints it, [FED-94]) and sends its draft's
 * random Idempotency-Key, so a re-send after a lost answer gets the record created the first
 * time, and a draft edited after such a send becomes that record's next version. A draft saved before [FED-104] has a browser-drawn id and no key: it is sent with its id,
 * and a re-send answered 409 `records.exists` reads the record there.
 */
import {
  ApiError,
  type Api,
  type RecordItem,
  type RecordMeta,
  type RecordPage,
  type StixObject,
} from '../api.ts';
import { relToStatement } from '../constants.ts';
import { buildIncident, nonTlpRefs, type FieldKey, type ReportForm } from './model.ts';
import type { MessageKey } from '../i18n.ts';

/** A problem the browser found, attached to a field. */
export class FieldError extends Error {
  constructor(
    readonly field: FieldKey,
    readonly messageKey: MessageKey,
  ) {
    super(messageKey);
  }
}

const statementOf = (o: StixObject): string | undefined => {
  const d = o.definition as { statement?: unknown } | undefined;
  return o.definition_type === 'statement' && typeof d?.statement === 'string' ? d.statement : undefined;
};

/** The id of the `REL TO <countries>` marking, created when this node has none yet. */
export async function ensureRelTo(api: Api, countries: readonly string[]): Promise<string> {
  const statement = relToStatement(countries);
  const page = await api.get<RecordPage>('/api/v1/objects', { type: 'marking-definition', limit: 1000 });
  const found = page.items.find((i) => statementOf(i.object) === statement);
  if (found) return found.object.id;
  try {
    const created = await api.post<StixObject>('/api/v1/objects', {
      type: 'marking-definition',
      name: statement,
      definition_type: 'statement',
      definition: { statement },
    });
    return created.id;
  } catch (err) {
    if (err instanceof ApiError && err.status === 403)
      throw new FieldError('relTo', 'report.err.rel_to_forbidden');
    throw err;
  }
}

/** Markings of the previous version to keep: all but TLP and releasability (the form sets those). */
async function keptMarkings(api: Api, previous: StixObject): Promise<string[]> {
  const kept: string[] = [];
  for (const ref of nonTlpRefs(previous)) {
    const item = await api.get<RecordItem>(`/api/v1/objects/${encodeURIComponent(ref)}`).catch(() => null);
    if (!item || !statementOf(item.object)?.startsWith('REL TO ')) kept.push(ref);
  }
  return kept;
}

/** Creates the incident, or (with `previous`) stores its next version. Returns the stored object. */
export async function sendReport(
  api: Api,
  form: ReportForm,
  previous?: { object: StixObject; meta: RecordMeta },
): Promise<StixObject> {
  const relTo = form.relTo.length ? [await ensureRelTo(api, form.relTo)] : [];
  if (previous) {
    const kept = await keptMarkings(api, previous.object);
    return api.put<StixObject>(
      `/api/v1/objects/${encodeURIComponent(form.id)}`,
      buildIncident(form, relTo, previous.object, kept),
    );
  }
  if (form.idempotencyKey !== undefined) {
    try {
      return await api.post<StixObject>('/api/v1/objects', buildIncident(form, relTo), {
        'idempotency-key': form.idempotencyKey,
      });
    } catch (err) {
      // The key made a record and the draft was edited since (the first answer was lost): the
      // edits become that record's next version, not a second record. Without the record's id
      // (an older node) the refusal is shown, never dropped.
      const made =
        err instanceof ApiError && err.status === 409 && err.problem.code === 'records.idempotency_key_reused'
          ? err.problem.record_id
          : undefined;
      if (made === undefined) throw err;
      const stored = await api.get<RecordItem>(`/api/v1/objects/${encodeURIComponent(made)}`);
      const next: ReportForm = { ...form, id: made };
      delete next.idempotencyKey;
      return sendReport(api, next, stored);
    }
  }
  try {
    return await api.post<StixObject>('/api/v1/objects', buildIncident(form, relTo));
  } catch (err) {
    // Sent before, answer lost: the record is there.
    if (err instanceof ApiError && err.status === 409 && err.problem.code === 'records.exists') {
      return (await api.get<RecordItem>(`/api/v1/objects/${encodeURIComponent(form.id)}`)).object;
    }
    throw err;
  }
}
