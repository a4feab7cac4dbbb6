import { randomBytes } from 'node:crypto';
import {
  type Actor,
  assertAllowed,
  DomainError,
  defaultRegisterCodeLists,
  makeUuidV7,
  type RegisterCodeLists,
  scopeContains,
  vietNamDate,
} from '@danso/domain';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { earliestStockMonth } from '../population/population.repository.ts';
import {
  type ColumnKey,
  type ImportProblem,
  type RegisterFormat,
  readRegisterFile,
} from './register-file.ts';
import {
  areasOfCommune,
  currentCommune,
  existingHouseholdCodes,
  existingPersonalIds,
  hamletsOfCommune,
  insertHouseholds,
  insertPeople,
  lockCommune,
  type NewHousehold,
  type NewPerson,
  peopleOfHouseholds,
  refreshAreaStock,
  writeHistory,
} from './register-import.repository.ts';
import {
  checkAgainstRegister,
  checkRows,
  householdCode,
  type ImportedHousehold,
  type ResolvedHousehold,
  sortProblems,
} from './register-rows.ts';

export interface RegisterImportInput {
  communeCode: string;
  format: RegisterFormat;
  /** The file: text for CSV, base64 for XLSX. */
  content: string;
  dryRun: boolean;
}

export interface RegisterImportReport {
  communeCode: string;
  format: RegisterFormat;
  dryRun: boolean;
  /** True when the file has no problem: a dry run would import it, a real run did. */
  ok: boolean;
  /** Data rows read (empty lines are not counted). */
  rows: number;
  /** Households and people imported, or — for a dry run — that would be imported. */
  households: number;
  people: number;
  /** Always 0: a file is imported whole or not at all. */
  skipped: number;
  /** The day residence in the new households starts from, unless the file gives a household's creation date. */
  importedOn: string;
  problemCount: number;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/** The most problems (and warnings) a report lists; `problemCount` tells how many there were. */
export const MAX_LISTED_PROBLEMS = 2000;

function today(): string {
  return vietNamDate(new Date());
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/** The month before a month (first days). */
function previousMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 1 ? `${year - 1}-12-01` : `${year}-${String(m - 1).padStart(2, '0')}-01`;
}

type Trx = Transaction<DB>;

/**
 * Import of an existing register (households and people of one commune) from the old software's export.
 * Every row is checked; a dry run reports and writes nothing; a real run imports everything in one
 * transaction or, with any problem, nothing. The import writes the history and month-end stock the way the
 * initial load of a register does, and an audit entry.
 */
export class RegisterImportService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly lists: RegisterCodeLists = defaultRegisterCodeLists,
  ) {}

  /**
   * For commune officers (their commune) and province officers (a commune of their province). Collaborators
   * keep their areas' books through changes; an import replaces the paper book of a whole commune.
   */
  async importRegister(
    actor: Actor,
    input: RegisterImportInput,
    clientAddress: string,
  ): Promise<RegisterImportReport> {
    assertAllowed(actor, 'personal.write');
    if (actor.scope.kind !== 'commune' && actor.scope.kind !== 'province') {
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    }
    return this.run(actor, input, clientAddress);
  }

  /**
   * For the operator on the server itself (the `danso register-import` command), like the other imports
   * of the command line; never reachable over HTTP. Audited as the given operator.
   */
  async importAsOperator(operator: Actor, input: RegisterImportInput): Promise<RegisterImportReport> {
    return this.run({ ...operator, scope: { kind: 'national' } }, input, 'cli');
  }

  private async run(
    actor: Actor,
    input: RegisterImportInput,
    clientAddress: string,
  ): Promise<RegisterImportReport> {
    const commune = await currentCommune(this.database.db, input.communeCode);
    if (!commune?.parent_code) {
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'communeCode', reason: 'unknown_commune' }]);
    }
    const place = { provinceCode: commune.parent_code, communeCode: commune.code };
    if (!scopeContains(actor.scope, place)) throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
    const importedOn = today();
    // Read before the scoped transaction: row-level security would show a commune officer only her
    // commune's stock, and the stock starts from the province's first month.
    const firstStockMonth = await earliestStockMonth(this.database.db, place.provinceCode);

    const file = await readRegisterFile(input.format, input.content);
    const report = (
      ok: boolean,
      counts: { households: number; people: number },
      problems: ImportProblem[],
      warnings: ImportProblem[],
    ): RegisterImportReport => ({
      communeCode: place.communeCode,
      format: input.format,
      dryRun: input.dryRun,
      ok,
      rows: file.rows.length,
      ...counts,
      skipped: 0,
      importedOn,
      problemCount: problems.length,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
      warnings: warnings.slice(0, MAX_LISTED_PROBLEMS),
    });
    const refuse = (problems: ImportProblem[]): never => {
      throw new DomainError(
        'DANSO_ERR_IMPORT_INVALID',
        problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({
          path: `line ${p.line}/${p.field}`,
          reason: p.reason,
          message: p.message,
        })),
      );
    };
    if (file.problems.length > 0) {
      if (!input.dryRun) refuse(file.problems);
      return report(false, { households: 0, people: 0 }, file.problems, file.warnings);
    }
    const rows = checkRows(file.rows, { lists: this.lists, headers: file.headers, today: importedOn });

    return this.database.scoped(actor.scope, async (trx) => {
      await lockCommune(trx, place.communeCode);
      const checked = await this.checkRegister(trx, place.communeCode, rows.households, file.headers);
      const problems = sortProblems([...rows.problems, ...checked.problems]);
      const warnings = sortProblems([...file.warnings, ...rows.warnings, ...checked.warnings]);
      const counts = {
        households: rows.households.length,
        people: rows.households.reduce((n, h) => n + h.members.length, 0),
      };
      await this.audit.record(
        {
          action: input.dryRun ? 'register.import_check' : 'register.import',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'commune',
          objectId: place.communeCode,
          placeCode: place.communeCode,
          clientAddress,
          purpose: 'register.import',
          details: {
            format: input.format,
            rows: file.rows.length,
            problems: problems.length,
            ...(input.dryRun || problems.length > 0 ? {} : counts),
          },
        },
        trx,
      );
      if (input.dryRun) return report(problems.length === 0, counts, problems, warnings);
      if (problems.length > 0) refuse(problems);

      try {
        await this.write(trx, place, checked.resolved, importedOn, firstStockMonth);
      } catch (error) {
        // A household approved through a change between the check and the write took one of the codes.
        if ((error as { code?: string }).code === '23505') {
          throw new DomainError('DANSO_ERR_CONFLICT', [{ path: 'content', reason: 'household_exists' }]);
        }
        throw error;
      }
      return report(true, counts, [], warnings);
    });
  }

  private async checkRegister(
    trx: Trx,
    communeCode: string,
    households: readonly ImportedHousehold[],
    headers: Partial<Record<ColumnKey, string>>,
  ) {
    const codes = households.map((h) => householdCode(communeCode, h.areaNumber, h.number));
    const personalIds = households.flatMap((h) =>
      h.members.flatMap((m) => (m.personalId ? [m.personalId] : [])),
    );
    const [areas, hamlets, existingCodes, existingPeople, existingIds] = [
      await areasOfCommune(trx, communeCode),
      await hamletsOfCommune(trx, communeCode),
      await existingHouseholdCodes(trx, communeCode, codes),
      await peopleOfHouseholds(trx, communeCode, codes),
      await existingPersonalIds(trx, personalIds),
    ];
    return checkAgainstRegister(
      households,
      {
        communeCode,
        areas: new Map(areas.map((a) => [a.number, { id: a.id, hamletIds: a.hamletIds }])),
        hamlets,
        existingHouseholdCodes: existingCodes,
        existingPeople,
        existingPersonalIds: existingIds,
      },
      headers,
    );
  }

  /**
   * Writes the households and people, then their history: residence from the later of the birth date and
   * the household's creation date (the file's "Ngày lập hộ", else the import date), and the month-end stock
   * of the areas touched, from the province's first stock month (or, before any stock, from last month) to
   * this month.
   */
  private async write(
    trx: Trx,
    place: { provinceCode: string; communeCode: string },
    households: readonly ResolvedHousehold[],
    importedOn: string,
    firstStockMonth: string | null,
  ): Promise<void> {
    const householdRows: NewHousehold[] = [];
    const personRows: NewPerson[] = [];
    const now = Date.now();
    const newId = () => makeUuidV7(now, randomBytes(10));
    for (const h of households) {
      const id = newId();
      const members = h.members.map((m) => ({ id: newId(), m }));
      const head = members.find(({ m }) => m.relationToHead === 'head');
      if (!head) throw new Error(`household ${h.code} reached the write without its head`);
      householdRows.push({
        id,
        province_code: place.provinceCode,
        commune_code: place.communeCode,
        area_id: h.areaId,
        hamlet_id: h.hamletId,
        code: h.code,
        number: h.number,
        address: h.address,
        kind: h.kind,
        head_person_id: head.id,
        created_on: h.createdOn ?? importedOn,
      });
      members.forEach(({ id: personId, m }, i) => {
        personRows.push({
          id: personId,
          province_code: place.provinceCode,
          commune_code: place.communeCode,
          area_id: h.areaId,
          household_id: id,
          row_number: i + 1,
          full_name: m.fullName,
          relation_to_head: m.relationToHead,
          sex: m.sex,
          birth_date: m.birthDate,
          birth_date_precision: m.birthDatePrecision,
          ethnicity_code: m.ethnicityCode,
          education_code: m.educationCode,
          marital_status: m.maritalStatus,
          residence_status: m.residenceStatus,
          insurance_number: m.insuranceNumber,
          personal_id: m.personalId,
          search_name: m.foldedName,
        });
      });
    }
    await insertHouseholds(trx, householdRows);
    await insertPeople(trx, personRows);
    const areaIds = [...new Set(householdRows.map((h) => h.area_id))];
    await writeHistory(
      trx,
      householdRows.map((h) => h.id),
      areaIds,
    );
    const thisMonth = monthOf(importedOn);
    await refreshAreaStock(trx, areaIds, firstStockMonth ?? previousMonth(thisMonth), thisMonth);
  }
}
