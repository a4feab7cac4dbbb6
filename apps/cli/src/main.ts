#!/usr/bin/env -S npx tsx
import { Command } from 'commander';
import { commands } from './commands/index.ts';

const program = new Command()
  .name('danso')
  .description('DânSố — công cụ dòng lệnh (command-line tool)')
  .showHelpAfterError();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
