import { describe, expect, it } from 'vitest';
import type { ReferralStatus, RoundStatus } from '../bindings';
import {
  REFERRAL_NEXT,
  ROUND_NEXT,
  editsList,
  explainScore,
  hasOutputs,
  holdsSeat,
  isQuotaExceeded,
  isRecordable,
  meterBar,
  personColumns,
  recordsResults,
  referralMoves,
  roundActions,
} from '../rounds';

const ROUND_STATUSES: RoundStatus[] = ['draft', 'locked', 'sent', 'reconciled'];
const REFERRAL_STATUSES = Object.keys(REFERRAL_NEXT) as ReferralStatus[];

describe('round lifecycle', () => {
  it('offers building and locking while draft, sending or going back when locked, reconciling when sent', () => {
    const steps = (s: RoundStatus) => roundActions(s).map((a) => [a.step, a.to, a.asks]);
    expect(steps('draft')).toEqual([
      ['build', null, 'nothing'],
      ['lock', 'locked', 'nothing'],
    ]);
    expect(steps('locked')).toEqual([
      ['send', 'sent', 'letter'],
      ['unlock', 'draft', 'reason'],
    ]);
    expect(steps('sent')).toEqual([['reconcile', 'reconciled', 'nothing']]);
    expect(steps('reconciled')).toEqual([]);
  });

  it('labels each step in Persian; going back is not the primary step', () => {
    expect(roundActions('draft').map((a) => a.label)).toEqual(['ساخت خودکار فهرست', 'قفل نوبت']);
    const [send, unlock] = roundActions('locked');
    expect(send).toMatchObject({ label: 'ارسال', primary: true });
    expect(unlock).toMatchObject({ label: 'بازگشت به پیش‌نویس', primary: false });
  });

  it('moves only to the statuses the core allows', () => {
    for (const s of ROUND_STATUSES) {
      expect(roundActions(s).flatMap((a) => (a.to ? [a.to] : []))).toEqual([...ROUND_NEXT[s]]);
    }
  });

  it('edits the list only while draft, gives outputs once frozen, records results once sent', () => {
    expect(ROUND_STATUSES.filter(editsList)).toEqual(['draft']);
    expect(ROUND_STATUSES.filter(hasOutputs)).toEqual(['locked', 'sent', 'reconciled']);
    expect(ROUND_STATUSES.filter(recordsResults)).toEqual(['sent', 'reconciled']);
  });
});

describe('referral lifecycle', () => {
  it('mirrors ReferralStatus::next() in the core', () => {
    expect(REFERRAL_NEXT).toEqual({
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
    });
    for (const [from, next] of Object.entries(REFERRAL_NEXT)) expect(next).not.toContain(from);
  });

  it('lets the clerk record only what the TVTO reports, never the proposal’s own moves', () => {
    expect(referralMoves('proposed')).toEqual([]);
    expect(referralMoves('removed')).toEqual([]);
    expect(referralMoves('sent')).toEqual(['enrolled', 'waitlisted', 'declined', 'withdrawn']);
    expect(referralMoves('attended_partial')).toEqual(['passed', 'failed']);
    expect(referralMoves('passed')).toEqual(['certified']);
    expect(referralMoves('certified')).toEqual([]);
    for (const s of REFERRAL_STATUSES) {
      expect(referralMoves(s).every((to) => REFERRAL_NEXT[s].includes(to))).toBe(true);
    }
  });

  it('knows which referrals can be recorded and which hold a seat', () => {
    expect(REFERRAL_STATUSES.filter((s) => !isRecordable(s))).toEqual(['proposed', 'removed']);
    expect(REFERRAL_STATUSES.filter((s) => !holdsSeat(s))).toEqual(['removed', 'declined', 'withdrawn']);
  });
});

describe('refusals', () => {
  it('tells a limit the clerk may pass with a reason from any other refusal', () => {
    expect(isQuotaExceeded({ code: 'quota_exceeded', message: 'ظرفیت این نوبت پر است.', fields: [] })).toBe(true);
    expect(isQuotaExceeded({ code: 'refused', message: 'x', fields: [] })).toBe(false);
    expect(isQuotaExceeded(new Error('quota_exceeded'))).toBe(false);
  });
});

describe('scores', () => {
  it('are worded as the core words them, with a true minus for points taken off', () => {
    expect(
      explainScore([
        { key: 'need_level', label: 'نیاز سطح ۵', points: 50 },
        { key: 'self_applied', label: 'متقاضی', points: 20 },
        { key: 'fairness', label: '۲ نفر دیگر از همین تعاونی در نوبت', points: -16 },
      ]),
    ).toBe('نیاز سطح ۵: +۵۰، متقاضی: +۲۰، ۲ نفر دیگر از همین تعاونی در نوبت: −۱۶');
    expect(explainScore([])).toBe('');
  });

  it('are shown in the same columns in a round’s list and among its candidates', () => {
    const candidates = personColumns();
    const list = personColumns('وضعیت');
    expect(candidates.map((c) => c.label)).toEqual(['رتبه', 'نام و نام خانوادگی', 'کد ملی', 'تعاونی', 'دوره', 'امتیاز', 'کارها']);
    expect(list.slice(0, 6)).toEqual(candidates.slice(0, 6));
    expect(list[6]).toEqual({ label: 'وضعیت' });
    expect(list.at(-1)).toEqual({ label: 'کارها', hidden: true });
    expect(candidates[0].num).toBe(true);
  });
});

describe('quota meter', () => {
  const q = (used: number, reserved: number, quota = 600) => {
    const remaining = quota - used - reserved;
    return { quota, used, reserved, remaining, percent: quota > 0 ? Math.floor(((used + reserved) * 100) / quota) : 100 };
  };

  it('draws used, then reserved, as shares of the quota', () => {
    expect(meterBar(q(150, 60))).toEqual({ used: 25, reserved: 10, level: 'ok' });
  });

  it('warns from 90 %, and marks a quota gone over', () => {
    expect(meterBar(q(500, 40)).level).toBe('warn');
    expect(meterBar(q(539, 0)).level).toBe('ok');
    const over = meterBar(q(580, 60));
    expect(over.level).toBe('over');
    expect(over.used + over.reserved).toBe(100);
  });

  it('never draws past the end, even without a quota', () => {
    expect(meterBar(q(700, 10))).toEqual({ used: 100, reserved: 0, level: 'over' });
    expect(meterBar(q(0, 0, 0))).toEqual({ used: 0, reserved: 0, level: 'warn' });
    expect(meterBar(q(1, 0, 0))).toMatchObject({ used: 100, level: 'over' });
  });
});
