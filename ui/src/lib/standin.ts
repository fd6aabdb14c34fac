// In-memory stand-in for the Rust side, so the UI runs in a plain browser
// (`vite dev`, the Chromium UI tests). It answers the same calls with the
// same shapes and mirrors the core's rules loosely: ی/ک folding in search,
// the national code and national ID checksums, uniqueness, Persian order.
// Its Persian messages copy the core's (crates/core/src/error.rs). Jalali
// dates come from the browser's own Persian calendar (Intl), not from a
// hand-written algorithm. Only api.ts imports this module.
import type {
  AuditFilter,
  AuditRow,
  BackupCheck,
  BackupInfo,
  BackupKind,
  CampaignInput,
  CampaignView,
  Counts,
  CourseFilter,
  CourseInput,
  CourseKind,
  CourseView,
  DemoConfig,
  DemoSummary,
  Education,
  ErrorBody,
  FieldMessage,
  HistoryEntry,
  MembershipInput,
  MembershipView,
  NamedItem,
  NamedList,
  NeedFilter,
  NeedInput,
  NeedSource,
  NeedStatus,
  NeedView,
  NomineeView,
  OrgDetail,
  OrgFilter,
  OrgInput,
  OrgRef,
  OrgView,
  Page,
  PageRequest,
  PersonDetail,
  PersonInput,
  PersonView,
  Progress,
  ProviderInput,
  ProviderKind,
  ProviderView,
  QuotaInput,
  QuotaUnit,
  QuotaView,
  ReferralStatus,
  ReferralUpdate,
  ReferralView,
  Role,
  Roadmap,
  RoundInput,
  RoundLetter,
  RoundMove,
  RoundStatus,
  RoundView,
  ScorePart,
  Settings,
  SignInSheet,
  StatusEntry,
  Suggestion,
  TargetRole,
  BuildReport,
  Candidate,
  CandidateFilter,
  CandidateList,
  ColumnMap,
  ImportKind,
  ImportOutcome,
  ImportRequest,
  Layout,
} from './bindings';
import type { AppInfo, ExportedFile, ImportReport, MonthGrid, RowProblem, StartState } from './api';
import { parseJalaliText, type JalaliDay } from './dates';
import { fileName } from './importing.svelte';
import { REFERRAL_NEXT, ROUND_NEXT, WARN_PERCENT, explainScore, holdsSeat } from './rounds';
import { formatStamp, toLatinDigits, toPersianDigits } from './format';
import { choices, fieldLabels } from './strings';

// ---------------------------------------------------------------------------
// Text

/** The search key: Persian letters, ASCII digits, no ZWNJ or diacritics. */
export function fold(text: string): string {
  return toLatinDigits(text)
    .replace(/[\u064B-\u065F\u0670\u0640\u200C\u200D\u200E\u200F]/g, '')
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[آأإٱ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ی')
    .replace(/[ۀة]/g, 'ه')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Display text: Arabic ي/ك stored as Persian ی/ک, ZWNJ kept. */
function clean(text: string): string {
  return text.replace(/[يى]/g, 'ی').replace(/ك/g, 'ک').replace(/\s+/g, ' ').trim();
}

const collator = new Intl.Collator('fa');

/** Digits of a query that is a code or phone number, if it is one. */
function digitQuery(query: string): string | null {
  const q = toLatinDigits(query).trim().replace(/^\+/, '').replace(/[\s-]/g, '');
  return /^\d+$/.test(q) ? q : null;
}

// ---------------------------------------------------------------------------
// Identifiers (PRODUCT.md, "Identifiers and text: rules")

export function nationalCodeCheckDigit(first9: string): number {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(first9[i]) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

export function nationalIdCheckDigit(first10: string): number {
  const weights = [29, 27, 23, 19, 17];
  const k = Number(first10[9]) + 2;
  let s = 0;
  for (let i = 0; i < 10; i++) s += (Number(first10[i]) + k) * weights[i % 5];
  const r = s % 11;
  return r === 10 ? 0 : r;
}

const problem = {
  required: 'خالی است و باید پر شود',
  notDigits: 'فقط باید رقم داشته باشد',
  length: (expected: number, found: number) =>
    `باید ${toPersianDigits(String(expected))} رقم باشد ولی ${toPersianDigits(String(found))} رقم است`,
  allSame: 'همه رقم‌هایش یکسان است و معتبر نیست',
  zeroSerial: 'رقم‌های چهارم تا نهم آن همه صفر است و معتبر نیست',
  checksum: 'رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید',
  notMobile: 'شماره همراه نیست؛ باید با ۰۹ شروع شود',
  dateFormat: 'تاریخ را به شکل سال/ماه/روز شمسی بنویسید، مثل ۱۴۰۴/۰۸/۲۵',
  inFuture: 'در آینده است',
  endBeforeStart: 'پیش از تاریخ شروع است',
  unknown: 'در فهرست پیدا نشد',
  notOneOf: (labels: readonly string[]) => `باید یکی از این‌ها باشد: ${labels.join('، ')}`,
  notANumber: 'باید عدد باشد',
  outOfRange: (min: number, max: number) =>
    `باید بین ${toPersianDigits(String(min))} و ${toPersianDigits(String(max))} باشد`,
  yearOutOfRange: 'سال باید بین ۱۳۰۰ تا ۱۵۰۰ باشد',
  monthOutOfRange: 'ماه باید بین ۱ تا ۱۲ باشد',
  badEmail: 'نشانی رایانامه درست نیست',
  notAbsolutePath: 'باید نشانی کامل پوشه باشد، مانند D:\\Backup یا /home/user/backup',
  tooLong: (max: number) => `بیش از ${toPersianDigits(String(max))} نویسه است`,
};

type FieldKey = keyof typeof fieldLabels;

function fieldMessage(field: FieldKey, value: string, what: string, label: string = fieldLabels[field]): FieldMessage {
  const shown = value.trim();
  return {
    field,
    value,
    message: shown === '' ? `«${label}» ${what}.` : `«${label}» با مقدار «${shown}» ${what}.`,
  };
}

function invalid(fields: FieldMessage[]): ErrorBody {
  return { code: 'invalid_input', message: fields.map((f) => f.message).join('\n'), fields };
}

function duplicate(entity: string, keyLabel: string, key: string, existing: string): ErrorBody {
  return {
    code: 'duplicate',
    message: `${entity} با ${keyLabel} «${key}» پیش‌تر ثبت شده است: ${existing}. رکورد تکراری ساخته نشد.`,
    fields: [],
  };
}

function notFound(entity: string, keyLabel: string, key: string): ErrorBody {
  return { code: 'not_found', message: `${entity} با ${keyLabel} «${key}» پیدا نشد.`, fields: [] };
}

/** Collects field problems of one request, all reported together. */
class Check {
  readonly errors: FieldMessage[] = [];

  add(field: FieldKey, value: string, what: string, label?: string): void {
    this.errors.push(fieldMessage(field, value, what, label));
  }

  finish(): void {
    if (this.errors.length > 0) throw invalid(this.errors);
  }
}

function codeDigits(raw: string): string {
  return toLatinDigits(raw).replace(/[\s\-\u200C]/g, '');
}

export function parseNationalCode(raw: string, check: Check): string | null {
  const d = codeDigits(raw);
  const fail = (what: string) => (check.add('national_code', raw, what), null);
  if (d === '') return fail(problem.required);
  if (!/^\d+$/.test(d)) return fail(problem.notDigits);
  const code = d.length === 8 || d.length === 9 ? d.padStart(10, '0') : d;
  if (code.length !== 10) return fail(problem.length(10, d.length));
  if (/^(\d)\1{9}$/.test(code)) return fail(problem.allSame);
  if (code.slice(3, 9) === '000000') return fail(problem.zeroSerial);
  if (nationalCodeCheckDigit(code) !== Number(code[9])) return fail(problem.checksum);
  return code;
}

function parseNationalId(raw: string | null, check: Check): string | null {
  if (raw === null || raw.trim() === '') return null;
  const d = codeDigits(raw);
  const fail = (what: string) => (check.add('national_id', raw, what), null);
  if (!/^\d+$/.test(d)) return fail(problem.notDigits);
  if (d.length !== 11) return fail(problem.length(11, d.length));
  if (/^0+$/.test(d) || nationalIdCheckDigit(d) !== Number(d[10])) return fail(problem.checksum);
  return d;
}

function parseMobile(raw: string | null, check: Check): string | null {
  if (raw === null || raw.trim() === '') return null;
  let d = codeDigits(raw).replace(/^\+/, '');
  if (d.startsWith('0098')) d = `0${d.slice(4)}`;
  else if (d.startsWith('98')) d = `0${d.slice(2)}`;
  else if (d.startsWith('9')) d = `0${d}`;
  if (!/^09\d{9}$/.test(d)) {
    check.add('mobile', raw, problem.notMobile);
    return null;
  }
  return d;
}

function parseDigitsText(field: FieldKey, raw: string | null, check: Check): string | null {
  if (raw === null || raw.trim() === '') return null;
  const d = codeDigits(raw);
  if (!/^\d+$/.test(d)) {
    check.add(field, raw, problem.notDigits);
    return null;
  }
  return d;
}

function requiredName(field: FieldKey, raw: string, check: Check): string {
  const value = clean(raw);
  if (value === '') check.add(field, raw, problem.required);
  return value;
}

function optionalText(raw: string | null): string | null {
  if (raw === null) return null;
  const value = clean(raw);
  return value === '' ? null : value;
}

function choice<L extends keyof typeof choices>(
  list: L,
  field: FieldKey,
  raw: string | null,
  check: Check,
): keyof (typeof choices)[L] | null {
  if (raw === null || raw.trim() === '') return null;
  const labels: Record<string, string> = choices[list];
  if (raw in labels) return raw as keyof (typeof choices)[L];
  check.add(field, raw, problem.notOneOf(Object.values(labels)));
  return null;
}

// ---------------------------------------------------------------------------
// Jalali dates through Intl's Persian calendar

const DAY_MS = 86_400_000;

const persianUtc = new Intl.DateTimeFormat('en-US-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

const persianLocal = new Intl.DateTimeFormat('en-US-u-ca-persian', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

const monthNames = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: 'UTC', month: 'long' });

function partsOf(format: Intl.DateTimeFormat, date: Date): JalaliDay {
  const parts = format.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(toLatinDigits(parts.find((p) => p.type === type)?.value ?? 'NaN'));
  return { year: get('year'), month: get('month'), day: get('day') };
}

function jalaliOfMs(ms: number): JalaliDay {
  return partsOf(persianUtc, new Date(ms));
}

function isoOfMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function msOfIso(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export function isoToJalali(iso: string): JalaliDay {
  return jalaliOfMs(msOfIso(iso));
}

function jalaliText(iso: string | null): string | null {
  if (iso === null) return null;
  const j = isoToJalali(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${j.year}/${pad(j.month)}/${pad(j.day)}`;
}

/** Days from 1 Farvardin of `d`'s year, for stepping towards a date. */
function dayOfYear(d: JalaliDay): number {
  return d.month <= 6 ? (d.month - 1) * 31 + d.day : 186 + (d.month - 7) * 30 + d.day;
}

function compareJalali(a: JalaliDay, b: JalaliDay): number {
  return a.year !== b.year ? a.year - b.year : dayOfYear(a) - dayOfYear(b);
}

/**
 * The Gregorian day of a Jalali date, found by asking Intl about days near
 * an estimate; `null` when the month has no such day.
 */
export function jalaliToIso(target: JalaliDay): string | null {
  // 1 Farvardin falls on 20 or 21 March.
  let ms = Date.UTC(target.year + 621, 2, 20) + (dayOfYear(target) - 1) * DAY_MS;
  let lastSign = 0;
  for (let step = 0; step < 10; step++) {
    const found = jalaliOfMs(ms);
    const diff = compareJalali(target, found);
    // A day past the month's end has the ordinal of the next month's first.
    if (diff === 0) return found.month === target.month ? isoOfMs(ms) : null;
    const sign = Math.sign(diff);
    if (lastSign !== 0 && sign !== lastSign) return null;
    lastSign = sign;
    ms += sign * DAY_MS;
  }
  return null;
}

function todayJalali(): JalaliDay {
  return partsOf(persianLocal, new Date());
}

function todayIso(): string {
  const now = new Date();
  return isoOfMs(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

function parseDate(field: FieldKey, raw: string | null, check: Check, notFuture = false): string | null {
  if (raw === null || raw.trim() === '') return null;
  const parts = parseJalaliText(raw);
  const iso = parts && parts.year >= 1300 && parts.year <= 1500 ? jalaliToIso(parts) : null;
  if (iso === null) {
    check.add(field, raw, problem.dateFormat);
    return null;
  }
  if (notFuture && iso > todayIso()) {
    check.add(field, raw, problem.inFuture);
    return null;
  }
  return iso;
}

export function monthGrid(year: number, month: number): MonthGrid {
  const firstIso = jalaliToIso({ year, month, day: 1 });
  if (firstIso === null || month < 1 || month > 12 || year < 1300 || year > 1500) {
    throw invalid([fieldMessage('start_date', `${year}/${month}`, problem.dateFormat)]);
  }
  const first = msOfIso(firstIso);
  const days: MonthGrid['days'] = [];
  for (let ms = first; jalaliOfMs(ms).month === month; ms += DAY_MS) {
    days.push({ day: days.length + 1, iso: isoOfMs(ms) });
  }
  return {
    year,
    month,
    month_name: monthNames.format(new Date(first)),
    days_in_month: days.length,
    // getUTCDay counts from Sunday; the Persian week starts on Saturday.
    first_weekday: (new Date(first).getUTCDay() + 1) % 7,
    days,
    today: todayJalali(),
  };
}

// ---------------------------------------------------------------------------
// The registry in memory

interface Membership {
  id: number;
  personId: number;
  orgId: number;
  role: Role;
  start_date: string | null;
  end_date: string | null;
}

interface Registry {
  started: boolean;
  people: PersonView[];
  orgs: OrgView[];
  memberships: Membership[];
  /** Cooperatives that belong to unions. */
  unionMembers: Array<{ unionId: number; coopId: number }>;
  county: NamedItem[];
  orientation: NamedItem[];
  courses: CourseView[];
  providers: ProviderView[];
  campaigns: Campaign[];
  needs: NeedRow[];
  history: HistoryRow[];
  nominees: NomineeRow[];
  settings: Settings;
  quotas: QuotaRow[];
  caps: CapRow[];
  rounds: RoundRow[];
  referrals: ReferralRow[];
  roundHistory: StatusRow[];
  referralHistory: StatusRow[];
  /** Open-file dialogs shown so far (the stand-in's files take turns). */
  picks: number;
  /** Rows written by list imports, as `<kind>:<key>`. */
  importedRows: Set<string>;
  /** The mapping of a written import, by kind and headers. */
  importMappings: Map<string, ColumnMap[]>;
  /** The audit log, oldest first; it travels with the data into backups. */
  audit: AuditRecord[];
  nextId: number;
}

const COUNTIES = [
  'تهران', 'ری', 'شمیرانات', 'اسلامشهر', 'شهریار', 'رباط‌کریم', 'بهارستان', 'ملارد',
  'قدس', 'پاکدشت', 'ورامین', 'قرچک', 'پیشوا', 'دماوند', 'فیروزکوه', 'پردیس',
];

const ORIENTATIONS = [
  'کشاورزی', 'صنعتی', 'فرش دستباف', 'صنایع دستی', 'مصرف', 'مسکن', 'اعتبار',
  'حمل‌ونقل', 'خدمات فنی و مهندسی', 'گردشگری', 'فناوری اطلاعات', 'آموزشی',
];

// Training: the course catalogue, providers, campaigns and need lines.

interface Campaign {
  id: number;
  title: string;
  starts_on: string;
  ends_on: string;
  deadline: string | null;
  owner: string;
  status: 'open' | 'closed';
}

interface NeedRow {
  id: number;
  campaign_id: number;
  organization_id: number;
  target_role: TargetRole;
  course_id: number;
  requested: number;
  approved: number | null;
  source: NeedSource;
  need_level: number;
  target_year: number | null;
  target_month: number | null;
  notes: string | null;
  status: NeedStatus;
  position: number;
}

interface HistoryRow {
  needId: number;
  at: string;
  from: NeedStatus | null;
  to: NeedStatus;
  reason: string | null;
}

interface NomineeRow {
  id: number;
  needId: number;
  personId: number;
  status: 'open' | 'trained' | 'withdrawn';
}

// Referral rounds: the quota periods, the rounds, each person's referral,
// and the history of both lifecycles.

interface QuotaRow {
  id: number;
  title: string;
  starts_on: string;
  ends_on: string;
  unit: QuotaUnit;
  capacity: number;
  province_share: number;
  coop_share: number;
}

/** Seats of one course or one provider in a period. */
interface CapRow {
  periodId: number;
  courseId: number | null;
  providerId: number | null;
  seats: number;
}

interface RoundRow {
  id: number;
  number: number;
  year: number;
  month: number;
  title: string;
  capacity: number | null;
  letter_no: string | null;
  sent_on: string | null;
  status: RoundStatus;
}

interface ReferralRow {
  id: number;
  roundId: number;
  personId: number;
  orgId: number;
  courseId: number;
  needId: number | null;
  role: Role | null;
  status: ReferralStatus;
  score: number;
  parts: ScorePart[];
  rank: number;
  added_by: 'ranking' | 'hand';
  provider_id: number | null;
  class_starts_on: string | null;
  class_ends_on: string | null;
  certificate_no: string | null;
  certificate_on: string | null;
}

/** One move of a round or a referral; `ownerId` is the round's or the referral's. */
interface StatusRow {
  ownerId: number;
  at: string;
  from: string | null;
  to: string;
  reason: string;
}

/** The settings the core starts with (settings.rs). */
function defaultSettings(): Settings {
  return {
    office: 'اداره کل تعاون، کار و رفاه اجتماعی استان تهران',
    letterhead: 'وزارت تعاون، کار و رفاه اجتماعی',
    tvto_office: 'اداره کل آموزش فنی و حرفه‌ای استان تهران',
    tvto_email: '',
    signer_name: '',
    signer_title: 'معاون توسعه کارآفرینی و اشتغال',
    font: 'Tahoma',
    weights: {
      need_level: 10,
      self_applied: 20,
      never_trained: 15,
      per_month_waiting: 2,
      max_months: 12,
      small: 5,
      startup: 5,
      internet: 5,
      fairness: 8,
    },
    backup_dir: '',
    keep_daily: 14,
    keep_events: 10,
  };
}

/** The general topics the core pre-loads: title, what they suit, hours. */
const GENERAL_TOPICS: ReadonlyArray<[string, string, number]> = [
  ['قوانین و مقررات تعاون', 'general', 16],
  ['نحوه برگزاری مجامع عمومی', 'general', 8],
  ['صورت‌های مالی', 'general', 24],
  ['شیوه مشارکت اعضا', 'general', 8],
  ['بازاریابی دیجیتال و فروش برخط', 'digital', 32],
  ['مدیریت کسب‌وکار در سکوهای برخط', 'digital', 24],
  ['امنیت اطلاعات و پرداخت الکترونیکی', 'digital', 16],
];

type CourseValues = Omit<CourseView, 'id' | 'kind_label' | 'entry_education_label'>;

function blankCourse(): CourseValues {
  return {
    kind: 'standard',
    code: null,
    title: '',
    cluster: null,
    course_group: null,
    theory_hours: null,
    practice_hours: null,
    total_hours: null,
    entry_education: null,
    suits: '',
    active: true,
  };
}

function makeCourse(id: number, v: CourseValues): CourseView {
  return {
    id,
    ...v,
    kind_label: choices.courseKind[v.kind],
    entry_education_label: v.entry_education ? choices.education[v.entry_education] : null,
  };
}

function emptyRegistry(): Registry {
  let id = 1;
  const named = (names: string[]) => names.map((name) => ({ id: id++, name, active: true }));
  const county = named(COUNTIES);
  const orientation = named(ORIENTATIONS);
  const courses = GENERAL_TOPICS.map(([title, suits, hours]) =>
    makeCourse(id++, { ...blankCourse(), kind: 'general', title, theory_hours: hours, total_hours: hours, suits }),
  );
  return {
    started: false,
    people: [],
    orgs: [],
    memberships: [],
    unionMembers: [],
    county,
    orientation,
    courses,
    providers: [],
    campaigns: [],
    needs: [],
    history: [],
    nominees: [],
    settings: defaultSettings(),
    quotas: [],
    caps: [],
    rounds: [],
    referrals: [],
    roundHistory: [],
    referralHistory: [],
    picks: 0,
    importedRows: new Set(),
    importMappings: new Map(),
    audit: [],
    nextId: id,
  };
}

let db: Registry = emptyRegistry();

function nowStamp(): string {
  return new Date().toISOString();
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function personSortKey(a: PersonView, b: PersonView): number {
  return collator.compare(a.last_name, b.last_name) || collator.compare(a.first_name, b.first_name) || a.id - b.id;
}

function orgSort(a: OrgView, b: OrgView): number {
  return collator.compare(a.name, b.name) || a.id - b.id;
}

function paged<T>(rows: T[], page: PageRequest): Page<T> {
  const size = Math.min(Math.max(1, page.page_size), 500);
  const number = Math.max(1, page.page);
  return {
    items: copy(rows.slice((number - 1) * size, number * size)),
    total: rows.length,
    page: number,
    page_size: size,
  };
}

function matchesTerms(key: string, query: string): boolean {
  return fold(query)
    .split(' ')
    .filter((t) => t !== '')
    .every((t) => key.includes(t));
}

function makePerson(id: number, v: Omit<PersonView, 'id' | 'full_name' | 'gender_label' | 'birth_date_jalali' | 'education_label' | 'created_at' | 'updated_at'>, createdAt: string): PersonView {
  return {
    id,
    ...v,
    full_name: `${v.first_name} ${v.last_name}`,
    gender_label: v.gender ? choices.gender[v.gender] : null,
    birth_date_jalali: jalaliText(v.birth_date),
    education_label: v.education ? choices.education[v.education] : null,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

type OrgValues = Omit<OrgView, 'id' | 'kind_label' | 'field_label' | 'status_label' | 'founded_on_jalali' | 'created_at' | 'updated_at'>;

function makeOrg(id: number, v: OrgValues, createdAt: string): OrgView {
  return {
    id,
    ...v,
    kind_label: choices.kind[v.kind],
    field_label: choices.field[v.field],
    status_label: choices.status[v.status],
    founded_on_jalali: jalaliText(v.founded_on),
    created_at: createdAt,
    updated_at: createdAt,
  };
}

function membershipView(m: Membership): MembershipView {
  const person = db.people.find((p) => p.id === m.personId)!;
  const org = db.orgs.find((o) => o.id === m.orgId)!;
  return {
    id: m.id,
    national_code: person.national_code,
    person_name: person.full_name,
    organization_id: org.id,
    organization_name: org.name,
    organization_national_id: org.national_id,
    role: m.role,
    role_label: choices.role[m.role],
    start_date: m.start_date,
    start_date_jalali: jalaliText(m.start_date),
    end_date: m.end_date,
    end_date_jalali: jalaliText(m.end_date),
    active: m.end_date === null || m.end_date >= todayIso(),
  };
}

const ROLE_ORDER: Role[] = ['managing_director', 'board', 'inspector', 'staff', 'member'];

function orgRef(o: OrgView): OrgRef {
  return { id: o.id, name: o.name, national_id: o.national_id };
}

// ---------------------------------------------------------------------------
// Sample data: a few hand-written cooperatives and people, then generated
// ones from a seeded generator so every load gives the same registry.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MALE = ['علی', 'محمد', 'حسین', 'رضا', 'مهدی', 'امیر', 'حسن', 'مصطفی', 'سعید', 'مجید', 'جواد', 'حمید', 'ابوالفضل', 'محمدرضا', 'یوسف', 'بهروز', 'پرویز', 'داوود'];
const FEMALE = ['فاطمه', 'زهرا', 'مریم', 'معصومه', 'زینب', 'سمیه', 'لیلا', 'نرگس', 'پروانه', 'ژاله', 'گلناز', 'شیرین', 'مهسا', 'الهه', 'طاهره', 'چکامه'];
const LAST = ['محمدی', 'حسینی', 'احمدی', 'رضایی', 'کریمی', 'موسوی', 'جعفری', 'صادقی', 'رحیمی', 'قاسمی', 'کاظمی', 'پورمحمدی', 'چراغی', 'ژیانی', 'گودرزی', 'کاظم‌پور', 'بابایی', 'تهرانی', 'یزدانی', 'نوروزی', 'عباسی', 'زمانی', 'پاکزاد', 'جلالی'];
const EDUCATION = Object.keys(choices.education) as Array<keyof typeof choices.education>;
const ACTIVITIES: Record<'production' | 'distribution' | 'service', Array<[string, string]>> = {
  production: [
    ['فرش دستباف', 'فرش دستباف'], ['صنایع چوبی', 'صنعتی'], ['پوشاک بانوان', 'صنایع دستی'],
    ['لبنیات', 'کشاورزی'], ['مرغداران', 'کشاورزی'], ['زنبورداران', 'کشاورزی'],
    ['گلخانه‌داران', 'کشاورزی'], ['قطعه‌سازان', 'صنعتی'],
  ],
  distribution: [
    ['مصرف کارکنان', 'مصرف'], ['توزیع نهاده‌های کشاورزی', 'کشاورزی'], ['فروشگاه‌های زنجیره‌ای', 'مصرف'],
  ],
  service: [
    ['حمل‌ونقل', 'حمل‌ونقل'], ['خدمات فنی و مهندسی', 'خدمات فنی و مهندسی'], ['گردشگری', 'گردشگری'],
    ['آموزشی', 'آموزشی'], ['خدمات رایانه‌ای', 'فناوری اطلاعات'],
  ],
};
const DESCRIPTORS = ['همیاران', 'آینده‌سازان', 'پیشتازان', 'امید', 'سپیدار', 'مهرگان', 'البرز', 'سبلان', 'دنا', 'آفتاب', 'ستاره', 'فردا'];

/** Cooperatives whose names share «نوین» and start with letters that code-point order gets wrong. */
const HAND_WRITTEN: Array<Partial<OrgValues> & Pick<OrgValues, 'name' | 'field' | 'county'>> = [
  { name: 'تعاونی ژرف‌اندیشان نوین تهران', field: 'service', orientation: 'فناوری اطلاعات', county: 'تهران', is_startup: true, is_internet: true, activity: 'طراحی و پشتیبانی سامانه‌های فروش برخط برای تعاونی‌ها' },
  { name: 'تعاونی گلرنگ نوین اسلامشهر', field: 'production', orientation: 'صنایع دستی', county: 'اسلامشهر', is_small: true, activity: 'تولید پوشاک و رنگرزی سنتی' },
  { name: 'تعاونی بهسازان نوین ورامین', field: 'production', orientation: 'کشاورزی', county: 'ورامین', activity: 'تولید و بسته‌بندی محصولات کشاورزی' },
  { name: 'تعاونی تلاشگران نوین شهریار', field: 'production', orientation: 'صنعتی', county: 'شهریار', activity: 'ساخت قطعات فلزی' },
  { name: 'تعاونی پیشگامان نوین پاکدشت', field: 'service', orientation: 'خدمات فنی و مهندسی', county: 'پاکدشت', is_small: true, is_startup: true, activity: 'نگهداری تأسیسات ساختمان' },
  { name: 'تعاونی چکاد نوین فیروزکوه', field: 'service', orientation: 'گردشگری', county: 'فیروزکوه', is_small: true, activity: 'بوم‌گردی و راهنمایی گردشگران' },
  { name: 'تعاونی جهادگران نوین دماوند', field: 'distribution', orientation: 'کشاورزی', county: 'دماوند', activity: 'توزیع نهاده‌های کشاورزی' },
  { name: 'تعاونی زرین‌بافان نوین قرچک', field: 'production', orientation: 'فرش دستباف', county: 'قرچک', is_small: true, activity: 'بافت فرش دستباف' },
  { name: 'تعاونی کوشا نوین ری', field: 'distribution', orientation: 'مصرف', county: 'ری', activity: 'فروشگاه مصرف کارکنان' },
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function randomIso(random: () => number, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  return isoOfMs(from + Math.floor(random() * ((to - from) / DAY_MS)) * DAY_MS);
}

function validNationalCode(random: () => number, taken: Set<string>): string {
  for (;;) {
    const first9 = String(Math.floor(random() * 1e9)).padStart(9, '0');
    if (first9.slice(3, 9) === '000000') continue;
    const code = first9 + nationalCodeCheckDigit(first9);
    // 0499370899 is left free for a clerk to register by hand.
    if (!taken.has(code) && code !== '0499370899' && !/^(\d)\1{9}$/.test(code)) {
      taken.add(code);
      return code;
    }
  }
}

function validNationalId(random: () => number, taken: Set<string>): string {
  for (;;) {
    const first10 = `10${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    const id = first10 + nationalIdCheckDigit(first10);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function generate(config: DemoConfig, withRounds = true): Registry {
  const random = rng(config.seed);
  const reg = emptyRegistry();
  reg.started = true;
  const created = nowStamp();
  const ids = new Set<string>();
  const codes = new Set<string>(['0790419904']);
  const names = new Set<string>();

  const addOrg = (v: OrgValues) => {
    const org = makeOrg(reg.nextId++, v, created);
    reg.orgs.push(org);
    names.add(org.name);
    return org;
  };
  const baseOrg = (random: () => number): Omit<OrgValues, 'name' | 'field' | 'county' | 'kind'> => ({
    national_id: validNationalId(random, ids),
    registration_no: String(1000 + Math.floor(random() * 90000)),
    registry_office: 'اداره ثبت شرکت‌های تهران',
    orientation: null,
    activity: null,
    founded_on: randomIso(random, 1995, 2024),
    member_count: 7 + Math.floor(random() * 200),
    phone: `021${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    mobile: `0912${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
    email: null,
    address: null,
    postal_code: String(1000000000 + Math.floor(random() * 8999999999)),
    is_small: false,
    is_startup: false,
    is_internet: false,
    status: 'active',
  });

  const coops: OrgView[] = [];
  for (const h of HAND_WRITTEN) {
    coops.push(addOrg({ ...baseOrg(random), kind: 'cooperative', ...h, address: `${h.county}، خیابان اصلی` }));
  }
  const unions = [
    addOrg({ ...baseOrg(random), kind: 'union', name: 'اتحادیه تعاونی‌های فرش دستباف استان تهران', field: 'production', orientation: 'فرش دستباف', county: 'تهران', member_count: null }),
    addOrg({ ...baseOrg(random), kind: 'union', name: 'اتحادیه تعاونی‌های کشاورزی شهرستان ورامین', field: 'production', orientation: 'کشاورزی', county: 'ورامین', member_count: null }),
  ];
  reg.unionMembers.push({ unionId: unions[0].id, coopId: coops[7].id }, { unionId: unions[1].id, coopId: coops[2].id });

  const fields = Object.keys(ACTIVITIES) as Array<keyof typeof ACTIVITIES>;
  while (reg.orgs.length < config.coops) {
    const field = pick(random, fields);
    const [activity, orientation] = pick(random, ACTIVITIES[field]);
    const county = pick(random, COUNTIES);
    const name = `تعاونی ${activity} ${pick(random, DESCRIPTORS)} ${county}`;
    if (names.has(name)) continue;
    const roll = random();
    const org = addOrg({
      ...baseOrg(random),
      kind: 'cooperative',
      name,
      field,
      orientation,
      county,
      activity,
      is_small: roll < 0.4,
      is_startup: roll > 0.75,
      is_internet: roll > 0.9,
      status: roll < 0.05 ? 'dissolved' : roll < 0.12 ? 'inactive' : 'active',
    });
    coops.push(org);
    const union = unions.find((u) => u.orientation === orientation);
    if (union && random() < 0.5) reg.unionMembers.push({ unionId: union.id, coopId: org.id });
  }

  const handPeople: Array<[string, string, string, 'male' | 'female', string]> = [
    ['علی', 'احمدی', 'حسن', 'male', '0790419904'],
    ['زهرا', 'کریمی', 'محمد', 'female', ''],
    ['محمدرضا', 'پورمحمدی', 'علی', 'male', ''],
    ['مریم', 'چراغی', 'رضا', 'female', ''],
    ['حسین', 'گودرزی', 'جواد', 'male', ''],
  ];
  for (let i = 0; reg.people.length < config.people; i++) {
    const hand = handPeople[i];
    const gender = hand ? hand[3] : random() < 0.5 ? 'male' : 'female';
    const person = makePerson(
      reg.nextId++,
      {
        national_code: hand?.[4] || validNationalCode(random, codes),
        first_name: hand ? hand[0] : pick(random, gender === 'male' ? MALE : FEMALE),
        last_name: hand ? hand[1] : pick(random, LAST),
        father_name: hand ? hand[2] : pick(random, MALE),
        gender,
        birth_date: randomIso(random, 1960, 2004),
        education: pick(random, EDUCATION),
        mobile: `09${pick(random, ['12', '19', '35', '36', '01'])}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
      },
      created,
    );
    reg.people.push(person);
    const org = coops[i % coops.length];
    const seat = Math.floor(i / coops.length);
    const role: Role = seat === 0 ? 'managing_director' : seat <= 3 ? 'board' : seat === 4 ? 'inspector' : 'member';
    const start = randomIso(random, 2019, 2025);
    reg.memberships.push({ id: reg.nextId++, personId: person.id, orgId: org.id, role, start_date: start, end_date: null });
  }
  seedTraining(reg, coops);
  if (withRounds) seedRounds(reg, coops);
  return reg;
}

/** TVTO standards of the sample data: code, title, cluster, group, theory, practice, entry, suits. */
const STANDARDS: ReadonlyArray<[string, string, string, string, number, number, Education, string]> = [
  ['7-27/62/1/3', 'بافنده فرش دستباف', 'صنایع دستی', 'فرش', 100, 300, 'middle', 'production'],
  ['7-27/62/2/3', 'رنگرز الیاف فرش', 'صنایع دستی', 'فرش', 40, 120, 'middle', 'production'],
  ['4-41/21/1/4', 'حسابدار عمومی', 'مدیریت و بازرگانی', 'حسابداری', 150, 100, 'diploma', 'distribution service'],
  ['4-41/21/3/4', 'حسابدار مالیاتی', 'مدیریت و بازرگانی', 'حسابداری', 60, 40, 'diploma', 'distribution'],
  ['3-42/69/1/3', 'فروشنده حرفه‌ای فروشگاه', 'مدیریت و بازرگانی', 'بازرگانی', 70, 110, 'middle', 'distribution'],
  ['6-12/21/1/2', 'پرورش‌دهنده زنبور عسل', 'کشاورزی', 'دام و طیور', 80, 200, 'primary', 'production'],
  ['6-11/21/2/4', 'کاربر گلخانه', 'کشاورزی', 'باغبانی', 60, 150, 'middle', 'production'],
  ['8-33/55/1/1', 'راهنمای گردشگری طبیعت', 'گردشگری', 'بوم‌گردی', 120, 80, 'diploma', 'service'],
  ['3-25/13/1/4', 'طراح صفحات وب', 'فناوری اطلاعات', 'نرم‌افزار', 90, 180, 'diploma', 'service'],
  ['0-13/43/1/2', 'نگهداری تأسیسات ساختمان', 'ساختمان', 'تأسیسات', 70, 200, 'middle', 'service'],
  ['7-41/31/1/2', 'تولیدکننده لبنیات سنتی', 'صنایع غذایی', 'لبنیات', 50, 130, 'primary', 'production'],
];

/**
 * The training part of the sample data: the standards, two providers, the
 * autumn campaign and a few need lines in each status, on the hand-written
 * cooperatives (the first seven; زرین‌بافان and کوشا are left without).
 */
function seedTraining(reg: Registry, coops: OrgView[]): void {
  for (const [code, title, cluster, group, theory, practice, entry, suits] of STANDARDS) {
    reg.courses.push(
      makeCourse(reg.nextId++, {
        ...blankCourse(),
        code,
        title,
        cluster,
        course_group: group,
        theory_hours: theory,
        practice_hours: practice,
        total_hours: theory + practice,
        entry_education: entry,
        suits,
      }),
    );
  }
  reg.providers.push(
    makeProvider(reg.nextId++, { kind: 'public', name: 'مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران', county: 'تهران', licence_no: null, licence_expires: null }),
    makeProvider(reg.nextId++, { kind: 'private', name: 'آموزشگاه آزاد مهارت‌آموزان ورامین', county: 'ورامین', licence_no: '14025', licence_expires: '2026-09-22' }),
  );
  const campaign: Campaign = {
    id: reg.nextId++,
    title: 'نیازسنجی پاییز ۱۴۰۴',
    starts_on: '2025-09-23',
    ends_on: '2025-12-21',
    deadline: '2025-11-06',
    owner: 'واحد آموزش اداره کل',
    status: 'open',
  };
  reg.campaigns.push(campaign);

  const course = (title: string) => reg.courses.find((c) => c.title === title)!.id;
  const stamp = '2025-10-01T06:30:00.000Z';
  const lines: Array<[number, string, TargetRole, number, NeedSource, number, number | null, NeedStatus[], number | null, string | null]> = [
    [0, 'بازاریابی دیجیتال و فروش برخط', 'members', 6, 'assessment', 4, 9, [], null, null],
    [0, 'قوانین و مقررات تعاون', 'board', 3, 'assessment', 3, 10, ['submitted'], null, null],
    [1, 'رنگرز الیاف فرش', 'members', 8, 'self_applied', 5, 9, ['submitted'], null, null],
    [2, 'کاربر گلخانه', 'members', 10, 'assessment', 4, 10, ['submitted', 'approved'], 8, null],
    [3, 'حسابدار عمومی', 'managers', 2, 'self_applied', 2, null, ['rejected'], null, 'در همین سال این دوره را گذرانده‌اند'],
    [4, 'نگهداری تأسیسات ساختمان', 'members', 5, 'assessment', 3, 11, ['deferred'], null, 'مربی در این فصل در دسترس نیست'],
    [6, 'صورت‌های مالی', 'board', 4, 'assessment', 3, 9, [], null, null],
  ];
  for (const [coop, title, role, requested, source, level, month, steps, approved, reason] of lines) {
    const org = coops[coop];
    const row: NeedRow = {
      id: reg.nextId++,
      campaign_id: campaign.id,
      organization_id: org.id,
      target_role: role,
      course_id: course(title),
      requested,
      approved,
      source,
      need_level: level,
      target_year: month === null ? null : 1404,
      target_month: month,
      notes: null,
      status: steps.at(-1) ?? 'draft',
      position: reg.needs.filter((n) => n.organization_id === org.id).length + 1,
    };
    reg.needs.push(row);
    reg.history.push({ needId: row.id, at: stamp, from: null, to: 'draft', reason: 'ثبت نیاز' });
    let from: NeedStatus = 'draft';
    for (const to of steps) {
      reg.history.push({ needId: row.id, at: stamp, from, to, reason: reason ?? choices.needStatus[to] });
      from = to;
    }
  }
}


/**
 * The rounds part of the sample data: the quota of the second half of
 * 1404, a closed call whose approved lines have nominees (the pool of
 * candidates), and round 1 (Aban), sent. One nominee of the pool was sent
 * in round 1 for the same course and another still waits for a class
 * there, so the rules that keep candidates out have examples. The
 * hand-written cooperatives زرین‌بافان and کوشا are left without.
 */
function seedRounds(reg: Registry, coops: OrgView[]): void {
  const iso = (y: number, m: number, d: number) => jalaliToIso({ year: y, month: m, day: d })!;
  const period: QuotaRow = {
    id: reg.nextId++,
    title: 'سهمیه نیمه دوم ۱۴۰۴',
    starts_on: iso(1404, 7, 1),
    ends_on: iso(1404, 12, 29),
    unit: 'seats',
    capacity: 2000,
    province_share: 100,
    coop_share: 30,
  };
  reg.quotas.push(period);
  const course = (title: string) => reg.courses.find((c) => c.title === title)!.id;
  reg.caps.push({ periodId: period.id, courseId: course('حسابدار عمومی'), providerId: null, seats: 10 });

  const call: Campaign = {
    id: reg.nextId++,
    title: 'فراخوان آموزش تعاونی‌ها، مهر ۱۴۰۴',
    starts_on: iso(1404, 7, 1),
    ends_on: iso(1404, 7, 30),
    deadline: null,
    owner: 'واحد آموزش اداره کل',
    status: 'closed',
  };
  reg.campaigns.push(call);
  const approvedAt = `${iso(1404, 7, 6)}T07:00:00.000Z`;
  const inactive = coops.slice(HAND_WRITTEN.length).find((o) => o.status !== 'active');
  const lines: Array<[OrgView | undefined, string, number, NeedSource, number]> = [
    [coops[0], 'طراح صفحات وب', 5, 'self_applied', 3],
    [coops[1], 'بافنده فرش دستباف', 4, 'assessment', 3],
    [coops[3], 'حسابدار عمومی', 3, 'self_applied', 2],
    [coops[5], 'راهنمای گردشگری طبیعت', 4, 'assessment', 2],
    [coops[6], 'قوانین و مقررات تعاون', 2, 'assessment', 2],
    [inactive, 'صورت‌های مالی', 5, 'self_applied', 1],
  ];
  const pool: NomineeRow[][] = [];
  for (const [org, title, level, source, count] of lines) {
    if (!org) continue;
    const row: NeedRow = {
      id: reg.nextId++,
      campaign_id: call.id,
      organization_id: org.id,
      target_role: 'all',
      course_id: course(title),
      requested: count,
      approved: count,
      source,
      need_level: level,
      target_year: 1404,
      target_month: 9,
      notes: null,
      status: 'approved',
      position: reg.needs.filter((n) => n.organization_id === org.id).length + 1,
    };
    reg.needs.push(row);
    reg.history.push(
      { needId: row.id, at: approvedAt, from: null, to: 'draft', reason: 'ثبت نیاز' },
      { needId: row.id, at: approvedAt, from: 'draft', to: 'submitted', reason: choices.needStatus.submitted },
      { needId: row.id, at: approvedAt, from: 'submitted', to: 'approved', reason: 'صورت‌جلسه کارگروه مشترک' },
    );
    // Members are listed last; they are the ones named.
    const people = reg.memberships.filter((m) => m.orgId === org.id).map((m) => m.personId);
    const named = people.slice(-count).map((personId) => ({ id: reg.nextId++, needId: row.id, personId, status: 'open' as const }));
    reg.nominees.push(...named);
    pool.push(named);
  }

  const round: RoundRow = {
    id: reg.nextId++,
    number: 1,
    year: 1404,
    month: 8,
    title: `نوبت ۱ معرفی به آموزش فنی و حرفه‌ای، ${monthLabel(1404, 8)}`,
    capacity: 50,
    letter_no: '8125/220',
    sent_on: iso(1404, 8, 20),
    status: 'sent',
  };
  reg.rounds.push(round);
  const stamp = `${round.sent_on}T08:00:00.000Z`;
  reg.roundHistory.push(
    { ownerId: round.id, at: stamp, from: null, to: 'draft', reason: 'ساخت نوبت' },
    { ownerId: round.id, at: stamp, from: 'draft', to: 'locked', reason: choices.roundStatus.locked },
    { ownerId: round.id, at: stamp, from: 'locked', to: 'sent', reason: `ارسال با نامه ${round.letter_no}` },
  );
  const orgOf = (personId: number) => reg.memberships.find((m) => m.personId === personId)!.orgId;
  const lawCourse = course('قوانین و مقررات تعاون');
  const sent: Array<[number, number, ReferralStatus[], Partial<ReferralRow>]> = [
    // Enrolled for the course they are still nominated for.
    [pool[0][0].personId, course('طراح صفحات وب'), ['enrolled'], { provider_id: reg.providers[0].id, class_starts_on: iso(1404, 9, 1), class_ends_on: iso(1404, 10, 15) }],
    // Still waiting for a class of another course.
    [pool[2][0].personId, lawCourse, [], {}],
    // Trained and certified: a board member of جهادگران.
    [reg.memberships.find((m) => m.orgId === coops[6].id && m.role === 'board')!.personId, lawCourse, ['enrolled', 'attended_full', 'passed', 'certified'], { provider_id: reg.providers[1].id, class_starts_on: iso(1404, 8, 25), class_ends_on: iso(1404, 8, 28), certificate_no: '140412345', certificate_on: iso(1404, 9, 5) }],
  ];
  sent.forEach(([personId, courseId, steps, extra], i) => {
    const r: ReferralRow = {
      id: reg.nextId++,
      roundId: round.id,
      personId,
      orgId: orgOf(personId),
      courseId,
      needId: null,
      role: reg.memberships.find((m) => m.personId === personId)!.role,
      status: steps.at(-1) ?? 'sent',
      score: 0,
      parts: [],
      rank: i + 1,
      added_by: 'hand',
      provider_id: null,
      class_starts_on: null,
      class_ends_on: null,
      certificate_no: null,
      certificate_on: null,
      ...extra,
    };
    reg.referrals.push(r);
    reg.referralHistory.push(
      { ownerId: r.id, at: stamp, from: null, to: 'proposed', reason: 'افزودن دستی' },
      { ownerId: r.id, at: stamp, from: 'proposed', to: 'sent', reason: `ارسال با نامه ${round.letter_no}` },
    );
    let from: ReferralStatus = 'sent';
    for (const to of steps) {
      reg.referralHistory.push({ ownerId: r.id, at: stamp, from, to, reason: choices.referralStatus[to] });
      from = to;
    }
  });
}

// ---------------------------------------------------------------------------
// The calls, as api.ts names them

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function appInfo(): Promise<AppInfo> {
  return {
    name: 'Taavon Training Desk',
    version: '0.1.0',
    db_path: null,
    backups_dir: BACKUP_FOLDER,
    exports_dir: `${SHEET_FOLDER}/Taavon`,
  };
}

function currentCounts(reg: Registry = db): Counts {
  return {
    cooperatives: reg.orgs.filter((o) => o.kind === 'cooperative').length,
    unions: reg.orgs.filter((o) => o.kind === 'union').length,
    people: reg.people.length,
    memberships: reg.memberships.length,
  };
}

export async function startState(): Promise<StartState> {
  usable();
  const counts = currentCounts();
  const empty = counts.cooperatives === 0 && counts.unions === 0 && counts.people === 0;
  return { first_run: !db.started && empty, counts };
}

export async function startEmpty(): Promise<void> {
  db.started = true;
}

export async function loadDemo(config: DemoConfig, onProgress: (p: Progress) => void): Promise<DemoSummary> {
  const total = config.coops + config.people;
  const steps = 8;
  for (let step = 0; step <= steps; step++) {
    onProgress({ done: Math.round((total * step) / steps), total });
    if (step < steps) await sleep(120);
  }
  loadSample(generate(config), config);
  const counts = currentCounts();
  return { ...counts, union_memberships: db.unionMembers.length, need_lines: db.needs.length, nominees: db.nominees.length, rounds: 0, referrals: 0 };
}

export async function counts(): Promise<Counts> {
  usable();
  return currentCounts();
}

export async function searchPeople(query: string, page: PageRequest): Promise<Page<PersonView>> {
  const digits = digitQuery(query);
  let rows: PersonView[];
  if (digits !== null) {
    const mobile = digits.startsWith('98') && digits.length > 3 ? `0${digits.slice(2)}` : digits.startsWith('0') ? digits : `0${digits}`;
    rows = db.people.filter((p) => p.national_code.startsWith(digits) || (p.mobile ?? '').startsWith(mobile));
  } else {
    rows = db.people.filter((p) => matchesTerms(fold(p.full_name), query));
  }
  return paged([...rows].sort(personSortKey), page);
}

function findPerson(rawCode: string): PersonView {
  const code = codeDigits(rawCode);
  const person = db.people.find((p) => p.national_code === code);
  if (!person) throw notFound('شخص', 'کد ملی', code);
  return person;
}

function membershipsOfPerson(personId: number): MembershipView[] {
  return db.memberships
    .filter((m) => m.personId === personId)
    .map(membershipView)
    .sort((a, b) => collator.compare(a.organization_name, b.organization_name));
}

export async function personDetail(nationalCode: string): Promise<PersonDetail> {
  const person = findPerson(nationalCode);
  return copy({ ...person, memberships: membershipsOfPerson(person.id) });
}

function validatePerson(input: PersonInput) {
  const check = new Check();
  const national_code = parseNationalCode(input.national_code, check);
  const first_name = requiredName('first_name', input.first_name, check);
  const last_name = requiredName('last_name', input.last_name, check);
  const father_name = optionalText(input.father_name);
  const gender = choice('gender', 'gender', input.gender, check);
  const birth_date = parseDate('birth_date', input.birth_date, check, true);
  const education = choice('education', 'education', input.education, check);
  const mobile = parseMobile(input.mobile, check);
  check.finish();
  return { national_code: national_code!, first_name, last_name, father_name, gender, birth_date, education, mobile };
}

export async function addPerson(input: PersonInput): Promise<PersonView> {
  const v = validatePerson(input);
  const existing = db.people.find((p) => p.national_code === v.national_code);
  if (existing) throw duplicate('شخص', 'کد ملی', v.national_code, existing.full_name);
  const person = makePerson(db.nextId++, v, nowStamp());
  db.people.push(person);
  return copy(person);
}

export async function updatePerson(nationalCode: string, input: PersonInput): Promise<PersonView> {
  const current = findPerson(nationalCode);
  const v = validatePerson(input);
  const other = db.people.find((p) => p.national_code === v.national_code && p.id !== current.id);
  if (other) throw duplicate('شخص', 'کد ملی', v.national_code, other.full_name);
  const updated = { ...makePerson(current.id, v, current.created_at), updated_at: nowStamp() };
  db.people[db.people.indexOf(current)] = updated;
  return copy(updated);
}

export async function searchOrgs(filter: OrgFilter, page: PageRequest): Promise<Page<OrgView>> {
  const digits = digitQuery(filter.text);
  const county = filter.county && filter.county.trim() !== '' ? fold(filter.county) : null;
  const rows = db.orgs.filter(
    (o) =>
      (digits !== null
        ? (o.national_id ?? '').startsWith(digits) || o.registration_no === digits
        : matchesTerms(fold(o.name), filter.text)) &&
      (filter.kind === null || o.kind === filter.kind) &&
      (filter.field === null || o.field === filter.field) &&
      (filter.status === null || o.status === filter.status) &&
      (county === null || fold(o.county ?? '') === county) &&
      (filter.is_small === null || o.is_small === filter.is_small) &&
      (filter.is_startup === null || o.is_startup === filter.is_startup) &&
      (filter.is_internet === null || o.is_internet === filter.is_internet),
  );
  return paged([...rows].sort(orgSort), page);
}

function findOrg(id: number): OrgView {
  const org = db.orgs.find((o) => o.id === id);
  if (!org) throw notFound('تعاونی یا اتحادیه', 'شناسه', String(id));
  return org;
}

export async function orgDetail(id: number): Promise<OrgDetail> {
  const org = findOrg(id);
  const people = db.memberships
    .filter((m) => m.orgId === id)
    .map(membershipView)
    .sort(
      (a, b) =>
        ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || collator.compare(a.person_name, b.person_name),
    );
  const refs = (ids: number[]) => ids.map(findOrg).sort(orgSort).map(orgRef);
  return copy({
    ...org,
    people,
    unions: refs(db.unionMembers.filter((u) => u.coopId === id).map((u) => u.unionId)),
    member_cooperatives: refs(db.unionMembers.filter((u) => u.unionId === id).map((u) => u.coopId)),
  });
}

function namedValue(list: NamedList, field: FieldKey, raw: string | null, check: Check): string | null {
  const value = optionalText(raw);
  if (value === null) return null;
  const item = db[list].find((n) => fold(n.name) === fold(value));
  if (!item) {
    check.add(field, raw ?? '', problem.unknown);
    return null;
  }
  return item.name;
}

function validateOrg(input: OrgInput): OrgValues {
  const check = new Check();
  const kind = choice('kind', 'kind', input.kind, check) ?? 'cooperative';
  const name = requiredName('name', input.name, check);
  const national_id = parseNationalId(input.national_id, check);
  const field = choice('field', 'field', input.field, check);
  if (input.field.trim() === '') check.add('field', '', problem.required);
  const orientation = namedValue('orientation', 'orientation', input.orientation, check);
  const county = namedValue('county', 'county', input.county, check);
  const founded_on = parseDate('founded_on', input.founded_on, check, true);
  const member_count = parseDigitsText('member_count', input.member_count, check);
  const mobile = parseMobile(input.mobile, check);
  const status = choice('status', 'status', input.status, check) ?? 'active';
  check.finish();
  const digits = (raw: string | null) => (raw === null || raw.trim() === '' ? null : codeDigits(raw));
  return {
    kind,
    name,
    national_id,
    registration_no: digits(input.registration_no),
    registry_office: optionalText(input.registry_office),
    field: field!,
    orientation,
    activity: optionalText(input.activity),
    county,
    founded_on,
    member_count: member_count === null ? null : Number(member_count),
    phone: digits(input.phone),
    mobile,
    email: optionalText(input.email),
    address: optionalText(input.address),
    postal_code: digits(input.postal_code),
    is_small: input.is_small,
    is_startup: input.is_startup,
    is_internet: input.is_internet,
    status,
  };
}

function assertUniqueOrg(v: OrgValues, exceptId: number | null): void {
  if (v.national_id === null) return;
  const other = db.orgs.find((o) => o.national_id === v.national_id && o.id !== exceptId);
  if (other) throw duplicate('تعاونی یا اتحادیه', 'شناسه ملی', v.national_id, other.name);
}

export async function addOrg(input: OrgInput): Promise<OrgView> {
  const v = validateOrg(input);
  assertUniqueOrg(v, null);
  const org = makeOrg(db.nextId++, v, nowStamp());
  db.orgs.push(org);
  return copy(org);
}

export async function updateOrg(id: number, input: OrgInput): Promise<OrgView> {
  const current = findOrg(id);
  const v = validateOrg(input);
  assertUniqueOrg(v, id);
  const updated = { ...makeOrg(id, v, current.created_at), updated_at: nowStamp() };
  db.orgs[db.orgs.indexOf(current)] = updated;
  return copy(updated);
}

export async function addMembership(input: MembershipInput): Promise<MembershipView> {
  const check = new Check();
  const code = parseNationalCode(input.national_code, check);
  const role = choice('role', 'role', input.role, check);
  if (input.role.trim() === '') check.add('role', '', problem.required);
  const start_date = parseDate('start_date', input.start_date, check);
  const end_date = parseDate('end_date', input.end_date, check);
  if (start_date && end_date && end_date < start_date) check.add('end_date', input.end_date ?? '', problem.endBeforeStart);
  check.finish();
  const person = findPerson(code!);
  if (input.organization_id === null) throw notFound('تعاونی یا اتحادیه', 'شناسه ملی', input.coop_national_id);
  const org = findOrg(input.organization_id);
  const open = db.memberships.find(
    (m) => m.personId === person.id && m.orgId === org.id && m.role === role && (m.end_date === null || m.end_date >= (start_date ?? todayIso())),
  );
  if (open) {
    throw {
      code: 'refused',
      message: `این شخص (کد ملی ${person.national_code}) هم‌اکنون با نقش «${choices.role[role!]}» در «${org.name}» ثبت شده است؛ عضویت تکراری ساخته نشد.`,
      fields: [],
    } satisfies ErrorBody;
  }
  const membership: Membership = { id: db.nextId++, personId: person.id, orgId: org.id, role: role!, start_date, end_date };
  db.memberships.push(membership);
  return copy(membershipView(membership));
}

const LIST_ENTITY: Record<NamedList, string> = { county: 'شهرستان', orientation: 'گرایش' };

export async function listNamed(list: NamedList): Promise<NamedItem[]> {
  return copy([...db[list]].sort((a, b) => collator.compare(a.name, b.name)));
}

function checkNamedName(list: NamedList, raw: string, exceptId: number | null): string {
  const name = clean(raw);
  if (name === '') throw invalid([fieldMessage('name', raw, problem.required)]);
  const other = db[list].find((n) => fold(n.name) === fold(name) && n.id !== exceptId);
  if (other) throw duplicate(LIST_ENTITY[list], 'نام', name, other.name);
  return name;
}

export async function addNamed(list: NamedList, name: string): Promise<NamedItem> {
  const item = { id: db.nextId++, name: checkNamedName(list, name, null), active: true };
  db[list].push(item);
  return copy(item);
}

export async function updateNamed(list: NamedList, id: number, name: string, active: boolean): Promise<NamedItem> {
  const item = db[list].find((n) => n.id === id);
  if (!item) throw notFound(LIST_ENTITY[list], 'شناسه', String(id));
  const oldName = item.name;
  item.name = checkNamedName(list, name, id);
  item.active = active;
  // Records name their county and orientation; a rename follows through.
  const column = list === 'county' ? 'county' : 'orientation';
  for (const org of db.orgs) if (org[column] === oldName) org[column] = item.name;
  return copy(item);
}

export async function jalaliMonth(year: number | null, month: number | null): Promise<MonthGrid> {
  const today = todayJalali();
  return monthGrid(year ?? today.year, month ?? today.month);
}

// ---------------------------------------------------------------------------
// Courses and providers

const COURSE_KINDS: readonly CourseKind[] = ['standard', 'general'];

function parseHours(field: FieldKey, raw: string | null, check: Check): number | null {
  if (raw === null || raw.trim() === '') return null;
  const d = codeDigits(raw);
  if (!/^\d+$/.test(d)) {
    check.add(field, raw, problem.notANumber);
    return null;
  }
  const hours = Number(d);
  if (hours > 5000) {
    check.add(field, raw, problem.outOfRange(0, 5000));
    return null;
  }
  return hours;
}

function parseEducation(raw: string | null, check: Check): Education | null {
  if (raw === null || raw.trim() === '') return null;
  const labels: Record<string, string> = choices.education;
  const key = Object.keys(labels).find((k) => k === raw.trim() || fold(labels[k]) === fold(raw));
  if (key) return key as Education;
  check.add('entry_education', raw, problem.notOneOf(Object.values(labels)));
  return null;
}

function validateCourse(input: CourseInput): CourseValues {
  const check = new Check();
  let kind: CourseKind = 'standard';
  const rawKind = (input.kind ?? '').trim();
  if (rawKind !== '') {
    if ((COURSE_KINDS as readonly string[]).includes(rawKind)) kind = rawKind as CourseKind;
    else check.add('course_kind', rawKind, problem.notOneOf(Object.values(choices.courseKind)));
  }
  const code = input.code === null ? null : toLatinDigits(clean(input.code)) || null;
  if (kind === 'standard' && code === null) check.add('code', '', problem.required);
  const title = clean(input.title);
  if (title === '') check.add('title', input.title, problem.required, 'عنوان دوره');
  const theory_hours = parseHours('theory_hours', input.theory_hours, check);
  const practice_hours = parseHours('practice_hours', input.practice_hours, check);
  let total_hours = parseHours('total_hours', input.total_hours, check);
  if (total_hours === null && (theory_hours !== null || practice_hours !== null)) {
    total_hours = (theory_hours ?? 0) + (practice_hours ?? 0);
  }
  const entry_education = parseEducation(input.entry_education, check);
  check.finish();
  return {
    kind,
    code,
    title,
    cluster: optionalText(input.cluster),
    course_group: optionalText(input.course_group),
    theory_hours,
    practice_hours,
    total_hours,
    entry_education,
    suits: (input.suits ?? '').split(/\s+/).map(fold).filter((w) => w !== '').join(' '),
    active: input.active,
  };
}

function courseSort(a: CourseView, b: CourseView): number {
  // Standards first (the core orders by kind descending), then by title.
  return (a.kind === b.kind ? 0 : a.kind === 'standard' ? -1 : 1) || collator.compare(a.title, b.title) || a.id - b.id;
}

function findCourse(id: number): CourseView {
  const course = db.courses.find((c) => c.id === id);
  if (!course) throw notFound('دوره آموزشی', 'شناسه', String(id));
  return course;
}

function assertUniqueCode(v: CourseValues, exceptId: number | null): void {
  if (v.code === null) return;
  const other = db.courses.find((c) => c.code === v.code && c.id !== exceptId);
  if (other) throw duplicate('دوره آموزشی', 'کد استاندارد', v.code, other.title);
}

export async function searchCourses(filter: CourseFilter): Promise<CourseView[]> {
  const code = toLatinDigits(filter.text.trim());
  const cluster = filter.cluster && filter.cluster.trim() !== '' ? clean(filter.cluster) : null;
  const rows = db.courses.filter(
    (c) =>
      (fold(filter.text) === '' || matchesTerms(fold(c.title), filter.text) || (c.code ?? '').startsWith(code)) &&
      (filter.kind === null || c.kind === filter.kind) &&
      (cluster === null || c.cluster === cluster) &&
      (filter.active === null || c.active === filter.active),
  );
  return copy([...rows].sort(courseSort));
}

export async function addCourse(input: CourseInput): Promise<CourseView> {
  const v = validateCourse(input);
  assertUniqueCode(v, null);
  const course = makeCourse(db.nextId++, v);
  db.courses.push(course);
  return copy(course);
}

export async function updateCourse(id: number, input: CourseInput): Promise<CourseView> {
  const current = findCourse(id);
  const v = validateCourse(input);
  assertUniqueCode(v, id);
  const updated = makeCourse(id, v);
  db.courses[db.courses.indexOf(current)] = updated;
  return copy(updated);
}

// Standards sheets the stand-in's open-file dialog offers, in turn: first
// one with a mistake (words for hours), then the corrected one.
const SHEET_FOLDER = '/home/clerk/Documents';
const SHEET_HEADINGS: Array<[keyof CourseInput, FieldKey]> = [
  ['code', 'code'],
  ['title', 'title'],
  ['cluster', 'cluster'],
  ['course_group', 'course_group'],
  ['theory_hours', 'theory_hours'],
  ['practice_hours', 'practice_hours'],
  ['total_hours', 'total_hours'],
  ['entry_education', 'entry_education'],
];

function sheetRows(corrected: boolean): CourseInput[] {
  const row = (code: string, title: string, cluster: string, group: string, theory: string, practice: string, entry: string): CourseInput => ({
    kind: null,
    code,
    title,
    cluster,
    course_group: group,
    theory_hours: theory,
    practice_hours: practice,
    total_hours: null,
    entry_education: entry,
    suits: null,
    active: true,
  });
  return [
    row('7-27/62/1/3', 'بافنده فرش دستباف', 'صنایع دستی', 'فرش', '100', '320', 'سیکل'),
    row('4-41/21/1/4', 'حسابدار عمومی', 'مدیریت و بازرگانی', 'حسابداری', '150', '100', 'دیپلم'),
    row('7-27/62/3/3', 'ترمیم‌کار فرش دستباف', 'صنایع دستی', 'فرش', '60', '180', 'سیکل'),
    row('3-42/69/2/3', 'صندوقدار فروشگاه', 'مدیریت و بازرگانی', 'بازرگانی', corrected ? '۳۰' : 'سی', '50', 'سیکل'),
    row('8-33/55/2/2', 'مدیر اقامتگاه بوم‌گردی', 'گردشگری', 'بوم‌گردی', '80', '60', 'دیپلم'),
  ];
}

const SHEETS: Record<string, CourseInput[]> = {
  [`${SHEET_FOLDER}/standards-1404.xlsx`]: sheetRows(false),
  [`${SHEET_FOLDER}/standards-1404-corrected.xlsx`]: sheetRows(true),
};

/**
 * The tests name the file the dialog answers with, as the desktop's tests
 * do with the TAAVON_PICK_FILE variable; without it the standards sheets
 * take turns.
 */
export const PICK_FILE_KEY = 'TAAVON_PICK_FILE';

export async function pickImportFile(): Promise<string | null> {
  const named = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(PICK_FILE_KEY);
  if (named) return named;
  const paths = Object.keys(SHEETS);
  return paths[db.picks++ % paths.length];
}

function sameCourse(a: CourseValues, b: CourseView): boolean {
  return (Object.keys(a) as Array<keyof CourseValues>).every((k) => a[k] === b[k]);
}

export async function importCourses(path: string, dryRun: boolean): Promise<ImportReport> {
  const rowsOf = SHEETS[path];
  if (!rowsOf) {
    throw { code: 'io', message: `خواندن یا نوشتن پرونده ناموفق بود: پرونده «${path}» پیدا نشد.`, fields: [] } satisfies ErrorBody;
  }
  const problems: RowProblem[] = [];
  const counts = { added: 0, updated: 0, unchanged: 0 };
  const writes: Array<{ values: CourseValues; existing: CourseView | null }> = [];
  rowsOf.forEach((input, i) => {
    try {
      const values = validateCourse(input);
      const existing = db.courses.find((c) => c.code !== null && c.code === values.code) ?? null;
      // A sheet never changes a course's kind or what it suits.
      if (existing) Object.assign(values, { suits: existing.suits, active: existing.active });
      if (!existing) counts.added++;
      else if (sameCourse(values, existing)) counts.unchanged++;
      else counts.updated++;
      writes.push({ values, existing });
    } catch (error) {
      if (!isRejection(error)) throw error;
      for (const f of error.fields) {
        const heading = SHEET_HEADINGS.find(([, key]) => key === f.field)?.[1] ?? 'title';
        const rejection: RowProblem = {
          row: i + 2,
          column: heading === 'title' ? 'عنوان دوره' : fieldLabels[heading],
          value: f.value,
          message: f.message,
        };
        problems.push(rejection);
      }
    }
  });
  const file = path.split('/').at(-1)!;
  const rejected = new Set(problems.map((r) => r.row)).size;
  const report = {
    file,
    sheet: 'Sheet1',
    header_row: 1,
    ignored_columns: [],
    rows: rowsOf.length,
    ...counts,
    rejected,
    problems,
    written: !dryRun && rejected === 0,
  } satisfies ImportReport;
  if (dryRun) return report;
  if (rejected > 0) {
    const n = (v: number) => toPersianDigits(String(v));
    const lines = problems.map((r) => `\nردیف ${n(r.row)}: ${r.message}`).join('');
    throw {
      code: 'import_rejected',
      message: `${n(rejected)} ردیف از ${n(rowsOf.length)} ردیف پرونده «${file}» پذیرفته نشد، پس هیچ ردیفی ذخیره نشد. این ردیف‌ها را در پرونده درست کنید و دوباره وارد کنید:${lines}`,
      fields: [],
    } satisfies ErrorBody;
  }
  for (const { values, existing } of writes) {
    if (!existing) db.courses.push(makeCourse(db.nextId++, values));
    else db.courses[db.courses.indexOf(existing)] = makeCourse(existing.id, values);
  }
  return report;
}

function isRejection(error: unknown): error is ErrorBody {
  return typeof error === 'object' && error !== null && Array.isArray((error as ErrorBody).fields);
}

const PROVIDER_KINDS: readonly ProviderKind[] = ['public', 'private'];

function makeProvider(
  id: number,
  v: { kind: ProviderKind; name: string; county: string | null; licence_no: string | null; licence_expires: string | null },
): ProviderView {
  return {
    id,
    ...v,
    kind_label: choices.providerKind[v.kind],
    licence_expires_jalali: jalaliText(v.licence_expires),
    active: true,
  };
}

export async function listProviders(): Promise<ProviderView[]> {
  return copy([...db.providers].sort((a, b) => collator.compare(a.name, b.name)));
}

export async function addProvider(input: ProviderInput): Promise<ProviderView> {
  const check = new Check();
  const rawKind = input.kind.trim();
  const labels: Record<string, string> = choices.providerKind;
  const kind = PROVIDER_KINDS.find((k) => k === rawKind || fold(labels[k]) === fold(rawKind)) ?? null;
  if (kind === null) check.add('provider_kind', input.kind, problem.notOneOf(Object.values(labels)));
  const name = requiredName('name', input.name, check);
  const licence_expires = parseDate('end_date', input.licence_expires, check);
  const county = namedValue('county', 'county', input.county, check);
  check.finish();
  const other = db.providers.find((p) => fold(p.name) === fold(name));
  if (other) throw duplicate('آموزشگاه', 'نام', name, other.name);
  const provider = makeProvider(db.nextId++, {
    kind: kind!,
    name,
    county,
    licence_no: optionalText(input.licence_no),
    licence_expires,
  });
  db.providers.push(provider);
  return copy(provider);
}

// ---------------------------------------------------------------------------
// Campaigns and need lines

function campaignView(c: Campaign): CampaignView {
  return {
    ...c,
    starts_on_jalali: jalaliText(c.starts_on)!,
    ends_on_jalali: jalaliText(c.ends_on)!,
    deadline_jalali: jalaliText(c.deadline),
    lines: db.needs.filter((n) => n.campaign_id === c.id).length,
  };
}

function findCampaign(id: number): Campaign {
  const campaign = db.campaigns.find((c) => c.id === id);
  if (!campaign) throw notFound('دوره نیازسنجی', 'شناسه', String(id));
  return campaign;
}

export async function listCampaigns(): Promise<CampaignView[]> {
  const newestFirst = [...db.campaigns].sort((a, b) => b.starts_on.localeCompare(a.starts_on) || b.id - a.id);
  return copy(newestFirst.map(campaignView));
}

export async function addCampaign(input: CampaignInput): Promise<CampaignView> {
  const check = new Check();
  const title = requiredName('title', input.title, check);
  const owner = requiredName('owner', input.owner, check);
  if (input.starts_on.trim() === '') check.add('start_date', '', problem.required);
  const starts_on = parseDate('start_date', input.starts_on, check);
  if (input.ends_on.trim() === '') check.add('end_date', '', problem.required);
  const ends_on = parseDate('end_date', input.ends_on, check);
  if (starts_on && ends_on && ends_on < starts_on) check.add('end_date', input.ends_on, problem.endBeforeStart);
  const deadline = parseDate('deadline', input.deadline, check);
  check.finish();
  const campaign: Campaign = { id: db.nextId++, title, starts_on: starts_on!, ends_on: ends_on!, deadline, owner, status: 'open' };
  db.campaigns.push(campaign);
  return copy(campaignView(campaign));
}

const MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];

function needView(n: NeedRow): NeedView {
  const campaign = findCampaign(n.campaign_id);
  const org = findOrg(n.organization_id);
  const course = findCourse(n.course_id);
  const named = db.nominees.filter((m) => m.needId === n.id);
  return {
    id: n.id,
    campaign_id: n.campaign_id,
    campaign_title: campaign.title,
    organization_id: org.id,
    organization_name: org.name,
    organization_national_id: org.national_id,
    target_role: n.target_role,
    target_role_label: choices.targetRole[n.target_role],
    course_id: course.id,
    course_title: course.title,
    course_code: course.code,
    requested: n.requested,
    approved: n.approved,
    source: n.source,
    source_label: choices.needSource[n.source],
    need_level: n.need_level,
    target_year: n.target_year,
    target_month: n.target_month,
    target_label:
      n.target_year !== null && n.target_month !== null
        ? `${MONTHS[n.target_month - 1]} ${toPersianDigits(String(n.target_year))}`
        : null,
    notes: n.notes,
    status: n.status,
    status_label: choices.needStatus[n.status],
    position: n.position,
    nominees: named.filter((m) => m.status !== 'withdrawn').length,
    trained: named.filter((m) => m.status === 'trained').length,
  };
}

function findNeed(id: number): NeedRow {
  const need = db.needs.find((n) => n.id === id);
  if (!need) throw notFound('ردیف نیاز', 'شماره', String(id));
  return need;
}

function smallNumber(field: FieldKey, raw: string, min: number, max: number, check: Check): number | null {
  const d = codeDigits(raw);
  if (d === '' || !/^\d+$/.test(d)) {
    check.add(field, raw, problem.notANumber);
    return null;
  }
  const n = Number(d);
  if (n < min || n > max) {
    check.add(field, raw, problem.outOfRange(min, max));
    return null;
  }
  return n;
}

function parseMonth(raw: string | null, check: Check, field: FieldKey = 'target_month'): [number, number] | null {
  if (raw === null || raw.trim() === '') return null;
  const parts = toLatinDigits(raw)
    .split(/[/\-. ]/)
    .filter((p) => p !== '');
  if (parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p))) {
    check.add(field, raw, problem.dateFormat);
    return null;
  }
  const [year, month] = parts.map(Number);
  if (year < 1300 || year > 1500) {
    check.add(field, raw, problem.yearOutOfRange);
    return null;
  }
  if (month < 1 || month > 12) {
    check.add(field, raw, problem.monthOutOfRange);
    return null;
  }
  return [year, month];
}

export async function addNeed(input: NeedInput): Promise<NeedView> {
  const check = new Check();
  const target_role = choice('targetRole', 'target_role', input.target_role, check);
  if (input.target_role.trim() === '') check.add('target_role', '', problem.notOneOf(Object.values(choices.targetRole)));
  const requested = smallNumber('requested', input.requested, 1, 10_000, check);
  const source = choice('needSource', 'source', input.source, check);
  if (input.source.trim() === '') check.add('source', '', problem.notOneOf(Object.values(choices.needSource)));
  const need_level = smallNumber('need_level', input.need_level, 1, 5, check);
  const target = parseMonth(input.target_month, check);
  const notes = optionalText(input.notes);
  check.finish();
  findCampaign(input.campaign_id);
  const org = findOrg(input.organization_id);
  const course = findCourse(input.course_id);
  const existing = db.needs.find(
    (n) =>
      n.campaign_id === input.campaign_id &&
      n.organization_id === org.id &&
      n.target_role === target_role &&
      n.course_id === course.id,
  );
  if (existing) {
    throw {
      code: 'refused',
      message: `نیاز «${course.title}» برای «${org.name}» در گروه «${choices.targetRole[target_role!]}» پیش‌تر در همین نیازسنجی ثبت شده است (ردیف ${toPersianDigits(String(existing.id))}).`,
      fields: [],
    } satisfies ErrorBody;
  }
  const positions = db.needs.filter((n) => n.organization_id === org.id).map((n) => n.position);
  const row: NeedRow = {
    id: db.nextId++,
    campaign_id: input.campaign_id,
    organization_id: org.id,
    target_role: target_role!,
    course_id: course.id,
    requested: requested!,
    approved: null,
    source: source!,
    need_level: need_level!,
    target_year: target?.[0] ?? null,
    target_month: target?.[1] ?? null,
    notes,
    status: 'draft',
    position: Math.max(0, ...positions) + 1,
  };
  db.needs.push(row);
  db.history.push({ needId: row.id, at: nowStamp(), from: null, to: 'draft', reason: 'ثبت نیاز' });
  return copy(needView(row));
}

const NEXT: Record<NeedStatus, NeedStatus[]> = {
  draft: ['submitted', 'deferred', 'rejected'],
  submitted: ['approved', 'draft', 'deferred', 'rejected'],
  approved: ['planned', 'deferred'],
  planned: ['fulfilled', 'approved', 'deferred'],
  deferred: ['submitted'],
  fulfilled: [],
  rejected: [],
};

function refused(message: string): ErrorBody {
  return { code: 'refused', message, fields: [] };
}

function moveNeed(id: number, to: NeedStatus, rawReason: string, approved: number | null): NeedView {
  const need = findNeed(id);
  const view = needView(need);
  const allowed = NEXT[need.status];
  if (!allowed.includes(to)) {
    const hint =
      allowed.length === 0
        ? 'این وضعیت پایانی است'
        : `از این وضعیت فقط به ${allowed.map((s) => choices.needStatus[s]).join('، ')} می‌توان رفت`;
    throw refused(
      `ردیف ${toPersianDigits(String(id))} («${view.course_title}» برای «${view.organization_name}») در وضعیت «${view.status_label}» است و نمی‌توان آن را «${choices.needStatus[to]}» کرد؛ ${hint}.`,
    );
  }
  const reason = clean(rawReason);
  if ((to === 'rejected' || to === 'deferred') && reason === '') {
    throw invalid([fieldMessage('reason', '', problem.required)]);
  }
  if (to === 'approved') {
    const count = approved ?? need.approved ?? need.requested;
    if (count === 0 || count > need.requested) {
      throw invalid([fieldMessage('approved', String(count), problem.outOfRange(1, need.requested))]);
    }
    if (count < view.nominees) {
      throw refused(
        `برای این ردیف ${toPersianDigits(String(view.nominees))} نفر معرفی شده‌اند؛ تعداد مصوب نمی‌تواند کمتر از آن باشد.`,
      );
    }
    need.approved = count;
  }
  db.history.push({ needId: id, at: nowStamp(), from: need.status, to, reason: reason === '' ? choices.needStatus[to] : reason });
  need.status = to;
  return needView(need);
}

/** Runs `work` on the need lines and rounds as one transaction: all of it or nothing. */
function atomically<T>(work: () => T): T {
  const saved = copy({
    needs: db.needs,
    history: db.history,
    nominees: db.nominees,
    rounds: db.rounds,
    referrals: db.referrals,
    roundHistory: db.roundHistory,
    referralHistory: db.referralHistory,
  });
  try {
    return work();
  } catch (error) {
    Object.assign(db, saved);
    throw error;
  }
}

export async function setNeedStatus(id: number, to: NeedStatus, reason: string, approved: number | null): Promise<NeedView> {
  return copy(atomically(() => moveNeed(id, to, reason, approved)));
}

export async function approveNeeds(ids: number[], reason: string): Promise<NeedView[]> {
  return copy(
    atomically(() =>
      ids.map((id) => {
        if (findNeed(id).status === 'draft') moveNeed(id, 'submitted', reason, null);
        return moveNeed(id, 'approved', reason, null);
      }),
    ),
  );
}

export async function needHistory(id: number): Promise<HistoryEntry[]> {
  findNeed(id);
  return copy(
    db.history
      .filter((h) => h.needId === id)
      .map((h) => ({ at: h.at, from_status: h.from, to_status: h.to, to_label: choices.needStatus[h.to], reason: h.reason })),
  );
}

export async function listNeeds(filter: NeedFilter): Promise<NeedView[]> {
  const rows = db.needs
    .filter(
      (n) =>
        (filter.campaign_id === null || n.campaign_id === filter.campaign_id) &&
        (filter.organization_id === null || n.organization_id === filter.organization_id) &&
        (filter.course_id === null || n.course_id === filter.course_id) &&
        (filter.status === null || n.status === filter.status) &&
        (filter.source === null || n.source === filter.source),
    )
    .map(needView)
    .filter((v) => {
      const org = fold(v.organization_name);
      const course = fold(v.course_title);
      return fold(filter.text)
        .split(' ')
        .filter((t) => t !== '')
        .every((t) => org.includes(t) || course.includes(t));
    });
  rows.sort(
    (a, b) =>
      b.need_level - a.need_level ||
      collator.compare(a.organization_name, b.organization_name) ||
      collator.compare(a.course_title, b.course_title),
  );
  return copy(rows);
}

// ---------------------------------------------------------------------------
// Nominees

function fits(role: Role, target: TargetRole): boolean {
  switch (target) {
    case 'all':
      return true;
    case 'members':
      return role === 'member' || role === 'staff';
    case 'board':
      return role === 'board';
    case 'managers':
      return role === 'managing_director' || role === 'board' || role === 'inspector';
  }
}

function nomineeView(m: NomineeRow): NomineeView {
  const person = db.people.find((p) => p.id === m.personId)!;
  return { need_line_id: m.needId, national_code: person.national_code, full_name: person.full_name, status: m.status };
}

export async function listNominees(needId: number): Promise<NomineeView[]> {
  findNeed(needId);
  const rows = db.nominees.filter((m) => m.needId === needId);
  const person = (m: NomineeRow) => db.people.find((p) => p.id === m.personId)!;
  rows.sort((a, b) => personSortKey(person(a), person(b)));
  return copy(rows.map(nomineeView));
}

export async function addNominee(needId: number, nationalCode: string): Promise<NomineeView> {
  const need = findNeed(needId);
  const view = needView(need);
  if (need.status !== 'approved' && need.status !== 'planned') {
    throw refused(`ردیف ${toPersianDigits(String(needId))} در وضعیت «${view.status_label}» است؛ معرفی نفرات پس از تصویب ممکن است.`);
  }
  const check = new Check();
  const code = parseNationalCode(nationalCode, check);
  check.finish();
  const person = findPerson(code!);
  const today = todayIso();
  const roles = db.memberships
    .filter((m) => m.personId === person.id && m.orgId === need.organization_id && (m.end_date === null || m.end_date >= today))
    .map((m) => m.role);
  if (!roles.some((r) => fits(r, need.target_role))) {
    throw refused(
      `${person.full_name} (کد ملی ${person.national_code}) در «${view.organization_name}» نقشی از گروه «${view.target_role_label}» ندارد.`,
    );
  }
  const approved = need.approved ?? 0;
  if (view.nominees >= approved) {
    throw refused(`برای این ردیف ${toPersianDigits(String(approved))} نفر مصوب است و همه معرفی شده‌اند.`);
  }
  const other = db.nominees.find((m) => {
    if (m.personId !== person.id || m.status !== 'open') return false;
    const line = findNeed(m.needId);
    return line.course_id === need.course_id && line.status !== 'fulfilled' && line.status !== 'rejected';
  });
  if (other) {
    const line = findNeed(other.needId);
    throw refused(
      `${person.full_name} پیش‌تر برای دوره «${view.course_title}» معرفی شده است (ردیف ${toPersianDigits(String(line.id))} در «${findOrg(line.organization_id).name}») و آن معرفی هنوز باز است.`,
    );
  }
  const existing = db.nominees.find((m) => m.needId === needId && m.personId === person.id);
  if (existing) existing.status = 'open';
  else db.nominees.push({ id: db.nextId++, needId, personId: person.id, status: 'open' });
  return copy(nomineeView(existing ?? db.nominees.at(-1)!));
}

export async function withdrawNominee(needId: number, nationalCode: string): Promise<void> {
  const person = findPerson(nationalCode);
  const row = db.nominees.find((m) => m.needId === needId && m.personId === person.id && m.status === 'open');
  if (!row) throw notFound('معرفی‌شده', 'کد ملی', person.national_code);
  row.status = 'withdrawn';
}

// ---------------------------------------------------------------------------
// Suggestions and roadmap

const STOP_WORDS = new Set(
  ['فعالیت', 'زمینه', 'در', 'و', 'به', 'از', 'با', 'برای', 'تعاونی', 'انجام', 'کلیه', 'امور', 'ارائه', 'خدمات', 'تولید', 'توزیع', 'فروش', 'خرید', 'تامین', 'تأمین', 'عرضه', 'محصولات'].map(fold),
);

function wordsOf(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

export async function suggestCourses(organizationId: number): Promise<Suggestion[]> {
  const org = findOrg(organizationId);
  const taken = new Set(db.needs.filter((n) => n.organization_id === org.id && n.status !== 'rejected').map((n) => n.course_id));
  const activity = new Set(wordsOf(org.activity ?? '').filter((w) => [...w].length >= 3 && !STOP_WORDS.has(w)));
  const ranked: Array<[number, Suggestion]> = [];
  for (const course of [...db.courses].filter((c) => c.active).sort(courseSort)) {
    if (taken.has(course.id)) continue;
    const suits = course.suits.split(' ');
    const shared: string[] = [];
    for (const w of wordsOf(course.title)) if (activity.has(w) && !shared.includes(w)) shared.push(w);
    let entry: [number, string] | null = null;
    if (shared.length > 0) entry = [0, `با موضوع فعالیت در اساسنامه هم‌خوان است: «${shared.join('، ')}»`];
    else if (suits.includes(org.field)) entry = [1, `برای تعاونی‌های ${org.field_label} مناسب است`];
    else if (org.is_internet && suits.includes('digital')) entry = [2, 'تعاونی اینترنتی است: آموزش کسب‌وکار و فروش برخط'];
    else if (suits.includes('general')) entry = [3, 'موضوع عمومی همه تعاونی‌ها که این تعاونی هنوز نگذرانده است'];
    if (entry) ranked.push([entry[0], { course, reason: entry[1] }]);
  }
  ranked.sort((a, b) => a[0] - b[0]);
  return copy(ranked.slice(0, 30).map(([, s]) => s));
}

function roadmapOrder(a: NeedRow, b: NeedRow): number {
  if ((a.target_year === null) !== (b.target_year === null)) return a.target_year === null ? 1 : -1;
  return (
    (a.target_year ?? 0) - (b.target_year ?? 0) ||
    (a.target_month ?? 0) - (b.target_month ?? 0) ||
    a.position - b.position ||
    a.id - b.id
  );
}

export async function roadmap(organizationId: number): Promise<Roadmap> {
  const org = findOrg(organizationId);
  const lines = db.needs
    .filter((n) => n.organization_id === org.id && n.status !== 'rejected')
    .sort(roadmapOrder)
    .map(needView);
  return copy({
    organization_id: org.id,
    organization_name: org.name,
    organization_national_id: org.national_id,
    county: org.county,
    field_label: org.field_label,
    lines,
    requested: lines.reduce((sum, l) => sum + l.requested, 0),
    approved: lines.reduce((sum, l) => sum + (l.approved ?? 0), 0),
    trained: lines.reduce((sum, l) => sum + l.trained, 0),
  });
}

export async function reorderRoadmap(organizationId: number, ids: number[]): Promise<void> {
  const rows = ids.map((id) => db.needs.find((n) => n.id === id && n.organization_id === organizationId));
  const missing = rows.findIndex((r) => r === undefined);
  if (missing >= 0) throw notFound('ردیف نیاز', 'شماره', String(ids[missing]));
  rows.forEach((r, i) => (r!.position = i + 1));
}

export async function exportRoadmap(organizationId: number): Promise<ExportedFile> {
  const org = findOrg(organizationId);
  const today = todayJalali();
  const stamp = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
  return { path: `${SHEET_FOLDER}/Taavon/exports/roadmap-${org.national_id ?? `id${org.id}`}-${stamp}.xlsx`, busy: null };
}

export async function showInFolder(path: string): Promise<void> {
  void path;
}

// ---------------------------------------------------------------------------
// Settings

function isEmail(e: string): boolean {
  const at = e.indexOf('@');
  const user = e.slice(0, at);
  const host = e.slice(at + 1);
  return at > 0 && e.indexOf('@', at + 1) < 0 && e.length <= 200 && !/\s/.test(e) && host.includes('.') && !host.startsWith('.') && !host.endsWith('.') && user !== '';
}

export async function getSettings(): Promise<Settings> {
  return copy(db.settings);
}

export async function saveSettings(input: Settings): Promise<Settings> {
  const check = new Check();
  const office = clean(input.office);
  if (office === '') check.add('office', '', problem.required);
  const letterhead = input.letterhead
    .split('\n')
    .map(clean)
    .filter((l) => l !== '')
    .join('\n');
  const email = toLatinDigits(input.tvto_email.trim()).toLowerCase();
  if (email !== '' && !isEmail(email)) check.add('tvto_email', input.tvto_email, problem.badEmail);
  const texts: Array<[FieldKey, string, number]> = [
    ['office', office, 200],
    ['letterhead', letterhead, 500],
    ['tvto_office', clean(input.tvto_office), 200],
    ['signer_name', clean(input.signer_name), 100],
    ['signer_title', clean(input.signer_title), 100],
    ['font', clean(input.font), 31],
  ];
  for (const [field, text, max] of texts) if ([...text].length > max) check.add(field, text, problem.tooLong(max));
  for (const value of Object.values(input.weights)) {
    if (!Number.isInteger(value) || value < 0 || value > 1000) check.add('weight', String(value), problem.outOfRange(0, 1000));
  }
  const backupDir = input.backup_dir.trim();
  if (backupDir !== '' && !isAbsolutePath(backupDir)) check.add('backup_dir', input.backup_dir, problem.notAbsolutePath);
  for (const [field, value, max] of [['keep_daily', input.keep_daily, 365], ['keep_events', input.keep_events, 100]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) check.add(field, String(value), problem.outOfRange(1, max));
  }
  check.finish();
  db.settings = {
    office,
    letterhead,
    tvto_office: clean(input.tvto_office),
    tvto_email: email,
    signer_name: clean(input.signer_name),
    signer_title: clean(input.signer_title),
    font: clean(input.font) || 'Tahoma',
    weights: { ...input.weights },
    backup_dir: backupDir,
    keep_daily: input.keep_daily,
    keep_events: input.keep_events,
  };
  return copy(db.settings);
}

// ---------------------------------------------------------------------------
// Quota

const fa = (n: number) => toPersianDigits(String(n));
const pad2 = (n: number) => String(n).padStart(2, '0');

function monthLabel(year: number, month: number): string {
  return `${MONTHS[month - 1]} ${fa(year)}`;
}

/** Year × 100 + month, to compare round months. */
const ym = (year: number, month: number) => year * 100 + month;

/** capacity × province share × cooperatives' share, rounded down (to a thousandth first, as the core). */
function quotaOf(q: QuotaRow): number {
  return Math.floor(Math.round(((q.capacity * q.province_share) / 100) * (q.coop_share / 100) * 1000) / 1000);
}

/** The round months inside a period: a month belongs to the period its first day falls in. */
function periodMonths(q: QuotaRow): { first: number; last: number; lastMonth: [number, number] } {
  const s = isoToJalali(q.starts_on);
  const first = s.day === 1 ? ym(s.year, s.month) : s.month === 12 ? ym(s.year + 1, 1) : ym(s.year, s.month + 1);
  const e = isoToJalali(q.ends_on);
  return { first, last: ym(e.year, e.month), lastMonth: [e.year, e.month] };
}

function roundOf(r: ReferralRow): RoundRow {
  return db.rounds.find((d) => d.id === r.roundId)!;
}

/** Used (sent and not refused) and reserved (proposed) in a period, optionally for some referrals only. */
function usage(q: QuotaRow, only: (r: ReferralRow) => boolean = () => true, seatsOnly = false): [number, number] {
  const { first, last } = periodMonths(q);
  let used = 0;
  let reserved = 0;
  for (const r of db.referrals) {
    const d = roundOf(r);
    const month = ym(d.year, d.month);
    if (!holdsSeat(r.status) || month < first || month > last || !only(r)) continue;
    const cost = q.unit === 'seats' || seatsOnly ? 1 : (findCourse(r.courseId).total_hours ?? 0);
    if (r.status === 'proposed') reserved += cost;
    else used += cost;
  }
  return [used, reserved];
}

function quotaView(q: QuotaRow): QuotaView {
  const quota = quotaOf(q);
  const [used, reserved] = usage(q);
  const remaining = quota - used - reserved;
  const percent = quota > 0 ? Math.floor(((used + reserved) * 100) / quota) : 100;
  const unitLabel = choices.quotaUnit[q.unit];
  const warning =
    remaining < 0
      ? `سهمیه این دوره ${fa(-remaining)} ${unitLabel} بیش از اندازه پر شده است.`
      : percent >= WARN_PERCENT
        ? `${fa(percent)}٪ سهمیه این دوره پر شده و ${fa(remaining)} ${unitLabel} مانده است.`
        : null;
  const caps = db.caps
    .filter((c) => c.periodId === q.id)
    .map((c) => {
      const kind = c.courseId !== null ? 'course' : 'provider';
      const name = c.courseId !== null ? findCourse(c.courseId).title : db.providers.find((p) => p.id === c.providerId)!.name;
      const [u, r] = usage(q, (x) => (c.courseId !== null ? x.courseId === c.courseId : x.provider_id === c.providerId), true);
      return { kind, target_id: (c.courseId ?? c.providerId)!, name, seats: c.seats, used: u, reserved: r, remaining: c.seats - u - r };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || collator.compare(a.name, b.name));
  return {
    id: q.id,
    title: q.title,
    starts_on: q.starts_on,
    starts_on_jalali: jalaliText(q.starts_on)!,
    ends_on: q.ends_on,
    ends_on_jalali: jalaliText(q.ends_on)!,
    unit: q.unit,
    unit_label: unitLabel,
    capacity: q.capacity,
    province_share: q.province_share,
    coop_share: q.coop_share,
    quota,
    used,
    reserved,
    remaining,
    percent,
    warning,
    caps,
  };
}

function findQuota(id: number): QuotaRow {
  const q = db.quotas.find((x) => x.id === id);
  if (!q) throw notFound('دوره سهمیه', 'شناسه', String(id));
  return q;
}

function periodFor(year: number, month: number): QuotaRow | undefined {
  const first = jalaliToIso({ year, month, day: 1 });
  return first === null ? undefined : db.quotas.find((q) => q.starts_on <= first && q.ends_on >= first);
}

export async function listQuota(): Promise<QuotaView[]> {
  return copy([...db.quotas].sort((a, b) => b.starts_on.localeCompare(a.starts_on)).map(quotaView));
}

/** A percentage in (0, 100], typed in any digits, `30`, `30.5` or `۳۰٪`. */
function percent(field: FieldKey, raw: string | null, fallback: number, check: Check): number | null {
  if (raw === null || raw.trim() === '') return fallback;
  const text = toLatinDigits(raw).replace(/[%٪ ]/g, '').replace(/[٫/]/g, '.');
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) {
    check.add(field, raw, problem.notANumber);
    return null;
  }
  if (!(value > 0 && value <= 100)) {
    check.add(field, raw, problem.outOfRange(1, 100));
    return null;
  }
  return value;
}

export async function setQuota(input: QuotaInput): Promise<QuotaView> {
  const check = new Check();
  if (input.starts_on.trim() === '') check.add('start_date', '', problem.dateFormat);
  const starts_on = parseDate('start_date', input.starts_on, check);
  if (input.ends_on.trim() === '') check.add('end_date', '', problem.dateFormat);
  const ends_on = parseDate('end_date', input.ends_on, check);
  if (starts_on && ends_on && ends_on < starts_on) check.add('end_date', input.ends_on, problem.endBeforeStart);
  const units: Record<string, string> = choices.quotaUnit;
  const rawUnit = input.unit.trim();
  const unit = (rawUnit === '' ? 'seats' : Object.keys(units).find((k) => k === rawUnit || fold(units[k]) === fold(rawUnit))) as QuotaUnit | undefined;
  if (!unit) check.add('unit', input.unit, problem.notOneOf(Object.values(units)));
  const capacity = smallNumber('capacity', input.capacity, 1, 100_000_000, check);
  const province_share = percent('province_share', input.province_share, 100, check);
  const coop_share = percent('coop_share', input.coop_share, 30, check);
  check.finish();
  const same = db.quotas.find((q) => q.starts_on === starts_on);
  const overlap = db.quotas.find((q) => q !== same && q.starts_on <= ends_on! && q.ends_on >= starts_on!);
  if (overlap) throw refused(`این بازه با دوره سهمیه «${overlap.title}» هم‌پوشانی دارد؛ هر ماه باید فقط در یک دوره باشد.`);
  const title = clean(input.title) || `سهمیه ${toPersianDigits(jalaliText(starts_on)!)} تا ${toPersianDigits(jalaliText(ends_on)!)}`;
  const values = { title, starts_on: starts_on!, ends_on: ends_on!, unit: unit!, capacity: capacity!, province_share: province_share!, coop_share: coop_share! };
  const row = same ? Object.assign(same, values) : { id: db.nextId++, ...values };
  if (!same) db.quotas.push(row);
  return copy(quotaView(row));
}

export async function setQuotaCap(periodId: number, courseId: number | null, providerId: number | null, seats: string | null): Promise<QuotaView> {
  const q = findQuota(periodId);
  if ((courseId === null) === (providerId === null)) {
    throw refused('ظرفیت را یا برای یک دوره آموزشی یا برای یک آموزشگاه ثبت کنید.');
  }
  let value: number | null = null;
  if (seats !== null && seats.trim() !== '') {
    const check = new Check();
    value = smallNumber('seats', seats, 0, 10_000_000, check);
    check.finish();
  }
  db.caps = db.caps.filter((c) => !(c.periodId === periodId && c.courseId === courseId && c.providerId === providerId));
  if (value !== null) db.caps.push({ periodId, courseId, providerId, seats: value });
  return copy(quotaView(q));
}

// ---------------------------------------------------------------------------
// Rounds

function findRound(id: number): RoundRow {
  const round = db.rounds.find((r) => r.id === id);
  if (!round) throw notFound('نوبت معرفی', 'شناسه', String(id));
  return round;
}

function seated(roundId: number): ReferralRow[] {
  return db.referrals.filter((r) => r.roundId === roundId && holdsSeat(r.status));
}

function roundView(d: RoundRow): RoundView {
  const held = seated(d.id);
  const q = periodFor(d.year, d.month);
  return {
    id: d.id,
    number: d.number,
    year: d.year,
    month: d.month,
    month_text: `${d.year}/${pad2(d.month)}`,
    month_label: monthLabel(d.year, d.month),
    title: d.title,
    capacity: d.capacity,
    letter_no: d.letter_no,
    sent_on: d.sent_on,
    sent_on_jalali: jalaliText(d.sent_on),
    status: d.status,
    status_label: choices.roundStatus[d.status],
    people: held.length,
    cooperatives: new Set(held.map((r) => r.orgId)).size,
    courses: new Set(held.map((r) => r.courseId)).size,
    certified: db.referrals.filter((r) => r.roundId === d.id && r.status === 'certified').length,
    file_name: `round-${pad2(d.number)}-${d.year}-${pad2(d.month)}.xlsx`,
    quota: q ? quotaView(q) : null,
  };
}

export async function listRounds(): Promise<RoundView[]> {
  return copy([...db.rounds].sort((a, b) => b.number - a.number).map(roundView));
}

export async function getRound(id: number): Promise<RoundView> {
  return copy(roundView(findRound(id)));
}

function noPeriod(year: number, month: number): ErrorBody {
  return refused(
    `برای ${monthLabel(year, month)} دوره سهمیه‌ای ثبت نشده است؛ نخست ظرفیت آموزش فنی و حرفه‌ای و سهم تعاونی‌ها را در بخش «سهمیه» ثبت کنید.`,
  );
}

function recordRound(id: number, from: RoundStatus | null, to: RoundStatus, reason: string): void {
  db.roundHistory.push({ ownerId: id, at: nowStamp(), from, to, reason });
}

function recordReferral(id: number, from: ReferralStatus | null, to: ReferralStatus, reason: string): void {
  db.referralHistory.push({ ownerId: id, at: nowStamp(), from, to, reason });
}

/** This month's fair share of what is left of a period's quota, in seats. */
function monthlyShare(q: QuotaRow, year: number, month: number): number {
  const [used, reserved] = usage(q);
  const left = Math.max(0, quotaOf(q) - used - reserved);
  const [ly, lm] = periodMonths(q).lastMonth;
  const monthsLeft = Math.max(1, ly * 12 + lm - (year * 12 + month) + 1);
  const hours = db.courses.filter((c) => c.active && (c.total_hours ?? 0) > 0).map((c) => c.total_hours!).sort((a, b) => a - b);
  const seats = q.unit === 'seats' ? left : Math.floor(left / Math.max(1, hours[Math.floor(hours.length / 2)] ?? 1));
  return Math.ceil(seats / monthsLeft);
}

export async function newRound(input: RoundInput): Promise<RoundView> {
  const check = new Check();
  if (input.month.trim() === '') check.add('month', '', problem.dateFormat);
  const month = parseMonth(input.month, check, 'month');
  const capacity =
    input.capacity === null || input.capacity.trim() === '' ? null : smallNumber('capacity', input.capacity, 1, 1_000_000, check);
  check.finish();
  const [year, m] = month!;
  const q = periodFor(year, m);
  if (!q) throw noPeriod(year, m);
  const number = Math.max(0, ...db.rounds.map((r) => r.number)) + 1;
  const round: RoundRow = {
    id: db.nextId++,
    number,
    year,
    month: m,
    title: optionalText(input.title) ?? `نوبت ${fa(number)} معرفی به آموزش فنی و حرفه‌ای، ${monthLabel(year, m)}`,
    capacity: capacity ?? monthlyShare(q, year, m),
    letter_no: null,
    sent_on: null,
    status: 'draft',
  };
  db.rounds.push(round);
  recordRound(round.id, null, 'draft', 'ساخت نوبت');
  return copy(roundView(round));
}

function requireStatus(d: RoundRow, allowed: RoundStatus[], doing: string): void {
  if (allowed.includes(d.status)) return;
  throw refused(
    `نوبت ${fa(d.number)} «${choices.roundStatus[d.status]}» است؛ ${doing} فقط در وضعیت ${allowed.map((s) => `«${choices.roundStatus[s]}»`).join(' یا ')} ممکن است.`,
  );
}

// Candidates: the open nominees of approved or planned lines, with the
// core's score parts and rules (rounds.rs), simply computed.

interface PoolRow {
  c: Candidate;
  person: PersonView;
  countyId: number | null;
  search: string;
  hours: number;
  approvedAt: string;
  base: number;
  baseParts: ScorePart[];
}

const ATTENDED: readonly ReferralStatus[] = ['attended_full', 'attended_partial', 'passed', 'failed', 'certified'];
const WAITING: readonly ReferralStatus[] = ['proposed', 'sent', 'waitlisted'];

function seniorRole(personId: number, orgId: number): Role | null {
  const held = db.memberships.filter((m) => m.personId === personId && m.orgId === orgId).map((m) => m.role);
  return ROLE_ORDER.find((r) => held.includes(r)) ?? null;
}

function baseParts(need: NeedRow, org: OrgView, neverTrained: boolean, monthsWaiting: number): ScorePart[] {
  const w = db.settings.weights;
  const parts: ScorePart[] = [{ key: 'need_level', label: `نیاز سطح ${fa(need.need_level)}`, points: need.need_level * w.need_level }];
  const add = (on: boolean, key: string, label: string, points: number) => {
    if (on && points !== 0) parts.push({ key, label, points });
  };
  add(need.source === 'self_applied', 'self_applied', 'متقاضی', w.self_applied);
  add(neverTrained, 'never_trained', 'بدون آموزش پیشین', w.never_trained);
  const months = Math.min(Math.max(0, monthsWaiting), w.max_months);
  add(months > 0, 'waiting', `${fa(Math.max(0, monthsWaiting))} ماه انتظار`, months * w.per_month_waiting);
  add(org.is_small, 'small', 'تعاونی کوچک', w.small);
  add(org.is_startup, 'startup', 'تعاونی نوپا', w.startup);
  add(org.is_internet, 'internet', 'تعاونی اینترنتی', w.internet);
  return parts;
}

function fairnessPart(already: number): ScorePart | null {
  const w = db.settings.weights.fairness;
  return already > 0 && w > 0 ? { key: 'fairness', label: `${fa(already)} نفر دیگر از همین تعاونی در نوبت`, points: -already * w } : null;
}

function loadPool(round: RoundRow): PoolRow[] {
  const roundStart = msOfIso(jalaliToIso({ year: round.year, month: round.month, day: 1 }) ?? todayIso());
  const trained = new Set([
    ...db.referrals.filter((r) => ATTENDED.includes(r.status)).map((r) => r.personId),
    ...db.nominees.filter((m) => m.status === 'trained').map((m) => m.personId),
  ]);
  const sent = new Map<string, number>();
  const waiting = new Map<number, number>();
  const here = new Map<number, number>();
  const hereCourse = new Set<string>();
  for (const r of db.referrals) {
    if (!holdsSeat(r.status)) continue;
    const d = roundOf(r);
    if (d.id === round.id) {
      here.set(r.personId, r.courseId);
      hereCourse.add(`${r.personId}:${r.courseId}`);
      continue;
    }
    if (!sent.has(`${r.personId}:${r.courseId}`)) sent.set(`${r.personId}:${r.courseId}`, d.number);
    if (WAITING.includes(r.status) && d.status !== 'reconciled' && !waiting.has(r.personId)) waiting.set(r.personId, d.number);
  }
  const rows: PoolRow[] = [];
  for (const m of db.nominees) {
    if (m.status !== 'open') continue;
    const need = findNeed(m.needId);
    if (need.status !== 'approved' && need.status !== 'planned') continue;
    if (hereCourse.has(`${m.personId}:${need.course_id}`)) continue;
    const person = db.people.find((p) => p.id === m.personId)!;
    const org = findOrg(need.organization_id);
    const course = findCourse(need.course_id);
    const approvedAt = [...db.history].reverse().find((h) => h.needId === need.id && h.to === 'approved')?.at ?? nowStamp();
    const monthsWaiting = Math.max(0, Math.floor((roundStart - msOfIso(approvedAt.slice(0, 10))) / DAY_MS / 30));
    const parts = baseParts(need, org, !trained.has(person.id), monthsWaiting);
    const number = sent.get(`${person.id}:${course.id}`) ?? null;
    const other = here.get(person.id);
    const blocked =
      org.status !== 'active'
        ? `تعاونی «${org.name}» ${org.status_label} است.`
        : number !== null
          ? `پیش‌تر در نوبت ${fa(number)} برای همین دوره معرفی شده است.`
          : waiting.has(person.id)
            ? `در نوبت ${fa(waiting.get(person.id)!)} معرفی شده و هنوز منتظر کلاس است.`
            : other !== undefined
              ? `در همین نوبت برای دوره «${findCourse(other).title}» آمده است.`
              : null;
    const role = seniorRole(person.id, org.id);
    const base = parts.reduce((sum, p) => sum + p.points, 0);
    rows.push({
      c: {
        nominee_id: m.id,
        need_line_id: need.id,
        person_id: person.id,
        national_code: person.national_code,
        full_name: person.full_name,
        organization_id: org.id,
        organization_name: org.name,
        county: org.county,
        course_id: course.id,
        course_title: course.title,
        course_code: course.code,
        role,
        role_label: role ? choices.role[role] : null,
        score: base,
        parts: [],
        explanation: '',
        blocked,
      },
      person,
      countyId: db.county.find((c) => c.name === org.county)?.id ?? null,
      search: [fold(person.full_name), fold(org.name), fold(course.title), person.national_code, person.mobile ?? ''].join(' '),
      hours: course.total_hours ?? 0,
      approvedAt,
      base,
      baseParts: parts,
    });
  }
  return rows;
}

/** Best first: score, then the longest-waiting need, then Persian name order, then the nominee. */
function rankOrder(a: PoolRow, aScore: number, b: PoolRow, bScore: number): number {
  return bScore - aScore || a.approvedAt.localeCompare(b.approvedAt) || personSortKey(a.person, b.person) || a.c.nominee_id - b.c.nominee_id;
}

function perCooperative(roundId: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of seated(roundId)) counts.set(r.orgId, (counts.get(r.orgId) ?? 0) + 1);
  return counts;
}

function withFairness(row: PoolRow, already: number): Candidate {
  const parts = [...row.baseParts];
  const fair = fairnessPart(already);
  if (fair) parts.push(fair);
  return { ...row.c, parts, score: parts.reduce((sum, p) => sum + p.points, 0), explanation: explainScore(parts) };
}

export async function roundCandidates(roundId: number, filter: CandidateFilter): Promise<CandidateList> {
  const round = findRound(roundId);
  const counts = perCooperative(roundId);
  const digits = digitQuery(filter.text);
  let eligible = 0;
  let blocked = 0;
  const scored: Array<[number, PoolRow]> = [];
  for (const row of loadPool(round)) {
    if ((filter.course_id !== null && filter.course_id !== row.c.course_id) || (filter.county_id !== null && filter.county_id !== row.countyId)) continue;
    const matches = digits !== null && digits.length >= 3 ? row.search.includes(digits) : matchesTerms(row.search, filter.text);
    if (!matches) continue;
    if (row.c.blocked !== null) {
      blocked++;
      if (!filter.with_blocked) continue;
    } else {
      eligible++;
    }
    const fair = fairnessPart(counts.get(row.c.organization_id) ?? 0);
    scored.push([row.base + (fair?.points ?? 0), row]);
  }
  scored.sort(([sa, a], [sb, b]) => Number(a.c.blocked !== null) - Number(b.c.blocked !== null) || rankOrder(a, sa, b, sb));
  const items = scored.slice(0, filter.limit || 200).map(([, row]) => withFairness(row, counts.get(row.c.organization_id) ?? 0));
  return copy({ eligible, blocked, items });
}

/** What is left for a round: its own capacity, the period's quota and each course's seats. */
interface Room {
  unit: QuotaUnit;
  roundLeft: number | null;
  quotaLeft: number;
  courseLeft: Map<number, number>;
}

function roomOf(round: RoundRow): Room {
  const q = periodFor(round.year, round.month);
  if (!q) throw noPeriod(round.year, round.month);
  const [used, reserved] = usage(q);
  const courseLeft = new Map<number, number>();
  for (const c of db.caps.filter((x) => x.periodId === q.id && x.courseId !== null)) {
    const [u, r] = usage(q, (x) => x.courseId === c.courseId, true);
    courseLeft.set(c.courseId!, c.seats - u - r);
  }
  return {
    unit: q.unit,
    roundLeft: round.capacity === null ? null : round.capacity - seated(round.id).length,
    quotaLeft: quotaOf(q) - used - reserved,
    courseLeft,
  };
}

function refuseRoom(room: Room, courseId: number, hours: number): string | null {
  if (room.roundLeft !== null && room.roundLeft < 1) return 'ظرفیت این نوبت پر است.';
  const cost = room.unit === 'seats' ? 1 : hours;
  if (room.quotaLeft < cost) {
    return `سهمیه تعاونی‌ها در این دوره کافی نیست (${fa(Math.max(0, room.quotaLeft))} ${choices.quotaUnit[room.unit]} مانده است).`;
  }
  if ((room.courseLeft.get(courseId) ?? 1) < 1) return `ظرفیت دوره «${findCourse(courseId).title}» در این دوره سهمیه پر است.`;
  return null;
}

function takeRoom(room: Room, courseId: number, hours: number): void {
  if (room.roundLeft !== null) room.roundLeft--;
  room.quotaLeft -= room.unit === 'seats' ? 1 : hours;
  if (room.courseLeft.has(courseId)) room.courseLeft.set(courseId, room.courseLeft.get(courseId)! - 1);
}

function insertReferral(round: RoundRow, c: Candidate, addedBy: 'ranking' | 'hand', reason: string): ReferralRow {
  const rank = Math.max(0, ...db.referrals.filter((r) => r.roundId === round.id).map((r) => r.rank)) + 1;
  const values = { score: c.score, parts: c.parts, rank, added_by: addedBy, needId: c.need_line_id };
  // A person removed from this draft earlier comes back on the same row.
  const existing = db.referrals.find((r) => r.roundId === round.id && r.personId === c.person_id && r.courseId === c.course_id);
  if (existing) {
    Object.assign(existing, values, { status: 'proposed' });
    recordReferral(existing.id, 'removed', 'proposed', reason);
    return existing;
  }
  const row: ReferralRow = {
    id: db.nextId++,
    roundId: round.id,
    personId: c.person_id,
    orgId: c.organization_id,
    courseId: c.course_id,
    role: c.role,
    status: 'proposed',
    provider_id: null,
    class_starts_on: null,
    class_ends_on: null,
    certificate_no: null,
    certificate_on: null,
    ...values,
  };
  db.referrals.push(row);
  recordReferral(row.id, null, 'proposed', reason);
  return row;
}

export async function buildRound(roundId: number): Promise<BuildReport> {
  return copy(
    atomically(() => {
      const round = findRound(roundId);
      requireStatus(round, ['draft'], 'افزودن نفرات');
      const counts = perCooperative(roundId);
      const room = roomOf(round);
      const inRound = new Set(seated(roundId).map((r) => r.personId));
      const left = loadPool(round).filter((r) => r.c.blocked === null);
      const scoreOf = (row: PoolRow) => row.base + (fairnessPart(counts.get(row.c.organization_id) ?? 0)?.points ?? 0);
      let added = 0;
      let stopped = 'هیچ نامزد دیگری نمانده است.';
      while (left.length > 0) {
        left.sort((a, b) => rankOrder(a, scoreOf(a), b, scoreOf(b)));
        const row = left.shift()!;
        if (inRound.has(row.c.person_id)) continue;
        if (room.roundLeft !== null && room.roundLeft < 1) {
          stopped = 'ظرفیت نوبت پر شد.';
          break;
        }
        if (room.quotaLeft <= 0) {
          stopped = 'سهمیه تعاونی‌ها در این دوره تمام شد.';
          break;
        }
        if (refuseRoom(room, row.c.course_id, row.hours) !== null) continue;
        insertReferral(round, withFairness(row, counts.get(row.c.organization_id) ?? 0), 'ranking', 'انتخاب بر پایه امتیاز');
        added++;
        takeRoom(room, row.c.course_id, row.hours);
        inRound.add(row.c.person_id);
        counts.set(row.c.organization_id, (counts.get(row.c.organization_id) ?? 0) + 1);
      }
      if (added > 0 && room.roundLeft === 0) stopped = 'ظرفیت نوبت پر شد.';
      return { added, stopped, round: roundView(round) };
    }),
  );
}

export async function addCandidate(roundId: number, nomineeId: number, reason: string, overrideReason: string | null): Promise<ReferralView> {
  const round = findRound(roundId);
  requireStatus(round, ['draft'], 'افزودن نفرات');
  const row = loadPool(round).find((r) => r.c.nominee_id === nomineeId);
  if (!row) {
    throw refused('این نفر در فهرست نامزدهای این نوبت نیست: یا در همین نوبت است، یا معرفی او برای ردیف نیاز باز و مصوب نیست.');
  }
  if (row.c.blocked !== null) {
    throw refused(`${row.c.full_name} (کد ملی ${row.c.national_code}) به نوبت افزوده نشد: ${row.c.blocked}`);
  }
  const over = refuseRoom(roomOf(round), row.c.course_id, row.hours);
  const override = overrideReason === null ? '' : clean(overrideReason);
  let note = clean(reason) || 'افزودن دستی';
  if (over !== null) {
    if (override === '') {
      throw {
        code: 'quota_exceeded',
        message: `${over} برای افزودن ${row.c.full_name} باید دلیل عبور از ظرفیت را بنویسید.`,
        fields: [],
      } satisfies ErrorBody;
    }
    note = `${note}؛ بیش از ظرفیت: ${over} دلیل: ${override}`;
  }
  const c = withFairness(row, perCooperative(roundId).get(row.c.organization_id) ?? 0);
  return copy(referralView(insertReferral(round, c, 'hand', note)));
}

function findReferral(id: number): ReferralRow {
  const r = db.referrals.find((x) => x.id === id);
  if (!r) throw notFound('معرفی', 'شناسه', String(id));
  return r;
}

function moveReferral(r: ReferralRow, to: ReferralStatus, reason: string): void {
  const allowed = REFERRAL_NEXT[r.status];
  if (!allowed.includes(to)) {
    const hint =
      allowed.length === 0
        ? 'این وضعیت پایانی است'
        : `از این وضعیت فقط به ${allowed.map((s) => choices.referralStatus[s]).join('، ')} می‌توان رفت`;
    const person = db.people.find((p) => p.id === r.personId)!;
    throw refused(
      `معرفی ${person.full_name} برای دوره «${findCourse(r.courseId).title}» در وضعیت «${choices.referralStatus[r.status]}» است و نمی‌توان آن را «${choices.referralStatus[to]}» کرد؛ ${hint}.`,
    );
  }
  recordReferral(r.id, r.status, to, reason);
  r.status = to;
}

export async function removeReferral(referralId: number, reason: string): Promise<ReferralView> {
  const r = findReferral(referralId);
  requireStatus(roundOf(r), ['draft'], 'حذف نفرات');
  const why = clean(reason);
  if (why === '') throw invalid([fieldMessage('reason', '', problem.required)]);
  moveReferral(r, 'removed', why);
  return copy(referralView(r));
}

/** Why a round is past a limit, if it is. */
function overLimits(round: RoundRow): string | null {
  const people = seated(round.id).length;
  if (round.capacity !== null && people > round.capacity) {
    return `نوبت ${fa(people)} نفر دارد و ظرفیتش ${fa(round.capacity)} نفر است.`;
  }
  const room = roomOf(round);
  if (room.quotaLeft < 0) {
    return `سهمیه تعاونی‌ها در این دوره ${fa(-room.quotaLeft)} ${choices.quotaUnit[room.unit]} بیش از اندازه پر شده است.`;
  }
  for (const [courseId, left] of room.courseLeft) {
    if (left < 0) return `ظرفیت دوره «${findCourse(courseId).title}» ${fa(-left)} نفر بیش از اندازه پر شده است.`;
  }
  return null;
}

export async function setRoundStatus(roundId: number, to: RoundStatus, m: RoundMove): Promise<RoundView> {
  return copy(
    atomically(() => {
      const round = findRound(roundId);
      const allowed = ROUND_NEXT[round.status];
      if (!allowed.includes(to)) {
        throw refused(
          `نوبت ${fa(round.number)} «${choices.roundStatus[round.status]}» است و نمی‌توان آن را «${choices.roundStatus[to]}» کرد؛ ${
            allowed.length === 0 ? 'این وضعیت پایانی است' : `از این وضعیت فقط به ${allowed.map((s) => choices.roundStatus[s]).join('، ')} می‌توان رفت`
          }.`,
        );
      }
      let reason = clean(m.reason);
      if (round.status === 'draft' && to === 'locked') {
        if (seated(round.id).length === 0) throw refused(`نوبت ${fa(round.number)} هیچ نفری ندارد و قفل نشد.`);
        const over = overLimits(round);
        if (over !== null) {
          const override = clean(m.override_reason ?? '');
          if (override === '') {
            throw {
              code: 'quota_exceeded',
              message: `${over} برای قفل کردن نوبت باید دلیل عبور از ظرفیت را بنویسید.`,
              fields: [],
            } satisfies ErrorBody;
          }
          reason = `${reason} بیش از ظرفیت: ${over} دلیل: ${override}`.trim();
        }
      } else if (round.status === 'locked' && to === 'draft' && reason === '') {
        throw invalid([fieldMessage('reason', '', problem.required)]);
      } else if (round.status === 'locked' && to === 'sent') {
        const letter = clean(m.letter_no ?? '');
        if (letter === '') throw invalid([fieldMessage('letter_no', '', problem.required)]);
        const check = new Check();
        const sentOn = parseDate('sent_on', m.sent_on, check) ?? todayIso();
        check.finish();
        round.letter_no = letter;
        round.sent_on = sentOn;
        const note = `ارسال با نامه ${letter}`;
        for (const r of db.referrals.filter((x) => x.roundId === round.id && x.status === 'proposed')) {
          recordReferral(r.id, 'proposed', 'sent', note);
          r.status = 'sent';
          const need = r.needId === null ? undefined : db.needs.find((n) => n.id === r.needId);
          if (need && need.status === 'approved') {
            db.history.push({ needId: need.id, at: nowStamp(), from: 'approved', to: 'planned', reason: `معرفی در نوبت ${fa(round.number)}` });
            need.status = 'planned';
          }
        }
        if (reason === '') reason = note;
      } else if (round.status === 'sent' && to === 'reconciled') {
        const pending = db.referrals.filter((r) => r.roundId === round.id && r.status === 'sent').length;
        if (pending > 0) {
          throw refused(
            `${fa(pending)} نفر از نوبت ${fa(round.number)} هنوز پاسخی از آموزش فنی و حرفه‌ای ندارند؛ نخست وضعیت آن‌ها را ثبت کنید.`,
          );
        }
      }
      recordRound(round.id, round.status, to, reason === '' ? choices.roundStatus[to] : reason);
      round.status = to;
      return roundView(round);
    }),
  );
}

function referralView(r: ReferralRow): ReferralView {
  const person = db.people.find((p) => p.id === r.personId)!;
  const org = findOrg(r.orgId);
  const course = findCourse(r.courseId);
  const provider = r.provider_id === null ? null : (db.providers.find((p) => p.id === r.provider_id) ?? null);
  return {
    id: r.id,
    round_id: r.roundId,
    round_number: roundOf(r).number,
    person_id: person.id,
    national_code: person.national_code,
    first_name: person.first_name,
    last_name: person.last_name,
    father_name: person.father_name,
    full_name: person.full_name,
    birth_date_jalali: person.birth_date_jalali,
    gender_label: person.gender_label,
    education_label: person.education_label,
    mobile: person.mobile,
    organization_id: org.id,
    organization_name: org.name,
    organization_national_id: org.national_id,
    field_label: org.field_label,
    county: org.county,
    course_id: course.id,
    course_title: course.title,
    course_code: course.code,
    course_hours: course.total_hours,
    role_label: r.role ? choices.role[r.role] : null,
    status: r.status,
    status_label: choices.referralStatus[r.status],
    score: r.score,
    parts: r.parts,
    explanation: explainScore(r.parts),
    rank: r.rank,
    added_by: r.added_by,
    provider_id: r.provider_id,
    provider_name: provider?.name ?? null,
    class_starts_on_jalali: jalaliText(r.class_starts_on),
    class_ends_on_jalali: jalaliText(r.class_ends_on),
    certificate_no: r.certificate_no,
    certificate_on_jalali: jalaliText(r.certificate_on),
    notes: null,
  };
}

export async function listReferrals(roundId: number): Promise<ReferralView[]> {
  findRound(roundId);
  const rows = db.referrals
    .filter((r) => r.roundId === roundId)
    .sort((a, b) => Number(a.status === 'removed') - Number(b.status === 'removed') || a.rank - b.rank || a.id - b.id);
  return copy(rows.map(referralView));
}

export async function updateReferral(referralId: number, u: ReferralUpdate): Promise<ReferralView> {
  return copy(
    atomically(() => {
      const r = findReferral(referralId);
      const round = roundOf(r);
      const statuses: Record<string, string> = choices.referralStatus;
      const to = (Object.keys(statuses).find((k) => k === u.status.trim() || fold(statuses[k]) === fold(u.status)) ?? null) as ReferralStatus | null;
      if (to === null) throw invalid([fieldMessage('status', u.status, problem.notOneOf(Object.values(statuses)))]);
      if (to === 'sent' || r.status === 'proposed') {
        throw refused('پیشنهادها با ارسال نوبت «معرفی‌شده» می‌شوند؛ پیش از آن فقط می‌توان نفری را از نوبت حذف کرد.');
      }
      requireStatus(round, ['sent', 'reconciled'], 'ثبت نتیجه معرفی');
      const check = new Check();
      const starts = parseDate('class_starts_on', u.class_starts_on, check);
      const ends = parseDate('class_ends_on', u.class_ends_on, check);
      if (starts && ends && ends < starts) check.add('class_ends_on', u.class_ends_on ?? '', problem.endBeforeStart);
      const certOn = parseDate('certificate_on', u.certificate_on, check);
      const certNo = u.certificate_no === null ? null : toLatinDigits(clean(u.certificate_no)) || null;
      if (to === 'certified' && certNo === null) check.add('certificate_no', '', problem.required);
      check.finish();
      let reason = clean(u.reason);
      if (u.provider_id !== null && u.provider_id !== r.provider_id) {
        const q = periodFor(round.year, round.month);
        const cap = q && db.caps.find((c) => c.periodId === q.id && c.providerId === u.provider_id);
        if (q && cap) {
          const [used, reserved] = usage(q, (x) => x.provider_id === u.provider_id, true);
          if (used + reserved >= cap.seats) {
            const name = db.providers.find((p) => p.id === u.provider_id)!.name;
            const why = `ظرفیت آموزشگاه «${name}» در این دوره (${fa(cap.seats)} نفر) پر است.`;
            const override = clean(u.override_reason ?? '');
            if (override === '') {
              throw { code: 'quota_exceeded', message: `${why} برای ثبت این آموزشگاه باید دلیل عبور از ظرفیت را بنویسید.`, fields: [] } satisfies ErrorBody;
            }
            reason = `${reason} بیش از ظرفیت: ${why} دلیل: ${override}`.trim();
          }
        }
      }
      if (to !== r.status) moveReferral(r, to, reason === '' ? choices.referralStatus[to] : reason);
      if (u.provider_id !== null) r.provider_id = u.provider_id;
      r.class_starts_on = starts ?? r.class_starts_on;
      r.class_ends_on = ends ?? r.class_ends_on;
      r.certificate_no = certNo ?? r.certificate_no;
      if (to === 'certified') r.certificate_on = certOn ?? r.certificate_on ?? todayIso();
      if (to === 'passed' || to === 'certified') {
        for (const m of db.nominees) {
          if (m.personId === r.personId && m.status === 'open' && findNeed(m.needId).course_id === r.courseId) m.status = 'trained';
        }
      }
      return referralView(r);
    }),
  );
}

function statusEntries(rows: StatusRow[], ownerId: number, labels: Record<string, string>): StatusEntry[] {
  return rows
    .filter((h) => h.ownerId === ownerId)
    .map((h) => ({ at: h.at, from_label: h.from === null ? null : labels[h.from], to_label: labels[h.to], reason: h.reason }));
}

export async function referralHistory(referralId: number): Promise<StatusEntry[]> {
  return copy(statusEntries(db.referralHistory, referralId, choices.referralStatus));
}

export async function roundHistory(roundId: number): Promise<StatusEntry[]> {
  return copy(statusEntries(db.roundHistory, roundId, choices.roundStatus));
}

export async function trainingHistory(personId: number | null, organizationId: number | null): Promise<ReferralView[]> {
  const rows = db.referrals
    .filter((r) => (personId === null || r.personId === personId) && (organizationId === null || r.orgId === organizationId) && r.status !== 'removed')
    .sort(
      (a, b) =>
        roundOf(b).number - roundOf(a).number ||
        personSortKey(db.people.find((p) => p.id === a.personId)!, db.people.find((p) => p.id === b.personId)!) ||
        a.id - b.id,
    );
  return copy(rows.map(referralView));
}

export async function roundLetter(roundId: number): Promise<RoundLetter> {
  const round = roundView(findRound(roundId));
  const rows = seated(roundId)
    .map(referralView)
    .sort((a, b) => collator.compare(a.course_title, b.course_title) || a.course_id - b.course_id || a.rank - b.rank || a.id - b.id);
  const sheets: SignInSheet[] = [];
  for (const r of rows) {
    if (sheets.at(-1)?.course_title !== r.course_title) sheets.push({ course_title: r.course_title, course_code: r.course_code, rows: [] });
    sheets.at(-1)!.rows.push({ full_name: r.full_name, national_code: r.national_code, organization_name: r.organization_name, mobile: r.mobile });
  }
  const s = db.settings;
  return copy({
    office: s.office,
    letterhead: s.letterhead.split('\n').filter((l) => l !== ''),
    recipient: s.tvto_office,
    letter_no: round.letter_no,
    date_jalali: round.sent_on_jalali ?? jalaliText(todayIso())!,
    round_number: round.number,
    month_label: round.month_label,
    people: round.people,
    cooperatives: round.cooperatives,
    courses: sheets.map((x) => ({ course_title: x.course_title, course_code: x.course_code, people: x.rows.length })),
    signer_name: s.signer_name,
    signer_title: s.signer_title,
    file_name: round.file_name,
    sign_in: sheets,
  });
}

const EXPORTS = `${SHEET_FOLDER}/Taavon/exports`;

export async function exportRound(roundId: number): Promise<ExportedFile> {
  return { path: `${EXPORTS}/${roundView(findRound(roundId)).file_name}`, busy: null };
}

export async function prepareEmail(roundId: number): Promise<ExportedFile> {
  const round = roundView(findRound(roundId));
  if (db.settings.tvto_email === '') {
    throw refused('نشانی رایانامه آموزش فنی و حرفه‌ای در «تنظیمات» ثبت نشده است؛ نخست آن را ثبت کنید.');
  }
  return { path: `${EXPORTS}/${round.file_name.replace(/\.xlsx$/, '.eml')}`, busy: null };
}

// ---------------------------------------------------------------------------
// Importing lists and the TVTO's feedback (C7)
//
// The stand-in cannot read files, so its files are canned and keyed on the
// path; their rows follow the kind the clerk chose:
// - a path with `junk` cannot be read (`excel`);
// - `bad` adds rows the core would reject, a blank row and a code that
//   lost its leading zero;
// - `odd` names the required column so that no guess finds it;
// - `big` has many rows, read slowly, for cancelling;
// - anything else is good rows (with a few values to clean).
// A workbook has a second sheet, «بایگانی», whose headers sit under a
// title. Rows written are remembered by their key (national code, national
// ID), so importing them again changes nothing; a written import remembers
// its mapping for files with the same headers.

interface ImportTarget {
  key: string;
  label: string;
  required: boolean;
  /** Header names the guess knows (the core knows more). */
  names: string[];
}

const importTarget = (key: string, label: string, names: string[], required = false): ImportTarget => ({
  key,
  label,
  required,
  names: [label, ...names],
});

// Keys, labels and order as the core's (crates/core/src/import.rs).
const IMPORT_TARGETS: Record<ImportKind, ImportTarget[]> = {
  coops: [
    importTarget('name', 'نام تعاونی', ['نام', 'نام شرکت'], true),
    importTarget('national_id', 'شناسه ملی', ['شناسه']),
    importTarget('kind', 'نوع', ['نوع تشکل']),
    importTarget('registration_no', 'شماره ثبت', []),
    importTarget('registry_office', 'اداره ثبت', []),
    importTarget('field', 'زمینه فعالیت', ['زمینه']),
    importTarget('orientation', 'گرایش', []),
    importTarget('activity', 'موضوع فعالیت', []),
    importTarget('county', 'شهرستان', ['شهر']),
    importTarget('founded_on', 'تاریخ تأسیس', ['تاریخ تاسیس']),
    importTarget('member_count', 'تعداد اعضا', ['اعضا']),
    importTarget('phone', 'تلفن', []),
    importTarget('mobile', 'شماره همراه', ['تلفن همراه', 'موبایل']),
    importTarget('email', 'رایانامه', ['ایمیل']),
    importTarget('address', 'نشانی', ['آدرس']),
    importTarget('postal_code', 'کد پستی', []),
    importTarget('is_small', 'کوچک', []),
    importTarget('is_startup', 'نوپا', []),
    importTarget('is_internet', 'اینترنتی', []),
    importTarget('status', 'وضعیت', []),
  ],
  people: [
    importTarget('national_code', 'کد ملی', ['کدملی', 'شماره ملی'], true),
    importTarget('first_name', 'نام', [], true),
    importTarget('last_name', 'نام خانوادگی', ['فامیلی'], true),
    importTarget('father_name', 'نام پدر', []),
    importTarget('gender', 'جنسیت', ['جنس']),
    importTarget('birth_date', 'تاریخ تولد', []),
    importTarget('education', 'تحصیلات', ['مدرک تحصیلی']),
    importTarget('mobile', 'شماره همراه', ['تلفن همراه', 'موبایل']),
    importTarget('coop_national_id', 'شناسه ملی تعاونی', []),
    importTarget('coop_name', 'نام تعاونی', ['تعاونی']),
    importTarget('role', 'سمت', ['نقش']),
    importTarget('start_date', 'تاریخ شروع', ['تاریخ عضویت']),
  ],
  feedback: [
    importTarget('national_code', 'کد ملی', ['کدملی', 'شماره ملی'], true),
    importTarget('course', 'دوره', ['کد استاندارد', 'عنوان دوره'], true),
    importTarget('round', 'نوبت', ['شماره نوبت']),
    importTarget('enrollment', 'ثبت‌نام', ['ثبت نام', 'وضعیت ثبت نام']),
    importTarget('attendance', 'حضور', ['وضعیت حضور']),
    importTarget('result', 'نتیجه', ['نتیجه آزمون']),
    importTarget('certificate_no', 'شماره گواهینامه', ['گواهینامه']),
    importTarget('certificate_on', 'تاریخ گواهینامه', ['تاریخ صدور']),
    importTarget('class_starts_on', 'شروع کلاس', ['تاریخ شروع']),
    importTarget('class_ends_on', 'پایان کلاس', ['تاریخ پایان']),
  ],
};

/** A header as the core compares it: folded, letters and digits only. */
function headerKey(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/** The check digit put on nine digits, so the canned codes are valid. */
function cannedCode(first9: string): string {
  return `${first9}${nationalCodeCheckDigit(first9)}`;
}

function cannedId(first10: string): string {
  return `${first10}${nationalIdCheckDigit(first10)}`;
}

const CANNED_FIRST = ['علی', 'زهرا', 'مهدي', 'فاطمه', 'حسین', 'مریم', 'رضا', 'نرگس'];
const CANNED_LAST = ['محمدی', 'احمدی', 'کریمی', '  رضایی ', 'جعفری', 'موسوی', 'صادقی', 'قاسمی'];

/** The i-th good row of a kind, with a value to clean now and then. */
function goodRow(kind: ImportKind, i: number): string[] {
  const n = i + 1;
  const digits = (text: string) => (i % 4 === 1 ? toPersianDigits(text) : text);
  const code = cannedCode(String(123456780 + i * 1_111_111).padStart(9, '0').slice(0, 9));
  switch (kind) {
    case 'people':
      return [
        String(n),
        digits(code),
        CANNED_FIRST[i % CANNED_FIRST.length],
        CANNED_LAST[i % CANNED_LAST.length],
        'حسن',
        i % 2 === 0 ? 'مرد' : 'زن',
        digits(`0912${String(1_000_000 + i * 7_919).padStart(7, '0')}`),
      ];
    case 'coops':
      return [
        String(n),
        `تعاونی ${['فرش دستباف', 'مصرف کارکنان', 'خدمات رايانه‌اي', 'کشاورزی'][i % 4]} شماره ${n}`,
        digits(cannedId(String(1038028470 + i * 13))),
        ['تولیدی', 'توزیعی', 'خدماتی', 'تولیدی'][i % 4],
        ['تهران', 'ری', 'شمیرانات', 'ورامین'][i % 4],
        digits(String(7 + i * 3)),
      ];
    case 'feedback':
      return [
        String(n),
        digits(code),
        `${CANNED_FIRST[i % CANNED_FIRST.length]} ${CANNED_LAST[i % CANNED_LAST.length].trim()}`,
        '4-41/21/1/4',
        digits('1'),
        'ثبت نام شد',
        i % 3 === 2 ? 'غیبت' : 'حضور کامل',
        i % 3 === 0 ? 'قبول' : '',
        i % 3 === 0 ? digits(`14040${n}`) : '',
      ];
  }
}

const CANNED_HEADERS: Record<ImportKind, string[]> = {
  people: ['ردیف', 'کد ملی', 'نام', 'نام خانوادگی', 'نام پدر', 'جنسیت', 'تلفن همراه'],
  coops: ['ردیف', 'نام تعاونی', 'شناسه ملی', 'زمینه فعالیت', 'شهرستان', 'تعداد اعضا'],
  feedback: ['ردیف', 'کد ملی', 'نام و نام خانوادگی', 'کد استاندارد', 'نوبت', 'وضعیت ثبت نام', 'وضعیت حضور', 'نتیجه آزمون', 'شماره گواهینامه'],
};

/** The header of the required column an `odd` file names its own way. */
const ODD_HEADERS: Record<ImportKind, [string, string]> = {
  people: ['کد ملی', 'ش.م.'],
  coops: ['نام تعاونی', 'اسم شرکت'],
  feedback: ['کد ملی', 'ش.م.'],
};

/** Rows a `bad` file adds: each wrong in its own way, and one blank. */
function badRows(kind: ImportKind): string[][] {
  const first = goodRow(kind, 0);
  const with_ = (i: number, changes: Record<number, string>) =>
    goodRow(kind, i).map((cell, c) => (c in changes ? changes[c] : cell));
  switch (kind) {
    case 'people':
      return [
        [],
        with_(10, { 1: '0684159415' }),
        with_(11, { 3: '' }),
        with_(12, { 6: '12345' }),
        with_(13, { 1: cannedCode('049937089').replace(/^0/, '') }),
        with_(14, { 1: first[1], 2: 'پرویز' }),
      ];
    case 'coops':
      return [[], with_(10, { 2: '10380284792' }), with_(11, { 3: 'کشاورزی' }), with_(12, { 1: '' }), with_(13, { 5: 'بیست' })];
    case 'feedback':
      return [[], with_(10, { 1: '0684159415' }), with_(11, { 7: 'شاید' }), with_(12, { 5: '', 6: '', 7: '', 8: '' })];
  }
}

interface CannedSheet {
  name: string;
  /** 1-based, as the file shows it. */
  headerRow: number;
  headers: string[];
  rows: string[][];
}

interface CannedFile {
  file: string;
  sheets: CannedSheet[];
}

const SHEET_NAMES: Record<ImportKind, string> = { people: 'اعضا', coops: 'تعاونی‌ها', feedback: 'بازخورد' };

function cannedFile(path: string, kind: ImportKind): CannedFile {
  const file = fileName(path);
  const lower = path.toLowerCase();
  if (lower.includes('junk')) {
    throw {
      code: 'excel',
      message: `پرونده «${file}» خوانده نشد. باید پرونده اکسل (xlsx یا xls)، ods یا csv باشد و آسیب ندیده باشد.`,
      fields: [],
    } satisfies ErrorBody;
  }
  const headers = [...CANNED_HEADERS[kind]];
  if (lower.includes('odd')) {
    const [usual, own] = ODD_HEADERS[kind];
    headers[headers.indexOf(usual)] = own;
  }
  const count = lower.includes('big') ? 80 : 6;
  const good = Array.from({ length: count }, (_, i) => goodRow(kind, i));
  const rows = lower.includes('bad') ? [...good, ...badRows(kind)] : good;
  const main: CannedSheet = { name: SHEET_NAMES[kind], headerRow: 1, headers, rows };
  if (lower.endsWith('.csv')) return { file, sheets: [{ ...main, name: file }] };
  return { file, sheets: [main, { name: 'بایگانی', headerRow: 3, headers, rows: good.slice(0, 2) }] };
}

function cannedSheet(path: string, kind: ImportKind, sheet: string | null): { file: CannedFile; sheet: CannedSheet } {
  const file = cannedFile(path, kind);
  const found = sheet === null ? file.sheets[0] : file.sheets.find((s) => fold(s.name) === fold(sheet));
  if (!found) {
    throw {
      code: 'excel',
      message: `برگه «${sheet}» در پرونده «${file.file}» نیست؛ برگه‌ها: ${file.sheets.map((s) => s.name).join('، ')}.`,
      fields: [],
    } satisfies ErrorBody;
  }
  return { file, sheet: found };
}

function guessMapping(kind: ImportKind, headers: string[]): ColumnMap[] {
  const keys = headers.map(headerKey);
  const taken = new Set<number>();
  return IMPORT_TARGETS[kind].map((t) => {
    let column: number | null = null;
    for (const name of t.names) {
      const i = keys.findIndex((k, at) => !taken.has(at) && k === headerKey(name));
      if (i >= 0) {
        column = i;
        break;
      }
    }
    if (column !== null) taken.add(column);
    return { target: t.key, column };
  });
}

function mappingKey(kind: ImportKind, headers: string[]): string {
  return `${kind}:${headers.map(headerKey).join('|')}`;
}

export async function inspectImport(path: string, sheet: string | null, kind: ImportKind): Promise<Layout> {
  await sleep(40);
  const { file, sheet: s } = cannedSheet(path, kind, sheet);
  const remembered = db.importMappings.get(mappingKey(kind, s.headers));
  return {
    file: file.file,
    kind,
    sheets: file.sheets.map((x) => x.name),
    sheet: s.name,
    header_row: s.headerRow,
    headers: s.headers,
    targets: IMPORT_TARGETS[kind].map(({ key, label, required }) => ({ key, label, required })),
    mapping: copy(remembered ?? guessMapping(kind, s.headers)),
    remembered: remembered !== undefined,
    sample: s.rows.filter((r) => r.some((c) => c.trim() !== '')).slice(0, 5).map((r) => r.map(clean)),
  };
}

function checkMapping(kind: ImportKind, mapping: ColumnMap[], headers: string[]): void {
  const all = IMPORT_TARGETS[kind];
  if (mapping.length !== all.length || mapping.some((m, i) => m.target !== all[i].key)) {
    throw refused('نگاشت ستون‌ها با این نوع پرونده جور نیست؛ دوباره ستون‌ها را انتخاب کنید.');
  }
  const missing = all.filter((t, i) => t.required && (mapping[i].column === null || mapping[i].column >= headers.length));
  if (missing.length > 0) {
    throw refused(
      `ستون «${missing.map((t) => t.label).join('»، «')}» در پرونده پیدا نشد؛ در گام نگاشت، ستون درست را برای آن انتخاب کنید.`,
    );
  }
}

/** One row's values by target key: cleaned text and the header it came from. */
type RowValues = Map<string, { value: string; column: string }>;

/** Cleans a row's mapped cells as the core's `Cleaner` does, noting each change. */
function cleanRow(kind: ImportKind, mapping: ColumnMap[], headers: string[], cells: string[], note: (column: string, value: string, text: string) => void): RowValues {
  const values: RowValues = new Map();
  IMPORT_TARGETS[kind].forEach((t, i) => {
    const col = mapping[i].column;
    if (col === null) return;
    const column = headers[col] ?? '';
    const raw = cells[col] ?? '';
    let value = clean(raw);
    if (/[\u06F0-\u06F9\u0660-\u0669]/.test(raw)) {
      value = toLatinDigits(value);
      note(column, raw, 'رقم‌های فارسی یا عربی به رقم لاتین برگردانده شد');
    }
    if (/[يك]/.test(raw)) note(column, raw, '«ي» و «ك» عربی به «ی» و «ک» فارسی برگردانده شد');
    if ((value !== '' && raw.trim() !== raw) || raw.includes('  ')) note(column, raw, 'فاصله‌های اضافه برداشته شد');
    values.set(t.key, { value, column });
  });
  return values;
}

const FEEDBACK_WORDS: Record<string, string[]> = {
  enrollment: ['ثبت', 'انتظار', 'انصراف', 'لغو'],
  attendance: ['حضور', 'کامل', 'ناقص', 'غیبت', 'غایب'],
  result: ['قبول', 'مردود'],
};

/**
 * Validates one row: its key (what makes two rows the same record) and a
 * summary, or the problems found.
 */
function importRow(kind: ImportKind, v: RowValues, check: Check, note: (column: string, value: string, text: string) => void): { key: string; summary: string } | null {
  const get = (key: string) => v.get(key)?.value ?? '';
  const optional = (key: string) => (get(key) === '' ? null : get(key));
  const code = () => {
    const raw = get('national_code');
    const parsed = parseNationalCode(raw, check);
    const lost = parsed === null ? 0 : parsed.length - codeDigits(raw).length;
    if (lost > 0) {
      note(v.get('national_code')!.column, raw, `${toPersianDigits(String(lost))} صفر ابتدایی که اکسل انداخته بود برگردانده شد: ${parsed}`);
    }
    return parsed;
  };
  switch (kind) {
    case 'people': {
      const national = code();
      const first = requiredName('first_name', get('first_name'), check);
      const last = requiredName('last_name', get('last_name'), check);
      const gender = optional('gender');
      if (gender !== null && !(Object.values(choices.gender) as string[]).includes(gender)) {
        check.add('gender', gender, problem.notOneOf(Object.values(choices.gender)));
      }
      parseMobile(optional('mobile'), check);
      return national === null ? null : { key: national, summary: `${first} ${last} (${national})` };
    }
    case 'coops': {
      const name = requiredName('name', get('name'), check);
      const nid = parseNationalId(optional('national_id'), check);
      const field = optional('field');
      if (field !== null && !(Object.values(choices.field) as string[]).includes(field)) {
        check.add('field', field, problem.notOneOf(Object.values(choices.field)));
      }
      parseDigitsText('member_count', optional('member_count'), check);
      return { key: nid ?? fold(name), summary: nid ? `${name} (${nid})` : name };
    }
    case 'feedback': {
      const national = code();
      const course = get('course');
      if (course === '') check.add('course', '', problem.required, v.get('course')?.column);
      let status: string | null = null;
      for (const key of ['enrollment', 'attendance', 'result']) {
        const raw = optional(key);
        if (raw === null) continue;
        if (!FEEDBACK_WORDS[key].some((w) => fold(raw).includes(fold(w)))) {
          check.errors.push({ field: key, value: raw, message: `«${raw}» برای ستون «${v.get(key)!.column}» شناخته نشد.` });
        }
        status = raw;
      }
      if (optional('certificate_no') !== null) status = 'گواهینامه گرفته';
      if (status === null) {
        check.errors.push({ field: 'enrollment', value: '', message: 'این ردیف هیچ خبری از ثبت‌نام، حضور، نتیجه یا گواهینامه ندارد.' });
      }
      return national === null ? null : { key: `${national}|${fold(course)}`, summary: `${national}: ${status ?? ''}` };
    }
  }
}

let importCancelled = false;

export async function runImport(path: string, request: ImportRequest, onProgress: (p: Progress) => void): Promise<ImportOutcome> {
  importCancelled = false;
  const { kind } = request;
  const { file, sheet } = cannedSheet(path, kind, request.sheet);
  const key = mappingKey(kind, sheet.headers);
  const mapping = copy(request.mapping ?? db.importMappings.get(key) ?? guessMapping(kind, sheet.headers));
  checkMapping(kind, mapping, sheet.headers);
  const out: ImportOutcome = {
    kind,
    file: file.file,
    sheet: sheet.name,
    header_row: sheet.headerRow,
    mapping,
    rows: 0,
    skipped_empty: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    problems: [],
    fixes: [],
    fixes_total: 0,
    samples: [],
    written: false,
  };
  const written: string[] = [];
  const seen = new Map<string, { row: number; summary: string }>();
  const total = sheet.rows.length;
  for (const [i, cells] of sheet.rows.entries()) {
    onProgress({ done: i, total });
    await sleep(40);
    if (importCancelled) throw { code: 'cancelled', message: 'کار به درخواست کاربر لغو شد و چیزی ذخیره نشد.', fields: [] } satisfies ErrorBody;
    const row = sheet.headerRow + 1 + i;
    if (cells.every((c) => c.trim() === '')) {
      out.skipped_empty++;
      continue;
    }
    out.rows++;
    const note = (column: string, value: string, text: string) => {
      out.fixes_total++;
      if (out.fixes.length < 500) out.fixes.push({ row, column, value, note: text });
    };
    const values = cleanRow(kind, mapping, sheet.headers, cells, note);
    const check = new Check();
    const found = importRow(kind, values, check, note);
    const earlier = found && seen.get(found.key);
    if (found && earlier && fold(earlier.summary) !== fold(found.summary)) {
      const what = kind === 'coops' ? 'این شناسه ملی' : 'این کد ملی';
      check.errors.push({
        field: kind === 'coops' ? 'national_id' : 'national_code',
        value: found.key.split('|')[0],
        message: `${what} در ردیف ${toPersianDigits(String(earlier.row))} پرونده با نام دیگری آمده است؛ یکی از دو ردیف نادرست است.`,
      });
    }
    if (check.errors.length > 0 || !found) {
      out.rejected++;
      for (const e of check.errors) {
        out.problems.push({ row, column: values.get(e.field)?.column ?? e.field, value: e.value, message: e.message });
      }
      continue;
    }
    seen.set(found.key, { row, summary: found.summary });
    const rowKey = `${kind}:${found.key}`;
    const outcome: 'new' | 'updated' | 'unchanged' = db.importedRows.has(rowKey) || written.includes(rowKey) ? 'unchanged' : kind === 'feedback' ? 'updated' : 'new';
    out[outcome === 'new' ? 'added' : outcome]++;
    written.push(rowKey);
    if (out.samples.filter((s) => s.outcome === outcome).length < 5) out.samples.push({ row, outcome, summary: found.summary });
  }
  onProgress({ done: total, total });
  out.written = !request.dry_run && (out.rejected === 0 || request.accept_valid);
  if (out.written) {
    for (const k of written) db.importedRows.add(k);
    db.importMappings.set(key, copy(mapping));
  }
  return out;
}

export async function cancelImport(): Promise<void> {
  importCancelled = true;
}

export async function saveImportErrors(outcome: ImportOutcome): Promise<ExportedFile> {
  const stem = outcome.file.replace(/\.[^.]*$/, '');
  const name = /^[\x20-\x7e]+$/.test(stem) && stem !== '' ? stem : outcome.kind;
  const t = todayJalali();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { path: `${EXPORTS}/errors-${name}-${t.year}-${pad(t.month)}-${pad(t.day)}.xlsx`, busy: null };
}

// ---------------------------------------------------------------------------
// Backups, restore, the health check and the audit log (C10)
//
// A backup is a copy of the whole registry (its audit log included), kept
// in memory under the name the core would give its file. As in the core,
// the start makes the day's backup, a restore first backs up what it
// replaces, and pruning keeps the newest `keep_daily` daily backups and
// `keep_events` others. Files outside the list are canned and keyed on the
// path, as imports are: a path with `missing`, `foreign`, `newer` or
// `damaged` is refused as the core refuses such files; a file written by
// «ذخیره پشتیبان در…» holds what was saved; any other holds a small
// sample. An empty TAAVON_SAVE_FILE stands for a cancelled save dialog.
//
// The audit log is fed by the stand-in's own writes. Like the core's
// triggers it logs every row added, changed or removed, with its stored
// values; the stand-in finds them by comparing the tables with how they
// looked last time (when the log is read and before a backup), so a change
// is stamped when it is found rather than when it was made. Sample data is
// logged as one `bulk` row, as the core's loader does.
//
// `?standin=damaged` starts as the shell does with a damaged file: the
// start answers `database_damaged` until the newest good backup is
// restored; the backups are those of the days before.

const SCHEMA_VERSION = 4;
const BACKUP_FOLDER = '/home/clerk/.local/share/taavon/backups';
const USB_FOLDER = '/media/clerk/USB';
const ACTOR = 'clerk';

/** Names the file the save dialog answers with, as TAAVON_SAVE_FILE does for the desktop's tests. */
export const SAVE_FILE_KEY = 'TAAVON_SAVE_FILE';

/** One row of the audit log as stored: the values as the trigger's JSON. */
interface AuditRecord {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
}

interface StoredBackup {
  info: BackupInfo;
  /** The data it holds; a canned older backup is made when first read. */
  held: Registry | null;
  make: () => Registry;
}

let backups: StoredBackup[] = [];
/** Files written by «ذخیره پشتیبان در…», by path. */
const savedFiles = new Map<string, Registry>();
/** Canned files offered for restore, made when first read. */
const cannedFiles = new Map<string, Registry>();
let damaged = false;

function usable(): void {
  if (damaged) {
    throw {
      code: 'database_damaged',
      message: 'پرونده پایگاه داده آسیب دیده است. برنامه آن را دست نزد؛ آخرین پشتیبان سالم را بازگردانید تا کار ادامه یابد.',
      fields: [],
    } satisfies ErrorBody;
  }
}

/** Puts other data in place (a restore, sample data): the audit log goes on from its own. */
function useData(reg: Registry): void {
  db = reg;
  seen = auditTables(db);
}

/** Records sample data as the core's loader does: one `bulk` row instead of a row per record. */
function sampleLogged(reg: Registry, config: DemoConfig): Registry {
  const c = currentCounts(reg);
  reg.audit.push({
    id: reg.audit.length + 1,
    at: nowStamp(),
    actor: null,
    action: 'bulk',
    entity: 'demo',
    entity_id: null,
    old: null,
    new: {
      description: `داده‌های نمونه: ${fa(c.cooperatives)} تعاونی، ${fa(c.unions)} اتحادیه، ${fa(c.people)} نفر`,
      seed: config.seed,
      cooperatives: c.cooperatives,
      unions: c.unions,
      people: c.people,
      memberships: c.memberships,
      need_lines: reg.needs.length,
      nominees: reg.nominees.length,
      rounds: reg.rounds.length,
      referrals: reg.referrals.length,
    },
  });
  return reg;
}

function loadSample(reg: Registry, config: DemoConfig): void {
  useData(sampleLogged(reg, config));
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(path);
}

// Backups

/** A moment as the core names and shows a backup: local time. */
function backupStamp(ms: number): { file: string; at: string } {
  const d = new Date(ms);
  const date = [d.getFullYear(), pad2(d.getMonth() + 1), pad2(d.getDate())];
  const time = [pad2(d.getHours()), pad2(d.getMinutes()), pad2(d.getSeconds())];
  return { file: `${date.join('')}-${time.join('')}`, at: `${date.join('-')} ${time.join(':')}` };
}

/** Roughly the size of a database file holding `people` people. */
function backupSize(people: number): number {
  return 4096 * (40 + Math.ceil(people / 4));
}

function addBackup(kind: BackupKind, ms: number, held: Registry | null, make: () => Registry, people: number): BackupInfo {
  const stamp = backupStamp(ms);
  const base = `taavon-${stamp.file}-${kind.replace('_', '-')}`;
  let name = `${base}.db`;
  for (let n = 2; backups.some((b) => b.info.file_name === name); n++) name = `${base}-${n}.db`;
  const info: BackupInfo = {
    path: `${BACKUP_FOLDER}/${name}`,
    file_name: name,
    kind,
    kind_label: choices.backupKind[kind],
    created_at: stamp.at,
    created_label: formatStamp(new Date(ms).toISOString()),
    size_bytes: backupSize(people),
  };
  backups.push({ info, held, make });
  backups.sort((a, b) => b.info.created_at.localeCompare(a.info.created_at) || b.info.file_name.localeCompare(a.info.file_name));
  let daily = 0;
  let others = 0;
  const { keep_daily, keep_events } = db.settings;
  backups = backups.filter((b) => (b.info.kind === 'daily' ? ++daily <= keep_daily : ++others <= keep_events));
  return copy(info);
}

/** A backup of the data as it is now. */
function backupOfData(kind: BackupKind): BackupInfo {
  syncAudit();
  const held = copy(db);
  return addBackup(kind, Date.now(), held, () => held, held.people.length);
}

/** What the start does: the day's backup, unless there is one. */
function dailyIfDue(): void {
  const today = backupStamp(Date.now()).at.slice(0, 10);
  if (!backups.some((b) => b.info.kind === 'daily' && b.info.created_at.startsWith(today))) backupOfData('daily');
}

/**
 * The backups of a clerk who has worked a while: yesterday's (the sample
 * as it is), the day before's (a little less), and the one before the last
 * upgrade (half).
 */
function earlierBackups(config: DemoConfig): void {
  const at = (days: number, hour: number) => {
    const d = new Date(Date.now() - days * DAY_MS);
    d.setHours(hour, 12, 40, 0);
    return d.getTime();
  };
  const earlier: ReadonlyArray<[BackupKind, number, number, number]> = [
    ['daily', 1, 8, 1],
    ['daily', 2, 8, 0.9],
    ['pre_upgrade', 9, 10, 0.5],
  ];
  for (const [kind, days, hour, share] of earlier) {
    const c = { ...config, coops: Math.round(config.coops * share), people: Math.round(config.people * share) };
    addBackup(kind, at(days, hour), null, () => sampleLogged(generate(c), c), c.people);
  }
}

function backupData(b: StoredBackup): Registry {
  return (b.held ??= b.make());
}

/** The data in a file offered for restore, or the core's refusal of it. */
function backupFile(path: string): Registry {
  const listed = backups.find((b) => b.info.path === path);
  if (listed) return backupData(listed);
  const saved = savedFiles.get(path);
  if (saved) return saved;
  const lower = path.toLowerCase();
  const refuse = (why: string) => refused(`پرونده «${path}» ${why}؛ بازگردانی انجام نشد.`);
  if (lower.includes('missing')) throw refuse('پیدا نشد');
  if (lower.includes('foreign') || !lower.endsWith('.db')) throw refuse('پایگاه داده این برنامه نیست');
  if (lower.includes('newer')) throw refuse(`با نسخه‌ای تازه‌تر از برنامه ساخته شده است (نسخه طرح ${fa(SCHEMA_VERSION + 1)})`);
  if (lower.includes('damaged')) throw refuse('آسیب دیده است');
  let canned = cannedFiles.get(path);
  if (!canned) {
    const c = { coops: 40, people: 300, seed: 1399 };
    canned = sampleLogged(generate(c), c);
    cannedFiles.set(path, canned);
  }
  return canned;
}

export async function listBackups(): Promise<BackupInfo[]> {
  return backups.map((b) => copy(b.info));
}

export async function backupNow(): Promise<BackupInfo> {
  usable();
  await sleep(120);
  return backupOfData('manual');
}

export async function saveBackupAs(): Promise<ExportedFile | null> {
  usable();
  const named = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(SAVE_FILE_KEY);
  if (named === '') return null;
  const t = todayJalali();
  const path = named ?? `${USB_FOLDER}/taavon-backup-${t.year}-${pad2(t.month)}-${pad2(t.day)}.db`;
  syncAudit();
  await sleep(120);
  savedFiles.set(path, copy(db));
  return { path, busy: null };
}

/** The file named for the tests, else the last one saved, else one on the USB stick. */
export async function pickBackupFile(): Promise<string | null> {
  const named = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(PICK_FILE_KEY);
  return named || ([...savedFiles.keys()].at(-1) ?? `${USB_FOLDER}/taavon-backup.db`);
}

export async function inspectBackup(path: string): Promise<BackupCheck> {
  await sleep(60);
  const data = backupFile(path);
  return { schema_version: SCHEMA_VERSION, people: data.people.length, cooperatives: data.orgs.length };
}

export async function restoreBackup(path: string): Promise<ExportedFile> {
  usable();
  const data = backupFile(path);
  await sleep(120);
  const kept = backupOfData('pre_restore');
  useData(copy(data));
  return { path: kept.path, busy: null };
}

export async function restoreNewestBackup(): Promise<BackupInfo> {
  const newest = backups[0];
  if (!newest) {
    throw refused(
      'هیچ پشتیبان سالمی پیدا نشد. پرونده آسیب‌دیده دست‌نخورده مانده است؛ برای بازیابی با پشتیبانی فنی تماس بگیرید یا پرونده پشتیبانی را از «بازگردانی از پرونده» انتخاب کنید.',
    );
  }
  await sleep(120);
  useData(copy(backupData(newest)));
  damaged = false;
  dailyIfDue();
  return copy(newest.info);
}

export async function checkDatabase(): Promise<string | null> {
  usable();
  await sleep(120);
  return null;
}

// The audit log

/** A kind of record the core audits, and where the stand-in keeps it. */
interface Audited {
  entity: string;
  rows: (reg: Registry) => readonly object[];
  /** A row without an id of its own is known by these values. */
  key?: (row: object) => string;
}

const AUDITED: readonly Audited[] = [
  { entity: 'county', rows: (r) => r.county },
  { entity: 'orientation', rows: (r) => r.orientation },
  { entity: 'organization', rows: (r) => r.orgs.map((o) => ({ ...named(r, o), orientation: namedId(r.orientation, o.orientation) })) },
  { entity: 'person', rows: (r) => r.people },
  { entity: 'membership', rows: (r) => r.memberships },
  { entity: 'union_membership', rows: (r) => r.unionMembers, key: (row) => JSON.stringify(row) },
  { entity: 'course', rows: (r) => r.courses },
  { entity: 'provider', rows: (r) => r.providers.map((p) => named(r, p)) },
  { entity: 'campaign', rows: (r) => r.campaigns },
  { entity: 'need_line', rows: (r) => r.needs },
  { entity: 'nominee', rows: (r) => r.nominees },
  {
    entity: 'setting',
    rows: (r) => Object.entries(r.settings).map(([key, value], i) => ({ id: i + 1, key, value: JSON.stringify(value) })),
  },
  { entity: 'quota_period', rows: (r) => r.quotas },
  { entity: 'quota_cap', rows: (r) => r.caps, key: (row) => { const c = row as CapRow; return `${c.periodId}:${c.courseId}:${c.providerId}`; } },
  { entity: 'referral_round', rows: (r) => r.rounds },
  { entity: 'referral', rows: (r) => r.referrals },
];

/** The id of a county or orientation the stand-in's rows hold by name, as the core's rows hold it. */
function namedId(list: readonly NamedItem[], name: string | null): number | null {
  return list.find((item) => item.name === name)?.id ?? null;
}

/** A row whose county is kept by name, with the county's id instead (renaming it changes no row). */
function named<T extends { county: string | null }>(r: Registry, row: T): Omit<T, 'county'> & { county_id: number | null } {
  const { county, ...rest } = row;
  return { ...rest, county_id: namedId(r.county, county) };
}

/** What the stand-in adds to a row for display; the core's triggers record none of it. */
const DISPLAY_ONLY = /(_label|_jalali)$|^(id|full_name|created_at|updated_at|parts|position)$/;

/** The core's column names of the stand-in's own keys. */
const COLUMN: Readonly<Record<string, string>> = { orgId: 'organization_id', needId: 'need_line_id', coopId: 'cooperative_id' };

/** A row's values as the trigger's JSON holds them: columns by name, booleans as 0 and 1. */
function storedValues(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => !DISPLAY_ONLY.test(key))
      .map(([key, value]) => [
        COLUMN[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        typeof value === 'boolean' ? Number(value) : value,
      ]),
  );
}

type SeenRow = { id: number | null; values: Record<string, unknown>; text: string };
type Seen = Map<string, Map<string, SeenRow>>;

/** Every audited row, by kind and key. */
function auditTables(reg: Registry): Seen {
  return new Map(
    AUDITED.map((t) => [
      t.entity,
      new Map(
        t.rows(reg).map((row): [string, SeenRow] => {
          const values = storedValues(row);
          const id = (row as { id?: number }).id ?? null;
          return [t.key ? t.key(row) : String(id), { id, values, text: JSON.stringify(values) }];
        }),
      ),
    ]),
  );
}

/** How the tables looked when the log last caught up with them. */
let seen: Seen = new Map();

/** Logs every row added, changed or removed since the last time. */
function syncAudit(): void {
  const now = auditTables(db);
  const at = nowStamp();
  const log = (action: string, entity: string, was: SeenRow | undefined, is: SeenRow | undefined) =>
    db.audit.push({
      id: db.audit.length + 1,
      at,
      actor: ACTOR,
      action,
      entity,
      entity_id: (is ?? was)?.id ?? null,
      old: was?.values ?? null,
      new: is?.values ?? null,
    });
  for (const [entity, rows] of now) {
    const before = seen.get(entity) ?? new Map<string, SeenRow>();
    for (const [key, row] of rows) {
      const was = before.get(key);
      if (!was) log('insert', entity, undefined, row);
      else if (was.text !== row.text) log('update', entity, was, row);
    }
    for (const [key, was] of before) if (!rows.has(key)) log('delete', entity, was, undefined);
  }
  seen = now;
}

function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** All values of an insert or a delete, the different ones of an update (audit.rs `changes`). */
function changesOf(rec: AuditRecord): AuditRow['changes'] {
  const fields = [...new Set([...Object.keys(rec.old ?? {}), ...Object.keys(rec.new ?? {})])];
  return fields.flatMap((field) => {
    const old = valueText(rec.old?.[field]);
    const next = valueText(rec.new?.[field]);
    return old === next ? [] : [{ field, old, new: next }];
  });
}

function auditRow(rec: AuditRecord): AuditRow {
  const label = (list: Record<string, string>, key: string) => list[key] ?? key;
  return {
    id: rec.id,
    at: rec.at,
    at_label: formatStamp(rec.at),
    actor: rec.actor,
    action: rec.action,
    action_label: label(choices.auditAction, rec.action),
    entity: rec.entity,
    entity_label: label(choices.auditEntity, rec.entity),
    entity_id: rec.entity_id,
    changes: changesOf(rec),
  };
}

/** The log's rows a filter keeps, newest first; wrong dates are refused beside their fields. */
function auditRows(f: AuditFilter): AuditRecord[] {
  usable();
  syncAudit();
  const check = new Check();
  const from = parseDate('start_date', f.from, check);
  const to = parseDate('end_date', f.to, check);
  check.finish();
  return db.audit
    .filter(
      (r) =>
        (!f.entity || r.entity === f.entity) &&
        (!f.action || r.action === f.action) &&
        (from === null || r.at >= from) &&
        (to === null || r.at <= `${to}T99`) &&
        matchesTerms(fold(`${JSON.stringify(r.old ?? '')} ${JSON.stringify(r.new ?? '')}`), f.text),
    )
    .reverse();
}

export async function searchAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRow>> {
  const rows = auditRows(filter);
  const size = Math.min(Math.max(1, page.page_size), 500);
  const number = Math.max(1, page.page);
  return { items: rows.slice((number - 1) * size, number * size).map(auditRow), total: rows.length, page: number, page_size: size };
}

export async function exportAudit(filter: AuditFilter): Promise<ExportedFile> {
  auditRows(filter);
  await sleep(80);
  const t = todayJalali();
  return { path: `${EXPORTS}/audit-${t.year}-${pad2(t.month)}-${pad2(t.day)}.xlsx`, busy: null };
}

// ---------------------------------------------------------------------------
// Starting

const SMALL_SAMPLE: DemoConfig = { coops: 40, people: 300, seed: 1404 };
const SAMPLE: DemoConfig = { coops: 200, people: 4000, seed: 1404 };

/** Starts over with an empty registry (tests of the stand-in itself). */
export function resetForTests(seeded = false, rounds = false): void {
  backups = [];
  savedFiles.clear();
  cannedFiles.clear();
  damaged = false;
  if (seeded) loadSample(generate(SMALL_SAMPLE, rounds), SMALL_SAMPLE);
  else useData(emptyRegistry());
  dailyIfDue();
}

/** The database is found damaged, as at a start that failed its check; without backups when they were lost too. */
export function damageForTests(withBackups = true): void {
  damaged = true;
  if (!withBackups) backups = [];
}

// Opening the page with `?standin=seeded` starts with the sample data
// already loaded, past the first-run page; `?standin=damaged` with a
// damaged database and the backups of the days before. Last, so that every
// table the generator reads is defined.
switch (typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('standin')) {
  case 'seeded':
    loadSample(generate(SAMPLE), SAMPLE);
    earlierBackups(SAMPLE);
    break;
  case 'damaged':
    earlierBackups(SAMPLE);
    damaged = true;
    break;
  default:
    useData(db);
}
if (!damaged) dailyIfDue();

