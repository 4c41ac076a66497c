/** CLI commands of the cooperation ledger. */
import type { Command } from 'commander';
import type { CliHelpers } from './helpers.ts';

export function registerCooperationCommands(program: Command, cli: CliHelpers): void {
  void program;
  void cli;
}
