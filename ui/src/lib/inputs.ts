// What each form holds while the clerk types, and how it becomes the input
// the core expects. Values go as typed: the core normalizes digits and
// validates; here empty optional text only becomes `null`.
import type {
  CampaignInput,
  CampaignView,
  CandidateFilter,
  CourseInput,
  CourseView,
  ErrorBody,
  MembershipEdit,
  MembershipInput,
  MembershipView,
  NeedEdit,
  NeedInput,
  NeedView,
  OrgInput,
  OrgView,
  PersonInput,
  PersonView,
  ProviderInput,
  ProviderView,
  QuotaInput,
  QuotaView,
  ReferralUpdate,
  ReferralView,
  RoundInput,
  RoundMove,
  Settings,
  Weights,
} from './bindings';
import { isErrorBody } from './errors';
import { toLatinDigits, toPersianDigits } from './format';
import { emptyToNull } from './form.svelte';
import { strings } from './strings';

export interface PersonFormValues extends Record<string, unknown> {
  national_code: string;
  first_name: string;
  last_name: string;
  father_name: string;
  gender: string;
  birth_date: string;
  education: string;
  mobile: string;
}

export const PERSON_KEYS = [
  'national_code',
  'first_name',
  'last_name',
  'father_name',
  'gender',
  'birth_date',
  'education',
  'mobile',
] as const;

export function emptyPerson(): PersonFormValues {
  return {
    national_code: '',
    first_name: '',
    last_name: '',
    father_name: '',
    gender: '',
    birth_date: '',
    education: '',
    mobile: '',
  };
}

/** A stored person, ready to edit; digits shown in Persian like elsewhere. */
export function personValues(p: PersonView): PersonFormValues {
  return {
    national_code: toPersianDigits(p.national_code),
    first_name: p.first_name,
    last_name: p.last_name,
    father_name: p.father_name ?? '',
    gender: p.gender ?? '',
    birth_date: p.birth_date_jalali ? toPersianDigits(p.birth_date_jalali) : '',
    education: p.education ?? '',
    mobile: p.mobile ? toPersianDigits(p.mobile) : '',
  };
}

export function toPersonInput(v: PersonFormValues): PersonInput {
  return {
    national_code: v.national_code,
    first_name: v.first_name,
    last_name: v.last_name,
    father_name: emptyToNull(v.father_name),
    gender: emptyToNull(v.gender),
    birth_date: emptyToNull(v.birth_date),
    education: emptyToNull(v.education),
    mobile: emptyToNull(v.mobile),
  };
}

export interface OrgFormValues extends Record<string, unknown> {
  kind: string;
  name: string;
  national_id: string;
  registration_no: string;
  registry_office: string;
  field: string;
  orientation: string;
  activity: string;
  county: string;
  founded_on: string;
  member_count: string;
  phone: string;
  mobile: string;
  email: string;
  address: string;
  postal_code: string;
  is_small: boolean;
  is_startup: boolean;
  is_internet: boolean;
  status: string;
}

export const ORG_KEYS = [
  'kind',
  'name',
  'national_id',
  'registration_no',
  'registry_office',
  'field',
  'orientation',
  'activity',
  'county',
  'founded_on',
  'member_count',
  'phone',
  'mobile',
  'email',
  'address',
  'postal_code',
  'is_small',
  'is_startup',
  'is_internet',
  'status',
] as const;

export function emptyOrg(): OrgFormValues {
  return {
    kind: 'cooperative',
    name: '',
    national_id: '',
    registration_no: '',
    registry_office: '',
    field: '',
    orientation: '',
    activity: '',
    county: '',
    founded_on: '',
    member_count: '',
    phone: '',
    mobile: '',
    email: '',
    address: '',
    postal_code: '',
    is_small: false,
    is_startup: false,
    is_internet: false,
    status: 'active',
  };
}

export function orgValues(o: OrgView): OrgFormValues {
  const digits = (s: string | null) => (s ? toPersianDigits(s) : '');
  return {
    kind: o.kind,
    name: o.name,
    national_id: digits(o.national_id),
    registration_no: digits(o.registration_no),
    registry_office: o.registry_office ?? '',
    field: o.field,
    orientation: o.orientation ?? '',
    activity: o.activity ?? '',
    county: o.county ?? '',
    founded_on: digits(o.founded_on_jalali),
    member_count: o.member_count === null ? '' : toPersianDigits(String(o.member_count)),
    phone: digits(o.phone),
    mobile: digits(o.mobile),
    email: o.email ?? '',
    address: o.address ?? '',
    postal_code: digits(o.postal_code),
    is_small: o.is_small,
    is_startup: o.is_startup,
    is_internet: o.is_internet,
    status: o.status,
  };
}

export function toOrgInput(v: OrgFormValues): OrgInput {
  return {
    kind: emptyToNull(v.kind),
    name: v.name,
    national_id: emptyToNull(v.national_id),
    registration_no: emptyToNull(v.registration_no),
    registry_office: emptyToNull(v.registry_office),
    field: v.field,
    orientation: emptyToNull(v.orientation),
    activity: emptyToNull(v.activity),
    county: emptyToNull(v.county),
    founded_on: emptyToNull(v.founded_on),
    member_count: emptyToNull(v.member_count),
    phone: emptyToNull(v.phone),
    mobile: emptyToNull(v.mobile),
    email: emptyToNull(v.email),
    address: emptyToNull(v.address),
    postal_code: emptyToNull(v.postal_code),
    is_small: v.is_small,
    is_startup: v.is_startup,
    is_internet: v.is_internet,
    status: emptyToNull(v.status),
  };
}

export interface MembershipFormValues extends Record<string, unknown> {
  national_code: string;
  organization_id: number | null;
  role: string;
  start_date: string;
  end_date: string;
}

/**
 * `organization` stands for the chosen cooperative: the core reports a
 * missing or unknown one under that key.
 */
export const MEMBERSHIP_KEYS = ['national_code', 'organization', 'role', 'start_date', 'end_date'] as const;

export function emptyMembership(fixed: { nationalCode?: string; organizationId?: number }): MembershipFormValues {
  return {
    national_code: fixed.nationalCode ?? '',
    organization_id: fixed.organizationId ?? null,
    role: 'member',
    start_date: '',
    end_date: '',
  };
}

export function toMembershipInput(v: MembershipFormValues): MembershipInput {
  return {
    national_code: v.national_code,
    coop_national_id: '',
    organization_id: v.organization_id,
    role: v.role,
    start_date: emptyToNull(v.start_date),
    end_date: emptyToNull(v.end_date),
  };
}

/** A membership being corrected: its role and dates. */
export interface MembershipEditValues extends Record<string, unknown> {
  role: string;
  start_date: string;
  end_date: string;
}

export const MEMBERSHIP_EDIT_KEYS = ['role', 'start_date', 'end_date'] as const;

export function membershipEditValues(m: MembershipView): MembershipEditValues {
  const digits = (s: string | null) => (s ? toPersianDigits(s) : '');
  return { role: m.role, start_date: digits(m.start_date_jalali), end_date: digits(m.end_date_jalali) };
}

export function toMembershipEdit(v: MembershipEditValues): MembershipEdit {
  return { role: v.role, start_date: emptyToNull(v.start_date), end_date: emptyToNull(v.end_date) };
}

export interface CourseFormValues extends Record<string, unknown> {
  kind: string;
  code: string;
  title: string;
  cluster: string;
  course_group: string;
  theory_hours: string;
  practice_hours: string;
  total_hours: string;
  entry_education: string;
  active: boolean;
  /** Kept as stored; the form does not edit it. */
  suits: string;
}

export const COURSE_KEYS = [
  'kind',
  'code',
  'title',
  'cluster',
  'course_group',
  'theory_hours',
  'practice_hours',
  'total_hours',
  'entry_education',
  'active',
] as const;

/** The core names the course's kind `course_kind` in its field messages. */
export const COURSE_ALIASES = { course_kind: 'kind' } as const;

export function emptyCourse(): CourseFormValues {
  return {
    kind: 'standard',
    code: '',
    title: '',
    cluster: '',
    course_group: '',
    theory_hours: '',
    practice_hours: '',
    total_hours: '',
    entry_education: '',
    active: true,
    suits: '',
  };
}

export function courseValues(c: CourseView): CourseFormValues {
  const hours = (h: number | null) => (h === null ? '' : toPersianDigits(String(h)));
  return {
    kind: c.kind,
    code: c.code ? toPersianDigits(c.code) : '',
    title: c.title,
    cluster: c.cluster ?? '',
    course_group: c.course_group ?? '',
    theory_hours: hours(c.theory_hours),
    practice_hours: hours(c.practice_hours),
    total_hours: hours(c.total_hours),
    entry_education: c.entry_education ?? '',
    active: c.active,
    suits: c.suits,
  };
}

export function toCourseInput(v: CourseFormValues): CourseInput {
  return {
    kind: emptyToNull(v.kind),
    code: emptyToNull(v.code),
    title: v.title,
    cluster: emptyToNull(v.cluster),
    course_group: emptyToNull(v.course_group),
    theory_hours: emptyToNull(v.theory_hours),
    practice_hours: emptyToNull(v.practice_hours),
    total_hours: emptyToNull(v.total_hours),
    entry_education: emptyToNull(v.entry_education),
    suits: emptyToNull(v.suits),
    active: v.active,
  };
}

export interface ProviderFormValues extends Record<string, unknown> {
  kind: string;
  name: string;
  county: string;
  licence_no: string;
  licence_expires: string;
  active: boolean;
}

export const PROVIDER_KEYS = ['kind', 'name', 'county', 'licence_no', 'licence_expires', 'active'] as const;

/** The core reports the kind and the licence date under these keys. */
export const PROVIDER_ALIASES = { provider_kind: 'kind', end_date: 'licence_expires' } as const;

export function emptyProvider(): ProviderFormValues {
  return { kind: 'private', name: '', county: '', licence_no: '', licence_expires: '', active: true };
}

export function providerValues(p: ProviderView): ProviderFormValues {
  return {
    kind: p.kind,
    name: p.name,
    county: p.county ?? '',
    licence_no: p.licence_no ? toPersianDigits(p.licence_no) : '',
    licence_expires: p.licence_expires_jalali ? toPersianDigits(p.licence_expires_jalali) : '',
    active: p.active,
  };
}

export function toProviderInput(v: ProviderFormValues): ProviderInput {
  return {
    kind: v.kind,
    name: v.name,
    county: emptyToNull(v.county),
    licence_no: emptyToNull(v.licence_no),
    licence_expires: emptyToNull(v.licence_expires),
    active: v.active,
  };
}

export interface CampaignFormValues extends Record<string, unknown> {
  title: string;
  starts_on: string;
  ends_on: string;
  deadline: string;
  owner: string;
}

export const CAMPAIGN_KEYS = ['title', 'starts_on', 'ends_on', 'deadline', 'owner'] as const;

/** The core reports the period under the usual date keys. */
export const CAMPAIGN_ALIASES = { start_date: 'starts_on', end_date: 'ends_on' } as const;

export function emptyCampaign(): CampaignFormValues {
  return { title: '', starts_on: '', ends_on: '', deadline: '', owner: '' };
}

export function campaignValues(c: CampaignView): CampaignFormValues {
  return {
    title: c.title,
    starts_on: toPersianDigits(c.starts_on_jalali),
    ends_on: toPersianDigits(c.ends_on_jalali),
    deadline: c.deadline_jalali ? toPersianDigits(c.deadline_jalali) : '',
    owner: c.owner,
  };
}

export function toCampaignInput(v: CampaignFormValues): CampaignInput {
  return {
    title: v.title,
    starts_on: v.starts_on,
    ends_on: v.ends_on,
    deadline: emptyToNull(v.deadline),
    owner: v.owner,
  };
}

export interface NeedFormValues extends Record<string, unknown> {
  /** The chosen campaign's id as the select holds it; empty for none. */
  campaign: string;
  course_id: number | null;
  target_role: string;
  requested: string;
  source: string;
  need_level: string;
  target_month: string;
  notes: string;
}

/** `campaign` and `course` stand for the chosen ones, as the core names them. */
export const NEED_KEYS = [
  'campaign',
  'course',
  'target_role',
  'requested',
  'source',
  'need_level',
  'target_month',
  'notes',
] as const;

export function emptyNeed(campaignId: number | null, courseId: number | null = null): NeedFormValues {
  return {
    campaign: campaignId === null ? '' : String(campaignId),
    course_id: courseId,
    target_role: 'members',
    requested: '',
    source: 'assessment',
    need_level: '3',
    target_month: '',
    notes: '',
  };
}

/** The input for a cooperative; campaign and course must have been chosen. */
export function toNeedInput(v: NeedFormValues, organizationId: number): NeedInput {
  return {
    campaign_id: v.campaign === '' ? 0 : Number(v.campaign),
    organization_id: organizationId,
    target_role: v.target_role,
    course_id: v.course_id ?? 0,
    requested: v.requested,
    source: v.source,
    need_level: v.need_level,
    target_month: emptyToNull(v.target_month),
    notes: emptyToNull(v.notes),
  };
}

/** A draft or submitted need line being corrected. */
export interface NeedEditValues extends Record<string, unknown> {
  course_id: number;
  target_role: string;
  requested: string;
  source: string;
  need_level: string;
  target_month: string;
  notes: string;
  reason: string;
}

export const NEED_EDIT_KEYS = [
  'course',
  'target_role',
  'requested',
  'source',
  'need_level',
  'target_month',
  'notes',
  'reason',
] as const;

export function needEditValues(n: NeedView): NeedEditValues {
  const month =
    n.target_year !== null && n.target_month !== null
      ? toPersianDigits(`${n.target_year}/${String(n.target_month).padStart(2, '0')}`)
      : '';
  return {
    course_id: n.course_id,
    target_role: n.target_role,
    requested: toPersianDigits(String(n.requested)),
    source: n.source,
    need_level: String(n.need_level),
    target_month: month,
    notes: n.notes ?? '',
    reason: '',
  };
}

export function toNeedEdit(v: NeedEditValues): NeedEdit {
  return {
    course_id: v.course_id,
    target_role: v.target_role,
    requested: v.requested,
    source: v.source,
    need_level: v.need_level,
    target_month: emptyToNull(v.target_month),
    notes: emptyToNull(v.notes),
    reason: v.reason,
  };
}

// ---------------------------------------------------------------------------
// Referral rounds, the quota and the office settings

export interface RoundFormValues extends Record<string, unknown> {
  /** Jalali year and month as typed: `1405/09`, `۱۴۰۵/۹`. */
  month: string;
  capacity: string;
  title: string;
}

export const ROUND_KEYS = ['month', 'capacity', 'title'] as const;

export function emptyRound(): RoundFormValues {
  return { month: '', capacity: '', title: '' };
}

export function toRoundInput(v: RoundFormValues): RoundInput {
  return { month: v.month, capacity: emptyToNull(v.capacity), title: emptyToNull(v.title) };
}

/** A round move; only what a step needs is given, the rest is `null`. */
export function roundMove(details: Partial<RoundMove> = {}): RoundMove {
  return {
    reason: details.reason ?? '',
    letter_no: details.letter_no ?? null,
    sent_on: details.sent_on ?? null,
    override_reason: details.override_reason ?? null,
  };
}

export interface SendFormValues extends Record<string, unknown> {
  letter_no: string;
  /** Jalali; today when left empty. */
  sent_on: string;
}

export const SEND_KEYS = ['letter_no', 'sent_on'] as const;

export function toSendMove(v: SendFormValues): RoundMove {
  return roundMove({ letter_no: v.letter_no, sent_on: emptyToNull(v.sent_on) });
}

/** Every candidate the core would list, best first. */
export function anyCandidate(): CandidateFilter {
  return { course_id: null, county_id: null, text: '', with_blocked: false, limit: 0 };
}

export interface QuotaFormValues extends Record<string, unknown> {
  title: string;
  starts_on: string;
  ends_on: string;
  unit: string;
  capacity: string;
  province_share: string;
  coop_share: string;
}

export const QUOTA_KEYS = ['title', 'starts_on', 'ends_on', 'unit', 'capacity', 'province_share', 'coop_share'] as const;

/** The core reports the period under the usual date keys. */
export const QUOTA_ALIASES = { start_date: 'starts_on', end_date: 'ends_on' } as const;

export function emptyQuota(): QuotaFormValues {
  return {
    title: '',
    starts_on: '',
    ends_on: '',
    unit: 'seats',
    capacity: '',
    province_share: toPersianDigits('100'),
    coop_share: toPersianDigits('30'),
  };
}

/** A stored period, ready to change; digits in Persian like elsewhere. */
export function quotaValues(q: QuotaView): QuotaFormValues {
  return {
    title: q.title,
    starts_on: toPersianDigits(q.starts_on_jalali),
    ends_on: toPersianDigits(q.ends_on_jalali),
    unit: q.unit,
    capacity: toPersianDigits(String(q.capacity)),
    province_share: toPersianDigits(String(q.province_share)),
    coop_share: toPersianDigits(String(q.coop_share)),
  };
}

export function toQuotaInput(v: QuotaFormValues): QuotaInput {
  return {
    title: v.title,
    starts_on: v.starts_on,
    ends_on: v.ends_on,
    unit: v.unit,
    capacity: v.capacity,
    province_share: emptyToNull(v.province_share),
    coop_share: emptyToNull(v.coop_share),
  };
}

export interface ReferralFormValues extends Record<string, unknown> {
  /** The status to record; the current one keeps it as it is. */
  status: string;
  reason: string;
  /** The chosen provider's id as the select holds it; empty for none. */
  provider_id: string;
  class_starts_on: string;
  class_ends_on: string;
  certificate_no: string;
  certificate_on: string;
}

export const REFERRAL_KEYS = [
  'status',
  'reason',
  'provider_id',
  'class_starts_on',
  'class_ends_on',
  'certificate_no',
  'certificate_on',
] as const;

/** The core names the provider `provider`. */
export const REFERRAL_ALIASES = { provider: 'provider_id' } as const;

/** What is recorded of a referral so far, ready to complete. */
export function referralValues(r: ReferralView): ReferralFormValues {
  const digits = (s: string | null) => (s ? toPersianDigits(s) : '');
  return {
    status: r.status,
    reason: '',
    provider_id: r.provider_id === null ? '' : String(r.provider_id),
    class_starts_on: digits(r.class_starts_on_jalali),
    class_ends_on: digits(r.class_ends_on_jalali),
    certificate_no: digits(r.certificate_no),
    certificate_on: digits(r.certificate_on_jalali),
  };
}

export function toReferralUpdate(v: ReferralFormValues, overrideReason: string | null = null): ReferralUpdate {
  return {
    status: v.status,
    reason: v.reason,
    provider_id: v.provider_id === '' ? null : Number(v.provider_id),
    class_starts_on: emptyToNull(v.class_starts_on),
    class_ends_on: emptyToNull(v.class_ends_on),
    certificate_no: emptyToNull(v.certificate_no),
    certificate_on: emptyToNull(v.certificate_on),
    override_reason: overrideReason,
  };
}

/** The ranking weights in the order the settings show them. */
export const WEIGHT_KEYS = [
  'need_level',
  'self_applied',
  'never_trained',
  'per_month_waiting',
  'max_months',
  'small',
  'startup',
  'internet',
  'fairness',
] as const satisfies ReadonlyArray<keyof Weights>;

export type WeightKey = (typeof WEIGHT_KEYS)[number];

/** The form key of a weight's field. */
export const weightField = (key: WeightKey) => `weight_${key}`;

export interface SettingsFormValues extends Record<string, unknown> {
  office: string;
  letterhead: string;
  tvto_office: string;
  tvto_email: string;
  signer_name: string;
  signer_title: string;
  font: string;
  /** Each weight as typed, in any digits. */
  weights: Record<WeightKey, string>;
  backup_dir: string;
  keep_daily: string;
  keep_events: string;
  feedback_days: string;
  quota_warn_percent: string;
}

export const SETTINGS_KEYS = [
  'office',
  'letterhead',
  'tvto_office',
  'tvto_email',
  'signer_name',
  'signer_title',
  'font',
  ...WEIGHT_KEYS.map(weightField),
  'backup_dir',
  'keep_daily',
  'keep_events',
  'feedback_days',
  'quota_warn_percent',
] as const;


export function settingsValues(s: Settings): SettingsFormValues {
  const weights = Object.fromEntries(
    WEIGHT_KEYS.map((k) => [k, toPersianDigits(String(s.weights[k]))]),
  ) as Record<WeightKey, string>;
  return {
    office: s.office,
    letterhead: s.letterhead,
    tvto_office: s.tvto_office,
    tvto_email: s.tvto_email,
    signer_name: s.signer_name,
    signer_title: s.signer_title,
    font: s.font,
    weights,
    backup_dir: s.backup_dir,
    keep_daily: toPersianDigits(String(s.keep_daily)),
    keep_events: toPersianDigits(String(s.keep_events)),
    feedback_days: toPersianDigits(String(s.feedback_days)),
    quota_warn_percent: toPersianDigits(String(s.quota_warn_percent)),
  };
}

/** A weight typed in any digits (`۱۰`, `10`, `-3`); `null` when it is not a whole number. */
export function parseWeight(text: string): number | null {
  const t = toLatinDigits(text).trim().replace(/^[−-]/, '-');
  return /^-?\d{1,7}$/.test(t) ? Number(t) : null;
}

/**
 * The settings to save, or, when a weight is not a whole number, the
 * message beside each such field (the core only reads numbers).
 */
export function toSettings(v: SettingsFormValues): { settings: Settings } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const weights = {} as Weights;
  for (const k of WEIGHT_KEYS) {
    const n = parseWeight(v.weights[k]);
    if (n === null) errors[weightField(k)] = strings.settings.weightNotNumber;
    else weights[k] = n;
  }
  const whole = {
    keep_daily: parseWeight(v.keep_daily),
    keep_events: parseWeight(v.keep_events),
    feedback_days: parseWeight(v.feedback_days),
    quota_warn_percent: parseWeight(v.quota_warn_percent),
  };
  for (const [key, n] of Object.entries(whole)) {
    if (n === null) errors[key] = strings.settings.weightNotNumber;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    settings: {
      office: v.office,
      letterhead: v.letterhead,
      tvto_office: v.tvto_office,
      tvto_email: v.tvto_email,
      signer_name: v.signer_name,
      signer_title: v.signer_title,
      font: v.font,
      weights,
      backup_dir: v.backup_dir,
      keep_daily: whole.keep_daily ?? 0,
      keep_events: whole.keep_events ?? 0,
      feedback_days: whole.feedback_days ?? 0,
      quota_warn_percent: whole.quota_warn_percent ?? 0,
    },
  };
}

/**
 * The core reports every weight out of range under one key, `weight`,
 * with the value it read. Each such message is moved to the first weight
 * field holding that value, so it stands beside the right field.
 */
export function placeWeightErrors(error: unknown, weights: Weights): unknown {
  if (!isErrorBody(error)) return error;
  const taken = new Set<WeightKey>();
  const fields = error.fields.map((f) => {
    if (f.field !== 'weight') return f;
    const key = WEIGHT_KEYS.find((k) => !taken.has(k) && String(weights[k]) === toLatinDigits(f.value).trim());
    if (!key) return f;
    taken.add(key);
    return { ...f, field: weightField(key) };
  });
  return { ...error, fields } satisfies ErrorBody;
}
