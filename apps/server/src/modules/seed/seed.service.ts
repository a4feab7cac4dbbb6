import { setImmediate as nextTurn } from 'node:timers/promises';
import { vietNamDate } from '@danso/domain';
import type { RawBuilder } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../db/database.ts';
import { hashPassword } from '../auth/passwords.ts';
import { demoTotpSecret } from '../auth/totp.ts';
import { initialiseHistory, initialStockMonths, refreshStock } from '../population/population.repository.ts';
import { demoAccounts, demoPassword } from './accounts.ts';
import type { AreaBatch } from './commune.ts';
import { householdLine, personLine } from './copy-text.ts';
import { generateProvince, type ProvinceBatch } from './generate.ts';
import type {
  AreaListingRow,
  AreaRow,
  HamletRow,
  HouseholdRow,
  PersonRow,
  UserAreaRow,
  UserRow,
} from './rows.ts';
import {
  begin,
  commit,
  copyText,
  deleteProvinceData,
  findProvince,
  insertNewUsers,
  insertRows,
  listCommunes,
  listProvinceCodes,
  lockProvince,
  provinceContents,
  rollback,
  type SqlType,
  suspendIndexes,
} from './seed.repository.ts';

export interface SeedOptions {
  provinceCode: string;
  /**
   * People to place. Communes are used only as far as each gets ~500 people (~140 households, one area
   * of 100 or more); below 500 people the single area is necessarily smaller.
   */
  people: number;
  seed: number;
  /** Delete the province's existing register and demo accounts first, instead of refusing. */
  replace?: boolean;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  phase: 'layout' | 'people' | 'accounts' | 'history';
  people: number;
  peopleTotal: number;
  households: number;
  communesDone: number;
  communes: number;
}

export interface SeedReport {
  provinceCode: string;
  provinceName: string;
  engine: Database['kind'];
  seed: number;
  communes: number;
  hamlets: number;
  areas: number;
  households: number;
  people: number;
  /** Accounts created (the national demo accounts only the first time any province is seeded). */
  users: number;
  /** True when an earlier register of the province was deleted first (`replace`). */
  replaced: boolean;
  elapsedMs: number;
}

export type SeedErrorCode = 'invalid_option' | 'unknown_province' | 'no_communes' | 'province_not_empty';

/** A reason not to seed, with a message in Vietnamese and English; nothing has been written. */
export class SeedError extends Error {
  constructor(
    readonly code: SeedErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SeedError';
  }
}

export const maxSeedPeople = 20_000_000;

const vi = (n: number) => n.toLocaleString('vi-VN');

/** Checks the options before anything is opened or written. */
export function checkSeedOptions(options: Pick<SeedOptions, 'provinceCode' | 'people' | 'seed'>): void {
  const problems: string[] = [];
  if (!/^\d{2}$/.test(options.provinceCode)) {
    problems.push(`mã tỉnh "${options.provinceCode}" phải có 2 chữ số (the province code must be 2 digits)`);
  }
  if (!Number.isInteger(options.people) || options.people < 1 || options.people > maxSeedPeople) {
    problems.push(
      `số nhân khẩu phải là số nguyên từ 1 đến ${maxSeedPeople} (people must be an integer 1–${maxSeedPeople})`,
    );
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 31 - 1) {
    problems.push(`hạt giống phải là số nguyên từ 0 đến ${2 ** 31 - 1} (seed must be an integer 0–2^31−1)`);
  }
  if (problems.length > 0) throw new SeedError('invalid_option', problems.join('; '));
}

const hamletColumns: ReadonlyArray<readonly [keyof HamletRow, SqlType]> = [
  ['id', 'uuid'],
  ['province_code', 'text'],
  ['commune_code', 'text'],
  ['name', 'text'],
  ['kind', 'text'],
];
const areaColumns: ReadonlyArray<readonly [keyof AreaRow, SqlType]> = [
  ['id', 'uuid'],
  ['province_code', 'text'],
  ['commune_code', 'text'],
  ['number', 'int'],
  ['name', 'text'],
];
const listingColumns: ReadonlyArray<readonly [keyof AreaListingRow, SqlType]> = [
  ['area_id', 'uuid'],
  ['seq', 'int'],
  ['hamlet_id', 'uuid'],
  ['street', 'text'],
  ['household_from', 'int'],
  ['household_to', 'int'],
  ['province_code', 'text'],
  ['commune_code', 'text'],
];
const householdSqlColumns: ReadonlyArray<readonly [keyof HouseholdRow, SqlType]> = [
  ['id', 'uuid'],
  ['province_code', 'text'],
  ['commune_code', 'text'],
  ['area_id', 'uuid'],
  ['hamlet_id', 'uuid'],
  ['code', 'text'],
  ['number', 'int'],
  ['address', 'text'],
  ['head_person_id', 'uuid'],
  ['created_on', 'date'],
];
const personSqlColumns: ReadonlyArray<readonly [keyof PersonRow, SqlType]> = [
  ['id', 'uuid'],
  ['province_code', 'text'],
  ['commune_code', 'text'],
  ['area_id', 'uuid'],
  ['household_id', 'uuid'],
  ['row_number', 'int'],
  ['full_name', 'text'],
  ['relation_to_head', 'text'],
  ['sex', 'smallint'],
  ['birth_date', 'date'],
  ['birth_date_precision', 'text'],
  ['ethnicity_code', 'text'],
  ['education_code', 'text'],
  ['marital_status', 'text'],
  ['residence_status', 'text'],
  ['insurance_number', 'text'],
  ['personal_id', 'text'],
  ['search_name', 'text'],
  ['mother_id', 'uuid'],
];
const userColumns: ReadonlyArray<readonly [keyof UserRow, SqlType]> = [
  ['id', 'uuid'],
  ['username', 'text'],
  ['display_name', 'text'],
  ['role', 'text'],
  ['scope_province_code', 'text'],
  ['scope_commune_code', 'text'],
  ['password_hash', 'text'],
  ['totp_secret', 'text'],
  ['totp_enabled', 'boolean'],
  ['is_demo', 'boolean'],
];
const userAreaColumns: ReadonlyArray<readonly [keyof UserAreaRow, SqlType]> = [
  ['user_id', 'uuid'],
  ['area_id', 'uuid'],
];

/** Areas are gathered into chunks of about this many people, each written while the next is generated. */
const chunkPeople = { postgres: 50_000, pglite: 20_000 } as const;

interface Chunk {
  batches: AreaBatch[];
  people: number;
  households: number;
  communesDone: number;
}

/**
 * Seeds a synthetic province: hamlets, areas, households, people and a demo account for every role,
 * in one transaction. Refuses a province that already has a register unless `replace` is set.
 * The administrative units must be loaded first.
 */
export async function seedProvince(database: Database, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  checkSeedOptions(options);
  const { provinceCode, people, seed, onProgress } = options;
  // Hashed once for every account: argon2id is slow on purpose.
  const passwordHash = await hashPassword(demoPassword);

  const client = await database.pool.connect();
  let broken = false;
  try {
    await begin(client);
    await lockProvince(client, provinceCode);
    const province = await findProvince(client, provinceCode);
    if (!province) {
      throw new SeedError(
        'unknown_province',
        `Không có tỉnh mã ${provinceCode} trong danh mục hành chính hiện hành (no current province has code ${provinceCode})`,
      );
    }
    const communes = await listCommunes(client, provinceCode);
    if (communes.length === 0) {
      throw new SeedError(
        'no_communes',
        `Tỉnh ${province.name} (${provinceCode}) chưa có xã nào trong danh mục (the province has no communes loaded)`,
      );
    }
    const existing = await provinceContents(client, provinceCode);
    const hasData = existing.hamlets + existing.areas + existing.households + existing.demoUsers > 0;
    if (hasData && !options.replace) {
      throw new SeedError(
        'province_not_empty',
        `Tỉnh ${province.name} (${provinceCode}) đã có dữ liệu: ${vi(existing.households)} hộ, ` +
          `${vi(existing.people)} nhân khẩu, ${vi(existing.areas)} địa bàn. Dùng --replace để xoá và tạo lại. ` +
          `(The province already has data; use --replace to delete it and seed again.)`,
      );
    }
    if (hasData) await deleteProvinceData(client, provinceCode);

    const generated = generateProvince({
      seed,
      province,
      communes,
      people,
      provinceCodes: await listProvinceCodes(client),
    });
    const { plan } = generated;
    const progress = (phase: SeedProgress['phase'], chunk?: Chunk) =>
      onProgress?.({
        phase,
        people: chunk?.people ?? 0,
        peopleTotal: people,
        households: chunk?.households ?? 0,
        communesDone: chunk?.communesDone ?? 0,
        communes: plan.communes.length,
      });

    const suspended = await suspendIndexes(client);
    progress('layout');
    await insertRows(client, 'hamlet', hamletColumns, generated.hamlets);
    await insertRows(client, 'area', areaColumns, generated.areas);
    await insertRows(client, 'area_listing', listingColumns, generated.listings);

    const collaborators = new Map<string, Array<{ area: AreaRow; collaboratorName: string }>>();
    const write = database.kind === 'postgres' ? copyChunk : insertChunk;
    let households = 0;
    let written = 0;
    // One chunk is written while the next is generated: the database works while JavaScript does.
    let pending: Promise<void> | null = null;
    for await (const chunk of chunks(generated.batches(), chunkPeople[database.kind])) {
      for (const batch of chunk.batches) {
        const list = collaborators.get(batch.area.commune_code) ?? [];
        list.push({ area: batch.area, collaboratorName: batch.collaboratorName });
        collaborators.set(batch.area.commune_code, list);
      }
      if (pending) await pending;
      households = chunk.households;
      written = chunk.people;
      pending = write(client, chunk).then(() => progress('people', chunk));
      pending.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
    }
    if (pending) await pending;

    progress('accounts', { batches: [], people: written, households, communesDone: plan.communes.length });
    const accounts = demoAccounts({
      seed,
      province,
      passwordHash,
      totpSecret: demoTotpSecret,
      communes: plan.communes.map(({ commune }) => ({
        commune,
        areas: collaborators.get(commune.code) ?? [],
      })),
    });
    const insertedIds = await insertNewUsers(client, userColumns, accounts.users);
    await insertRows(
      client,
      'user_area',
      userAreaColumns,
      accounts.userAreas.filter((ua) => insertedIds.has(ua.user_id)),
    );

    progress('history', { batches: [], people: written, households, communesDone: plan.communes.length });
    const today = vietNamDate(new Date());
    const run = async (statements: readonly RawBuilder<unknown>[]) => {
      for (const statement of statements) {
        const compiled = statement.compile(database.db);
        await client.query(compiled.sql, [...compiled.parameters]);
      }
    };
    await run(initialiseHistory(provinceCode));
    // The stocks read the register by its indexes.
    await suspended?.restore();
    await run(refreshStock({ provinceCode, ...initialStockMonths(today) }));

    await commit(client);
    return {
      provinceCode,
      provinceName: province.name,
      engine: database.kind,
      seed,
      communes: plan.communes.length,
      hamlets: generated.hamlets.length,
      areas: generated.areas.length,
      households,
      people: written,
      users: insertedIds.size,
      replaced: hasData,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    try {
      await rollback(client);
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Groups area batches into chunks, handing control back to the event loop after every area. */
async function* chunks(batches: Iterable<ProvinceBatch>, peoplePerChunk: number): AsyncGenerator<Chunk> {
  let current: AreaBatch[] = [];
  let inChunk = 0;
  let people = 0;
  let households = 0;
  let communesDone = 0;
  for (const batch of batches) {
    current.push(batch);
    inChunk += batch.persons.length;
    people += batch.persons.length;
    households += batch.households.length;
    if (batch.closesCommune) communesDone += 1;
    if (inChunk >= peoplePerChunk) {
      yield { batches: current, people, households, communesDone };
      current = [];
      inChunk = 0;
    }
    // Lets the socket take the previous chunk's COPY data while this one is being generated.
    await nextTurn();
  }
  if (current.length > 0) yield { batches: current, people, households, communesDone };
}

async function copyChunk(client: pg.PoolClient, chunk: Chunk): Promise<void> {
  await copyText(client, 'household', householdText(chunk.batches));
  await copyText(client, 'person', personText(chunk.batches));
}

function* householdText(batches: readonly AreaBatch[]): Generator<string> {
  for (const batch of batches) {
    let text = '';
    for (const h of batch.households) text += householdLine(h);
    if (text) yield text;
  }
}

function* personText(batches: readonly AreaBatch[]): Generator<string> {
  for (const batch of batches) {
    let text = '';
    for (const p of batch.persons) text += personLine(p);
    if (text) yield text;
  }
}

async function insertChunk(client: pg.PoolClient, chunk: Chunk): Promise<void> {
  await insertRows(
    client,
    'household',
    householdSqlColumns,
    chunk.batches.flatMap((b) => b.households),
  );
  await insertRows(
    client,
    'person',
    personSqlColumns,
    chunk.batches.flatMap((b) => b.persons),
  );
}
