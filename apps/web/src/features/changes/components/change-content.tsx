import type { Change, CodeListName } from '@danso/domain';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.ts';
import { type ChangeLabels, useChangeLabels } from './change-labels.ts';

/** Who a person id stands for, as far as the page knows. */
export type NameOf = (personId: string | null | undefined) => string;

type Row = [label: string, value: string];

interface MovePlace {
  provinceCode?: string;
  communeCode?: string;
  country?: string;
  description?: string;
}

function place(value: MovePlace, t: TFunction): string {
  return [
    value.description,
    value.communeCode ? t('changes.fields.communeCodeValue', { code: value.communeCode }) : null,
    value.provinceCode ? t('changes.fields.provinceCodeValue', { code: value.provinceCode }) : null,
    value.country,
  ]
    .filter(Boolean)
    .join(', ');
}

function yesNo(value: boolean, t: TFunction): string {
  return value ? t('changes.fields.yes') : t('changes.fields.no');
}

function screening(
  tests: readonly { test: string; result: string }[],
  list: CodeListName,
  labels: ChangeLabels,
): string {
  return tests
    .map((x) => `${labels.code(list, x.test)}: ${labels.code('screeningResult', x.result)}`)
    .join('; ');
}

/** An info-change value (a birth date, a code, a name, or nothing) in words. */
export function infoValue(field: string, value: unknown, labels: ChangeLabels, t: TFunction): string {
  if (value === null || value === undefined) return t('changes.fields.empty');
  if (typeof value === 'object' && 'date' in value)
    return formatDate(String((value as { date: string }).date));
  const lists: Record<string, CodeListName> = {
    sex: 'sex',
    ethnicityCode: 'ethnicity',
    educationCode: 'education',
    maritalStatus: 'maritalStatus',
    residenceStatus: 'residenceStatus',
    relationToHead: 'relationToHead',
  };
  const list = lists[field];
  return list ? labels.code(list, String(value)) : String(value);
}

/** The rows of a change's content, with every code given its label from the code lists. */
function rowsOf(change: Change, nameOf: NameOf, labels: ChangeLabels, t: TFunction): Row[] {
  const f = (key: string) => t(`changes.fields.${key}` as 'changes.fields.fullName');
  const person: Row[] =
    'personId' in change && change.personId ? [[f('person'), nameOf(change.personId)]] : [];
  switch (change.type) {
    case 'birth': {
      const p = change.payload;
      return [
        [f('childName'), p.fullName],
        [f('sex'), labels.code('sex', p.sex)],
        [f('ethnicity'), labels.code('ethnicity', p.ethnicityCode)],
        [f('relationToHead'), labels.code('relationToHead', p.relationToHead)],
        [f('birthPlace'), labels.code('birthPlace', p.birthPlace)],
        [f('birthOrder'), String(p.birthOrder)],
        [
          f('mother'),
          `${p.mother.fullName} (${formatDate(p.mother.birthDate)})${p.mother.personId ? '' : ` — ${f('notInRegister')}`}`,
        ],
        ...(p.newbornScreeningOn ? [[f('newbornScreeningOn'), formatDate(p.newbornScreeningOn)] as Row] : []),
      ];
    }
    case 'death':
      return [...person, ...(change.payload.cause ? [[f('cause'), change.payload.cause] as Row] : [])];
    case 'move_in': {
      const p = change.payload.person;
      return [
        [f('fullName'), p.fullName],
        [f('sex'), labels.code('sex', p.sex)],
        [f('birthDate'), formatDate(p.birthDate)],
        [f('ethnicity'), labels.code('ethnicity', p.ethnicityCode)],
        [f('relationToHead'), labels.code('relationToHead', p.relationToHead)],
        [f('maritalStatus'), labels.code('maritalStatus', p.maritalStatus)],
        [f('residenceStatus'), labels.code('residenceStatus', p.residenceStatus)],
        ...(p.educationCode ? [[f('education'), labels.code('education', p.educationCode)] as Row] : []),
        [f('from'), place(change.payload.from, t)],
      ];
    }
    case 'move_out':
      return [
        [f('scope'), change.payload.scope === 'household' ? f('scopeHousehold') : f('scopePerson')],
        ...person,
        [f('destination'), place(change.payload.destination, t)],
      ];
    case 'transfer':
      return change.payload.scope === 'person'
        ? [
            ...person,
            [f('relationToHead'), labels.code('relationToHead', change.payload.relationToHead)],
            [f('toHousehold'), change.payload.toHouseholdId],
          ]
        : [
            [f('scope'), f('scopeHousehold')],
            [f('householdNumber'), String(change.payload.number)],
          ];
    case 'info_change':
      return [
        ...person,
        ...change.payload.items.map(
          (item): Row => [
            f(`info_${item.field}`),
            `${infoValue(item.field, item.from, labels, t)} → ${infoValue(item.field, item.to, labels, t)}`,
          ],
        ),
        ...(change.payload.note ? [[f('note'), change.payload.note] as Row] : []),
      ];
    case 'contraception_start':
      return [
        ...person,
        [f('method'), labels.code('contraceptiveMethod', change.payload.method)],
        [f('livingChildren'), String(change.payload.livingChildren)],
        [f('site'), labels.code('serviceSite', change.payload.site)],
        ...(change.payload.husbandPersonId
          ? [[f('husband'), nameOf(change.payload.husbandPersonId)] as Row]
          : []),
      ];
    case 'contraception_stop':
      return [...person, [f('method'), labels.code('contraceptiveMethod', change.payload.method)]];
    case 'pregnancy_event':
      return [
        ...person,
        [f('pregnancyKind'), labels.code('pregnancyEventKind', change.payload.kind)],
        [f('pregnancyNumber'), String(change.payload.pregnancyNumber)],
        ...(change.payload.gestationWeeks
          ? [[f('gestationWeeks'), String(change.payload.gestationWeeks)] as Row]
          : []),
      ];
    case 'newborn_screening':
      return [
        ...person,
        [f('tests'), screening(change.payload.tests, 'newbornScreeningTest', labels)],
        [f('site'), labels.code('serviceSite', change.payload.site)],
      ];
    case 'prenatal_screening':
      return [
        ...person,
        [f('gestationWeeks'), String(change.payload.gestationWeeks)],
        [f('tests'), screening(change.payload.tests, 'prenatalScreeningTest', labels)],
        [f('site'), labels.code('serviceSite', change.payload.site)],
      ];
    case 'elderly_check':
      return [
        ...person,
        ...(change.payload.site ? [[f('site'), labels.code('serviceSite', change.payload.site)] as Row] : []),
      ];
    case 'marriage': {
      const spouse = change.payload.spouse;
      return [
        ...person,
        [
          f('spouse'),
          'personId' in spouse
            ? nameOf(spouse.personId)
            : `${spouse.fullName} (${labels.code('sex', spouse.sex)}, ${formatDate(spouse.birthDate)}) — ${f('notInRegister')}`,
        ],
        [f('childMarriage'), yesNo(change.payload.childMarriage, t)],
        [f('consanguineous'), yesNo(change.payload.consanguineous, t)],
      ];
    }
    case 'premarital_check':
      return [
        ...person,
        [f('counselling'), yesNo(change.payload.counselling, t)],
        [f('healthCheck'), yesNo(change.payload.healthCheck, t)],
        [f('site'), labels.code('serviceSite', change.payload.site)],
      ];
    case 'divorce':
      return [
        ...person,
        ...(change.payload.spousePersonId
          ? [[f('spouse'), nameOf(change.payload.spousePersonId)] as Row]
          : []),
      ];
    case 'household_new':
      return [
        [f('householdNumber'), String(change.payload.number)],
        [f('householdKind'), labels.code('householdKind', change.payload.kind)],
        ...(change.payload.address ? [[f('address'), change.payload.address] as Row] : []),
      ];
    case 'household_split':
      return [
        [f('householdNumber'), String(change.payload.number)],
        ...change.payload.members.map(
          (m): Row => [
            f('member'),
            `${nameOf(m.personId)} (${labels.code('relationToHead', m.relationToHead)})`,
          ],
        ),
      ];
    case 'head_change':
      return [
        [f('newHead'), nameOf(change.payload.newHeadPersonId)],
        ...change.payload.relations.map(
          (r): Row => [
            f('member'),
            `${nameOf(r.personId)} (${labels.code('relationToHead', r.relationToHead)})`,
          ],
        ),
      ];
    case 'correction':
      return [
        ...person,
        [
          f('correctionAction'),
          change.payload.action === 'void' ? f('correctionVoid') : f('correctionAmend'),
        ],
        [f('reason'), change.payload.reason],
      ];
  }
}

/** The change's own content, in words: what a reviewer reads before deciding. */
export function ChangeContent({ change, nameOf }: { change: Change; nameOf: NameOf }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const occurredLabel = t(`changes.occurredOn.${change.type}` as 'changes.occurredOn.birth');
  const rows: Row[] = [[occurredLabel, formatDate(change.occurredOn)], ...rowsOf(change, nameOf, labels, t)];
  return (
    <dl className="facts" data-testid="change-content">
      {rows.map(([label, value]) => (
        <div key={`${label}:${value}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
