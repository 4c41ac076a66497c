/** The offline basemap, once loaded (null while loading; retried on the next mount after a failure). */
import { useEffect, useState } from 'preact/hooks';
import { loadBasemap, type Basemap } from '../geo/basemap.ts';

export function useBasemap(): Basemap | null {
  const [basemap, setBasemap] = useState<Basemap | null>(null);
  useEffect(() => {
    let cancelled = false;
    loadBasemap()
      .then((b) => !cancelled && setBasemap(b))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return basemap;
}
