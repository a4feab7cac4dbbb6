import { type Change, type CodeListName, defaultRegisterCodeLists, makeUuidV7 } from '@danso/domain';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate, todayIsoDate } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import type { ChangeView, HouseholdMember, HouseholdPage } from '../api/changes-api.ts';
import { useSubmitChange } from '../hooks/use-changes.ts';
import {
  type ChangeDraft,
  changeToDraft,
  checkDraft,
  type EntryType,
  emptyDraft,
  entryTypes,
  isEntryType,
  type Problem,
  subjectOf,
} from './change-draft.ts';
import { useChangeLabels } from './change-labels.ts';

const newId = () => makeUuidV7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));

export function isPresent(m: HouseholdMember): boolean {
  return m.vitalStatus === 'alive' && m.presence === 'present' && m.departure === null;
}

/** Ids made once per change, and — once it has been sent — the time and version it was sent with. */
interface Identity {
  id: string;
  newPersonId: string;
  sent: { recordedAt: string; baseVersion: number } | null;
}

const freshIdentity = (): Identity => ({ id: newId(), newPersonId: newId(), sent: null });

/**
 * Recording on the device instead of sending (the collaborator's phone): `record` writes the checked change
 * durably and the form confirms only once it has; a change being corrected keeps its id and recording time.
 */
export interface LocalRecording {
  record: (change: Change) => Promise<void>;
  onRecorded: (change: Change) => void;
  correcting?: Change;
  /** Warnings the form cannot find itself, such as possible duplicates in the phone's book. */
  extraProblems?: (change: Change) => Problem[];
}

function identityFor(correcting: Change | undefined, baseVersion: number): Identity {
  if (!correcting) return freshIdentity();
  const personId = 'personId' in correcting && correcting.personId ? correcting.personId : newId();
  return {
    id: correcting.id,
    newPersonId: personId,
    sent: { recordedAt: correcting.recordedAt, baseVersion },
  };
}

/**
 * Bước 3: the change itself, for the chosen household. Checked in the browser by the domain's own rules
 * against the household page; errors block sending, warnings travel with the change to the reviewer. A
 * failed send keeps everything typed, and sending again reuses the change's id, so it is never recorded twice.
 */
export function ChangeForm({
  page,
  baseVersion,
  user,
  local,
}: {
  page: HouseholdPage;
  baseVersion: number;
  user: UserView;
  local?: LocalRecording;
}) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const today = todayIsoDate();
  const [draft, setDraft] = useState<ChangeDraft>(
    () => (local?.correcting && changeToDraft(local.correcting, today)) || emptyDraft('birth', today),
  );
  const [identity, setIdentity] = useState<Identity>(() => identityFor(local?.correcting, baseVersion));
  const [recording, setRecording] = useState<{ pending: boolean; error: unknown }>({
    pending: false,
    error: null,
  });
  const [attempted, setAttempted] = useState(false);
  const [sent, setSent] = useState<ChangeView | null>(null);
  const submit = useSubmitChange();

  const envelope = {
    id: identity.id,
    newPersonId: identity.newPersonId,
    householdId: page.household.id,
    authorId: user.id,
    recordedAt: identity.sent?.recordedAt ?? new Date().toISOString(),
    baseVersion: identity.sent?.baseVersion ?? baseVersion,
  };
  const drafted = checkDraft(draft, envelope, page, today);
  const checked =
    drafted.change && local?.extraProblems
      ? { ...drafted, problems: [...drafted.problems, ...local.extraProblems(drafted.change)] }
      : drafted;
  const shown: Problem[] = attempted ? checked.problems : [];
  const serverProblems: Problem[] =
    isApiError(submit.error) && submit.error.status === 422
      ? submit.error.details.map((d) => ({
          path: d.path ?? '',
          severity: 'error' as const,
          code: d.reason,
          ...(d.message ? { vi: d.message, en: d.message } : {}),
        }))
      : [];
  const errors = [...shown.filter((p) => p.severity === 'error'), ...serverProblems].filter(
    (p, i, all) => all.findIndex((q) => q.code === p.code && q.path === p.path) === i,
  );
  const warnings = shown.filter((p) => p.severity === 'warning');

  const text = (p: Problem) => {
    if (p.vi) return labels.language === 'en' ? (p.en ?? p.vi) : p.vi;
    if (p.code === 'required') return t('validation.required');
    if (p.code === 'place_required') return t('changes.entry.placeRequired');
    return t('changes.entry.invalid');
  };
  const errorAt = (path: string) => {
    const messages = [...new Set(errors.filter((p) => p.path === path).map(text))];
    return messages.length > 0 ? messages.join(' ') : undefined;
  };

  const set = <K extends keyof ChangeDraft>(key: K, value: ChangeDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const send = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.change || checked.problems.some((p) => p.severity === 'error')) return;
    setIdentity({
      ...identity,
      sent: { recordedAt: envelope.recordedAt, baseVersion: envelope.baseVersion },
    });
    if (local) {
      const change = checked.change;
      setRecording({ pending: true, error: null });
      void local.record(change).then(
        () => local.onRecorded(change),
        (error: unknown) => setRecording({ pending: false, error }),
      );
      return;
    }
    submit.mutate(checked.change, { onSuccess: (answer) => setSent(answer.change) });
  };

  const again = () => {
    setDraft(emptyDraft(draft.type, today));
    setIdentity(freshIdentity());
    setAttempted(false);
    setSent(null);
    submit.reset();
  };

  if (sent) {
    return (
      <section className="panel" aria-labelledby="sent-title" data-testid="change-sent">
        <h2 id="sent-title">{t('changes.entry.sentTitle')}</h2>
        <div className="alert alert-success" role="status">
          {t('changes.entry.sent', { type: labels.type(sent.type), code: page.household.code })}
        </div>
        {sent.ruleResults.some((r) => r.severity === 'warning') ? (
          <p className="muted">{t('changes.entry.sentWithWarnings')}</p>
        ) : null}
        <div className="actions">
          <Link to={`/changes/${encodeURIComponent(sent.id)}`} className="button">
            {t('changes.entry.openSent')}
          </Link>
          <button type="button" className="button button-secondary" onClick={again}>
            {t('changes.entry.another')}
          </button>
        </div>
      </section>
    );
  }

  const present = page.members.filter(isPresent);
  const women = present.filter((m) => m.sex === 2);
  const men = present.filter((m) => m.sex === 1);
  const memberOption = (m: HouseholdMember): [string, string] => [
    m.id,
    `${m.fullName} (${formatDate(m.birthDate)})`,
  ];
  const listOptions = (list: CodeListName, except: string[] = []): [string, string][] =>
    defaultRegisterCodeLists[list].entries
      .filter((e) => !except.includes(e.code))
      .map((e) => [e.code, labels.language === 'en' ? e.en : e.vi]);

  const select = (
    path: string,
    label: string,
    key: keyof ChangeDraft,
    options: [string, string][],
    empty: string | null = t('changes.entry.choose'),
  ) => (
    <Field label={label} error={errorAt(path)}>
      {(props) => (
        <select
          {...props}
          name={path}
          value={String(draft[key])}
          onChange={(e) => set(key, e.target.value as never)}
        >
          {empty === null ? null : <option value="">{empty}</option>}
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const input = (
    path: string,
    label: string,
    key: keyof ChangeDraft,
    type: 'text' | 'date' | 'number' = 'text',
    extra: { hint?: string; max?: string; maxLength?: number } = {},
  ) => (
    <Field label={label} error={errorAt(path)} {...(extra.hint ? { hint: extra.hint } : {})}>
      {(props) => (
        <input
          {...props}
          name={path}
          type={type}
          value={String(draft[key])}
          {...(type === 'date' ? { max: extra.max ?? today } : {})}
          {...(type === 'number' ? { min: 0, step: 1, inputMode: 'numeric' as const } : {})}
          {...(extra.maxLength ? { maxLength: extra.maxLength } : {})}
          onChange={(e) => set(key, e.target.value as never)}
        />
      )}
    </Field>
  );

  const screening = (list: 'newbornScreeningTest' | 'prenatalScreeningTest') => (
    <fieldset
      className="area-choices"
      {...(errorAt('payload.tests') ? { 'aria-describedby': 'tests-error' } : {})}
    >
      <legend>{f('tests')}</legend>
      <div className="form-grid">
        {listOptions(list).map(([code, label]) => (
          <Field key={code} label={label}>
            {(props) => (
              <select
                {...props}
                name={`screening.${code}`}
                value={draft.screening[code] ?? ''}
                onChange={(e) => set('screening', { ...draft.screening, [code]: e.target.value })}
              >
                <option value="">{t('changes.entry.notRecorded')}</option>
                {listOptions('screeningResult').map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
      </div>
      {errorAt('payload.tests') ? (
        <p className="field-error" id="tests-error">
          {errorAt('payload.tests')}
        </p>
      ) : null}
    </fieldset>
  );

  const checkbox = (
    label: string,
    key: 'childMarriage' | 'consanguineous' | 'counselling' | 'healthCheck',
  ) => (
    <label className="checkbox">
      <input type="checkbox" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} />
      {label}
    </label>
  );

  const f = (key: string) => t(`changes.fields.${key}` as 'changes.fields.fullName');
  const subject = subjectOf(draft);
  const subjectOptions = (
    draft.type === 'contraception_start' ||
    draft.type === 'contraception_stop' ||
    draft.type === 'pregnancy_event' ||
    draft.type === 'prenatal_screening'
      ? women
      : present
  ).map(memberOption);

  const place = (prefix: 'payload.from' | 'payload.destination') => (
    <fieldset
      className="area-choices"
      {...(errorAt(prefix) ? { 'aria-describedby': `${prefix}-error` } : {})}
    >
      <legend>{prefix === 'payload.from' ? f('from') : f('destination')}</legend>
      <div className="form-grid">
        {input(`${prefix}.provinceCode`, f('provinceCode'), 'provinceCode', 'text', { maxLength: 2 })}
        {input(`${prefix}.communeCode`, f('communeCode'), 'communeCode', 'text', { maxLength: 5 })}
        {input(`${prefix}.description`, f('placeDescription'), 'placeDescription', 'text', {
          maxLength: 300,
        })}
      </div>
      {errorAt(prefix) ? (
        <p className="field-error" id={`${prefix}-error`}>
          {errorAt(prefix)}
        </p>
      ) : null}
    </fieldset>
  );

  const newPerson = (prefix: 'payload' | 'payload.person') => (
    <>
      {input(
        `${prefix}.fullName`,
        draft.type === 'birth' ? f('childName') : f('fullName'),
        'fullName',
        'text',
        {
          maxLength: 100,
        },
      )}
      {select(`${prefix}.sex`, f('sex'), 'sex', listOptions('sex'))}
      {select(`${prefix}.ethnicityCode`, f('ethnicity'), 'ethnicityCode', listOptions('ethnicity'))}
      {select(
        `${prefix}.relationToHead`,
        f('relationToHead'),
        'relationToHead',
        listOptions('relationToHead'),
      )}
    </>
  );

  let fields: ReactNode = null;
  switch (draft.type) {
    case 'birth':
      fields = (
        <>
          <div className="form-grid">
            {newPerson('payload')}
            {select('payload.birthPlace', f('birthPlace'), 'birthPlace', listOptions('birthPlace'))}
            {input('payload.birthOrder', f('birthOrder'), 'birthOrder', 'number')}
            {input('payload.newbornScreeningOn', f('newbornScreeningOn'), 'newbornScreeningOn', 'date')}
          </div>
          <div className="form-grid">
            {select(
              'payload.mother.personId',
              f('mother'),
              'motherId',
              women.map(memberOption),
              t('changes.entry.motherElsewhere'),
            )}
            {draft.motherId === '' ? (
              <>
                {input('payload.mother.fullName', f('motherName'), 'motherName', 'text', { maxLength: 100 })}
                {input('payload.mother.birthDate', f('motherBirthDate'), 'motherBirthDate', 'date')}
              </>
            ) : null}
          </div>
        </>
      );
      break;
    case 'death':
      fields = (
        <div className="form-grid">
          {input('payload.cause', f('cause'), 'cause', 'text', { maxLength: 200 })}
        </div>
      );
      break;
    case 'move_in':
      fields = (
        <>
          <div className="form-grid">
            {newPerson('payload.person')}
            {input('payload.person.birthDate', f('birthDate'), 'birthDate', 'date')}
            {select(
              'payload.person.maritalStatus',
              f('maritalStatus'),
              'maritalStatus',
              listOptions('maritalStatus'),
            )}
            {select(
              'payload.person.residenceStatus',
              f('residenceStatus'),
              'residenceStatus',
              listOptions('residenceStatus'),
            )}
            {select(
              'payload.person.educationCode',
              f('education'),
              'educationCode',
              listOptions('education'),
              t('changes.entry.unknown'),
            )}
          </div>
          {place('payload.from')}
        </>
      );
      break;
    case 'move_out':
      fields = place('payload.destination');
      break;
    case 'contraception_start':
      fields = (
        <div className="form-grid">
          {select('payload.method', f('method'), 'method', listOptions('contraceptiveMethod', ['none']))}
          {input('payload.livingChildren', f('livingChildren'), 'livingChildren', 'number')}
          {select('payload.site', f('site'), 'site', listOptions('serviceSite'))}
          {select(
            'payload.husbandPersonId',
            f('husband'),
            'husbandId',
            men.map(memberOption),
            t('changes.entry.notRecorded'),
          )}
        </div>
      );
      break;
    case 'contraception_stop':
      fields = (
        <div className="form-grid">
          {select('payload.method', f('method'), 'method', listOptions('contraceptiveMethod', ['none']))}
        </div>
      );
      break;
    case 'pregnancy_event':
      fields = (
        <div className="form-grid">
          {select(
            'payload.kind',
            f('pregnancyKind'),
            'pregnancyKind',
            listOptions('pregnancyEventKind'),
            null,
          )}
          {input('payload.pregnancyNumber', f('pregnancyNumber'), 'pregnancyNumber', 'number')}
          {input('payload.gestationWeeks', f('gestationWeeks'), 'gestationWeeks', 'number')}
        </div>
      );
      break;
    case 'marriage':
      fields = (
        <>
          <div className="form-grid">
            {select(
              'payload.spouse.personId',
              f('spouse'),
              'spouseId',
              present.filter((m) => m.id !== draft.personId).map(memberOption),
              t('changes.entry.spouseElsewhere'),
            )}
            {draft.spouseId === '' ? (
              <>
                {input('payload.spouse.fullName', f('spouseName'), 'spouseName', 'text', { maxLength: 100 })}
                {select('payload.spouse.sex', f('sex'), 'spouseSex', listOptions('sex'))}
                {input('payload.spouse.birthDate', f('spouseBirthDate'), 'spouseBirthDate', 'date')}
              </>
            ) : null}
          </div>
          <div className="radio-row">
            {checkbox(f('childMarriage'), 'childMarriage')}
            {checkbox(f('consanguineous'), 'consanguineous')}
          </div>
        </>
      );
      break;
    case 'newborn_screening':
      fields = (
        <>
          {screening('newbornScreeningTest')}
          <div className="form-grid">
            {select('payload.site', f('site'), 'site', listOptions('serviceSite'))}
          </div>
        </>
      );
      break;
    case 'prenatal_screening':
      fields = (
        <>
          <div className="form-grid">
            {input('payload.gestationWeeks', f('gestationWeeks'), 'gestationWeeks', 'number')}
            {select('payload.site', f('site'), 'site', listOptions('serviceSite'))}
          </div>
          {screening('prenatalScreeningTest')}
        </>
      );
      break;
    case 'premarital_check':
      fields = (
        <>
          <div className="radio-row">
            {checkbox(f('counselling'), 'counselling')}
            {checkbox(f('healthCheck'), 'healthCheck')}
          </div>
          <div className="form-grid">
            {select('payload.site', f('site'), 'site', listOptions('serviceSite'))}
          </div>
        </>
      );
      break;
    case 'divorce':
      fields = (
        <div className="form-grid">
          {select(
            'payload.spousePersonId',
            f('spouse'),
            'spouseId',
            present.filter((m) => m.id !== draft.personId).map(memberOption),
            t('changes.entry.spouseElsewhere'),
          )}
        </div>
      );
      break;
    case 'elderly_check':
      fields = (
        <div className="form-grid">
          {select(
            'payload.site',
            f('site'),
            'site',
            listOptions('serviceSite'),
            t('changes.entry.notRecorded'),
          )}
        </div>
      );
      break;
  }

  return (
    <form
      className="panel form"
      onSubmit={send}
      noValidate
      aria-labelledby="entry-form-title"
      data-testid="change-form"
    >
      <h2 id="entry-form-title">{t('changes.entry.formTitle')}</h2>
      <div className="form-grid">
        <Field label={t('changes.entry.type')}>
          {(props) => (
            <select
              {...props}
              name="type"
              value={draft.type}
              disabled={local?.correcting !== undefined}
              onChange={(e) => {
                const type: EntryType = isEntryType(e.target.value) ? e.target.value : 'birth';
                setDraft({ ...emptyDraft(type, today), occurredOn: draft.occurredOn });
                setAttempted(false);
              }}
            >
              {entryTypes.map((type) => (
                <option key={type} value={type}>
                  {labels.type(type)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('occurredOn', t(`changes.occurredOn.${draft.type}`), 'occurredOn', 'date')}
        {draft.type === 'move_out' ? (
          <Field label={f('scope')}>
            {(props) => (
              <select
                {...props}
                name="scope"
                value={draft.scope}
                onChange={(e) => set('scope', e.target.value === 'household' ? 'household' : 'person')}
              >
                <option value="person">{f('scopePerson')}</option>
                <option value="household">{f('scopeHousehold')}</option>
              </select>
            )}
          </Field>
        ) : null}
        {subject === 'member' ? select('personId', f('person'), 'personId', subjectOptions) : null}
      </div>
      {fields}
      {errors.length > 0 || warnings.length > 0 ? (
        <div
          className={errors.length > 0 ? 'alert alert-error' : 'alert alert-info'}
          role="alert"
          data-testid="entry-problems"
        >
          {errors.length > 0 ? (
            <>
              <strong>{t('changes.entry.errorsTitle')}</strong>
              <ul className="problem-list">
                {errors.map((p) => (
                  <li key={`${p.code}@${p.path}`}>{text(p)}</li>
                ))}
              </ul>
            </>
          ) : null}
          {warnings.length > 0 ? (
            <>
              <strong>{t('changes.entry.warningsTitle')}</strong>
              <ul className="problem-list">
                {warnings.map((p) => (
                  <li key={`${p.code}@${p.path}`}>{text(p)}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={local ? recording.error : submit.error} />
      <div className="actions">
        {local ? (
          <button type="submit" className="button button-large" disabled={recording.pending}>
            {recording.pending ? t('changes.entry.saving') : t('changes.entry.saveOnDevice')}
          </button>
        ) : (
          <button type="submit" className="button" disabled={submit.isPending}>
            {submit.isPending ? t('changes.entry.sending') : t('changes.entry.send')}
          </button>
        )}
      </div>
    </form>
  );
}
