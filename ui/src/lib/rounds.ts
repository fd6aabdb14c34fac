// Rules of referral rounds the screens follow before asking the core:
// which moves a round and a referral offer, what each move asks for, how
// a score is worded and how the quota meter is drawn. The core checks
// everything again; these only decide what the clerk is shown.
import type { QuotaView, ReferralStatus, RoundStatus, ScorePart } from './bindings';
import { isErrorBody } from './errors';
import { toPersianDigits } from './format';
import { strings } from './strings';

/** A round's lifecycle, as `RoundStatus::next()` in the core. */
export const ROUND_NEXT: Readonly<Record<RoundStatus, readonly RoundStatus[]>> = {
  draft: ['locked'],
  locked: ['sent', 'draft'],
  sent: ['reconciled'],
  reconciled: [],
};

/** A referral's lifecycle, as `ReferralStatus::next()` in the core (model.rs). */
export const REFERRAL_NEXT: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  proposed: ['sent', 'removed'],
  removed: ['proposed'],
  sent: ['enrolled', 'waitlisted', 'declined', 'withdrawn'],
  waitlisted: ['enrolled', 'declined', 'withdrawn'],
  enrolled: ['attended_full', 'attended_partial', 'no_show', 'withdrawn'],
  attended_full: ['passed', 'failed'],
  attended_partial: ['passed', 'failed'],
  passed: ['certified'],
  declined: [],
  withdrawn: [],
  no_show: [],
  failed: [],
  certified: [],
};

/** What a round's button does. */
export type RoundStep = 'build' | 'lock' | 'unlock' | 'send' | 'reconcile';

export interface RoundAction {
  step: RoundStep;
  /** The status the step moves the round to; `null` for building the list. */
  to: RoundStatus | null;
  label: string;
  primary: boolean;
  /** What the step asks before it runs. */
  asks: 'nothing' | 'reason' | 'letter';
}

const STEP_OF: Record<string, RoundStep> = {
  'draft>locked': 'lock',
  'locked>sent': 'send',
  'locked>draft': 'unlock',
  'sent>reconciled': 'reconcile',
};

/** The buttons a round in `status` shows: building while draft, then each move the lifecycle allows. */
export function roundActions(status: RoundStatus): RoundAction[] {
  const S = strings.rounds;
  const actions: RoundAction[] = [];
  if (status === 'draft') {
    actions.push({ step: 'build', to: null, label: S.build, primary: false, asks: 'nothing' });
  }
  for (const to of ROUND_NEXT[status]) {
    const step = STEP_OF[`${status}>${to}`];
    actions.push({
      step,
      to,
      label: S[step],
      primary: step !== 'unlock',
      asks: step === 'unlock' ? 'reason' : step === 'send' ? 'letter' : 'nothing',
    });
  }
  return actions;
}

/** People can be added and removed only while the round is a draft. */
export function editsList(status: RoundStatus): boolean {
  return status === 'draft';
}

/** The sheet, the letter, the sign-in sheets and the email, once the list is frozen. */
export function hasOutputs(status: RoundStatus): boolean {
  return status !== 'draft';
}

/** What the TVTO reports is recorded once the round has been sent. */
export function recordsResults(status: RoundStatus): boolean {
  return status === 'sent' || status === 'reconciled';
}

/**
 * The statuses the clerk may record for a referral: its next ones in the
 * lifecycle, without the proposal's own moves (sending goes with the
 * round, removing only while it is a draft).
 */
export function referralMoves(status: ReferralStatus): ReferralStatus[] {
  return REFERRAL_NEXT[status].filter((s) => s !== 'sent' && s !== 'removed' && s !== 'proposed');
}

/** Whether the TVTO's answer can be recorded for a referral in this status. */
export function isRecordable(status: ReferralStatus): boolean {
  return status !== 'proposed' && status !== 'removed';
}

/** Whether a referral holds a seat: not removed, declined or withdrawn (the core's `holds_seat`). */
export function holdsSeat(status: ReferralStatus): boolean {
  return status !== 'removed' && status !== 'declined' && status !== 'withdrawn';
}

/** A rejection the clerk may retry with a reason for going over a limit. */
export function isQuotaExceeded(error: unknown): boolean {
  return isErrorBody(error) && error.code === 'quota_exceeded';
}

/** `نیاز سطح ۵: +۵۰، متقاضی: +۲۰، …`, as the core's `explain`. */
export function explainScore(parts: readonly ScorePart[]): string {
  return parts
    .map((p) => `${p.label}: ${p.points < 0 ? '−' : '+'}${toPersianDigits(String(Math.abs(p.points)))}`)
    .join(strings.common.listSeparator);
}

/**
 * The columns a round's list and its candidates share: rank, who, from
 * which cooperative, for which course, and the score with its reasons;
 * then `more`, and a last column of buttons.
 */
export function personColumns(...more: string[]): Array<{ label: string; num?: boolean; hidden?: boolean }> {
  const C = strings.rounds.personColumns;
  return [
    { label: C.rank, num: true },
    { label: C.name },
    { label: C.nationalCode },
    { label: C.org },
    { label: C.course },
    { label: C.score },
    ...more.map((label) => ({ label })),
    { label: C.actions, hidden: true },
  ];
}

export interface MeterBar {
  /** Percent of the bar's width, 0–100. */
  used: number;
  reserved: number;
  /** `over` when more than the quota is taken, `warn` from 90 %. */
  level: 'ok' | 'warn' | 'over';
}

/** The share at which the meter warns, as the core's `WARN_PERCENT`. */
export const WARN_PERCENT = 90;

/** How the quota meter's bar is drawn: used, then reserved, never past the end. */
export function meterBar(q: Pick<QuotaView, 'quota' | 'used' | 'reserved' | 'remaining' | 'percent'>): MeterBar {
  const part = (n: number) => (q.quota > 0 ? Math.max(0, Math.min(100, (n * 100) / q.quota)) : n > 0 ? 100 : 0);
  const used = part(q.used);
  const reserved = Math.min(100 - used, part(q.reserved));
  const level = q.remaining < 0 ? 'over' : q.percent >= WARN_PERCENT ? 'warn' : 'ok';
  return { used, reserved, level };
}
