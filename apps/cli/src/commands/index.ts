import type { Command } from 'commander';
import { registerAudit } from './audit.ts';
import { registerBoundaries } from './boundaries.ts';
import { registerDemographyCommand } from './demography.ts';
import { registerMigrate } from './migrate.ts';
import { registerRegisterImport } from './register-import.ts';
import { registerSeed } from './seed.ts';
import { registerSimulate } from './simulate.ts';
import { registerDemoTotp } from './totp.ts';
import { registerUnits } from './units.ts';

/** Every `danso` sub-command registers itself here, one module each. */
export const commands: Array<(program: Command) => void> = [
  registerMigrate,
  registerUnits,
  registerAudit,
  registerDemoTotp,
  registerDemographyCommand,
  registerSeed,
  registerSimulate,
  registerRegisterImport,
  registerBoundaries,
];
