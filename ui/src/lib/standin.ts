// In-memory stand-in for the Rust side, so the UI runs in a plain browser
// (`vite dev`, the Chromium UI tests). It answers the same calls with the
// same shapes and mirrors the core's rules loosely: ی/ک folding in search,
// the national code and national ID checksums, uniqueness, Persian order.
// Its Persian messages copy the core's (crates/core/src/error.rs). Jalali
// dates come from the browser's own Persian calendar (Intl), not from a
// hand-written algorithm. Only api.ts imports this module.
import type {
  Counts,
  DemoConfig,
  DemoSummary,
  ErrorBody,
  FieldMessage,
  MembershipInput,
  MembershipView,
  NamedItem,
  NamedList,
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
  Role,
} from './bindings';
import type { AppInfo, MonthGrid, StartState } from './api';
import { parseJalaliText, type JalaliDay } from './dates';
import { toLatinDigits, toPersianDigits } from './format';
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
};

type FieldKey = keyof typeof fieldLabels;

function fieldMessage(field: FieldKey, value: string, what: string): FieldMessage {
  const shown = value.trim();
  const label = fieldLabels[field];
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

  add(field: FieldKey, value: string, what: string): void {
    this.errors.push(fieldMessage(field, value, what));
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

function emptyRegistry(): Registry {
  let id = 1;
  const named = (names: string[]) => names.map((name) => ({ id: id++, name, active: true }));
  const county = named(COUNTIES);
  const orientation = named(ORIENTATIONS);
  return { started: false, people: [], orgs: [], memberships: [], unionMembers: [], county, orientation, nextId: id };
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

function generate(config: DemoConfig): Registry {
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
  return reg;
}

// Opening the page with `?standin=seeded` starts with the sample data
// already loaded, past the first-run page.
if (typeof location !== 'undefined' && new URLSearchParams(location.search).get('standin') === 'seeded') {
  db = generate({ coops: 200, people: 4000, seed: 1404 });
}

// ---------------------------------------------------------------------------
// The calls, as api.ts names them

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function appInfo(): Promise<AppInfo> {
  return { name: 'Taavon Training Desk', version: '0.1.0', db_path: null };
}

function currentCounts(): Counts {
  return {
    cooperatives: db.orgs.filter((o) => o.kind === 'cooperative').length,
    unions: db.orgs.filter((o) => o.kind === 'union').length,
    people: db.people.length,
    memberships: db.memberships.length,
  };
}

export async function startState(): Promise<StartState> {
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
  db = generate(config);
  const counts = currentCounts();
  return { ...counts, union_memberships: db.unionMembers.length, need_lines: 0, nominees: 0 };
}

export async function counts(): Promise<Counts> {
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

/** Starts over with an empty registry (tests of the stand-in itself). */
export function resetForTests(seeded = false): void {
  db = seeded ? generate({ coops: 40, people: 300, seed: 1404 }) : emptyRegistry();
}
