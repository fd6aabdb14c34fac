import { describe, expect, it } from 'vitest';
import type { CampaignView, CourseView, ErrorBody, MembershipView, NeedView, ProviderView } from '../bindings';
import { FormState, mapError } from '../form.svelte';
import {
  CAMPAIGN_ALIASES,
  CAMPAIGN_KEYS,
  COURSE_ALIASES,
  COURSE_KEYS,
  NEED_EDIT_KEYS,
  NEED_KEYS,
  PROVIDER_ALIASES,
  PROVIDER_KEYS,
  campaignValues,
  courseValues,
  membershipEditValues,
  needEditValues,
  providerValues,
  toMembershipEdit,
  toNeedEdit,
  emptyCampaign,
  emptyCourse,
  emptyNeed,
  emptyProvider,
  toCampaignInput,
  toCourseInput,
  toNeedInput,
  toProviderInput,
} from '../inputs';

const weaver: CourseView = {
  id: 30,
  kind: 'standard',
  kind_label: 'استاندارد فنی و حرفه‌ای',
  code: '7-27/62/1/3',
  title: 'بافنده فرش دستباف',
  cluster: 'صنایع دستی',
  course_group: 'فرش',
  theory_hours: 100,
  practice_hours: 300,
  total_hours: 400,
  entry_education: 'middle',
  entry_education_label: 'سیکل',
  suits: 'production',
  active: true,
};

describe('field aliases', () => {
  const kindError: ErrorBody = {
    code: 'invalid_input',
    message: 'x',
    fields: [{ field: 'course_kind', value: 'x', message: '«نوع دوره» …' }],
  };

  it('places a message the core names differently beside the form’s field', () => {
    expect(mapError(kindError, COURSE_KEYS, COURSE_ALIASES)).toEqual({ fields: { kind: '«نوع دوره» …' }, form: null });
    expect(mapError(kindError, COURSE_KEYS)).toEqual({ fields: {}, form: '«نوع دوره» …' });
  });

  it('follows the aliases of each form', async () => {
    const form = new FormState(emptyCampaign(), CAMPAIGN_KEYS, CAMPAIGN_ALIASES);
    await form.submit(async () => {
      throw {
        code: 'invalid_input',
        message: 'x',
        fields: [
          { field: 'start_date', value: '', message: 'a' },
          { field: 'end_date', value: '1', message: 'b' },
          { field: 'owner', value: '', message: 'c' },
        ],
      } satisfies ErrorBody;
    });
    expect(form.errors).toEqual({ starts_on: 'a', ends_on: 'b', owner: 'c' });
    expect(mapError({ code: 'invalid_input', message: '', fields: [{ field: 'end_date', value: '', message: 'd' }] }, PROVIDER_KEYS, PROVIDER_ALIASES).fields).toEqual({
      licence_expires: 'd',
    });
  });
});

describe('course form', () => {
  it('starts as an active standard', () => {
    expect(toCourseInput(emptyCourse())).toEqual({
      kind: 'standard',
      code: null,
      title: '',
      cluster: null,
      course_group: null,
      theory_hours: null,
      practice_hours: null,
      total_hours: null,
      entry_education: null,
      suits: null,
      active: true,
    });
  });

  it('edits a stored course in Persian digits and sends it back unchanged in meaning', () => {
    const values = courseValues(weaver);
    expect(values.code).toBe('۷-۲۷/۶۲/۱/۳');
    expect(values.total_hours).toBe('۴۰۰');
    expect(toCourseInput(values)).toEqual({
      kind: 'standard',
      code: '۷-۲۷/۶۲/۱/۳',
      title: 'بافنده فرش دستباف',
      cluster: 'صنایع دستی',
      course_group: 'فرش',
      theory_hours: '۱۰۰',
      practice_hours: '۳۰۰',
      total_hours: '۴۰۰',
      entry_education: 'middle',
      suits: 'production',
      active: true,
    });
  });
});

describe('provider, campaign and need forms', () => {
  it('sends empty optional fields as null', () => {
    expect(toProviderInput({ ...emptyProvider(), name: 'آموزشگاه نمونه' })).toEqual({
      kind: 'private',
      name: 'آموزشگاه نمونه',
      county: null,
      licence_no: null,
      licence_expires: null,
      active: true,
    });
    expect(toCampaignInput({ ...emptyCampaign(), title: 'ن', starts_on: '۱۴۰۴/۰۹/۰۱', ends_on: '۱۴۰۴/۱۰/۰۱', owner: 'م' })).toEqual({
      title: 'ن',
      starts_on: '۱۴۰۴/۰۹/۰۱',
      ends_on: '۱۴۰۴/۱۰/۰۱',
      deadline: null,
      owner: 'م',
    });
  });

  it('builds a need for the cooperative with the chosen campaign and course', () => {
    const values = { ...emptyNeed(7, 30), requested: '۳', target_month: '۱۴۰۴/۰۹' };
    expect(values.campaign).toBe('7');
    expect(toNeedInput(values, 12)).toEqual({
      campaign_id: 7,
      organization_id: 12,
      target_role: 'members',
      course_id: 30,
      requested: '۳',
      source: 'assessment',
      need_level: '3',
      target_month: '۱۴۰۴/۰۹',
      notes: null,
    });
    expect(toNeedInput(emptyNeed(null), 12)).toMatchObject({ campaign_id: 0, course_id: 0, target_month: null });
    expect(NEED_KEYS).toContain('course');
  });
});

describe('corrections start from the record as it is', () => {
  it('fills a provider, a campaign and a membership with Persian digits', () => {
    const provider: ProviderView = {
      id: 3,
      kind: 'public',
      kind_label: 'مرکز دولتی',
      name: 'مرکز ۱',
      county: 'ورامین',
      licence_no: '123',
      licence_expires: '2026-09-22',
      licence_expires_jalali: '1405/06/31',
      active: false,
    };
    expect(providerValues(provider)).toEqual({
      kind: 'public',
      name: 'مرکز ۱',
      county: 'ورامین',
      licence_no: '۱۲۳',
      licence_expires: '۱۴۰۵/۰۶/۳۱',
      active: false,
    });
    expect(toProviderInput(providerValues(provider)).active).toBe(false);

    const campaign = {
      title: 'پاییز',
      starts_on_jalali: '1404/07/01',
      ends_on_jalali: '1404/09/30',
      deadline_jalali: null,
      owner: 'م',
    } as CampaignView;
    expect(campaignValues(campaign)).toEqual({ title: 'پاییز', starts_on: '۱۴۰۴/۰۷/۰۱', ends_on: '۱۴۰۴/۰۹/۳۰', deadline: '', owner: 'م' });

    const membership = { role: 'board', start_date_jalali: '1400/01/01', end_date_jalali: null } as MembershipView;
    const values = membershipEditValues(membership);
    expect(values).toEqual({ role: 'board', start_date: '۱۴۰۰/۰۱/۰۱', end_date: '' });
    expect(toMembershipEdit(values)).toEqual({ role: 'board', start_date: '۱۴۰۰/۰۱/۰۱', end_date: null });
  });

  it('fills a need line, its month padded, and sends the reason', () => {
    const line = {
      course_id: 30,
      target_role: 'members',
      requested: 12,
      source: 'self_applied',
      need_level: 4,
      target_year: 1404,
      target_month: 9,
      notes: null,
    } as NeedView;
    const values = { ...needEditValues(line), reason: 'نامه' };
    expect(values.requested).toBe('۱۲');
    expect(values.target_month).toBe('۱۴۰۴/۰۹');
    expect(toNeedEdit(values)).toEqual({
      course_id: 30,
      target_role: 'members',
      requested: '۱۲',
      source: 'self_applied',
      need_level: '4',
      target_month: '۱۴۰۴/۰۹',
      notes: null,
      reason: 'نامه',
    });
    expect(needEditValues({ ...line, target_year: null, target_month: null }).target_month).toBe('');
    expect(NEED_EDIT_KEYS).toContain('reason');
  });
});
