// Helpers for the Jalali date field and its calendar. They only read and
// write the text of the field; converting and validating dates is the
// core's work (values go to it as typed).
import type { MonthGrid } from './api';
import { toLatinDigits, toPersianDigits } from './format';

export interface JalaliDay {
  year: number;
  month: number;
  day: number;
}

/** A year, a month and a day, in any of the separators clerks type. */
const WHOLE_DATE = /^\s*(\d{4})\s*[/\-.\u066B\u060C ]\s*(\d{1,2})\s*[/\-.\u066B\u060C ]\s*(\d{1,2})\s*$/;

/**
 * Reads `1404/08/25`, `۱۴۰۴/۸/۲۵`, `١٤٠٤-٠٨-٢٥` or `1404.8.25` into its parts.
 * Returns `null` for anything else, including a month outside 1–12 or a day
 * outside 1–31 (the month's own length is the core's to check).
 */
export function parseJalaliText(text: string): JalaliDay | null {
  const match = WHOLE_DATE.exec(toLatinDigits(text));
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

/**
 * Whether a date field is left empty or holds a whole date (a year, a
 * month and a day, right or wrong). A filter asks the core only then, so
 * half a date being typed is not reported as wrong.
 */
export function isDateFinished(text: string): boolean {
  return text.trim() === '' || WHOLE_DATE.test(toLatinDigits(text));
}

/** The year and month a typed date names, even when its day is wrong. */
export function parseJalaliMonth(text: string): { year: number; month: number } | null {
  const match = /^\s*(\d{4})\s*[/\-.\u066B\u060C ]\s*(\d{1,2})/.exec(toLatinDigits(text));
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year, month } : null;
}

/** `{1404, 8, 25}` → `۱۴۰۴/۰۸/۲۵`, the form the date field shows. */
export function formatJalaliInput(date: JalaliDay): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return toPersianDigits(`${String(date.year).padStart(4, '0')}/${pad(date.month)}/${pad(date.day)}`);
}

/** The month `delta` months away, across year ends. */
export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** A calendar cell: a day of the month or a blank before the first day. */
export type CalendarCell = { key: string; day: number | null };

/**
 * The cells of a month laid out in weeks from Saturday: `first_weekday`
 * blanks, the days, then blanks to fill the last week.
 */
export function calendarCells(grid: MonthGrid): CalendarCell[] {
  const cells: CalendarCell[] = [];
  for (let i = 0; i < grid.first_weekday; i++) cells.push({ key: `lead-${i}`, day: null });
  for (const d of grid.days) cells.push({ key: `day-${d.day}`, day: d.day });
  let trail = 0;
  while (cells.length % 7 !== 0) cells.push({ key: `trail-${trail++}`, day: null });
  return cells;
}

/** Splits cells into rows of seven. */
export function weeks(cells: CalendarCell[]): Array<{ key: string; cells: CalendarCell[] }> {
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push({ key: `week-${i / 7}`, cells: cells.slice(i, i + 7) });
  return rows;
}

export function isToday(grid: MonthGrid, day: number): boolean {
  return grid.today.year === grid.year && grid.today.month === grid.month && grid.today.day === day;
}

export function isSameDay(grid: MonthGrid, day: number, chosen: JalaliDay | null): boolean {
  return chosen !== null && chosen.year === grid.year && chosen.month === grid.month && chosen.day === day;
}
