/**
 * The parts of the MISP core format (draft-dulaunoy-misp-core-format) this node reads and writes.
 * Inputs are untrusted: every field is checked where it is read (to-stix.ts).
 */
export interface MispTag {
  name: string;
  colour?: string;
}

export interface MispAttribute {
  uuid?: string;
  type: string;
  category?: string;
  value: string;
  to_ids?: boolean;
  comment?: string;
  timestamp?: string;
  distribution?: string;
  object_relation?: string;
  deleted?: boolean;
  Tag?: MispTag[];
  Galaxy?: MispGalaxy[];
}

export interface MispObject {
  name: string;
  'meta-category'?: string;
  description?: string;
  uuid?: string;
  timestamp?: string;
  distribution?: string;
  comment?: string;
  Attribute?: MispAttribute[];
}

export interface MispGalaxyCluster {
  uuid?: string;
  type?: string;
  value: string;
  tag_name?: string;
  description?: string;
  meta?: { synonyms?: string[]; [k: string]: unknown };
}

export interface MispGalaxy {
  uuid?: string;
  name?: string;
  type: string;
  description?: string;
  namespace?: string;
  GalaxyCluster: MispGalaxyCluster[];
}

export interface MispOrg {
  name: string;
  uuid?: string;
}

export interface MispEvent {
  uuid: string;
  info: string;
  date: string;
  threat_level_id: string;
  analysis: string;
  distribution: string;
  sharing_group_id?: string;
  published?: boolean;
  timestamp?: string;
  publish_timestamp?: string;
  Orgc?: MispOrg;
  Tag?: MispTag[];
  Attribute?: MispAttribute[];
  Object?: MispObject[];
  Galaxy?: MispGalaxy[];
}
