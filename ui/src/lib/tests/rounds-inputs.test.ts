import { describe, expect, it } from 'vitest';
import type { QuotaView, ReferralView, Settings } from '../bindings';
import { mapError } from '../form.svelte';
import {
  QUOTA_ALIASES,
  QUOTA_KEYS,
  REFERRAL_ALIASES,
  REFERRAL_KEYS,
  SETTINGS_KEYS,
  WEIGHT_KEYS,
  anyCandidate,
  emptyQuota,
  emptyRound,
  parseWeight,
  placeWeightErrors,
  quotaValues,
  referralValues,
  roundMove,
  settingsValues,
  toQuotaInput,
  toReferralUpdate,
  toRoundInput,
  toSendMove,
  toSettings,
  weightField,
} from '../inputs';

const settings: Settings = {
  office: 'اداره کل تعاون، کار و رفاه اجتماعی استان تهران',
  letterhead: 'وزارت تعاون، کار و رفاه اجتماعی',
  tvto_office: 'اداره کل آموزش فنی و حرفه‌ای استان تهران',
  tvto_email: '',
  signer_name: '',
  signer_title: 'معاون توسعه کارآفرینی و اشتغال',
  font: 'Tahoma',
  weights: { need_level: 10, self_applied: 20, never_trained: 15, per_month_waiting: 2, max_months: 12, small: 5, startup: 5, internet: 5, fairness: 8 },
  backup_dir: '',
  keep_daily: 14,
  keep_events: 10,
  feedback_days: 30,
  quota_warn_percent: 90,
};

describe('rounds', () => {
  it('sends the month as typed and empty optional fields as null', () => {
    expect(toRoundInput({ ...emptyRound(), month: '۱۴۰۵/۹' })).toEqual({ month: '۱۴۰۵/۹', capacity: null, title: null });
    expect(toRoundInput({ month: '1405/09', capacity: '۳۰', title: 'نوبت آذر' })).toEqual({ month: '1405/09', capacity: '۳۰', title: 'نوبت آذر' });
  });

  it('gives each round move only what its step needs', () => {
    expect(roundMove()).toEqual({ reason: '', letter_no: null, sent_on: null, override_reason: null });
    expect(roundMove({ override_reason: 'مصوبه' })).toEqual({ reason: '', letter_no: null, sent_on: null, override_reason: 'مصوبه' });
    expect(toSendMove({ letter_no: '۹۲۱۰/۱۴۰', sent_on: ' ' })).toEqual({ reason: '', letter_no: '۹۲۱۰/۱۴۰', sent_on: null, override_reason: null });
  });

  it('asks for every candidate, without those a rule keeps out', () => {
    expect(anyCandidate()).toEqual({ course_id: null, county_id: null, text: '', with_blocked: false, limit: 0 });
  });
});

describe('quota periods', () => {
  it('start with the shares the core assumes, in Persian digits', () => {
    expect(emptyQuota()).toMatchObject({ unit: 'seats', province_share: '۱۰۰', coop_share: '۳۰' });
  });

  it('open a stored period for changing, and send empty shares as null', () => {
    const view = { title: 'سهمیه نیمه دوم ۱۴۰۴', starts_on_jalali: '1404/07/01', ends_on_jalali: '1404/12/29', unit: 'hours', capacity: 2000, province_share: 100, coop_share: 30.5 } as QuotaView;
    const values = quotaValues(view);
    expect(values).toEqual({ title: 'سهمیه نیمه دوم ۱۴۰۴', starts_on: '۱۴۰۴/۰۷/۰۱', ends_on: '۱۴۰۴/۱۲/۲۹', unit: 'hours', capacity: '۲۰۰۰', province_share: '۱۰۰', coop_share: '۳۰.۵' });
    expect(toQuotaInput({ ...values, province_share: '', coop_share: ' ' })).toMatchObject({ province_share: null, coop_share: null, capacity: '۲۰۰۰' });
  });

  it('place the core’s date messages beside the period’s fields', () => {
    const error = { code: 'invalid_input', message: '', fields: [{ field: 'start_date', value: '', message: 'شروع' }, { field: 'end_date', value: '', message: 'پایان' }] };
    expect(mapError(error, QUOTA_KEYS, QUOTA_ALIASES).fields).toEqual({ starts_on: 'شروع', ends_on: 'پایان' });
  });
});

describe('referral results', () => {
  const sent = {
    status: 'sent',
    provider_id: 7,
    class_starts_on_jalali: '1404/09/10',
    class_ends_on_jalali: null,
    certificate_no: null,
    certificate_on_jalali: null,
  } as ReferralView;

  it('open with what is recorded so far, keeping the status', () => {
    expect(referralValues(sent)).toEqual({
      status: 'sent',
      reason: '',
      provider_id: '7',
      class_starts_on: '۱۴۰۴/۰۹/۱۰',
      class_ends_on: '',
      certificate_no: '',
      certificate_on: '',
    });
  });

  it('send the provider as its id, empties as null, and the reason to pass a full provider', () => {
    const values = { ...referralValues(sent), status: 'enrolled', provider_id: '', certificate_no: '۱۲۳' };
    expect(toReferralUpdate(values)).toEqual({
      status: 'enrolled',
      reason: '',
      provider_id: null,
      class_starts_on: '۱۴۰۴/۰۹/۱۰',
      class_ends_on: null,
      certificate_no: '۱۲۳',
      certificate_on: null,
      override_reason: null,
    });
    expect(toReferralUpdate(referralValues(sent), 'کلاس فوق‌العاده').override_reason).toBe('کلاس فوق‌العاده');
    expect(toReferralUpdate(referralValues(sent)).provider_id).toBe(7);
  });

  it('place the core’s provider message beside the provider', () => {
    const error = { code: 'invalid_input', message: '', fields: [{ field: 'provider', value: '', message: 'آموزشگاه' }] };
    expect(mapError(error, REFERRAL_KEYS, REFERRAL_ALIASES).fields).toEqual({ provider_id: 'آموزشگاه' });
  });
});

describe('settings', () => {
  it('show the weights in Persian digits and read them back in any digits', () => {
    const values = settingsValues(settings);
    expect(values.weights.need_level).toBe('۱۰');
    expect(values.weights.fairness).toBe('۸');
    values.weights.need_level = '١٢';
    values.weights.fairness = '8';
    const parsed = toSettings(values);
    expect('settings' in parsed && parsed.settings.weights).toMatchObject({ need_level: 12, fairness: 8, self_applied: 20 });
  });

  it('shows the waiting days and the quota share in Persian digits and reads them back', () => {
    const values = settingsValues(settings);
    expect([values.feedback_days, values.quota_warn_percent]).toEqual(['۳۰', '۹۰']);
    values.feedback_days = '٤٥';
    values.quota_warn_percent = 'هشتاد';
    expect(toSettings(values)).toEqual({ errors: { quota_warn_percent: 'باید عدد درست باشد، مثل ۱۰' } });
    values.quota_warn_percent = '80';
    const parsed = toSettings(values);
    expect('settings' in parsed && [parsed.settings.feedback_days, parsed.settings.quota_warn_percent]).toEqual([45, 80]);
  });

  it('reads a weight only when it is a whole number', () => {
    expect(parseWeight(' ۱۵ ')).toBe(15);
    expect(parseWeight('−۳')).toBe(-3);
    expect(parseWeight('-3')).toBe(-3);
    expect(parseWeight('ده')).toBeNull();
    expect(parseWeight('2.5')).toBeNull();
    expect(parseWeight('')).toBeNull();
  });

  it('names each weight that is not a number beside its field, and sends nothing', () => {
    const values = settingsValues(settings);
    values.weights.small = 'پنج';
    values.weights.internet = '';
    expect(toSettings(values)).toEqual({
      errors: { weight_small: 'باید عدد درست باشد، مثل ۱۰', weight_internet: 'باید عدد درست باشد، مثل ۱۰' },
    });
  });

  it('moves the core’s weight messages beside the weights that hold the values', () => {
    const weights = { ...settings.weights, small: 2000, fairness: -3, internet: 2000 };
    const error = {
      code: 'invalid_input',
      message: '',
      fields: [
        { field: 'tvto_email', value: 'x', message: 'رایانامه' },
        { field: 'weight', value: '2000', message: 'اول' },
        { field: 'weight', value: '-3', message: 'کسر' },
        { field: 'weight', value: '2000', message: 'دوم' },
      ],
    };
    const placed = placeWeightErrors(error, weights);
    expect(mapError(placed, SETTINGS_KEYS)).toEqual({
      fields: { tvto_email: 'رایانامه', weight_small: 'اول', weight_internet: 'دوم', weight_fairness: 'کسر' },
      form: null,
    });
    expect(placeWeightErrors('not an error body', weights)).toBe('not an error body');
  });

  it('has a form key for every weight', () => {
    expect(WEIGHT_KEYS.map(weightField).every((k) => (SETTINGS_KEYS as readonly string[]).includes(k))).toBe(true);
    expect(WEIGHT_KEYS).toHaveLength(Object.keys(settings.weights).length);
  });
});
