/**
 * The TAXII 2.1 server (docs/taxii.md): discovery, API root, collections, objects, manifest,
 * versions, status. Reads come from the store's version history keyed by change seq; partner
 * collections pass every current record through the policy engine (partner-view.ts).
 */
import { DomainError } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { Principal } from '../auth/principal.ts';
import { actorOf } from '../auth/principal.ts';
import { appendAudit } from '../audit/audit.ts';
import type { SentinelleNode } from '../node/node.ts';
import { boundariesGeo, type PolicyGeo } from '../sharing/geo.ts';
import { buildAreaIndex } from '../sharing/area-index.ts';
import { defaultBoundaries } from '../geo/boundaries.ts';
import type { StixObject } from '../objects/stix.ts';
import type { ChangeHub } from '../records/change-hub.ts';
import { versionKey } from '../store/records.time.ts';
import {
  collectionResource,
  localCollection,
  partnerCollection,
  type CollectionView,
} from './collections.ts';
import { encodeNext, type TaxiiFilters } from './filters.ts';
import { TAXII_MEDIA, STIX_MEDIA } from './media.ts';
import { releasedCopies, type PartnerViewDeps } from './partner-view.ts';
import { getStatus, listVersions, partnerOf, stampDateAdded, type VersionRow } from './repo.ts';
import { addObjects } from './envelope.ts';
import './messages.ts';

export const API_ROOT_PATH = 'api';

export type TaxiiNode = Pick<
  SentinelleNode,
  'db' | 'clock' | 'records' | 'agreements' | 'sharing' | 'peers' | 'settings' | 'config'
>;

/** A page of served versions with the date_added of its first and last item (X-TAXII-Date-Added-*). */
export interface Page<T> {
  items: T[];
  more: boolean;
  next?: string;
  first?: string;
  last?: string;
}

interface Served {
  seq: number;
  dateAdded: string;
  object: StixObject;
}

/** Partner collections scan at most this many candidates per request before answering (more = true). */
const PARTNER_SCAN = 10_000;

export class TaxiiService {
  private geo: PolicyGeo | undefined;
  private unfollow: (() => void) | undefined;
  private inflight: Promise<void> | undefined;
  private again = false;
  private readonly partnerDeps: PartnerViewDeps;

  constructor(private readonly node: TaxiiNode) {
    this.partnerDeps = {
      records: node.records.repo,
      agreements: node.agreements,
      sharing: node.sharing,
      geo: () => (this.geo ??= boundariesGeo(defaultBoundaries(), buildAreaIndex())),
      self: { nodeId: node.settings.nodeId, identityId: node.settings.identityId },
      now: () => node.clock.now(),
    };
  }

  discovery(locale: Locale, baseUrl: string): Record<string, unknown> {
    const root = `${baseUrl}/taxii2/${API_ROOT_PATH}/`;
    return {
      title: t(locale, 'taxii.discovery.title', { organisation: this.node.settings.organisation }),
      description: t(locale, 'taxii.discovery.description'),
      default: root,
      api_roots: [root],
    };
  }

  apiRoot(locale: Locale): Record<string, unknown> {
    return {
      title: t(locale, 'taxii.api_root.title', { organisation: this.node.settings.organisation }),
      versions: [TAXII_MEDIA],
      max_content_length: this.node.config.bodyLimitBytes,
    };
  }

  /** Every collection the principal may see. */
  async collections(principal: Principal, locale: Locale): Promise<CollectionView[]> {
    const peerId = await partnerOf(this.node.db, principal.userId);
    if (peerId === null) {
      const local = localCollection(principal, this.node.settings.nodeId, locale);
      return local ? [local] : [];
    }
    const peer = await this.node.peers.repo.get(this.node.db, peerId);
    if (!peer || peer.removedAt !== null) return [];
    const inForce = await this.node.agreements.relevant(this.node.db, this.node.settings.nodeId, peerId);
    return inForce.map((a) => partnerCollection(a, { nodeId: peer.nodeId, country: peer.country }, locale));
  }

  async collection(principal: Principal, id: string, locale: Locale): Promise<CollectionView> {
    const c = (await this.collections(principal, locale)).find((x) => x.id === id);
    if (!c) throw new DomainError('not_found', 'taxii.collection_not_found', [], { id });
    return c;
  }

  collectionResource(c: CollectionView): Record<string, unknown> {
    return collectionResource(c);
  }

  /** Objects of a collection (§5.4) or of one object id (§5.6). */
  async objects(principal: Principal, c: CollectionView, f: TaxiiFilters): Promise<Page<StixObject>> {
    const page = await this.served(principal, c, f);
    return { ...page, items: page.items.map((s) => s.object) };
  }

  /** Manifest records (§5.3). */
  async manifest(
    principal: Principal,
    c: CollectionView,
    f: TaxiiFilters,
  ): Promise<Page<Record<string, unknown>>> {
    const page = await this.served(principal, c, f);
    return {
      ...page,
      items: page.items.map((s) => ({
        id: s.object.id,
        date_added: s.dateAdded,
        version: versionOf(s.object, s.dateAdded),
        media_type: STIX_MEDIA,
      })),
    };
  }

  /** Versions of one object (§5.8): its `modified` timestamps, oldest date_added first. */
  async versions(
    principal: Principal,
    c: CollectionView,
    id: string,
    f: TaxiiFilters,
  ): Promise<Page<string>> {
    await this.requireObject(principal, c, id);
    const page = await this.served(principal, c, { ...f, ids: [id] });
    return { ...page, items: page.items.map((s) => versionOf(s.object, s.dateAdded)) };
  }

  /** 404 unless the object has at least one version in the collection (whatever the filters). */
  async requireObject(principal: Principal, c: CollectionView, id: string): Promise<void> {
    const any = await this.served(principal, c, {
      limit: 1,
      afterSeq: 0,
      ids: [id],
      version: { last: true, first: false, all: true, keys: [] },
      versionGiven: true,
    });
    if (any.items.length === 0) throw new DomainError('not_found', 'taxii.object_not_found', [], { id });
  }

  /** Removes an object from the local collection: Sentinelle keeps history, so this revokes it (STIX §3.6). */
  async deleteObject(principal: Principal, c: CollectionView, id: string, f: TaxiiFilters): Promise<void> {
    if (!c.canDelete) throw new DomainError('forbidden', 'taxii.cannot_delete');
    if (f.version.first || f.version.all || f.version.keys.length) {
      throw new DomainError(
        'invalid',
        'taxii.delete_versions',
        [
          {
            path: '/match[version]',
            code: 'taxii.delete_versions',
            params: { value: 'first|all|timestamp' },
          },
        ],
        {
          value: 'first|all|timestamp',
        },
      );
    }
    await this.requireObject(principal, c, id);
    const current = await this.node.records.get(principal, id);
    if (current.object.revoked === true) return;
    await this.node.records.revoke(principal, id);
  }

  async add(
    principal: Principal,
    c: CollectionView,
    body: unknown,
    locale: Locale,
  ): Promise<Record<string, unknown>> {
    if (!c.canWrite) throw new DomainError('forbidden', 'taxii.cannot_write');
    return addObjects(this.node, principal, c.id, body, locale);
  }

  async status(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const s = await getStatus(this.node.db, id);
    // Someone else's status is as unknown as a missing one.
    if (!s || s.userId !== principal.userId)
      throw new DomainError('not_found', 'taxii.status_not_found', [], { id });
    return s.body;
  }

  // --- internals -----------------------------------------------------------------------------

  /**
   * Stamps date_added in the background after every committed write (ChangeHub), so that reads
   * rarely wait for it; a read still stamps whatever is left before answering.
   */
  follow(hub: ChangeHub): void {
    this.unfollow ??= hub.subscribe(() => this.kick());
  }

  async stop(): Promise<void> {
    this.unfollow?.();
    this.unfollow = undefined;
    await this.inflight;
  }

  private kick(): void {
    if (this.inflight) {
      this.again = true;
      return;
    }
    this.inflight = (async () => {
      do {
        this.again = false;
        await this.stamp();
      } while (this.again && this.unfollow);
    })()
      // A failed background stamp is redone by the next read, inline: nothing is lost.
      .catch(() => undefined)
      .finally(() => {
        this.inflight = undefined;
      });
  }

  /** Brings date_added up to date with the store (cheap when nothing changed). */
  async stamp(): Promise<void> {
    const { rows } = await this.node.db.query<{ behind: boolean }>(
      `SELECT (SELECT value FROM counters WHERE name = 'change_seq') > (SELECT seq FROM taxii_stamp) AS behind`,
    );
    if (rows[0]?.behind) await this.node.db.transaction((tx) => stampDateAdded(tx));
  }

  private async served(principal: Principal, c: CollectionView, f: TaxiiFilters): Promise<Page<Served>> {
    if (!c.canRead) throw new DomainError('forbidden', 'taxii.cannot_read');
    await this.stamp();
    const base = {
      afterSeq: f.afterSeq,
      ...(f.addedAfter !== undefined ? { addedAfter: f.addedAfter } : {}),
      ...(f.ids ? { ids: f.ids } : {}),
      ...(f.types ? { types: f.types } : {}),
      ...(f.specVersions ? { specVersions: f.specVersions } : {}),
    };
    if (c.kind === 'local') {
      const rows = await listVersions(this.node.db, {
        ...base,
        version: f.version,
        limit: f.limit,
        ...(c.ownerUser ? { ownerUser: c.ownerUser } : {}),
      });
      return pageOf(rows.slice(0, f.limit).map(asServed), rows.length > f.limit);
    }
    return this.partnerPage(principal, c, base, f);
  }

  /** A partner's page: current versions only, each as the policy engine releases it, withheld ones skipped. */
  private async partnerPage(
    principal: Principal,
    c: CollectionView,
    base: Omit<Parameters<typeof listVersions>[1], 'version' | 'limit'>,
    f: TaxiiFilters,
  ): Promise<Page<Served>> {
    const out: Served[] = [];
    let afterSeq = base.afterSeq;
    let lastSeq = afterSeq;
    let scanned = 0;
    let more = false;
    const wantsCurrent = f.version.last || f.version.first || f.version.all;
    const matches = (r: VersionRow) =>
      wantsCurrent ||
      f.version.keys.includes(versionKey(String(r.object.modified ?? r.object.created)) ?? '');
    const batch = Math.min(1000, f.limit * 2);
    for (;;) {
      const rows = await listVersions(this.node.db, {
        ...base,
        afterSeq,
        version: { last: true, first: false, all: false, keys: [] },
        limit: batch,
      });
      const page = rows.slice(0, batch);
      const candidates = page.filter(matches);
      const released = await releasedCopies(
        this.partnerDeps,
        this.node.db,
        candidates.map((r) => r.id),
        c.agreement!,
        c.partner!,
      );
      for (const r of page) {
        if (out.length === f.limit) {
          more = true;
          break;
        }
        lastSeq = r.seq;
        const copy = matches(r) ? released.get(r.id) : undefined;
        if (copy) out.push({ seq: r.seq, dateAdded: r.dateAdded, object: copy });
      }
      if (more) break;
      if (rows.length <= batch) break;
      scanned += page.length;
      if (out.length === f.limit || scanned >= PARTNER_SCAN) {
        more = true;
        break;
      }
      afterSeq = lastSeq;
    }
    if (out.length) {
      await appendAudit(this.node.db, this.node.clock, {
        actor: actorOf(principal),
        action: 'taxii.partner_read',
        target: c.id,
        outcome: 'success',
        details: { peer: c.partner!.nodeId, count: out.length },
      });
    }
    const pg = pageOf(out, more);
    // The next page starts after the last scanned candidate, not the last served one.
    if (more) pg.next = encodeNext(lastSeq);
    return pg;
  }
}

function asServed(r: VersionRow): Served {
  return { seq: r.seq, dateAdded: r.dateAdded, object: r.object as StixObject };
}

function pageOf(items: Served[], more: boolean): Page<Served> {
  const page: Page<Served> = { items, more };
  if (items.length) {
    page.first = items[0]!.dateAdded;
    page.last = items[items.length - 1]!.dateAdded;
    if (more) page.next = encodeNext(items[items.length - 1]!.seq);
  }
  return page;
}

/** The version of an object in a manifest: `modified`, else `created`, else date_added (§5.3.1). */
function versionOf(o: StixObject, dateAdded: string): string {
  return typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : dateAdded;
}
