// Rules of need lines the screens follow before asking the core: which
// status changes a line offers, what each change asks for, the target month
// as typed, and moving lines within a roadmap. The core checks everything
// again; these only decide what the clerk is shown.
import type { NeedStatus, NeedView } from './bindings';
import { toLatinDigits, toPersianDigits } from './format';
import { strings } from './strings';

/** The statuses a line may move to, as the core's lifecycle allows. */
export const NEXT_STATUSES: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
  draft: ['submitted', 'deferred', 'rejected'],
  submitted: ['approved', 'draft', 'deferred', 'rejected'],
  approved: ['planned', 'deferred'],
  planned: ['fulfilled', 'approved', 'deferred'],
  deferred: ['submitted'],
  fulfilled: [],
  rejected: [],
};

export interface StatusAction {
  to: NeedStatus;
  /** The button's words. */
  label: string;
  /** Deferring and rejecting need a reason. */
  needsReason: boolean;
  /** Approving sets the approved head-count. */
  needsCount: boolean;
}

export function needsReason(to: NeedStatus): boolean {
  return to === 'deferred' || to === 'rejected';
}

/** The buttons a line in `status` shows, in the lifecycle's order. */
export function statusActions(status: NeedStatus): StatusAction[] {
  return NEXT_STATUSES[status].map((to) => ({
    to,
    label: actionLabel(status, to),
    needsReason: needsReason(to),
    needsCount: to === 'approved',
  }));
}

function actionLabel(from: NeedStatus, to: NeedStatus): string {
  if (from === 'planned' && to === 'approved') return strings.coopNeeds.backToApproved;
  if (from === 'deferred' && to === 'submitted') return strings.coopNeeds.resubmit;
  return strings.coopNeeds.action[to];
}

/** Whether people may be named for the line: only once it is approved. */
export function acceptsNominees(status: NeedStatus): boolean {
  return status === 'approved' || status === 'planned';
}

/** Room left under the approved head-count. */
export function nomineeRoom(line: Pick<NeedView, 'approved' | 'nominees'>): number {
  return Math.max(0, (line.approved ?? 0) - line.nominees);
}

/**
 * Reads a Jalali year and month as typed: `1404/09`, `۱۴۰۴/۹`, `1404-9`.
 * `null` for anything else, including a month outside 1–12 or a year
 * outside 1300–1500 (as the core would refuse).
 */
export function parseMonthText(text: string): { year: number; month: number } | null {
  const match = /^\s*(\d{4})\s*[/\-.\u066B\u060C ]\s*(\d{1,2})\s*$/.exec(toLatinDigits(text));
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 1300 || year > 1500 || month < 1 || month > 12) return null;
  return { year, month };
}

/** `1404, 9` → `۱۴۰۴/۰۹`, the form the month field shows. */
export function formatMonthInput(year: number, month: number): string {
  return toPersianDigits(`${year}/${String(month).padStart(2, '0')}`);
}

/** The month field's text for a stored line; empty when it has none. */
export function monthValue(line: Pick<NeedView, 'target_year' | 'target_month'>): string {
  return line.target_year !== null && line.target_month !== null
    ? formatMonthInput(line.target_year, line.target_month)
    : '';
}

function sameMonth(a: Pick<NeedView, 'target_year' | 'target_month'>, b: Pick<NeedView, 'target_year' | 'target_month'>) {
  return a.target_year === b.target_year && a.target_month === b.target_month;
}

/**
 * Whether the line at `index` can move one place up (`-1`) or down (`1`).
 * The roadmap is ordered by target month first, so a line only trades
 * places with a neighbour of the same month.
 */
export function canMove(
  lines: ReadonlyArray<Pick<NeedView, 'target_year' | 'target_month'>>,
  index: number,
  delta: -1 | 1,
): boolean {
  const other = index + delta;
  if (index < 0 || index >= lines.length || other < 0 || other >= lines.length) return false;
  return sameMonth(lines[index], lines[other]);
}

/** The ids in their new order after a move, or `null` when it cannot be made. */
export function movedOrder(
  lines: ReadonlyArray<Pick<NeedView, 'id' | 'target_year' | 'target_month'>>,
  index: number,
  delta: -1 | 1,
): number[] | null {
  if (!canMove(lines, index, delta)) return null;
  const ids = lines.map((l) => l.id);
  [ids[index], ids[index + delta]] = [ids[index + delta], ids[index]];
  return ids;
}

/** A head-count typed in any digits (`۸`, `8`); `null` when it is not a whole number. */
export function parseCount(text: string): number | null {
  const digits = toLatinDigits(text).trim();
  return /^\d+$/.test(digits) ? Number(digits) : null;
}
