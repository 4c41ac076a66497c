/**
 * What the store indexes about a STIX object, besides the object itself: the columns used by
 * filters, access checks and search. Computed here (objects know their own shape), stored by
 * src/store/records.ts.
 */
export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export interface IndexFields {
  type: string;
  created: string; // RFC 3339 exactly as in the object
  modified: string; // RFC 3339 exactly as in the object
  revoked: boolean;
  createdByRef: string | null;
  tlp: Tlp | null;
  /** ISO 3166-1 alpha-3 codes from REL TO statement markings; empty = no releasability statement. */
  relTo: string[];
  labels: string[];
  markingRefs: string[];
  country: string | null; // ISO 3166-1 alpha-3
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  /** When the event happened (incidents: occurred_at), else null. RFC 3339. */
  eventTime: string | null;
  /** Names, descriptions, aliases...: lower-cased, accents folded (see foldText), space-joined. */
  searchText: string;
}
