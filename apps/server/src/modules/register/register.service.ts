import {
  type Actor,
  assertAllowed,
  changeTypeLabels,
  DomainError,
  isChangeType,
  normalizeName,
  type Place,
  type ReviewStatus,
  reviewStatuses,
  reviewStatusLabels,
} from '@danso/domain';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { AdminUnitsService } from '../admin-units/admin-units.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { renderA0Pdf } from './a0-pdf.ts';
import {
  collaboratorsOfAreas,
  countHouseholdsOfArea,
  findArea,
  findHousehold,
  findPerson,
  formerMembersOf,
  type HouseholdHeaderRow,
  householdHeadersOfArea,
  householdsOfArea,
  membersOf,
  type PersonRow,
  peopleByIds,
  personNames,
  residenceIntervalsOf,
  type SearchFilter,
  type Stay,
  searchCandidateIds,
  statusIntervalsOf,
  timelineOf,
} from './register.repository.ts';
import {
  type ContraceptionView,
  compareA0,
  type HouseholdPageView,
  type Language,
  masksIdentifiers,
  type PersonFieldsView,
  personFieldsView,
  RegisterLabels,
} from './register-views.ts';

/** Where a read comes from and the language its labels are wanted in. */
export interface ReadContext {
  clientAddress: string;
  language: Language;
}

export interface SearchQuery {
  q?: string | undefined;
  birthDate?: string | undefined;
  householdCode?: string | undefined;
  card?: string | undefined;
  communeCode?: string | undefined;
  limit?: number | undefined;
}

const PURPOSE = 'register.read';
/** An area's book is one PDF; a real area has 100–400 households, so this bound is never met by one. */
export const AREA_BOOK_MAX_HOUSEHOLDS = 1000;
const TIMELINE_LIMIT = 500;
const UNIT_NAME_TTL_MS = 10 * 60_000;

type Trx = Transaction<DB>;

function outOfScope(): never {
  throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
}

/**
 * The household register, read: an area's household book, household pages (Sổ A0) on screen and as PDF,
 * a person's page with the history of the changes about them, and search. Personal data: every call checks
 * 'personal.read' and the place first, reads under row-level security, masks identifiers for readers wider
 * than a commune, and writes an audit entry naming the people it returned.
 */
export class RegisterService {
  /**
   * Names of provinces and communes for page headers and search results, kept a few minutes: a province
   * search shows people of dozens of communes, and a unit is renamed once in years.
   */
  private readonly unitNameCache = new Map<string, { name: string; until: number }>();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly units: AdminUnitsService,
  ) {}

  async householdsOfArea(
    actor: Actor,
    areaId: string,
    page: { offset: number; limit: number; status?: 'active' | 'closed' | undefined },
    context: ReadContext,
  ) {
    assertAllowed(actor, 'personal.read');
    const { area, items, total } = await this.database.scoped(actor.scope, async (trx) => {
      const area = await findArea(trx, areaId);
      if (!area) outOfScope();
      assertAllowed(actor, 'personal.read', placeOf(area, area.id));
      const { items, total } = await householdsOfArea(trx, areaId, page);
      await this.record(trx, actor, context, 'register.area_households', 'area', areaId, area.commune_code, {
        householdIds: items.map((h) => h.id),
      });
      return { area, items, total };
    });
    const names = await this.unitNames([area.province_code, area.commune_code]);
    const province = names.get(area.province_code) ?? area.province_code;
    const commune = names.get(area.commune_code) ?? area.commune_code;
    return {
      area: {
        id: area.id,
        number: area.number,
        name: area.name,
        communeCode: area.commune_code,
        communeName: commune,
        provinceCode: area.province_code,
        provinceName: province,
      },
      total,
      offset: page.offset,
      limit: page.limit,
      items: items.map((h) => ({
        id: h.id,
        code: h.code,
        number: h.number,
        hamletName: h.hamlet_name,
        address: h.address,
        status: h.status,
        closedOn: h.closed_on,
        headName: h.head_name ?? null,
        memberCount: Number(h.member_count ?? 0),
      })),
    };
  }

  async household(actor: Actor, id: string, context: ReadContext): Promise<HouseholdPageView> {
    assertAllowed(actor, 'personal.read');
    const page = await this.database.scoped(actor.scope, async (trx) => {
      const header = await findHousehold(trx, id);
      if (!header) outOfScope();
      assertAllowed(actor, 'personal.read', placeOf(header, header.area_id));
      const [page] = await this.pages(trx, actor, [header], context.language);
      if (!page) outOfScope();
      await this.record(trx, actor, context, 'register.household', 'household', id, header.commune_code, {
        personIds: page.members.map((m) => m.id),
      });
      return page;
    });
    return (await this.withUnitNames([page]))[0] as HouseholdPageView;
  }

  /** The household page as the paper form, A4 landscape. */
  async householdPdf(actor: Actor, id: string, context: ReadContext): Promise<Buffer> {
    assertAllowed(actor, 'personal.read');
    const pages = await this.database.scoped(actor.scope, async (trx) => {
      const header = await findHousehold(trx, id);
      if (!header) outOfScope();
      assertAllowed(actor, 'personal.read', placeOf(header, header.area_id));
      const result = await this.pages(trx, actor, [header], 'vi');
      await this.record(trx, actor, context, 'register.household_pdf', 'household', id, header.commune_code, {
        personIds: result.flatMap((p) => p.members.map((m) => m.id)),
      });
      return result;
    });
    return renderA0Pdf(await this.withUnitNames(pages), { printedOn: new Date() });
  }

  /** An area's whole household book: one page per household, by household number. */
  async areaBookPdf(actor: Actor, areaId: string, context: ReadContext): Promise<Buffer> {
    assertAllowed(actor, 'personal.read');
    const pages = await this.database.scoped(actor.scope, async (trx) => {
      const area = await findArea(trx, areaId);
      if (!area) outOfScope();
      assertAllowed(actor, 'personal.read', placeOf(area, area.id));
      if ((await countHouseholdsOfArea(trx, areaId)) > AREA_BOOK_MAX_HOUSEHOLDS) {
        throw new DomainError('DANSO_ERR_EXPORT_TOO_LARGE');
      }
      const headers = await householdHeadersOfArea(trx, areaId, AREA_BOOK_MAX_HOUSEHOLDS);
      const result = await this.pages(trx, actor, headers, 'vi');
      await this.record(trx, actor, context, 'register.area_book_pdf', 'area', areaId, area.commune_code, {
        householdIds: headers.map((h) => h.id),
        personIds: result.flatMap((p) => p.members.map((m) => m.id)),
      });
      return result;
    });
    return renderA0Pdf(await this.withUnitNames(pages), { printedOn: new Date() });
  }

  async person(actor: Actor, id: string, context: ReadContext) {
    assertAllowed(actor, 'personal.read');
    const labels = new RegisterLabels(context.language);
    const masked = masksIdentifiers(actor.scope);
    const view = await this.database.scoped(actor.scope, async (trx) => {
      const row = await findPerson(trx, id);
      if (!row) outOfScope();
      assertAllowed(actor, 'personal.read', placeOf(row, row.area_id));
      const [residences, statuses, names] = await Promise.all([
        residenceIntervalsOf(trx, id),
        statusIntervalsOf(trx, [id]),
        personNames(trx, row.mother_id ? [row.mother_id] : []),
      ]);
      // People registered before history was kept have no interval: their stay is their current household.
      const stays: Stay[] =
        residences.length > 0
          ? residences.map((r) => ({ householdId: r.household_id, from: r.valid_from, to: r.valid_to }))
          : [{ householdId: row.household_id, from: null, to: null }];
      const changes = await timelineOf(trx, id, stays, TIMELINE_LIMIT);
      await this.record(trx, actor, context, 'register.person', 'person', id, row.commune_code, {
        personIds: [id],
      });
      return {
        person: {
          ...personFieldsView(row, labels, masked),
          householdId: row.household_id,
          householdCode: row.household_code,
          householdNumber: row.household_number,
          householdAddress: row.household_address,
          areaId: row.area_id,
          areaNumber: row.area_number,
          areaName: row.area_name,
          hamletName: row.hamlet_name,
          communeCode: row.commune_code,
          communeName: row.commune_code,
          provinceCode: row.province_code,
          provinceName: row.province_code,
          motherId: row.mother_id,
          motherName: row.mother_id ? (names.get(row.mother_id) ?? null) : null,
          mergedIntoId: row.merged_into_id,
          contraceptiveMethod: row.contraceptive_method,
          contraceptiveMethodLabel: row.contraceptive_method
            ? labels.contraceptiveMethod(row.contraceptive_method)
            : null,
          contraceptionStartedOn: row.contraception_started_on,
        },
        timeline: changes.map((c) => ({
          id: c.id,
          type: c.type,
          typeLabel: isChangeType(c.type) ? changeTypeLabels[c.type][context.language] : c.type,
          occurredOn: c.occurred_on,
          recordedAt: new Date(c.recorded_at).toISOString(),
          status: c.status,
          statusLabel: isReviewStatus(c.status) ? reviewStatusLabels[c.status][context.language] : c.status,
          appliedAt: c.applied_at ? new Date(c.applied_at).toISOString() : null,
          reason: c.last_reason,
          authorName: c.author_name ?? null,
          about: c.person_id === id ? ('person' as const) : ('household' as const),
          householdId: c.household_id,
        })),
        residences: residences.map((r) => ({
          householdId: r.household_id,
          householdCode: r.household_code ?? null,
          areaId: r.area_id,
          areaName: r.area_name ?? null,
          communeCode: r.commune_code,
          validFrom: r.valid_from,
          validTo: r.valid_to,
        })),
        statuses: statuses.map((s) => ({
          kind: s.kind,
          value: s.value,
          valueLabel: labels.status(s.kind, s.value),
          validFrom: s.valid_from,
          validTo: s.valid_to,
        })),
        identifiersMasked: masked,
      };
    });
    const names = await this.unitNames([view.person.provinceCode, view.person.communeCode]);
    view.person.provinceName = names.get(view.person.provinceCode) ?? view.person.provinceCode;
    view.person.communeName = names.get(view.person.communeCode) ?? view.person.communeCode;
    return view;
  }

  /**
   * People by name (with or without diacritics, its words in order but not all of them: "dang hung" finds
   * "Đặng Văn Hùng"), date of birth (a day or a year), household code, or
   * insurance / personal ID number, within the actor's place. At most `limit` people; `truncated` says
   * there were more, so the user narrows the search.
   */
  async search(actor: Actor, query: SearchQuery, context: ReadContext) {
    assertAllowed(actor, 'personal.read');
    const limit = query.limit ?? 50;
    const folded = query.q ? normalizeName(query.q) : '';
    if (query.q !== undefined && folded.replace(/ /g, '').length < 2) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: 'querystring/q', reason: 'minLength', message: 'at least two letters or digits' },
      ]);
    }
    if (!folded && !query.birthDate && !query.householdCode && !query.card) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        {
          path: 'querystring',
          reason: 'required',
          message: 'give a name, a date of birth, a code or a number',
        },
      ]);
    }
    const filter = await this.searchFilter(actor, query, folded, limit + 1);
    const ids = await searchCandidateIds(this.database.db, filter);
    const labels = new RegisterLabels(context.language);
    const masked = masksIdentifiers(actor.scope);
    const result = await this.database.scoped(actor.scope, async (trx) => {
      const rows = (await peopleByIds(trx, ids)).filter((r) => isInScope(actor, placeOf(r, r.area_id)));
      rows.sort(
        (a, b) =>
          nameRank(a.search_name, folded) - nameRank(b.search_name, folded) ||
          a.search_name.localeCompare(b.search_name) ||
          a.birth_date.localeCompare(b.birth_date) ||
          a.id.localeCompare(b.id),
      );
      const shown = rows.slice(0, limit);
      if (shown.length > 0) {
        await this.record(
          trx,
          actor,
          context,
          'register.search',
          'search',
          null,
          filter.communeCode ?? null,
          {
            personIds: shown.map((r) => r.id),
            // Which criteria were used, never their values: a name is personal data.
            criteria: Object.keys(query)
              .filter((k) => k !== 'limit' && query[k as keyof SearchQuery] !== undefined)
              .sort(),
          },
        );
      }
      return {
        items: shown.map((r) => ({
          ...personFieldsView(r, labels, masked),
          householdId: r.household_id,
          householdCode: r.household_code,
          householdAddress: r.household_address,
          areaId: r.area_id,
          areaNumber: r.area_number,
          areaName: r.area_name,
          communeCode: r.commune_code,
          communeName: r.commune_code,
        })),
        truncated: rows.length > limit || ids.length > limit,
        identifiersMasked: masked,
      };
    });
    const names = await this.unitNames(result.items.map((i) => i.communeCode));
    for (const item of result.items) item.communeName = names.get(item.communeCode) ?? item.communeCode;
    return result;
  }

  /** The search's place filter: the actor's own scope, narrowed to one commune when asked and allowed. */
  private async searchFilter(
    actor: Actor,
    query: SearchQuery,
    folded: string,
    limit: number,
  ): Promise<SearchFilter> {
    const scope = actor.scope;
    if (scope.kind === 'national') throw new DomainError('DANSO_ERR_FORBIDDEN');
    let communeCode = scope.kind === 'province' ? undefined : scope.communeCode;
    if (query.communeCode) {
      if (scope.kind === 'province') {
        const commune = await this.units.current(query.communeCode);
        if (commune?.level !== 'commune' || commune.parent_code !== scope.provinceCode) outOfScope();
      } else if (query.communeCode !== scope.communeCode) {
        outOfScope();
      }
      communeCode = query.communeCode;
    }
    const birthDate = query.birthDate;
    return {
      provinceCode: scope.provinceCode,
      communeCode,
      areaIds: scope.kind === 'areas' ? scope.areaIds : undefined,
      q: folded || undefined,
      birth: !birthDate
        ? undefined
        : birthDate.length === 4
          ? { kind: 'year', year: Number(birthDate) }
          : { kind: 'day', date: birthDate },
      householdCode: query.householdCode,
      card: query.card,
      limit,
    };
  }

  /** Household pages: header, members in A0 order (with those who died or left), and section II. */
  private async pages(
    trx: Trx,
    actor: Actor,
    headers: HouseholdHeaderRow[],
    language: Language,
  ): Promise<HouseholdPageView[]> {
    if (headers.length === 0) return [];
    const labels = new RegisterLabels(language);
    const masked = masksIdentifiers(actor.scope);
    const ids = headers.map((h) => h.id);
    const areaIds = [...new Set(headers.map((h) => h.area_id))];
    const [members, former, collaborators] = await Promise.all([
      membersOf(trx, ids),
      formerMembersOf(trx, ids),
      collaboratorsOfAreas(trx, areaIds),
    ]);
    const women = members.filter(
      (m) => m.sex === 2 && m.vital_status === 'alive' && m.presence === 'present',
    );
    const contraception = await statusIntervalsOf(
      trx,
      women.map((w) => w.id),
      'contraception',
    );

    return headers.map((h) => {
      const own = members.filter((m) => m.household_id === h.id);
      const left = former.filter((f) => f.former_household_id === h.id && !own.some((m) => m.id === f.id));
      // Those who moved to another household keep their place at the end: their relation to this
      // household's head is no longer recorded (their row now says how they relate to their new head).
      const rows: { row: PersonRow; view: PersonFieldsView }[] = [
        ...own.sort(compareA0).map((row) => ({ row, view: personFieldsView(row, labels, masked) })),
        ...left.map((row) => ({
          row,
          view: personFieldsView(row, labels, masked, {
            reason: 'transferred' as const,
            on: row.left_on,
            householdId: row.household_id,
            householdCode: row.current_household_code,
          }),
        })),
      ];
      return {
        household: {
          id: h.id,
          code: h.code,
          number: h.number,
          address: h.address,
          kind: h.kind,
          status: h.status,
          createdOn: h.created_on,
          closedOn: h.closed_on,
          provinceCode: h.province_code,
          provinceName: h.province_code,
          communeCode: h.commune_code,
          communeName: h.commune_code,
          areaId: h.area_id,
          areaNumber: h.area_number,
          areaName: h.area_name,
          hamletName: h.hamlet_name,
          collaborators: collaborators
            .filter((c) => c.area_id === h.area_id)
            .map((c) => ({ id: c.id, displayName: c.display_name })),
        },
        members: rows.map(({ view }, index) => ({ ...view, position: index + 1 })),
        contraception: couples(own, contraception, labels),
        identifiersMasked: masked,
      };
    });
  }

  /**
   * Names of provinces and communes. Asked outside the scoped transaction: PGlite has one connection,
   * and another query while a transaction holds it would wait for ever.
   */
  private async unitNames(codes: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const code of new Set(codes)) {
      const cached = this.unitNameCache.get(code);
      if (cached && cached.until > now) names.set(code, cached.name);
      else missing.push(code);
    }
    const found = await Promise.all(missing.map(async (code) => (await this.units.current(code))?.name));
    missing.forEach((code, i) => {
      const name = found[i] ?? code;
      names.set(code, name);
      this.unitNameCache.set(code, { name, until: now + UNIT_NAME_TTL_MS });
    });
    return names;
  }

  private async withUnitNames(pages: HouseholdPageView[]): Promise<HouseholdPageView[]> {
    const names = await this.unitNames(
      pages.flatMap((p) => [p.household.provinceCode, p.household.communeCode]),
    );
    for (const { household } of pages) {
      household.provinceName = names.get(household.provinceCode) ?? household.provinceCode;
      household.communeName = names.get(household.communeCode) ?? household.communeCode;
    }
    return pages;
  }

  private record(
    trx: Trx,
    actor: Actor,
    context: ReadContext,
    action: string,
    objectType: string,
    objectId: string | null,
    placeCode: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action,
        actorUserId: actor.userId,
        actorRole: actor.role,
        objectType,
        ...(objectId ? { objectId } : {}),
        ...(placeCode ? { placeCode } : {}),
        clientAddress: context.clientAddress,
        purpose: PURPOSE,
        details,
      },
      trx,
    );
  }
}

function placeOf(row: { province_code: string; commune_code: string }, areaId: string): Place {
  return { provinceCode: row.province_code, communeCode: row.commune_code, areaId };
}

function isInScope(actor: Actor, place: Place): boolean {
  try {
    assertAllowed(actor, 'personal.read', place);
    return true;
  } catch {
    return false;
  }
}

function isReviewStatus(value: string): value is ReviewStatus {
  return (reviewStatuses as readonly string[]).includes(value);
}

/** The exact name first, then names that start with the query, then names holding it whole, then the rest. */
function nameRank(name: string, folded: string): number {
  if (!folded || name === folded) return 0;
  if (name.startsWith(folded)) return 1;
  if (name.includes(folded)) return 2;
  return 3;
}

/**
 * Section II of the page: the married women of the household with a contraceptive method recorded, now or
 * in their history, with their husband when he is on the page.
 */
function couples(
  members: PersonRow[],
  intervals: { person_id: string; value: string; valid_from: string; valid_to: string | null }[],
  labels: RegisterLabels,
): ContraceptionView[] {
  const present = members.filter((m) => m.vital_status === 'alive' && m.presence === 'present');
  const husbandOf = (wife: PersonRow): PersonRow | undefined => {
    const men = present.filter((m) => m.sex === 1 && m.marital_status === 'married');
    if (wife.relation_to_head === 'head') return men.find((m) => m.relation_to_head === 'spouse');
    if (wife.relation_to_head === 'spouse') return men.find((m) => m.relation_to_head === 'head');
    return undefined;
  };
  return present
    .filter((w) => w.sex === 2)
    .map((wife) => ({
      wife,
      history: intervals.filter((i) => i.person_id === wife.id),
    }))
    .filter(({ wife, history }) => wife.contraceptive_method !== null || history.length > 0)
    .sort((a, b) => compareA0(a.wife, b.wife))
    .map(({ wife, history }) => ({
      wifeId: wife.id,
      wifeName: wife.full_name,
      wifeBirthYear: Number(wife.birth_date.slice(0, 4)),
      husbandName: husbandOf(wife)?.full_name ?? null,
      method: wife.contraceptive_method,
      methodLabel: wife.contraceptive_method ? labels.contraceptiveMethod(wife.contraceptive_method) : null,
      startedOn: wife.contraception_started_on,
      history: history.map((i) => ({
        method: i.value,
        methodLabel: labels.contraceptiveMethod(i.value),
        validFrom: i.valid_from,
        validTo: i.valid_to,
      })),
    }));
}
