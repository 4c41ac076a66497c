/** CLI commands of joint operations and protected sites. */
import type { Command } from 'commander';
import type { CliHelpers } from './helpers.ts';

export function registerOperationsCommands(program: Command, cli: CliHelpers): void {
  void program;
  void cli;
}
