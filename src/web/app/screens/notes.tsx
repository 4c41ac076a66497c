/**
 * Notes on a record (STIX `note` objects whose object_refs name it, GET /api/v1/objects?refers_to=):
 * the analysts' comments, this node's and those a partner sent back. A new note carries the
 * record's own markings (TLP, REL TO), so it is never released more widely than what it is about;
 * on a received record it flows back to the originator when the agreement allows notes.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, NetworkError, type RecordItem, type RecordPage } from '../api.ts';
import { useApp } from '../context.ts';
import { formatDateTime } from '../format.ts';

interface NoteView {
  id: string;
  abstract: string;
  content: string;
  created: string;
  local: boolean;
}

function toNote(item: RecordItem): NoteView {
  const o = item.object;
  return {
    id: o.id,
    abstract: typeof o.abstract === 'string' ? o.abstract : '',
    content: typeof o.content === 'string' ? o.content : '',
    created: String(o.created ?? ''),
    local: item.meta.origin === 'local',
  };
}

export function Notes({ target, markings }: { target: string; markings: readonly string[] }) {
  const { api, live, t, locale, can } = useApp();
  const [notes, setNotes] = useState<NoteView[] | null>(null);
  const [tick, setTick] = useState(0);
  const [content, setContent] = useState('');
  const [abstract, setAbstract] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api
      .get<RecordPage>('/api/v1/objects', { type: 'note', refers_to: target, limit: 200, order: 'seq_asc' })
      .then((page) => !cancelled && setNotes(page.items.map(toNote)))
      .catch(() => !cancelled && setNotes([]));
    return () => {
      cancelled = true;
    };
  }, [target, tick]);
  // A note written here or received from a partner shows up at once.
  useEffect(() => live.subscribe((e) => e.type === 'note' && setTick((n) => n + 1)), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!content.trim()) {
      setError(t('notes.err.empty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/objects', {
        type: 'note',
        content: content.trim(),
        ...(abstract.trim() ? { abstract: abstract.trim() } : {}),
        object_refs: [target],
        ...(markings.length ? { object_marking_refs: [...markings] } : {}),
      });
      setContent('');
      setAbstract('');
      setTick((n) => n + 1);
    } catch (err) {
      setError(
        err instanceof NetworkError
          ? t('common.error.network')
          : err instanceof ApiError
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="notes" aria-labelledby="notes-title" data-testid="notes">
      <h2 id="notes-title">{t('notes.title')}</h2>
      {notes === null ? (
        <p class="muted">{t('common.loading')}</p>
      ) : notes.length === 0 ? (
        <p class="muted">{t('notes.none')}</p>
      ) : (
        <ul class="note-list">
          {notes.map((n) => (
            <li key={n.id}>
              <p class="muted">
                {formatDateTime(locale, n.created)} · {n.local ? t('origin.local') : t('notes.from_partner')}
              </p>
              {n.abstract && <p class="note-abstract">{n.abstract}</p>}
              <p class="note-content">{n.content}</p>
            </li>
          ))}
        </ul>
      )}
      {can('records.create') && (
        <form class="note-form" onSubmit={(e) => void submit(e)} noValidate>
          <label for={`note-abstract-${target}`}>{t('notes.abstract')}</label>
          <input
            id={`note-abstract-${target}`}
            value={abstract}
            maxLength={200}
            onInput={(e) => setAbstract(e.currentTarget.value)}
          />
          <label for={`note-content-${target}`}>{t('notes.content')}</label>
          <textarea
            id={`note-content-${target}`}
            rows={3}
            value={content}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `note-error-${target}` : undefined}
            onInput={(e) => setContent(e.currentTarget.value)}
          />
          {error && (
            <p id={`note-error-${target}`} class="field-error" role="alert">
              {error}
            </p>
          )}
          <p class="muted">{t('notes.markings')}</p>
          <button type="submit" disabled={busy}>
            {t('notes.add')}
          </button>
        </form>
      )}
    </section>
  );
}
