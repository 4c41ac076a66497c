/**
 * The incidents under a set of filters: loaded page by page from /api/v1/objects (the map fills
 * in as pages arrive), then kept current from the live feed without reloading.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, NetworkError, type Api, type RecordItem, type RecordPage } from '../api.ts';
import type { LiveEvents } from '../live.ts';
import { filterQuery, matchesFilters, toIncidentView, type IncidentView, type ServerFilters } from './incidents.ts';

/** Enough for years of a country's incidents; beyond, the user narrows the filters. */
export const MAX_LOADED = 10_000;
const PAGE = 1000;

export interface IncidentsState {
  views: IncidentView[];
  loading: boolean;
  truncated: boolean;
  error: 'network' | 'other' | null;
}

/** The event type and the actor are not API filters: callers filter the views by them. */
export function useIncidents(api: Api, live: LiveEvents, filters: ServerFilters): IncidentsState {
  const [byId, setById] = useState<Map<string, IncidentView>>(new Map());
  const [loading, setLoading] = useState(true);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<IncidentsState['error']>(null);
  const key = JSON.stringify(filters);

  useEffect(() => {
    let cancelled = false;
    const now = Date.now();
    setLoading(true);
    setError(null);
    setTruncated(false);
    setById(new Map());
    void (async () => {
      const acc = new Map<string, IncidentView>();
      let cursor: string | null = null;
      try {
        do {
          const page: RecordPage = await api.get<RecordPage>('/api/v1/objects', { ...filterQuery(filters, now), limit: PAGE, cursor: cursor ?? undefined });
          if (cancelled) return;
          for (const item of page.items) {
            const v = toIncidentView(item);
            if (v && !v.revoked) acc.set(v.id, v);
          }
          cursor = page.next;
          setById(new Map(acc));
        } while (cursor && acc.size < MAX_LOADED);
        setTruncated(cursor !== null);
      } catch (err) {
        if (!cancelled) setError(err instanceof NetworkError ? 'network' : 'other');
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();

    const unsubscribe = live.subscribe((e) => {
      if (e.type !== 'incident') return;
      void api
        .get<RecordItem>(`/api/v1/objects/${encodeURIComponent(e.id)}`)
        .then((item) => toIncidentView(item))
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return null; // no longer readable: off the map
          throw err;
        })
        .then((v) => {
          if (cancelled) return;
          setById((prev) => {
            const next = new Map(prev);
            if (v && matchesFilters(v, { ...filters, type: '', actor: '' }, Date.now())) next.set(v.id, v);
            else next.delete(e.id);
            return next;
          });
        })
        .catch(() => undefined); // a missed live update is caught up by the next load
    });
    const unwithdraw = live.onWithdraw((e) =>
      setById((prev) => {
        if (!prev.has(e.id)) return prev;
        const next = new Map(prev);
        next.delete(e.id);
        return next;
      }),
    );
    return () => {
      cancelled = true;
      unsubscribe();
      unwithdraw();
    };
  }, [key]);

  const views = useMemo(() => [...byId.values()], [byId]);
  return { views, loading, truncated, error };
}
