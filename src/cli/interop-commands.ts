/** CLI commands of MISP, CoT, ACLED, CSV/GeoJSON import and export. */
import type { Command } from 'commander';
import type { CliHelpers } from './helpers.ts';

export function registerInteropCommands(program: Command, cli: CliHelpers): void {
  void program;
  void cli;
}
