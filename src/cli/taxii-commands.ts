/** CLI commands of the TAXII 2.1 client (`sentinelle taxii pull`). */
import type { Command } from 'commander';
import type { CliHelpers } from './helpers.ts';

export function registerTaxiiCommands(program: Command, cli: CliHelpers): void {
  void program;
  void cli;
}
