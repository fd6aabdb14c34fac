import { describe, expect, it } from 'vitest';
import type { MonthGrid } from '../api';
import {
  calendarCells,
  formatJalaliInput,
  isDateFinished,
  isSameDay,
  isToday,
  parseJalaliMonth,
  parseJalaliText,
  shiftMonth,
  weeks,
} from '../dates';

describe('parseJalaliText', () => {
  const check = (input: string, expected: ReturnType<typeof parseJalaliText>) =>
    expect(parseJalaliText(input), input).toEqual(expected);

  it('reads every digit script and separator a clerk types', () => {
    const aban25 = { year: 1404, month: 8, day: 25 };
    check('1404/08/25', aban25);
    check('۱۴۰۴/۰۸/۲۵', aban25);
    check('١٤٠٤/٠٨/٢٥', aban25);
    check('1404-8-25', aban25);
    check(' 1404.08.25 ', aban25);
    check('۱۴۰۴/۸/۲۵', aban25);
  });

  it('refuses what is not a date', () => {
    check('', null);
    check('25/08/1404', null);
    check('1404/13/01', null);
    check('1404/00/10', null);
    check('1404/08/32', null);
    check('1404/08', null);
    check('فردا', null);
  });

  it('finds the month of a date with a wrong day', () => {
    expect(parseJalaliMonth('1404/12/31')).toEqual({ year: 1404, month: 12 });
    expect(parseJalaliMonth('۱۴۰۳/۰۱')).toEqual({ year: 1403, month: 1 });
    expect(parseJalaliMonth('1404/13')).toBeNull();
    expect(parseJalaliMonth('')).toBeNull();
  });
});

describe('isDateFinished', () => {
  it('waits for a year, a month and a day, right or wrong', () => {
    expect(isDateFinished('')).toBe(true);
    expect(isDateFinished('  ')).toBe(true);
    expect(isDateFinished('۱۴۰۴/۰۸/۲۵')).toBe(true);
    expect(isDateFinished('1404/13/01')).toBe(true);
    expect(isDateFinished('۱۴۰۴')).toBe(false);
    expect(isDateFinished('۱۴۰۴/۰۸')).toBe(false);
    expect(isDateFinished('۱۴۰۴/۰۸/')).toBe(false);
  });
});

describe('formatJalaliInput', () => {
  it('pads and writes Persian digits', () => {
    expect(formatJalaliInput({ year: 1404, month: 8, day: 25 })).toBe('۱۴۰۴/۰۸/۲۵');
    expect(formatJalaliInput({ year: 1403, month: 1, day: 5 })).toBe('۱۴۰۳/۰۱/۰۵');
  });

  it('reads back what it writes', () => {
    const day = { year: 1399, month: 12, day: 30 };
    expect(parseJalaliText(formatJalaliInput(day))).toEqual(day);
  });
});

describe('shiftMonth', () => {
  it('crosses year ends both ways', () => {
    expect(shiftMonth(1404, 12, 1)).toEqual({ year: 1405, month: 1 });
    expect(shiftMonth(1404, 1, -1)).toEqual({ year: 1403, month: 12 });
    expect(shiftMonth(1404, 8, 0)).toEqual({ year: 1404, month: 8 });
    expect(shiftMonth(1404, 8, -20)).toEqual({ year: 1402, month: 12 });
  });
});

function grid(firstWeekday: number, days: number, today = { year: 1404, month: 8, day: 25 }): MonthGrid {
  return {
    year: 1404,
    month: 8,
    month_name: 'آبان',
    days_in_month: days,
    first_weekday: firstWeekday,
    days: Array.from({ length: days }, (_, i) => ({ day: i + 1, iso: `2025-10-${23 + i}` })),
    today,
  };
}

describe('calendar cells', () => {
  it('starts the month on its weekday, Saturday first', () => {
    // 1 Aban 1404 was a Thursday: five blanks (Sat … Wed) before it.
    const cells = calendarCells(grid(5, 30));
    expect(cells.slice(0, 5).every((c) => c.day === null)).toBe(true);
    expect(cells[5].day).toBe(1);
    expect(cells.length % 7).toBe(0);
    expect(cells.filter((c) => c.day !== null)).toHaveLength(30);
    expect(new Set(cells.map((c) => c.key)).size).toBe(cells.length);
  });

  it('needs no blanks for a month starting on Saturday', () => {
    const cells = calendarCells(grid(0, 28));
    expect(cells).toHaveLength(28);
    expect(weeks(cells)).toHaveLength(4);
  });

  it('marks today and the chosen day', () => {
    const g = grid(5, 30);
    expect(isToday(g, 25)).toBe(true);
    expect(isToday(g, 24)).toBe(false);
    expect(isToday(grid(5, 30, { year: 1404, month: 9, day: 25 }), 25)).toBe(false);
    expect(isSameDay(g, 3, { year: 1404, month: 8, day: 3 })).toBe(true);
    expect(isSameDay(g, 3, { year: 1403, month: 8, day: 3 })).toBe(false);
    expect(isSameDay(g, 3, null)).toBe(false);
  });
});
