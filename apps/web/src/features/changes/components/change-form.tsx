import {
  type Change,
  type CodeListName,
  defaultRegisterCodeLists,
  type InfoChangeField,
  makeUuidV7,
} from '@danso/domain';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate, todayIsoDate } from '../../../lib/format.ts';
import { Link, useSearchParams } from '../../../lib/router.tsx';
import type { ChangeView, HouseholdMember, HouseholdPage } from '../api/changes-api.ts';
import type { ChangeToCorrect } from '../api/register-lookup.ts';
import { useSubmitChange } from '../hooks/use-changes.ts';
import {
  type Lookup,
  useChangeToCorrect,
  useLookupAreas,
  useLookupHamlets,
  useLookupHousehold,
  useLookupHouseholds,
  useRegisterLookup,
} from '../hooks/use-register-lookup.ts';
import { ChangeContent } from './change-content.tsx';
import {
  type ChangeDraft,
  changeToDraft,
  checkDraft,
  correctionDraft,
  type EntryType,
  emptyDraft,
  entryTypes,
  infoFields,
  isCorrectableType,
  isEntryType,
  type Problem,
  selectableTypes,
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
  newHouseholdId: string;
  sent: { recordedAt: string; baseVersion: number } | null;
}

const freshIdentity = (): Identity => ({
  id: newId(),
  newPersonId: newId(),
  newHouseholdId: newId(),
  sent: null,
});

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
  const householdId =
    correcting.type === 'household_new'
      ? correcting.householdId
      : correcting.type === 'household_split'
        ? correcting.payload.newHouseholdId
        : newId();
  return {
    id: correcting.id,
    newPersonId: personId,
    newHouseholdId: householdId,
    sent: { recordedAt: correcting.recordedAt, baseVersion },
  };
}

/** Types that create a household or move one to another area: they need an area and a free number there. */
const placesHousehold = (draft: Pick<ChangeDraft, 'type' | 'scope'>) =>
  draft.type === 'household_new' ||
  draft.type === 'household_split' ||
  (draft.type === 'transfer' && draft.scope === 'household');

/** Changes about a woman: the person is chosen among the women of the household. */
const womenOnly = (type: EntryType) =>
  type === 'contraception_start' ||
  type === 'contraception_stop' ||
  type === 'pregnancy_event' ||
  type === 'prenatal_screening';

/** The correction's own fields; every other 'payload.…' path of a correction is inside the amended content. */
const correctionPaths = ['payload.reason', 'payload.action', 'payload.correctedType', 'payload.occurredOn'];

/**
 * The change form of a household, started as its address asks: `type` (and `scope`) and `person` choose
 * what to record about whom; `correct` names an approved change to correct. The change to correct is read
 * first (from the server, or on the phone from its own records).
 */
export function ChangeForm(props: {
  page: HouseholdPage;
  baseVersion: number;
  user: UserView;
  local?: LocalRecording;
}) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const params = useSearchParams();
  const lookup = useRegisterLookup(props.user, props.page.household.communeCode, props.local !== undefined);
  const correcting = props.local?.correcting;
  const correctsId =
    correcting?.type === 'correction'
      ? correcting.payload.correctsChangeId
      : correcting
        ? null
        : params.get('correct');
  const target = useChangeToCorrect(lookup, correctsId);
  if (correctsId === null) return <DraftForm {...props} lookup={lookup} corrected={null} />;
  if (target.isPending) return <Loading />;
  if (!target.data) {
    return (
      <>
        {props.local ? <p className="alert alert-info">{t('changes.correction.needsNetwork')}</p> : null}
        <ErrorPanel error={target.error} onRetry={() => void target.refetch()} />
      </>
    );
  }
  const { change, status } = target.data;
  if (!correcting && (status !== 'approved' || !isCorrectableType(change.type))) {
    return (
      <p className="panel alert alert-info" data-testid="cannot-correct">
        {status !== 'approved'
          ? t('changes.correction.notApproved', { type: labels.type(change.type) })
          : t('changes.correction.unsupported', { type: labels.type(change.type) })}
      </p>
    );
  }
  return <DraftForm {...props} lookup={lookup} corrected={target.data} />;
}

/** The draft a form starts with: a change being corrected, a correction, or what the address asks for. */
function initialDraft(
  page: HouseholdPage,
  params: URLSearchParams,
  today: string,
  correcting: Change | undefined,
  corrected: ChangeToCorrect | null,
): ChangeDraft {
  const fromChange = correcting ? changeToDraft(correcting, today) : null;
  if (fromChange) return fromChange;
  if (corrected) return correctionDraft(corrected.change, today);
  const asked = params.get('type');
  const type = isEntryType(asked) && asked !== 'correction' ? asked : 'birth';
  const person = params.get('person') ?? '';
  return {
    ...startDraft(type, page, today),
    scope: params.get('scope') === 'household' ? 'household' : 'person',
    personId: page.members.some((m) => m.id === person && isPresent(m)) ? person : '',
  };
}

/** An empty draft of a type; a new or split household starts in the area of the household it comes from. */
function startDraft(type: EntryType, page: HouseholdPage, today: string): ChangeDraft {
  const draft = emptyDraft(type, today);
  return type === 'household_new' || type === 'household_split'
    ? { ...draft, areaId: page.household.areaId }
    : draft;
}

/**
 * Bước 3: the change itself, for the chosen household. Checked in the browser by the domain's own rules
 * against the household page; errors block sending, warnings travel with the change to the reviewer. A
 * failed send keeps everything typed, and sending again reuses the change's id, so it is never recorded twice.
 */
function DraftForm({
  page,
  baseVersion,
  user,
  local,
  lookup,
  corrected,
}: {
  page: HouseholdPage;
  baseVersion: number;
  user: UserView;
  local?: LocalRecording | undefined;
  lookup: Lookup;
  corrected: ChangeToCorrect | null;
}) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const params = useSearchParams();
  const today = todayIsoDate();
  const [draft, setDraft] = useState<ChangeDraft>(() =>
    initialDraft(page, params, today, local?.correcting, corrected),
  );
  const [targetArea, setTargetArea] = useState(page.household.areaId);
  const [suggestedFor, setSuggestedFor] = useState('');
  const [identity, setIdentity] = useState<Identity>(() => identityFor(local?.correcting, baseVersion));
  const [recording, setRecording] = useState<{ pending: boolean; error: unknown }>({
    pending: false,
    error: null,
  });
  const [attempted, setAttempted] = useState(false);
  const [sent, setSent] = useState<ChangeView | null>(null);
  const submit = useSubmitChange();

  // What the page does not tell: the areas and households a household or person may go to, the receiving
  // household of a transfer, and the numbers already used in an area.
  const transfersPerson = draft.type === 'transfer' && draft.scope === 'person';
  const choosesPlace = transfersPerson || placesHousehold(draft);
  const areas = useLookupAreas(lookup, choosesPlace);
  const households = useLookupHouseholds(
    lookup,
    choosesPlace ? (transfersPerson ? targetArea : draft.areaId) : '',
  );
  const target = useLookupHousehold(lookup, transfersPerson ? draft.toHouseholdId : '');
  // A new or split-off household may be given one of its area's hamlets, where the lookup knows them.
  const givesHamlet = draft.type === 'household_new' || draft.type === 'household_split';
  const hamlets = useLookupHamlets(lookup, givesHamlet ? draft.areaId : '');
  const lookupError = areas.error ?? households.error ?? target.error;
  const suggested = households.data ? Math.max(0, ...households.data.map((h) => h.number)) + 1 : null;
  useEffect(() => {
    // Proposes the next free number once for each area chosen; what is typed afterwards stays.
    if (!placesHousehold(draft) || suggested === null || suggestedFor === draft.areaId) return;
    setSuggestedFor(draft.areaId);
    if (draft.householdNumber === '') setDraft((d) => ({ ...d, householdNumber: String(suggested) }));
  }, [draft, suggested, suggestedFor]);

  const envelope = {
    id: identity.id,
    newPersonId: identity.newPersonId,
    newHouseholdId: identity.newHouseholdId,
    householdId: page.household.id,
    authorId: user.id,
    recordedAt: identity.sent?.recordedAt ?? new Date().toISOString(),
    baseVersion: identity.sent?.baseVersion ?? baseVersion,
  };
  const drafted = checkDraft(draft, envelope, page, today, {
    target: target.data ?? null,
    corrected: corrected
      ? {
          id: corrected.change.id,
          type: corrected.change.type,
          status: corrected.status,
          householdId: corrected.change.householdId,
          personId: 'personId' in corrected.change ? (corrected.change.personId ?? null) : null,
        }
      : null,
    takenNumbers: placesHousehold(draft) ? (households.data ?? []).map((h) => h.number) : [],
  });
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
    if (p.code === 'number_taken') return t('changes.entry.numberTaken');
    if (p.code === 'old_head_relation') return t('changes.entry.oldHeadRelation');
    return t('changes.entry.invalid');
  };
  /** A field's errors; a correction's amended fields are found at 'payload.payload.…', as the domain writes. */
  const errorAt = (...paths: string[]) => {
    const inCorrection = (path: string) =>
      draft.type === 'correction' && path.startsWith('payload.') && !correctionPaths.includes(path)
        ? `payload.${path}`
        : path;
    const wanted = paths.map(inCorrection);
    const messages = [...new Set(errors.filter((p) => wanted.includes(p.path)).map(text))];
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
    setDraft(startDraft(draft.type === 'correction' ? 'birth' : draft.type, page, today));
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
  const subjectOptions = (womenOnly(draft.type) ? women : present).map(memberOption);

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

  const choose = t('changes.entry.choose');
  const optionsOf = (options: [string, string][]) =>
    options.map(([value, label]) => (
      <option key={value} value={value}>
        {label}
      </option>
    ));
  const areaOptions = (except: string[] = []): [string, string][] =>
    (areas.data ?? [{ id: page.household.areaId, name: page.household.areaName }])
      .filter((a) => !except.includes(a.id))
      .map((a) => [a.id, a.name]);
  const numberHint = suggested !== null ? { hint: t('changes.entry.numberHint', { number: suggested }) } : {};
  const fieldsetError = (id: string, message: string | undefined) =>
    message ? (
      <p className="field-error" id={id}>
        {message}
      </p>
    ) : null;

  /** The area a household goes to; another area proposes its own next free number. */
  const areaSelect = (path: string, label: string, except: string[] = []) => (
    <Field label={label} error={errorAt(path)}>
      {(props) => (
        <select
          {...props}
          name={path}
          value={draft.areaId}
          onChange={(e) =>
            setDraft((d) => ({ ...d, areaId: e.target.value, householdNumber: '', hamletId: '' }))
          }
        >
          <option value="">{choose}</option>
          {optionsOf(areaOptions(except))}
        </select>
      )}
    </Field>
  );

  const householdFields = () => (
    <div className="form-grid">
      {areaSelect('payload.areaId', f('area'))}
      {(hamlets.data ?? []).length > 0 || draft.hamletId !== ''
        ? select(
            'payload.hamletId',
            f('hamlet'),
            'hamletId',
            (hamlets.data ?? []).map((h) => [h.id, h.name]),
            f('hamletNone'),
          )
        : null}
      {input('payload.number', f('householdNumber'), 'householdNumber', 'number', numberHint)}
      {input('payload.address', f('address'), 'address', 'text', { maxLength: 300 })}
      {select('payload.kind', f('householdKind'), 'householdKind', listOptions('householdKind'), null)}
    </div>
  );

  const transferFields = () => {
    if (draft.scope === 'household') {
      return (
        <div className="form-grid">
          {areaSelect('payload.toAreaId', f('toArea'), [page.household.areaId])}
          {input('payload.number', f('newNumber'), 'householdNumber', 'number', numberHint)}
        </div>
      );
    }
    const receiving = (households.data ?? []).filter(
      (h) => !h.pending && h.status === 'active' && h.id !== page.household.id,
    );
    return (
      <div className="form-grid">
        <Field label={f('targetArea')}>
          {(props) => (
            <select
              {...props}
              name="targetArea"
              value={targetArea}
              onChange={(e) => {
                setTargetArea(e.target.value);
                set('toHouseholdId', '');
              }}
            >
              {optionsOf(areaOptions())}
            </select>
          )}
        </Field>
        {select(
          'payload.toHouseholdId',
          f('toHousehold'),
          'toHouseholdId',
          receiving.map((h) => [
            h.id,
            t('changes.entry.householdOption', { number: h.number, head: h.headName ?? '—', code: h.code }),
          ]),
        )}
        {select(
          'payload.relationToHead',
          f('relationInTarget'),
          'relationToHead',
          listOptions('relationToHead'),
        )}
      </div>
    );
  };

  const infoLists: Partial<Record<InfoChangeField, CodeListName>> = {
    sex: 'sex',
    ethnicityCode: 'ethnicity',
    educationCode: 'education',
    maritalStatus: 'maritalStatus',
    residenceStatus: 'residenceStatus',
    relationToHead: 'relationToHead',
  };
  const nullableInfo: readonly InfoChangeField[] = ['educationCode', 'insuranceNumber', 'personalId'];

  const infoSection = () => {
    const member = page.members.find((m) => m.id === draft.personId);
    const changing = infoFields.filter((field) => field in draft.info);
    const current = (field: InfoChangeField) => {
      if (!member) return '';
      if (field === 'birthDate') return formatDate(member.birthDate);
      const value = member[field];
      const list = infoLists[field];
      if (value === null || value === '') return f('empty');
      return list ? labels.code(list, value) : String(value);
    };
    const toggle = (field: InfoChangeField, on: boolean) =>
      setDraft((d) => {
        const info = { ...d.info };
        if (on) info[field] = '';
        else delete info[field];
        return { ...d, info };
      });
    const setValue = (field: InfoChangeField, value: string) =>
      setDraft((d) => ({ ...d, info: { ...d.info, [field]: value } }));
    const control = (
      field: InfoChangeField,
      props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean },
    ) => {
      const value = draft.info[field] ?? '';
      const list = infoLists[field];
      if (list) {
        return (
          <select
            {...props}
            name={`info.${field}`}
            value={value}
            onChange={(e) => setValue(field, e.target.value)}
          >
            <option value="">{nullableInfo.includes(field) ? f('empty') : choose}</option>
            {optionsOf(listOptions(list, field === 'relationToHead' ? ['head'] : []))}
          </select>
        );
      }
      return (
        <input
          {...props}
          name={`info.${field}`}
          type={field === 'birthDate' ? 'date' : 'text'}
          value={value}
          {...(field === 'birthDate' ? { max: today } : {})}
          {...(field === 'personalId' ? { inputMode: 'numeric' as const, maxLength: 12 } : {})}
          {...(field === 'insuranceNumber' ? { maxLength: 15 } : {})}
          {...(field === 'fullName' ? { maxLength: 100 } : {})}
          onChange={(e) => setValue(field, e.target.value)}
        />
      );
    };
    return (
      <>
        <fieldset
          className="area-choices info-items"
          {...(errorAt('payload.items') ? { 'aria-describedby': 'items-error' } : {})}
        >
          <legend>{f('infoItems')}</legend>
          {infoFields.map((field) => {
            const index = changing.indexOf(field);
            const path = `payload.items[${index}]`;
            const label = f(`info_${field}`);
            return (
              <div key={field} className="info-item">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name={`change.${field}`}
                    checked={index >= 0}
                    onChange={(e) => toggle(field, e.target.checked)}
                  />
                  <span>
                    {label}
                    {member ? (
                      <span className="muted">
                        {' '}
                        — {t('changes.entry.current', { value: current(field) })}
                      </span>
                    ) : null}
                  </span>
                </label>
                {index >= 0 ? (
                  <div className="form-grid">
                    <Field
                      label={t('changes.entry.newValue', { field: label })}
                      error={errorAt(`${path}.to`, `${path}.to.date`, `${path}.field`, path)}
                    >
                      {(props) => control(field, props)}
                    </Field>
                    {field === 'birthDate'
                      ? select(
                          `${path}.to.precision`,
                          f('birthDatePrecision'),
                          'infoBirthPrecision',
                          (['day', 'month', 'year'] as const).map((p) => [p, f(`precision_${p}`)]),
                          null,
                        )
                      : null}
                  </div>
                ) : null}
              </div>
            );
          })}
          {fieldsetError('items-error', errorAt('payload.items'))}
        </fieldset>
        <div className="form-grid">
          {input('payload.note', f('note'), 'note', 'text', { maxLength: 300 })}
        </div>
      </>
    );
  };

  const head = present.find((m) => m.relationToHead === 'head');

  const moversSection = () => {
    const moving = Object.keys(draft.movers).filter((id) => draft.movers[id] !== '');
    const headLeaves = head !== undefined && moving.includes(head.id);
    const setMover = (id: string, relation: string) =>
      setDraft((d) => {
        const movers = { ...d.movers };
        if (relation === '') delete movers[id];
        else movers[id] = relation;
        // A new head for the old household is named only while its head leaves.
        const leaves = head !== undefined && movers[head.id] !== undefined;
        return { ...d, movers, sourceNewHeadId: leaves ? d.sourceNewHeadId : '' };
      });
    return (
      <>
        <fieldset
          className="area-choices"
          {...(errorAt('payload.members') ? { 'aria-describedby': 'members-error' } : {})}
        >
          <legend>{f('movers')}</legend>
          <div className="form-grid">
            {present.map((m) => {
              const index = moving.indexOf(m.id);
              const path = `payload.members[${index}]`;
              return (
                <Field
                  key={m.id}
                  label={`${m.fullName} (${formatDate(m.birthDate)})`}
                  error={index >= 0 ? errorAt(`${path}.personId`, `${path}.relationToHead`, path) : undefined}
                >
                  {(props) => (
                    <select
                      {...props}
                      name={`movers.${m.id}`}
                      value={draft.movers[m.id] ?? ''}
                      onChange={(e) => setMover(m.id, e.target.value)}
                    >
                      <option value="">{t('changes.entry.stays')}</option>
                      {listOptions('relationToHead').map(([value, relation]) => (
                        <option key={value} value={value}>
                          {t('changes.entry.movesAs', { relation })}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              );
            })}
          </div>
          {fieldsetError('members-error', errorAt('payload.members'))}
        </fieldset>
        {headLeaves || errorAt('payload.sourceNewHeadPersonId') ? (
          <div className="form-grid">
            {select(
              'payload.sourceNewHeadPersonId',
              f('sourceNewHead'),
              'sourceNewHeadId',
              present.filter((m) => !moving.includes(m.id)).map(memberOption),
            )}
          </div>
        ) : null}
      </>
    );
  };

  const headChangeSection = () => {
    const changed = Object.keys(draft.relations).filter((id) => draft.relations[id] !== '');
    const setRelation = (member: HouseholdMember, value: string) =>
      setDraft((d) => {
        const relations = { ...d.relations };
        // Only the relations that change are sent; the old head's always does.
        if (value === '' || (value === member.relationToHead && member.relationToHead !== 'head')) {
          delete relations[member.id];
        } else {
          relations[member.id] = value;
        }
        return { ...d, relations };
      });
    return (
      <>
        <div className="form-grid">
          <Field label={f('newHead')} error={errorAt('payload.newHeadPersonId')}>
            {(props) => (
              <select
                {...props}
                name="payload.newHeadPersonId"
                value={draft.newHeadId}
                onChange={(e) => {
                  const id = e.target.value;
                  setDraft((d) => {
                    const relations = { ...d.relations };
                    delete relations[id];
                    return { ...d, newHeadId: id, relations };
                  });
                }}
              >
                <option value="">{choose}</option>
                {optionsOf(present.filter((m) => m.id !== head?.id).map(memberOption))}
              </select>
            )}
          </Field>
        </div>
        {draft.newHeadId ? (
          <fieldset className="area-choices">
            <legend>{f('newRelations')}</legend>
            <div className="form-grid">
              {present
                .filter((m) => m.id !== draft.newHeadId)
                .map((m) => {
                  const index = changed.indexOf(m.id);
                  const path = `payload.relations[${index}]`;
                  const wasHead = m.relationToHead === 'head';
                  return (
                    <Field
                      key={m.id}
                      label={`${m.fullName} (${formatDate(m.birthDate)})`}
                      error={errorAt(
                        `payload.relations.${m.id}`,
                        ...(index >= 0 ? [path, `${path}.personId`, `${path}.relationToHead`] : []),
                      )}
                    >
                      {(props) => (
                        <select
                          {...props}
                          name={`relations.${m.id}`}
                          value={draft.relations[m.id] ?? (wasHead ? '' : m.relationToHead)}
                          onChange={(e) => setRelation(m, e.target.value)}
                        >
                          {wasHead ? <option value="">{choose}</option> : null}
                          {optionsOf(listOptions('relationToHead', ['head']))}
                        </select>
                      )}
                    </Field>
                  );
                })}
            </div>
          </fieldset>
        ) : null}
      </>
    );
  };

  const correctionSection = () => {
    if (!corrected) return null;
    const type = draft.correctedType;
    const nameOf = (id: string | null | undefined) =>
      id ? (page.members.find((m) => m.id === id)?.fullName ?? f('unknownPerson')) : '';
    return (
      <>
        <section
          className="corrected-change"
          aria-labelledby="corrected-title"
          data-testid="corrected-change"
        >
          <h3 id="corrected-title">
            {t('changes.entry.correctedChange', { type: labels.type(corrected.change.type) })}
          </h3>
          <ChangeContent change={corrected.change} nameOf={nameOf} />
        </section>
        <div className="form-grid">
          <Field label={f('correctionAction')} error={errorAt('payload.action')}>
            {(props) => (
              <select
                {...props}
                name="payload.action"
                value={draft.correctionAction}
                onChange={(e) => set('correctionAction', e.target.value === 'amend' ? 'amend' : 'void')}
              >
                <option value="void">{f('correctionVoid')}</option>
                {type ? <option value="amend">{f('correctionAmend')}</option> : null}
              </select>
            )}
          </Field>
          {input('payload.reason', f('correctionReason'), 'reason', 'text', { maxLength: 500 })}
          {draft.correctionAction === 'amend' && type
            ? input('payload.occurredOn', t(`changes.occurredOn.${type}`), 'amendedOn', 'date')
            : null}
        </div>
        {draft.correctionAction === 'amend' && type ? fieldsOf(type) : null}
      </>
    );
  };

  const newPerson = (prefix: 'payload' | 'payload.person') => (
    <>
      {input(
        `${prefix}.fullName`,
        prefix === 'payload' ? f('childName') : f('fullName'),
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

  /** The fields of a type: the change's own, or those of the content a correction amends. */
  const fieldsOf = (type: EntryType): ReactNode => {
    let fields: ReactNode = null;
    switch (type) {
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
                  {input('payload.mother.fullName', f('motherName'), 'motherName', 'text', {
                    maxLength: 100,
                  })}
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
                  {input('payload.spouse.fullName', f('spouseName'), 'spouseName', 'text', {
                    maxLength: 100,
                  })}
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
      case 'transfer':
        fields = transferFields();
        break;
      case 'info_change':
        fields = infoSection();
        break;
      case 'household_new':
        fields = householdFields();
        break;
      case 'household_split':
        fields = (
          <>
            {householdFields()}
            {moversSection()}
          </>
        );
        break;
      case 'head_change':
        fields = headChangeSection();
        break;
      case 'correction':
        fields = correctionSection();
        break;
    }
    return fields;
  };
  const fields = fieldsOf(draft.type);

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
              disabled={local?.correcting !== undefined || draft.type === 'correction'}
              onChange={(e) => {
                const type: EntryType = isEntryType(e.target.value) ? e.target.value : 'birth';
                // The person chosen stays chosen when the new type is about someone like them.
                const keep = (womenOnly(type) ? women : present).some((m) => m.id === draft.personId);
                setDraft({
                  ...startDraft(type, page, today),
                  occurredOn: draft.occurredOn,
                  personId: keep ? draft.personId : '',
                });
                setAttempted(false);
              }}
            >
              {(draft.type === 'correction' ? entryTypes : selectableTypes).map((type) => (
                <option key={type} value={type}>
                  {labels.type(type)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('occurredOn', t(`changes.occurredOn.${draft.type}`), 'occurredOn', 'date')}
        {draft.type === 'move_out' || draft.type === 'transfer' ? (
          <Field label={draft.type === 'transfer' ? f('transferScope') : f('scope')}>
            {(props) => (
              <select
                {...props}
                name="scope"
                value={draft.scope}
                onChange={(e) => {
                  const scope = e.target.value === 'household' ? 'household' : 'person';
                  setDraft((d) => ({ ...d, scope, toHouseholdId: '', areaId: '', householdNumber: '' }));
                }}
              >
                <option value="person">
                  {draft.type === 'transfer' ? f('transferScopePerson') : f('scopePerson')}
                </option>
                <option value="household">
                  {draft.type === 'transfer' ? f('transferScopeHousehold') : f('scopeHousehold')}
                </option>
              </select>
            )}
          </Field>
        ) : null}
        {subject === 'member' ? select('personId', f('person'), 'personId', subjectOptions) : null}
      </div>
      {fields}
      <ErrorMessage error={lookupError} />
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
