/**
 * This node's own key set and the key that signs now ([FED-50]–[FED-53] of docs/sync-spec.md).
 *
 * A node starts with version 1: the signing key registered by its partners (`keys/node-ed25519.pem`)
 * and its key-agreement key. `rotate` adds a new Ed25519 key (valid from now), revokes the signing
 * key as `superseded` from the end of an overlap, and signs version n+1 with the key that signs
 * now, so the update chains to what partners hold ([FED-16]). The new key does not sign yet: the
 * switch happens once every partner with an agreement in force has acknowledged the new version
 * (it travels FLASH on the stream, in an envelope signed by the old key), or when the overlap ends
 * ([FED-19]: a key is published before it first signs). `revoke` adds a revocation (compromised,
 * or from a given time) in a new version signed by the current key.
 *
 * State lives beside the registration key, as the node keeps it (PEM, mode 0600, not encrypted):
 * `keys/node-ed25519-<kid>.pem` per added key and `keys/keyring.json`, written by rename so a crash
 * leaves either the old or the new state. A process that did not make a change sees it at its next
 * round (`refresh`), so `sentinelle keys rotate` reaches a running `serve`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import {
  keyEntry,
  keyId,
  keyStatus,
  signKeySet,
  type KeyEntry,
  type KeySet,
  type Revocation,
  type SigningKey,
} from '../keyset.ts';
import type { NodeKexKey } from '../node-kex-key.ts';
import './keys-messages.ts';

/** The signing key's validity start shared with keySetFromRegistration (trust from registration). */
export const REGISTRATION_KEY_FROM = '1970-01-01T00:00:00Z';
/** [FED-51] Default overlap: the old key keeps signing at most this long while partners catch up. */
export const DEFAULT_OVERLAP_MS = 24 * 3600_000;
const MAX_OVERLAP_MS = 90 * 24 * 3600_000;

interface KeyringState {
  version: number;
  keys: KeyEntry[];
  revocations: Revocation[];
  /** Key id that signs now. */
  signer: string;
  /** A rotated key waiting for partners' acknowledgements, and when it signs at the latest. */
  pending?: { kid: string; version: number; deadline: string };
  /** The signed key set of `version` (base64url COSE_Sign1). */
  signed?: string;
}

export interface OwnKeyView {
  kid: string;
  use: 'sig' | 'kex';
  from: string;
  until?: string;
  revoked?: Revocation;
  /** The revocation is in effect now (one dated at the end of an overlap is not yet). */
  revokedNow: boolean;
  /** Signs now (only one `sig` key does). */
  signing: boolean;
  /** Published, signs once partners acknowledged the key set or at `deadline`. */
  pending?: string;
}

/** Whole seconds: signed times are seconds ([FED-17]), so a key must start on one. */
const second = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export class OwnKeyring {
  private state: KeyringState;
  private readonly privates = new Map<string, KeyObject>();
  private text = '';
  /** A live view of the key that signs now: sender, receiver and transports hold this one object. */
  readonly signingKey: SigningKey;

  constructor(
    private readonly registrationKey: KeyObject,
    private readonly kex: NodeKexKey | undefined,
    private readonly clock: Clock,
    private readonly dir: string | undefined,
  ) {
    const regKid = keyId(createPublicKey(registrationKey));
    this.privates.set(regKid, registrationKey);
    this.state = this.initial(regKid);
    this.refresh();
    const now = () => this.signerNow();
    const privateOf = (kid: string) => this.privates.get(kid)!;
    const fromOf = (kid: string) => this.entry(kid).from;
    this.signingKey = {
      get kid() {
        return now();
      },
      get privateKey() {
        return privateOf(now());
      },
      get from() {
        return fromOf(now());
      },
    };
  }

  /**
   * The key that signs at the clock's time: the rotated one once its overlap is over, even before
   * a round persisted the switch (the old key is revoked from then, so it must not sign).
   */
  private signerNow(): string {
    const p = this.state.pending;
    return p && this.clock.now().getTime() >= Date.parse(p.deadline) ? p.kid : this.state.signer;
  }

  private initial(regKid: string): KeyringState {
    const keys = [keyEntry(createPublicKey(this.registrationKey), 'sig', REGISTRATION_KEY_FROM)];
    if (this.kex) keys.push(keyEntry(this.kex.publicKey, 'kex', REGISTRATION_KEY_FROM));
    return { version: 1, keys, revocations: [], signer: regKid };
  }

  private get file(): string | undefined {
    return this.dir ? join(this.dir, 'keys', 'keyring.json') : undefined;
  }

  private keyFile(kid: string): string {
    return join(this.dir!, 'keys', `node-ed25519-${kid}.pem`);
  }

  private entry(kid: string): KeyEntry {
    return this.state.keys.find((k) => k.kid === kid && k.use === 'sig')!;
  }

  /** [FED-52] Reloads the state when another process (the CLI) changed it. */
  refresh(): void {
    const file = this.file;
    if (!file || !existsSync(file)) return;
    // Compared by content, not mtime: two writes within one timestamp tick must not be missed.
    const text = readFileSync(file, 'utf8');
    if (text === this.text) return;
    const state = JSON.parse(text) as KeyringState;
    for (const k of state.keys) {
      if (k.use !== 'sig' || this.privates.has(k.kid)) continue;
      const pem = this.keyFile(k.kid);
      if (existsSync(pem)) this.privates.set(k.kid, createPrivateKey(readFileSync(pem)));
    }
    this.state = state;
    this.text = text;
  }

  private persist(next: KeyringState): void {
    const file = this.file;
    if (!file) throw new DomainError('unavailable', 'keys.no_data_dir');
    const tmp = `${file}.tmp`;
    const text = JSON.stringify(next, null, 2);
    writeFileSync(tmp, text, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
    this.state = next;
    this.text = text;
  }

  /** [FED-16] The key set published now (undefined without a key-agreement key, as before rotation existed). */
  keyset(node: string): KeySet | undefined {
    return this.kex ? this.withNode(node) : undefined;
  }

  /** The signed key set of the current version (version 1 is signed once per process). */
  signed(node: string): { version: number; signed: Uint8Array } {
    const s = this.state;
    if (!s.signed) {
      if (!this.kex) throw new Error('no key-agreement key: the node was opened without a data directory');
      s.signed = Buffer.from(signKeySet(this.withNode(node), this.signingKey, this.clock)).toString(
        'base64url',
      );
    }
    return { version: s.version, signed: new Uint8Array(Buffer.from(s.signed, 'base64url')) };
  }

  private withNode(node: string, s: KeyringState = this.state): KeySet {
    return { node, version: s.version, keys: s.keys, revocations: s.revocations };
  }

  /** The rotation waiting for partners, if any. */
  get pending(): KeyringState['pending'] {
    return this.state.pending;
  }

  /**
   * [FED-50][FED-19] A new signing key, published in version n+1 signed by the key that signs now;
   * the current key is revoked as `superseded` from the end of the overlap.
   */
  rotate(node: string, overlapMs: number): { kid: string; version: number; deadline: string } {
    if (!this.dir || !this.kex) throw new DomainError('unavailable', 'keys.no_data_dir');
    if (!Number.isSafeInteger(overlapMs) || overlapMs < 0 || overlapMs > MAX_OVERLAP_MS)
      throw new DomainError(
        'invalid',
        'keys.bad_overlap',
        [{ path: '/overlap', code: 'keys.bad_overlap', params: { max: MAX_OVERLAP_MS / 3600_000 } }],
        { max: MAX_OVERLAP_MS / 3600_000 },
      );
    this.switchIfDue(false);
    if (this.state.pending)
      throw new DomainError('conflict', 'keys.rotation_pending', [], { kid: this.state.pending.kid });
    const now = this.clock.now().getTime();
    const { privateKey } = generateKeyPairSync('ed25519');
    const entry = keyEntry(createPublicKey(privateKey), 'sig', second(now));
    const deadline = second(now + overlapMs + 999);
    const old = this.state.signer;
    const revocations = this.state.revocations.filter((r) => r.kid !== old);
    const prior = this.state.revocations.find((r) => r.kid === old);
    // Revocations only become stricter ([FED-16]): keep an earlier or a `compromised` one.
    revocations.push(
      prior && (prior.reason === 'compromised' || Date.parse(prior.from) <= Date.parse(deadline))
        ? prior
        : { kid: old, from: deadline, reason: 'superseded' },
    );
    const next: KeyringState = {
      version: this.state.version + 1,
      keys: [...this.state.keys, entry],
      revocations,
      signer: old,
      pending: { kid: entry.kid, version: this.state.version + 1, deadline },
    };
    next.signed = Buffer.from(signKeySet(this.withNode(node, next), this.signingKey, this.clock)).toString(
      'base64url',
    );
    writeFileSync(this.keyFile(entry.kid), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(this.keyFile(entry.kid), 0o600);
    this.privates.set(entry.kid, privateKey);
    this.persist(next);
    return { kid: entry.kid, version: next.version, deadline };
  }

  /**
   * [FED-53][FED-18] Revokes one of this node's signing keys: `compromised` (every signature
   * refused, whatever its date) or, with `from`, `retired` from that time. Never the key that
   * signs now: rotate first.
   */
  revoke(node: string, kid: string, from?: string): { version: number; revocation: Revocation } {
    if (!this.dir || !this.kex) throw new DomainError('unavailable', 'keys.no_data_dir');
    this.switchIfDue(false);
    const entry = this.state.keys.find((k) => k.kid === kid && k.use === 'sig');
    if (!entry)
      throw new DomainError(
        'not_found',
        'keys.unknown_key',
        [{ path: '/kid', code: 'keys.unknown_key', params: { kid } }],
        { kid },
      );
    if (kid === this.state.signer)
      throw new DomainError(
        'conflict',
        'keys.revoke_signer',
        [{ path: '/kid', code: 'keys.revoke_signer', params: { kid } }],
        { kid },
      );
    // The old key is revoked from the end of the overlap: the rotated key must then sign.
    if (kid === this.state.pending?.kid)
      throw new DomainError(
        'conflict',
        'keys.revoke_pending',
        [{ path: '/kid', code: 'keys.revoke_pending', params: { kid } }],
        { kid },
      );
    let at: string | undefined;
    if (from !== undefined) {
      const t = Date.parse(from);
      if (!Number.isFinite(t))
        throw new DomainError('invalid', 'keys.bad_from', [
          { path: '/from', code: 'keys.bad_from', params: { value: from } },
        ]);
      at = second(t);
    }
    const prior = this.state.revocations.find((r) => r.kid === kid);
    const revocation: Revocation = at
      ? { kid, from: at, reason: 'retired' }
      : { kid, from: second(this.clock.now().getTime()), reason: 'compromised' };
    // Only stricter ([FED-16]): a compromised key stays compromised, a date only moves earlier.
    if (prior && (prior.reason === 'compromised' || (at && Date.parse(prior.from) <= Date.parse(at))))
      throw new DomainError('conflict', 'keys.already_revoked', [], { kid });
    if (prior && at) revocation.reason = prior.reason;
    const next: KeyringState = {
      ...this.state,
      version: this.state.version + 1,
      revocations: [...this.state.revocations.filter((r) => r.kid !== kid), revocation],
    };
    next.signed = Buffer.from(signKeySet(this.withNode(node, next), this.signingKey, this.clock)).toString(
      'base64url',
    );
    this.persist(next);
    return { version: next.version, revocation };
  }

  /**
   * [FED-51] Moves signing to the rotated key when every partner acknowledged the new key set
   * (`ready`) or the overlap is over. Returns the new signer's id when it switched.
   */
  switchIfDue(ready: boolean): string | undefined {
    this.refresh();
    const p = this.state.pending;
    if (!p) return undefined;
    const due = this.clock.now().getTime() >= Date.parse(p.deadline);
    if (!ready && !due) return undefined;
    const next: KeyringState = { ...this.state, signer: p.kid };
    delete next.pending;
    this.persist(next);
    return p.kid;
  }

  /** Every key of the set with its status now. */
  list(): OwnKeyView[] {
    const s = this.state;
    const ks = this.withNode('');
    const now = this.clock.now();
    return s.keys.map((k) => {
      const revoked = s.revocations.find((r) => r.kid === k.kid);
      return {
        kid: k.kid,
        use: k.use,
        from: k.from,
        ...(k.until ? { until: k.until } : {}),
        ...(revoked ? { revoked } : {}),
        revokedNow: keyStatus(ks, k.kid, now, k.use).status === 'revoked',
        signing:
          k.use === 'sig' && k.kid === this.signerNow() && keyStatus(ks, k.kid, now).status !== 'unknown',
        ...(s.pending?.kid === k.kid ? { pending: s.pending.deadline } : {}),
      };
    });
  }

  get version(): number {
    return this.state.version;
  }
}
