/** What every group of CLI commands receives from src/cli/main.ts. */
import type { Command } from 'commander';
import type { Locale } from '../i18n/i18n.ts';
import type { Principal } from '../auth/principal.ts';
import type { SentinelleNode } from '../node/node.ts';

export interface CliHelpers {
  /** Opens the node of the command's global options, runs `fn`, closes it. */
  withNode<T>(cmd: Command, fn: (node: SentinelleNode) => Promise<T>): Promise<T>;
  io: { out: (s: string) => void; err: (s: string) => void };
  /** The locale of messages (set from --lang before each action). */
  locale(): Locale;
  readJson(file: string): Promise<unknown>;
  /** The principal CLI commands act as (every role: the operator holds the node's keys). */
  principal(): Principal;
  /** A progress reporter on stderr (at most every 5 %, only for long runs). */
  progress(line: (done: number, total: number) => string): (done: number, total: number) => void;
}
