import { describe, expect, it } from 'vitest';
import type { NeedStatus } from '../bindings';
import {
  NEXT_STATUSES,
  acceptsNominees,
  canMove,
  formatMonthInput,
  monthValue,
  movedOrder,
  needsReason,
  nomineeRoom,
  parseCount,
  parseMonthText,
  statusActions,
} from '../needs';

describe('lifecycle actions', () => {
  it('offers only the moves the core allows, in its order', () => {
    const to = (s: NeedStatus) => statusActions(s).map((a) => a.to);
    expect(to('draft')).toEqual(['submitted', 'deferred', 'rejected']);
    expect(to('submitted')).toEqual(['approved', 'draft', 'deferred', 'rejected']);
    expect(to('approved')).toEqual(['planned', 'deferred']);
    expect(to('planned')).toEqual(['fulfilled', 'approved', 'deferred']);
    expect(to('deferred')).toEqual(['submitted']);
    expect(to('fulfilled')).toEqual([]);
    expect(to('rejected')).toEqual([]);
  });

  it('asks for a reason when deferring or rejecting, and a count when approving', () => {
    const [approve, , defer, reject] = statusActions('submitted');
    expect(approve).toMatchObject({ to: 'approved', needsCount: true, needsReason: false, label: 'تصویب' });
    expect(defer).toMatchObject({ needsReason: true, needsCount: false });
    expect(reject).toMatchObject({ needsReason: true, label: 'رد' });
    expect(needsReason('submitted')).toBe(false);
  });

  it('words a step back differently from a step forward', () => {
    expect(statusActions('planned').find((a) => a.to === 'approved')?.label).toBe('بازگشت به مصوب');
    expect(statusActions('deferred')[0].label).toBe('ارسال دوباره');
    expect(statusActions('submitted').find((a) => a.to === 'draft')?.label).toBe('بازگشت به پیش‌نویس');
  });

  it('never lists a status as its own next one', () => {
    for (const [from, next] of Object.entries(NEXT_STATUSES)) expect(next).not.toContain(from);
  });
});

describe('nominees', () => {
  it('are taken only on approved or planned lines, up to the approved count', () => {
    expect(acceptsNominees('approved')).toBe(true);
    expect(acceptsNominees('planned')).toBe(true);
    expect(acceptsNominees('submitted')).toBe(false);
    expect(acceptsNominees('fulfilled')).toBe(false);
    expect(nomineeRoom({ approved: 3, nominees: 1 })).toBe(2);
    expect(nomineeRoom({ approved: 2, nominees: 2 })).toBe(0);
    expect(nomineeRoom({ approved: null, nominees: 0 })).toBe(0);
  });

  it('reads a typed head-count in any digits', () => {
    expect(parseCount('۸')).toBe(8);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('٣')).toBe(3);
    expect(parseCount('دو')).toBeNull();
    expect(parseCount('')).toBeNull();
    expect(parseCount('2.5')).toBeNull();
  });
});

describe('target month', () => {
  it('reads the forms a clerk types', () => {
    expect(parseMonthText('1404/09')).toEqual({ year: 1404, month: 9 });
    expect(parseMonthText('۱۴۰۴/۹')).toEqual({ year: 1404, month: 9 });
    expect(parseMonthText(' 1404-12 ')).toEqual({ year: 1404, month: 12 });
    expect(parseMonthText('١٤٠٥.١')).toEqual({ year: 1405, month: 1 });
  });

  it('refuses what the core would refuse', () => {
    expect(parseMonthText('1404/13')).toBeNull();
    expect(parseMonthText('1404/0')).toBeNull();
    expect(parseMonthText('1299/05')).toBeNull();
    expect(parseMonthText('1404/09/01')).toBeNull();
    expect(parseMonthText('آذر')).toBeNull();
  });

  it('writes a month the way the field shows it', () => {
    expect(formatMonthInput(1404, 9)).toBe('۱۴۰۴/۰۹');
    expect(formatMonthInput(1405, 11)).toBe('۱۴۰۵/۱۱');
    expect(monthValue({ target_year: 1404, target_month: 7 })).toBe('۱۴۰۴/۰۷');
    expect(monthValue({ target_year: null, target_month: null })).toBe('');
  });

  it('round-trips through the parser', () => {
    for (let month = 1; month <= 12; month++) {
      expect(parseMonthText(formatMonthInput(1404, month))).toEqual({ year: 1404, month });
    }
  });
});

describe('roadmap order', () => {
  const line = (id: number, month: number | null) => ({
    id,
    target_year: month === null ? null : 1404,
    target_month: month,
  });
  const lines = [line(10, 9), line(11, 9), line(12, 10), line(13, null), line(14, null)];

  it('moves a line only past a neighbour of the same month', () => {
    expect(canMove(lines, 1, -1)).toBe(true);
    expect(canMove(lines, 0, 1)).toBe(true);
    expect(canMove(lines, 1, 1)).toBe(false);
    expect(canMove(lines, 2, -1)).toBe(false);
    expect(canMove(lines, 4, -1)).toBe(true);
  });

  it('stops at either end', () => {
    expect(canMove(lines, 0, -1)).toBe(false);
    expect(canMove(lines, 4, 1)).toBe(false);
    expect(canMove([], 0, 1)).toBe(false);
  });

  it('gives the full new order for the core', () => {
    expect(movedOrder(lines, 1, -1)).toEqual([11, 10, 12, 13, 14]);
    expect(movedOrder(lines, 3, 1)).toEqual([10, 11, 12, 14, 13]);
    expect(movedOrder(lines, 2, 1)).toBeNull();
    // The input is left as it was.
    expect(lines.map((l) => l.id)).toEqual([10, 11, 12, 13, 14]);
  });
});
