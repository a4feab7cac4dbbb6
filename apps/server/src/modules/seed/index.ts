/** The synthetic population seeder: `seedProvince` for a database, `generateProvince` for the rows alone. */
export { demoAccounts, demoPassword } from './accounts.ts';
export { householdColumns, householdLine, personColumns, personLine } from './copy-text.ts';
export { type GeneratedProvince, generateProvince, type ProvinceInput } from './generate.ts';
export type * from './rows.ts';
export { copyText, findProvince, insertRows, listCommunes, listProvinceCodes } from './seed.repository.ts';
export {
  checkSeedOptions,
  maxSeedPeople,
  SeedError,
  type SeedErrorCode,
  type SeedOptions,
  type SeedProgress,
  type SeedReport,
  seedProvince,
} from './seed.service.ts';
