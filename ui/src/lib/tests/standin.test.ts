import { beforeEach, describe, expect, it } from 'vitest';
import * as standin from '../standin';
import { rejection } from './rejection';
import type { OrgFilter, PersonInput } from '../bindings';

const page = { page: 1, page_size: 20 };
const anyOrg: OrgFilter = {
  text: '',
  kind: null,
  field: null,
  county: null,
  status: null,
  is_small: null,
  is_startup: null,
  is_internet: null,
};

function person(code: string): PersonInput {
  return {
    national_code: code,
    first_name: 'علي',
    last_name: 'رضائي',
    father_name: null,
    gender: 'male',
    birth_date: '۱۳۶۵/۰۴/۱۲',
    education: null,
    mobile: '+98 912 123 4567',
  };
}

beforeEach(() => standin.resetForTests(true));

describe('identifiers', () => {
  it('checks national codes with the public vectors', () => {
    expect(standin.nationalCodeCheckDigit('049937089')).toBe(9);
    expect(standin.nationalCodeCheckDigit('079041990')).toBe(4);
    expect(standin.nationalCodeCheckDigit('068415941')).not.toBe(5);
  });

  it('checks national IDs with the public vectors', () => {
    expect(standin.nationalIdCheckDigit('1038028479')).toBe(0);
  });
});

describe('Jalali through Intl', () => {
  it('agrees with the known pairs', () => {
    expect(standin.jalaliToIso({ year: 1404, month: 7, day: 1 })).toBe('2025-09-23');
    expect(standin.jalaliToIso({ year: 1404, month: 8, day: 25 })).toBe('2025-11-16');
    expect(standin.jalaliToIso({ year: 1403, month: 12, day: 30 })).toBe('2025-03-20');
    expect(standin.isoToJalali('2025-11-16')).toEqual({ year: 1404, month: 8, day: 25 });
  });

  it('knows which days do not exist', () => {
    expect(standin.jalaliToIso({ year: 1404, month: 12, day: 30 })).toBeNull();
    expect(standin.jalaliToIso({ year: 1404, month: 7, day: 31 })).toBeNull();
  });

  it('lays out a month from Saturday', async () => {
    const aban = await standin.jalaliMonth(1404, 8);
    expect(aban.month_name).toBe('آبان');
    expect(aban.first_weekday).toBe(5);
    expect(aban.days_in_month).toBe(30);
    expect(aban.days[24]).toEqual({ day: 25, iso: '2025-11-16' });
    expect((await standin.jalaliMonth(1404, 1)).first_weekday).toBe(6);
    expect((await standin.jalaliMonth(1403, 12)).days_in_month).toBe(30);
    expect((await standin.jalaliMonth(1404, 2)).days_in_month).toBe(31);
    const now = await standin.jalaliMonth(null, null);
    expect(now.year).toBe(now.today.year);
    expect(now.month).toBe(now.today.month);
  });
});

describe('people', () => {
  it('refuses a wrong check digit with the core message', async () => {
    const error = await rejection(standin.addPerson(person('0684159415')));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([
      {
        field: 'national_code',
        value: '0684159415',
        message: '«کد ملی» با مقدار «0684159415» رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید.',
      },
    ]);
  });

  it('requires first and last name, reporting both at once', async () => {
    const error = await rejection(standin.addPerson({ ...person('0499370899'), first_name: ' ', last_name: '' }));
    expect(error.fields.map((f) => f.field)).toEqual(['first_name', 'last_name']);
    expect(error.fields[0].message).toBe('«نام» خالی است و باید پر شود.');
  });

  it('stores Persian letters and digits normalized, once per code', async () => {
    const saved = await standin.addPerson(person('۰۴۹۹۳۷۰۸۹۹'));
    expect(saved.national_code).toBe('0499370899');
    // Arabic yeh becomes Persian; the hamza form is kept for display.
    expect(saved.full_name).toBe('علی رضائی');
    expect(saved.mobile).toBe('09121234567');
    expect(saved.birth_date).toBe('1986-07-03');
    expect(saved.birth_date_jalali).toBe('1365/04/12');
    const error = await rejection(standin.addPerson(person('0499370899')));
    expect(error.code).toBe('duplicate');
    expect(error.message).toContain('پیش‌تر ثبت شده است');
  });

  it('finds names in any spelling, and codes and mobiles by prefix', async () => {
    await standin.addPerson(person('0499370899'));
    for (const query of ['علي رضائي', 'علی رضایی', 'رضا\u200Cیی علی']) {
      const found = await standin.searchPeople(query, page);
      expect(found.items.map((p) => p.national_code), query).toContain('0499370899');
    }
    expect((await standin.searchPeople('۰۴۹۹۳۷', page)).items.map((p) => p.national_code)).toContain('0499370899');
    expect((await standin.searchPeople('0912123', page)).items.map((p) => p.national_code)).toContain('0499370899');
  });

  it('orders people by last name in Persian order', async () => {
    const all = await standin.searchPeople('', { page: 1, page_size: 500 });
    const last = all.items.map((p) => p.last_name);
    const collator = new Intl.Collator('fa');
    expect(last).toEqual([...last].sort(collator.compare));
  });
});

describe('cooperatives', () => {
  it('lists in Persian order, پ after ب and before ت', async () => {
    const found = await standin.searchOrgs({ ...anyOrg, text: 'نوين' }, page);
    expect(found.items.map((o) => o.name.split(' ')[1])).toEqual([
      'بهسازان',
      'پیشگامان',
      'تلاشگران',
      'جهادگران',
      'چکاد',
      'زرین‌بافان',
      'ژرف‌اندیشان',
      'کوشا',
      'گلرنگ',
    ]);
  });

  it('filters and pages', async () => {
    const unions = await standin.searchOrgs({ ...anyOrg, kind: 'union' }, page);
    expect(unions.total).toBe(2);
    const small = await standin.searchOrgs({ ...anyOrg, is_small: true }, { page: 2, page_size: 5 });
    expect(small.page).toBe(2);
    expect(small.items.every((o) => o.is_small)).toBe(true);
    const varamin = await standin.searchOrgs({ ...anyOrg, county: 'ورامين' }, page);
    expect(varamin.items.every((o) => o.county === 'ورامین')).toBe(true);
    expect(varamin.total).toBeGreaterThan(0);
  });

  it('adds, refuses a second with the same national ID, and shows detail', async () => {
    const input = {
      kind: null,
      name: 'تعاونی نمونه',
      national_id: '10380284790',
      registration_no: null,
      registry_office: null,
      field: 'service',
      orientation: null,
      activity: null,
      county: 'ری',
      founded_on: '1404/08/25',
      member_count: '۱۲',
      phone: null,
      mobile: null,
      email: null,
      address: null,
      postal_code: null,
      is_small: true,
      is_startup: false,
      is_internet: false,
      status: null,
    };
    const org = await standin.addOrg(input);
    expect(org.founded_on).toBe('2025-11-16');
    expect(org.member_count).toBe(12);
    expect((await rejection(standin.addOrg(input))).code).toBe('duplicate');
    const bad = await rejection(standin.addOrg({ ...input, national_id: '10380284792', field: '' }));
    expect(bad.fields.map((f) => f.field)).toEqual(['national_id', 'field']);

    await standin.addMembership({
      national_code: '0790419904',
      coop_national_id: '',
      organization_id: org.id,
      role: 'managing_director',
      start_date: '1404/07/01',
      end_date: null,
    });
    const detail = await standin.orgDetail(org.id);
    expect(detail.people.map((p) => [p.person_name, p.role_label, p.start_date_jalali])).toEqual([
      ['علی احمدی', 'مدیرعامل', '1404/07/01'],
    ]);
  });

  it('refuses a membership for a person not registered', async () => {
    const [org] = (await standin.searchOrgs(anyOrg, page)).items;
    const error = await rejection(
      standin.addMembership({
        national_code: '0499370899',
        coop_national_id: '',
        organization_id: org.id,
        role: 'member',
        start_date: null,
        end_date: null,
      }),
    );
    expect(error).toEqual({ code: 'not_found', message: 'شخص با کد ملی «0499370899» پیدا نشد.', fields: [] });
  });

  it('links unions and their member cooperatives', async () => {
    const [union] = (await standin.searchOrgs({ ...anyOrg, kind: 'union', text: 'فرش' }, page)).items;
    const detail = await standin.orgDetail(union.id);
    expect(detail.member_cooperatives.length).toBeGreaterThan(0);
    const member = await standin.orgDetail(detail.member_cooperatives[0].id);
    expect(member.unions.map((u) => u.id)).toContain(union.id);
  });
});

describe('first run and lists', () => {
  it('is a first run until sample data or an empty start', async () => {
    standin.resetForTests(false);
    expect((await standin.startState()).first_run).toBe(true);
    await standin.startEmpty();
    expect((await standin.startState()).first_run).toBe(false);
  });

  it('reports progress while loading sample data', async () => {
    standin.resetForTests(false);
    const seen: number[] = [];
    const summary = await standin.loadDemo({ coops: 30, people: 100, seed: 7 }, (p) => seen.push(p.done / p.total));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(summary.cooperatives + summary.unions).toBe(30);
    expect(summary.people).toBe(100);
    expect((await standin.startState()).first_run).toBe(false);
  });

  it('adds, renames and deactivates counties', async () => {
    const added = await standin.addNamed('county', 'لواسان');
    expect((await rejection(standin.addNamed('county', 'لواسان'))).code).toBe('duplicate');
    const renamed = await standin.updateNamed('county', added.id, 'لواسانات', false);
    expect(renamed).toEqual({ id: added.id, name: 'لواسانات', active: false });
    const names = (await standin.listNamed('county')).map((c) => c.name);
    expect(names).toContain('لواسانات');
    expect(names).not.toContain('لواسان');
  });
});
