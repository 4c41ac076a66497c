/**
 * The live feed beside the map: the most recently changed records, updated from the node's
 * server-sent events without reload; unread count; FLASH items stand out, are announced to
 * screen readers and (if the user turned it on) beep; full-text search through the API's `q`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RecordItem, RecordPage } from '../api.ts';
import { isFlash } from '../constants.ts';
import { useApp } from '../context.ts';
import { extensionOf } from '../data/incidents.ts';
import { formatRelative } from '../format.ts';
import { eventTypeLabel, stixTypeLabel } from '../i18n.ts';
import type { ChangeOp, LiveStatus } from '../live.ts';
import { TlpBadge } from '../ui/badges.tsx';

interface FeedItem {
  id: string;
  type: string;
  name: string;
  /** The incident's event type, if any (labelled at display, in the current language). */
  eventType: string | undefined;
  modified: string | undefined;
  tlp: string | null;
  origin: string;
  flash: boolean;
  revoked: boolean;
  op: ChangeOp | null;
  unread: boolean;
}

/** Definitions are plumbing, not news. */
const HIDDEN_TYPES = new Set(['marking-definition', 'extension-definition']);
const SOUND_KEY = 'sentinelle.feed.sound';

function toItem(item: RecordItem, op: ChangeOp | null, unread: boolean): FeedItem {
  const o = item.object;
  const ext = o.type === 'incident' ? extensionOf(o) : undefined;
  return {
    id: o.id,
    type: o.type,
    name: typeof o.name === 'string' ? o.name : '',
    eventType: ext?.event_type,
    modified: o.modified,
    tlp: item.meta.tlp,
    origin: item.meta.origin,
    flash: isFlash(o.labels),
    revoked: o.revoked === true,
    op,
    unread,
  };
}

/** Two short tones; needs a user gesture first (the sound toggle is one). */
function beep(): void {
  const Ctx = window.AudioContext;
  if (!Ctx) return;
  const ac = new Ctx();
  [0, 0.25].forEach((at) => {
    const osc = ac.createOscillator();
    const gain = ac.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(ac.destination);
    osc.start(ac.currentTime + at);
    osc.stop(ac.currentTime + at + 0.15);
  });
  setTimeout(() => void ac.close(), 1000);
}

export function Feed({
  onSelect,
  selectedId,
}: {
  onSelect: (id: string, type: string) => void;
  selectedId: string | null;
}) {
  const { api, live, t, locale } = useApp();
  const [items, setItems] = useState<FeedItem[]>([]);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(true);
  const [missed, setMissed] = useState(0);
  const [status, setStatus] = useState<LiveStatus>(live.status);
  const [sound, setSound] = useState(localStorage.getItem(SOUND_KEY) === 'on');
  const [announce, setAnnounce] = useState('');
  const [now, setNow] = useState(Date.now());
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    setStatus(live.status); // it may have changed between the first render and this effect
    return live.onStatus(setStatus);
  }, []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  // Records gone without a change row (a restore): re-read the list. Withdrawals name their id.
  const [resync, setResync] = useState(0);
  useEffect(() => live.onResync(() => setResync((n) => n + 1)), []);
  useEffect(() => live.onWithdraw((e) => setItems((prev) => prev.filter((i) => i.id !== e.id))), []);
  useEffect(() => setMissed(0), [query]);

  // The list for the current search.
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    api
      .get<RecordPage>('/api/v1/objects', { limit: 60, q: query || undefined })
      .then((page) => {
        if (cancelled) return;
        setItems((prev) => {
          const unread = new Set(prev.filter((i) => i.unread).map((i) => i.id));
          return page.items
            .filter((i) => !HIDDEN_TYPES.has(i.object.type))
            .map((i) => toItem(i, null, unread.has(i.object.id)));
        });
      })
      .catch(() => undefined)
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [query, resync]);

  // Live changes: fetched in full (labels, markings) and put on top, unread.
  useEffect(
    () =>
      live.subscribe((e) => {
        if (HIDDEN_TYPES.has(e.type)) return;
        if (queryRef.current) {
          setMissed((n) => n + 1);
          return;
        }
        void api
          .get<RecordItem>(`/api/v1/objects/${encodeURIComponent(e.id)}`)
          .then((item) => {
            const fresh = toItem(item, e.op, true);
            setItems((prev) => [fresh, ...prev.filter((i) => i.id !== fresh.id)].slice(0, 200));
            setNow(Date.now());
            if (fresh.flash && e.op !== 'revoke') {
              setAnnounce(t('feed.flash_announce', { name: fresh.name || kindOf(fresh) }));
              if (soundRef.current) beep();
            }
          })
          .catch(() => undefined);
      }),
    [locale],
  );

  const kindOf = (i: FeedItem) =>
    i.eventType ? eventTypeLabel(locale, i.eventType) : stixTypeLabel(locale, i.type);
  const unread = items.filter((i) => i.unread).length + missed;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
  }, [unread, locale]);

  const open = (item: FeedItem) => {
    setItems((prev) => prev.map((i) => (i.id === item.id ? { ...i, unread: false } : i)));
    onSelect(item.id, item.type);
  };

  return (
    <section class="feed" aria-labelledby="feed-title">
      <div class="feed-head">
        <h2 id="feed-title">
          {t('feed.title')}{' '}
          <span
            class={`live-dot ${status}`}
            title={status === 'live' ? t('feed.live') : t('feed.reconnecting')}
          >
            <span class="sr-only">{status === 'live' ? t('feed.live') : t('feed.reconnecting')}</span>
          </span>
        </h2>
        {unread > 0 && (
          <span class="badge unread-count" data-testid="unread-count">
            {t('feed.unread', { count: unread })}
          </span>
        )}
      </div>
      <form
        class="feed-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <label for="feed-q" class="sr-only">
          {t('feed.search')}
        </label>
        <input
          id="feed-q"
          type="search"
          value={q}
          placeholder={t('feed.search_placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit">{t('common.search')}</button>
        {query && (
          <button
            type="button"
            class="ghost"
            onClick={() => {
              setQ('');
              setQuery('');
            }}
          >
            {t('common.clear')}
          </button>
        )}
      </form>
      <div class="feed-tools">
        <label class="check">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setSound(on);
              localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
            }}
          />{' '}
          {t('feed.sound')}
        </label>
        {unread > 0 && (
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setItems((prev) => prev.map((i) => ({ ...i, unread: false })));
              setMissed(0);
            }}
          >
            {t('feed.mark_read')}
          </button>
        )}
      </div>
      {missed > 0 && <p class="notice">{t('feed.new_while_search', { count: missed })}</p>}
      <p class="sr-only" aria-live="assertive">
        {announce}
      </p>
      {loading && items.length === 0 ? (
        <p class="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p class="muted">{t('feed.empty')}</p>
      ) : (
        <ul class="feed-list" aria-busy={loading}>
          {items.map((i) => (
            <li
              key={i.id}
              class={`feed-item${i.unread ? ' unread' : ''}${i.flash ? ' flash' : ''}${i.revoked ? ' revoked' : ''}${i.id === selectedId ? ' selected' : ''}`}
              data-id={i.id}
            >
              <button type="button" onClick={() => open(i)}>
                <span class="feed-line">
                  {i.flash && <span class="flag flash-flag">{t('feed.flash')}</span>}
                  {i.op && <span class={`flag op-${i.op}`}>{t(`feed.op.${i.op}`)}</span>}
                  <span class="feed-kind">{kindOf(i)}</span>
                  {i.unread && <span class="sr-only">{t('feed.unread_item')}</span>}
                </span>
                <span class="feed-name">{i.name || t('feed.untitled')}</span>
                <span class="feed-meta">
                  <TlpBadge tlp={i.tlp} />
                  {i.origin !== 'local' && <span>{t('origin.peer', { id: i.origin })}</span>}
                  <time dateTime={i.modified}>{formatRelative(locale, i.modified, now)}</time>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
