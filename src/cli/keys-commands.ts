/**
 * `sentinelle keys list|rotate|revoke` ([FED-50]–[FED-53] of docs/sync-spec.md): this node's own
 * signing keys. A rotation or revocation is a new key-set version, queued FLASH to every partner
 * at the next federation round (of `serve`, or `federation sync`).
 */
import type { Command } from 'commander';
import { DomainError } from '../core/errors.ts';
import { t } from '../i18n/i18n.ts';
import '../federation/engine/keys-messages.ts';
import type { SharingCliHelpers } from './sharing-commands.ts';

function overlapMs(raw: string): number {
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0)
    throw new DomainError(
      'invalid',
      'keys.bad_overlap',
      [{ path: '/overlap', code: 'keys.bad_overlap', params: { max: 90 * 24 } }],
      { max: 90 * 24 },
    );
  return Math.round(hours * 3600_000);
}

export function registerKeysCommands(program: Command, h: SharingCliHelpers): void {
  const say = (code: string, params: Record<string, string | number> = {}) =>
    h.io.out(t(h.locale(), code, params));
  const keys = program.command('keys').description('this node’s signing keys / clés de signature de ce nœud');

  keys
    .command('list')
    .description('keys of this node and their status / clés de ce nœud et leur état')
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await h.withNode(cmd, (node) => node.federation.listKeys('cli'));
      const L = h.locale();
      say('keys.cli.version', { version: r.version });
      h.io.out(t(L, 'keys.cli.head'));
      for (const k of r.keys) {
        // A revocation dated in the future (the end of a rotation's overlap) is not in effect yet.
        const revokedNow = k.revokedNow;
        let state = revokedNow
          ? t(L, 'keys.cli.revoked_state', { reason: k.revoked!.reason, from: k.revoked!.from })
          : k.pending
            ? t(L, 'keys.cli.pending', { deadline: k.pending })
            : t(L, k.signing ? 'keys.cli.signing' : 'keys.cli.valid');
        if (k.revoked && !revokedNow) state += ` ${t(L, 'keys.cli.until', { from: k.revoked.from })}`;
        h.io.out(`${k.kid} ${k.use.padEnd(6)} ${k.from.padEnd(21)} ${state}`);
      }
    });

  keys
    .command('rotate')
    .description(
      'new signing key, sent FLASH to every partner / nouvelle clé de signature, envoyée en FLASH aux partenaires',
    )
    .option(
      '--overlap <hours>',
      'how long the old key may still sign while partners catch up / durée pendant laquelle l’ancienne clé peut encore signer',
      '24',
    )
    .action(async (opts: { overlap: string }, cmd: Command) => {
      const ms = overlapMs(opts.overlap);
      const r = await h.withNode(cmd, (node) => node.federation.rotateKeys('cli', ms));
      say('keys.cli.rotated', { kid: r.kid, version: r.version, deadline: r.deadline });
    });

  keys
    .command('revoke <kid>')
    .description(
      'revoke a signing key (compromised unless --from) / révoquer une clé de signature (compromise sauf --from)',
    )
    .option(
      '--from <time>',
      'refuse signatures from this time only / refuser les signatures à partir de cette date',
    )
    .action(async (kid: string, opts: { from?: string }, cmd: Command) => {
      const r = await h.withNode(cmd, (node) => node.federation.revokeKey('cli', kid, opts.from));
      say('keys.cli.revoked', {
        kid,
        reason: r.revocation.reason,
        from: r.revocation.from,
        version: r.version,
      });
    });
}
