// All display formatting lives here: Persian digits, numbers with
// separators, Jalali dates, page lines. Components never format by hand.
import { choices, strings, type ChoiceList } from './strings';

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Replaces ASCII digits with Persian ones (U+06F0–U+06F9). */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
}

/**
 * Replaces Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits
 * with ASCII ones. Only for reading what the clerk typed into UI helpers
 * (the calendar); values sent to the core go as typed.
 */
export function toLatinDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

const numberFormat = new Intl.NumberFormat('fa-IR', { useGrouping: true, maximumFractionDigits: 0 });

/** `1000` → `۱٬۰۰۰`. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

const decimalFormat = new Intl.NumberFormat('fa-IR', { useGrouping: true, maximumFractionDigits: 1 });

/** A figure the core rounded to one decimal: `52.5` → `۵۲٫۵`, `52` → `۵۲`. */
export function formatDecimal(value: number): string {
  return decimalFormat.format(value);
}

/** A rate in percent as the core rounded it: `45.5` → `۴۵٫۵٪`. */
export function formatRate(value: number): string {
  return strings.quota.percent(formatDecimal(value));
}

/** A number that may be missing; a dash stands for "not recorded". */
export function formatOptionalNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? strings.common.empty : formatNumber(value);
}

/**
 * A code, phone number or other digit string, shown in Persian digits without
 * separators (leading zeros matter). Missing values become a dash.
 */
export function formatDigits(value: string | null | undefined): string {
  return value ? toPersianDigits(value) : strings.common.empty;
}

/** Free text as stored, or a dash when missing. */
export function formatText(value: string | null | undefined): string {
  return value && value.trim() !== '' ? value : strings.common.empty;
}

/**
 * A reason or note as written, with its digits in Persian (letter numbers
 * come back as typed); a dash when missing.
 */
export function formatNote(value: string | null | undefined): string {
  return value && value.trim() !== '' ? toPersianDigits(value) : strings.common.empty;
}

/** A `*_jalali` field (`1404/08/25`) as `۱۴۰۴/۰۸/۲۵`; a dash when missing. */
export function formatJalali(jalali: string | null | undefined): string {
  return jalali ? toPersianDigits(jalali) : strings.common.empty;
}

/** Whole percent of work done, `۴۵٪`; clamped to 0–100. */
export function formatPercent(done: number, total: number): string {
  return `${formatNumber(percentOf(done, total))}٪`;
}

export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((done * 100) / total)));
}

/** How many pages `total` rows fill; an empty list still has one page. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/**
 * «صفحهٔ ۱ از ۲۰ — ۱٬۰۰۰ مورد»; when the core stopped counting
 * (`capped`), «صفحهٔ ۱ — بیش از ۱٬۰۰۰ مورد».
 */
export function formatPageInfo(page: number, pageSize: number, total: number, capped = false): string {
  if (capped) return strings.common.pageInfoCapped(formatNumber(page), formatNumber(total));
  return strings.common.pageInfo(
    formatNumber(page),
    formatNumber(pageCount(total, pageSize)),
    formatNumber(total),
  );
}

/** The Persian label of a choice key; unknown keys are shown as they are. */
export function choiceLabel(list: ChoiceList, key: string | null | undefined): string {
  if (!key) return strings.common.empty;
  const labels: Record<string, string> = choices[list];
  return labels[key] ?? key;
}

/** Options for a select built from a choice list, in the list's order. */
export function choiceOptions(list: ChoiceList): Array<{ value: string; label: string }> {
  return Object.entries(choices[list]).map(([value, label]) => ({ value, label }));
}

/** `true` → «بله», `false` → «خیر». */
export function formatYesNo(value: boolean): string {
  return value ? strings.common.yes : strings.common.no;
}

const stampFormat = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Tehran',
});

/**
 * A stored UTC time stamp (`2025-11-16T07:30:00.000Z`) as Tehran's Jalali
 * date and time, `۱۴۰۴/۰۸/۲۵ ۱۱:۰۰`; a dash when missing or unreadable.
 */
export function formatStamp(stamp: string | null | undefined): string {
  if (!stamp) return strings.common.empty;
  const date = new Date(stamp);
  if (Number.isNaN(date.getTime())) return strings.common.empty;
  const parts = stampFormat.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return toPersianDigits(`${get('year')}/${get('month')}/${get('day')} ${get('hour')}:${get('minute')}`);
}

const persianDay = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'UTC',
});

/**
 * A stored day (`2025-11-16`) as its Jalali date, `۱۴۰۴/۰۸/۲۵`; anything
 * that is not such a day comes back as `null`.
 */
export function formatIsoDay(iso: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return null;
  const parts = persianDay.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return toPersianDigits(`${get('year')}/${get('month')}/${get('day')}`);
}

const sizeFormat = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 });

/** A file's size in the largest unit that keeps it at 1 or more: `۱٫۵ مگابایت`. */
export function formatSize(bytes: number): string {
  const units = strings.common.fileSize;
  const steps = [units.bytes, units.kilobytes, units.megabytes, units.gigabytes];
  let value = Math.max(0, bytes);
  let step = 0;
  while (value >= 1024 && step < steps.length - 1) {
    value /= 1024;
    step += 1;
  }
  return steps[step](step === 0 ? formatNumber(value) : sizeFormat.format(value));
}

/** A TVTO code or other code as written, digits in Persian; a dash when missing. */
export function formatCode(code: string | null | undefined): string {
  return formatDigits(code);
}

/** A quota amount with its unit, `۶۰۰ نفر`. */
export function formatAmount(value: number, unit: string): string {
  return strings.quota.amount(formatNumber(value), unit);
}

/** A share in percent as stored (`30`, `30.5`), `۳۰٪`. */
export function formatShare(value: number): string {
  return strings.quota.percent(toPersianDigits(String(value)));
}

/** A need line's target month (`آذر ۱۴۰۴`, as the core labels it) or a dash. */
export function formatTargetMonth(label: string | null | undefined): string {
  return label ? toPersianDigits(label) : strings.common.empty;
}

/** «۱ از ۲ نفر مصوب»: nominees named against the approved head-count. */
export function formatNomineeCount(count: number, approved: number | null): string {
  return strings.coopNeeds.nomineesCount(formatNumber(count), formatNumber(approved ?? 0));
}

/** The need level, 1–5, for a select: «۱ (کم)» … «۵ (بسیار زیاد)». */
export function needLevelOptions(): Array<{ value: string; label: string }> {
  return [1, 2, 3, 4, 5].map((level) => {
    const note = level === 1 ? strings.coopNeeds.levelLow : level === 5 ? strings.coopNeeds.levelHigh : null;
    const digits = formatNumber(level);
    return { value: String(level), label: note ? `${digits} (${note})` : digits };
  });
}
