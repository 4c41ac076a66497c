/**
 * Display names the map needs beside the incidents: the partner nodes (legend, partner filter)
 * and the threat actors and intrusion sets incidents are attributed to (actor filter).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Api, RecordPage } from '../api.ts';

export interface PartnerName {
  node_id: string;
  name: string;
  country: string;
}

/** The registered partners, by node id (empty until loaded, or when the node has none). */
export function usePartnerNames(api: Api): Map<string, PartnerName> {
  const [names, setNames] = useState<Map<string, PartnerName>>(new Map());
  useEffect(() => {
    let cancelled = false;
    api
      .get<{ peers: PartnerName[] }>('/api/v1/peers/directory')
      .then((r) => !cancelled && setNames(new Map(r.peers.map((p) => [p.node_id, p]))))
      .catch(() => undefined); // the legend falls back to short ids
    return () => {
      cancelled = true;
    };
  }, []);
  return names;
}

/** Names of the threat actors and intrusion sets this user may read, by id. */
export function useActorNames(api: Api): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let cancelled = false;
    api
      .get<RecordPage>('/api/v1/objects', { type: 'threat-actor,intrusion-set', limit: 1000 })
      .then(
        (page) =>
          !cancelled &&
          setNames(new Map(page.items.map((i) => [i.object.id, String(i.object.name ?? i.object.id)]))),
      )
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return names;
}
