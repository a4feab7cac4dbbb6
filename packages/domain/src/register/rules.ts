/**
 * The validation rules of the register: one code each, a severity (an error blocks the change; a warning
 * needs the officer's acknowledgement) and a message in Vietnamese and English. Messages may name
 * parameters in braces, filled from the result's `params`.
 */

export type RuleSeverity = 'error' | 'warning';

interface RuleDefinition {
  severity: RuleSeverity;
  vi: string;
  en: string;
}

export const registerRules = {
  // dates
  DANSO_RULE_DATE_INVALID: {
    severity: 'error',
    vi: 'Ngày không có thật trên lịch.',
    en: 'The date does not exist in the calendar.',
  },
  DANSO_RULE_DATE_IN_FUTURE: {
    severity: 'error',
    vi: 'Ngày xảy ra không được sau ngày hôm nay ({today}).',
    en: 'The date cannot be after today ({today}).',
  },
  DANSO_RULE_RECORDED_BEFORE_OCCURRED: {
    severity: 'warning',
    vi: 'Thời điểm ghi nhận trước ngày xảy ra; kiểm tra lại ngày hoặc đồng hồ của máy.',
    en: 'Recorded before the date it happened; check the date or the device clock.',
  },
  DANSO_RULE_BEFORE_BIRTH: {
    severity: 'error',
    vi: 'Ngày này trước ngày sinh của người đó.',
    en: 'This date is before the person was born.',
  },
  DANSO_RULE_DEATH_BEFORE_BIRTH: {
    severity: 'error',
    vi: 'Ngày chết trước ngày sinh.',
    en: 'The date of death is before the date of birth.',
  },
  DANSO_RULE_IMPROBABLE_AGE: {
    severity: 'warning',
    vi: 'Tuổi trên {maxAge} là hiếm gặp; kiểm tra lại ngày sinh.',
    en: 'An age above {maxAge} is improbable; check the date of birth.',
  },
  // codes and items
  DANSO_RULE_UNKNOWN_CODE: {
    severity: 'error',
    vi: 'Mã "{code}" không có trong danh mục {list}.',
    en: 'The code "{code}" is not in the {list} list.',
  },
  DANSO_RULE_DUPLICATE_ITEM: {
    severity: 'error',
    vi: 'Mục "{item}" được ghi hai lần.',
    en: '"{item}" is listed twice.',
  },
  DANSO_RULE_PERSONAL_ID_INCONSISTENT: {
    severity: 'warning',
    vi: 'Số định danh cá nhân không khớp với giới tính hoặc năm sinh (chữ số thứ 4–6).',
    en: 'The personal ID number does not match the sex or the year of birth (digits 4–6).',
  },
  // existence and state
  DANSO_RULE_HOUSEHOLD_NOT_FOUND: {
    severity: 'error',
    vi: 'Không có hộ này trong sổ.',
    en: 'The household is not in the register.',
  },
  DANSO_RULE_HOUSEHOLD_EXISTS: {
    severity: 'error',
    vi: 'Mã hộ mới đã có trong sổ.',
    en: 'The new household id is already in the register.',
  },
  DANSO_RULE_HOUSEHOLD_CLOSED: {
    severity: 'error',
    vi: 'Phiếu hộ đã đóng (cả hộ đã chuyển đi); không ghi thêm biến động cho hộ này.',
    en: 'The household page is closed (the household moved out); no further changes can be recorded.',
  },
  DANSO_RULE_PERSON_NOT_FOUND: {
    severity: 'error',
    vi: 'Không có người này trong sổ.',
    en: 'The person is not in the register.',
  },
  DANSO_RULE_PERSON_EXISTS: {
    severity: 'error',
    vi: 'Mã nhân khẩu mới đã có trong sổ.',
    en: 'The new person id is already in the register.',
  },
  DANSO_RULE_PERSON_NOT_IN_HOUSEHOLD: {
    severity: 'error',
    vi: 'Người này không thuộc hộ được ghi trong biến động.',
    en: 'The person does not belong to the household named in the change.',
  },
  DANSO_RULE_CHANGE_AFTER_DEATH: {
    severity: 'error',
    vi: 'Người này đã chết ngày {deathDate}; không ghi biến động sau ngày đó (dùng đính chính nếu ghi nhầm).',
    en: 'This person died on {deathDate}; nothing can happen after that (use a correction if it was wrong).',
  },
  DANSO_RULE_LATE_RECORD_DEAD_PERSON: {
    severity: 'warning',
    vi: 'Người này đã chết ngày {deathDate}; biến động xảy ra trước đó nhưng ghi muộn.',
    en: 'This person died on {deathDate}; the change happened before that but is recorded late.',
  },
  DANSO_RULE_DEATH_ALREADY_RECORDED: {
    severity: 'error',
    vi: 'Người này đã được ghi chết ngày {deathDate}; một người chỉ chết một lần.',
    en: 'This person is already recorded dead on {deathDate}; a person dies once.',
  },
  DANSO_RULE_PERSON_MOVED_OUT: {
    severity: 'error',
    vi: 'Người này đã chuyển đi ngày {movedOutOn}; không ghi biến động sau ngày đó.',
    en: 'This person moved out on {movedOutOn}; nothing can be recorded after that.',
  },
  DANSO_RULE_LATE_RECORD_MOVED_OUT_PERSON: {
    severity: 'warning',
    vi: 'Người này đã chuyển đi ngày {movedOutOn}; biến động xảy ra trước đó nhưng ghi muộn.',
    en: 'This person moved out on {movedOutOn}; the change happened before that but is recorded late.',
  },
  DANSO_RULE_MOVE_OUT_ALREADY_RECORDED: {
    severity: 'error',
    vi: 'Người này đã được ghi chuyển đi ngày {movedOutOn}; một người chỉ chuyển đi một lần.',
    en: 'This person is already recorded as moved out on {movedOutOn}; a person leaves once.',
  },
  // births, mothers, pregnancies
  DANSO_RULE_MOTHER_NOT_FEMALE: {
    severity: 'error',
    vi: 'Người mẹ phải là nữ.',
    en: 'The mother must be female.',
  },
  DANSO_RULE_MOTHER_AGE_IMPOSSIBLE: {
    severity: 'error',
    vi: 'Tuổi người mẹ lúc sinh / mang thai phải từ 10 đến 60 (tính được: {age}).',
    en: "The mother's age at the birth or pregnancy must be 10 to 60 (found: {age}).",
  },
  DANSO_RULE_MOTHER_AGE_UNUSUAL: {
    severity: 'warning',
    vi: 'Tuổi người mẹ lúc sinh / mang thai ngoài độ tuổi 15–49 (tính được: {age}); kiểm tra lại.',
    en: "The mother's age at the birth or pregnancy is outside 15–49 (found: {age}); please check.",
  },
  DANSO_RULE_MOTHER_DEAD: {
    severity: 'error',
    vi: 'Người mẹ đã chết ngày {deathDate}, trước ngày sinh của trẻ.',
    en: 'The mother died on {deathDate}, before the birth.',
  },
  DANSO_RULE_MOTHER_NOT_RESIDENT: {
    severity: 'warning',
    vi: 'Người mẹ không còn thực tế thường trú ở địa bàn (đã chuyển đi hoặc tạm vắng).',
    en: 'The mother is no longer a usual resident here (moved out or temporarily absent).',
  },
  DANSO_RULE_BIRTH_ORDER_INCONSISTENT: {
    severity: 'warning',
    vi: 'Lần sinh thứ {birthOrder} nhưng người mẹ đã có {livingChildren} con còn sống trong sổ.',
    en: 'Birth order {birthOrder}, but the mother already has {livingChildren} living children in the register.',
  },
  DANSO_RULE_PERSON_NOT_FEMALE: {
    severity: 'error',
    vi: 'Biến động này chỉ ghi cho người nữ.',
    en: 'This change can only be recorded for a woman.',
  },
  DANSO_RULE_NEWBORN_SCREENING_LATE: {
    severity: 'warning',
    vi: 'Sàng lọc sơ sinh ghi sau {days} ngày tuổi (thường làm trong tháng đầu).',
    en: 'Newborn screening recorded at {days} days of age (usually done in the first month).',
  },
  // contraception
  DANSO_RULE_CONTRACEPTION_AGE: {
    severity: 'error',
    vi: 'Người vợ bắt đầu biện pháp tránh thai phải trong độ tuổi 15–49 (tính được: {age}).',
    en: 'A wife starting a contraceptive method must be 15–49 (found: {age}).',
  },
  DANSO_RULE_CONTRACEPTION_NOT_MARRIED: {
    severity: 'error',
    vi: 'Người bắt đầu biện pháp tránh thai phải đang có chồng.',
    en: 'A woman starting a contraceptive method must be married.',
  },
  DANSO_RULE_CONTRACEPTION_METHOD_NONE: {
    severity: 'error',
    vi: 'Chọn một biện pháp tránh thai cụ thể.',
    en: 'Choose an actual contraceptive method.',
  },
  DANSO_RULE_CONTRACEPTION_ALREADY_IN_USE: {
    severity: 'warning',
    vi: 'Đang ghi nhận dùng biện pháp "{method}"; biện pháp mới sẽ thay thế.',
    en: 'The method "{method}" is recorded as in use; the new one replaces it.',
  },
  DANSO_RULE_CONTRACEPTION_LIVING_CHILDREN: {
    severity: 'warning',
    vi: 'Số con hiện có ({livingChildren}) ít hơn số con còn sống trong sổ ({registerChildren}).',
    en: 'The number of living children ({livingChildren}) is below the register count ({registerChildren}).',
  },
  DANSO_RULE_CONTRACEPTION_NOT_IN_USE: {
    severity: 'error',
    vi: 'Không có biện pháp tránh thai nào đang dùng để thôi.',
    en: 'No contraceptive method is in use, so none can be stopped.',
  },
  DANSO_RULE_CONTRACEPTION_METHOD_MISMATCH: {
    severity: 'error',
    vi: 'Biện pháp thôi dùng ("{method}") khác biện pháp đang dùng ("{inUse}").',
    en: 'The stopped method ("{method}") is not the one in use ("{inUse}").',
  },
  DANSO_RULE_CONTRACEPTION_STOP_BEFORE_START: {
    severity: 'error',
    vi: 'Ngày thôi dùng trước ngày bắt đầu ({startedOn}).',
    en: 'The stop date is before the start date ({startedOn}).',
  },
  // elderly, marriage, divorce
  DANSO_RULE_ELDERLY_CHECK_UNDER_60: {
    severity: 'warning',
    vi: 'Người được khám sức khỏe người cao tuổi chưa đủ 60 tuổi (tính được: {age}).',
    en: 'The person given an elderly health check is under 60 (found: {age}).',
  },
  DANSO_RULE_MARRIAGE_SAME_PERSON: {
    severity: 'error',
    vi: 'Vợ/chồng không thể là chính người đó.',
    en: 'A person cannot marry themself.',
  },
  DANSO_RULE_ALREADY_MARRIED: {
    severity: 'warning',
    vi: 'Người này đang được ghi là có vợ/chồng; ghi ly hôn hoặc góa trước nếu cần.',
    en: 'This person is recorded as married; record the divorce or widowhood first if needed.',
  },
  DANSO_RULE_CHILD_MARRIAGE_FLAG_MISSING: {
    severity: 'error',
    vi: 'Theo ngày sinh, đây là tảo hôn (nữ dưới 18, nam dưới 20 tuổi) nhưng chưa đánh dấu.',
    en: 'By the dates of birth this is a child marriage (woman under 18, man under 20) but it is not flagged.',
  },
  DANSO_RULE_CHILD_MARRIAGE_FLAG_UNSUPPORTED: {
    severity: 'warning',
    vi: 'Đánh dấu tảo hôn nhưng theo ngày sinh cả hai đã đủ tuổi kết hôn.',
    en: 'Flagged as a child marriage, but by the dates of birth both had reached the legal age.',
  },
  DANSO_RULE_NOT_MARRIED: {
    severity: 'error',
    vi: 'Người này không được ghi là có vợ/chồng nên không thể ly hôn.',
    en: 'This person is not recorded as married, so cannot divorce.',
  },
  DANSO_RULE_PREMARITAL_EMPTY: {
    severity: 'error',
    vi: 'Đánh dấu ít nhất một trong hai: được tư vấn hoặc được khám sức khỏe.',
    en: 'Tick counselling, a health check, or both.',
  },
  // moves and information
  DANSO_RULE_MOVE_WITHIN_COMMUNE: {
    severity: 'warning',
    vi: 'Nơi đi / nơi đến là chính xã này; chuyển trong xã nên ghi là chuyển trong xã.',
    en: 'The other place is this same commune; a move inside the commune is a transfer.',
  },
  DANSO_RULE_TRANSFER_SAME_PLACE: {
    severity: 'error',
    vi: 'Hộ / địa bàn nhận trùng với nơi hiện tại.',
    en: 'The receiving household or area is the current one.',
  },
  DANSO_RULE_INFO_CHANGE_NO_CHANGE: {
    severity: 'error',
    vi: 'Giá trị mới của "{field}" giống giá trị cũ.',
    en: 'The new value of "{field}" equals the old one.',
  },
  DANSO_RULE_INFO_CHANGE_USE_HEAD_CHANGE: {
    severity: 'error',
    vi: 'Đổi chủ hộ phải ghi bằng biến động đổi chủ hộ.',
    en: 'A change of household head must be recorded as a change of head.',
  },
  DANSO_RULE_INFO_CHANGE_MARITAL_EVENT: {
    severity: 'warning',
    vi: 'Kết hôn, ly hôn nên ghi bằng biến động kết hôn / ly hôn để được tính vào báo cáo; chỉ sửa trực tiếp khi bổ sung thông tin cũ.',
    en: 'Record marriages and divorces as such so that reports count them; edit the status only to complete old data.',
  },
  // households
  DANSO_RULE_HEAD_ALREADY_PRESENT: {
    severity: 'error',
    vi: 'Hộ đã có chủ hộ; dùng biến động đổi chủ hộ.',
    en: 'The household already has a head; record a change of head.',
  },
  DANSO_RULE_HEAD_CHANGE_NEEDED: {
    severity: 'warning',
    vi: 'Người này là chủ hộ và hộ vẫn còn người; cần ghi biến động đổi chủ hộ.',
    en: 'This person is the head and others remain in the household; a change of head is needed.',
  },
  DANSO_RULE_HEAD_UNDER_AGE: {
    severity: 'warning',
    vi: 'Chủ hộ dưới 15 tuổi (tính được: {age}); kiểm tra lại.',
    en: 'The household head is under 15 (found: {age}); please check.',
  },
  DANSO_RULE_HEAD_UNCHANGED: {
    severity: 'error',
    vi: 'Người này đã là chủ hộ.',
    en: 'This person is already the head.',
  },
  DANSO_RULE_HEAD_RELATION_INVALID: {
    severity: 'error',
    vi: 'Danh sách quan hệ không được có chủ hộ mới hay một chủ hộ khác.',
    en: 'The relations must not include the new head or another head.',
  },
  DANSO_RULE_HEAD_CHANGE_TWO_HEADS: {
    severity: 'error',
    vi: '{fullName} vẫn là chủ hộ sau khi đổi; ghi quan hệ mới của người này với chủ hộ mới (mỗi hộ chỉ có một chủ hộ).',
    en: '{fullName} would still be head after the change; give this person a relation to the new head (a household has one head).',
  },
  DANSO_RULE_MEMBER_NOT_IN_HOUSEHOLD: {
    severity: 'error',
    vi: 'Người này không phải thành viên của hộ.',
    en: 'This person is not a member of the household.',
  },
  DANSO_RULE_MEMBER_NOT_PRESENT: {
    severity: 'error',
    vi: 'Thành viên này đã chết hoặc đã chuyển đi.',
    en: 'This member has died or moved out.',
  },
  DANSO_RULE_SPLIT_HEAD_COUNT: {
    severity: 'error',
    vi: 'Hộ tách ra phải có đúng một chủ hộ.',
    en: 'The new household must have exactly one head.',
  },
  DANSO_RULE_SPLIT_ALL_MEMBERS: {
    severity: 'warning',
    vi: 'Mọi thành viên đều sang hộ mới; nếu cả hộ chuyển chỗ, ghi chuyển trong xã.',
    en: 'Every member moves to the new household; if the whole household moved, record a transfer.',
  },
  DANSO_RULE_SPLIT_SOURCE_HEAD: {
    severity: 'error',
    vi: 'Chủ hộ mới của hộ cũ chỉ chọn khi chủ hộ cũ tách đi mà hộ cũ còn người, và phải là một người ở lại.',
    en: 'A new head for the old household is chosen only when its head leaves and others stay, and must be one who stays.',
  },
  DANSO_RULE_AREA_NOT_FOUND: {
    severity: 'error',
    vi: 'Không có địa bàn này trong sổ, hoặc địa bàn đã thôi sử dụng.',
    en: 'The area is not in the register, or is no longer in use.',
  },
  DANSO_RULE_AREA_OTHER_COMMUNE: {
    severity: 'error',
    vi: 'Địa bàn này thuộc xã khác ({communeCode}); hộ chỉ tách hoặc chuyển sang địa bàn trong xã của hộ — sang xã khác thì ghi chuyển đi.',
    en: 'This area belongs to another commune ({communeCode}); a household splits or moves only to an area of its own commune — record a move out for another commune.',
  },
  DANSO_RULE_HAMLET_NOT_FOUND: {
    severity: 'error',
    vi: 'Thôn / tổ dân phố này không có trong xã của địa bàn ({communeCode}) hoặc đã thôi sử dụng.',
    en: "This hamlet is not one of the area's commune ({communeCode}), or is no longer in use.",
  },
  DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN: {
    severity: 'error',
    vi: 'Số hộ {number} đã có ở địa bàn này (mã hộ {code}); chọn số khác.',
    en: 'Household number {number} is already used in this area (household code {code}); choose another.',
  },
  // corrections
  DANSO_RULE_CORRECTION_TARGET_NOT_FOUND: {
    severity: 'error',
    vi: 'Không tìm thấy biến động cần đính chính.',
    en: 'The change to correct was not found.',
  },
  DANSO_RULE_CORRECTION_TARGET_NOT_APPROVED: {
    severity: 'error',
    vi: 'Chỉ đính chính biến động đã duyệt; biến động chưa duyệt thì sửa và gửi lại.',
    en: 'Only approved changes are corrected; an unapproved one is edited and resubmitted.',
  },
  DANSO_RULE_CORRECTION_OF_CORRECTION: {
    severity: 'error',
    vi: 'Không đính chính một đính chính; hãy đính chính biến động gốc.',
    en: 'Do not correct a correction; correct the original change.',
  },
  DANSO_RULE_CORRECTION_MISMATCH: {
    severity: 'error',
    vi: 'Đính chính phải cùng loại, cùng hộ và cùng người với biến động được đính chính.',
    en: 'A correction must have the type, household and person of the change it corrects.',
  },
} as const satisfies Record<string, RuleDefinition>;

export type RuleCode = keyof typeof registerRules;
export const ruleCodes = Object.keys(registerRules) as RuleCode[];

export interface RuleResult {
  code: RuleCode;
  severity: RuleSeverity;
  /** Where in the change: 'occurredOn', 'payload.mother.birthDate', 'payload.items[0].to' … */
  path: string;
  vi: string;
  en: string;
  params?: Record<string, string | number>;
}

function fill(template: string, params: Record<string, string | number> | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export function ruleResult(
  code: RuleCode,
  path: string,
  params?: Record<string, string | number>,
): RuleResult {
  const rule: RuleDefinition = registerRules[code];
  return {
    code,
    severity: rule.severity,
    path,
    vi: fill(rule.vi, params),
    en: fill(rule.en, params),
    ...(params ? { params } : {}),
  };
}

/** True when some result is an error: the change cannot be submitted or approved. */
export function hasBlockingRuleResult(results: readonly RuleResult[]): boolean {
  return results.some((r) => r.severity === 'error');
}

/** Warnings the officer has not acknowledged yet (acknowledgements name a code and a path). */
export function unacknowledgedWarnings(
  results: readonly RuleResult[],
  acknowledged: readonly { code: string; path: string }[],
): RuleResult[] {
  return results.filter(
    (r) => r.severity === 'warning' && !acknowledged.some((a) => a.code === r.code && a.path === r.path),
  );
}
