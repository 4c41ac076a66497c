/** CLI commands of correlation and the forecast (`sentinelle forecast evaluate`, …). */
import type { Command } from 'commander';
import type { CliHelpers } from './helpers.ts';

export function registerAnalysisCommands(program: Command, cli: CliHelpers): void {
  void program;
  void cli;
}
