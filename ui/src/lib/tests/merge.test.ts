import { describe, expect, it } from 'vitest';
import type { MergeCounts, OrgMerge, OrgView, PersonMerge, PersonView } from '../bindings';
import { mayKeep, movedLines, orgRows, personRows, validityText, ORG_COUNTS } from '../merge';

const counts = (n: number): MergeCounts => ({ roles: n, unions: n, needs: n, nominees: n, referrals: n });

function org(id: number, nationalId: string | null): OrgView {
  return {
    id,
    kind: 'cooperative',
    kind_label: 'تعاونی',
    name: 'تعاونی فرش نگین',
    national_id: nationalId,
    registration_no: id === 2 ? '4567' : null,
    registry_office: null,
    field: 'production',
    field_label: 'تولیدی',
    orientation: null,
    activity: null,
    county: 'ورامین',
    founded_on: null,
    founded_on_jalali: null,
    member_count: null,
    phone: null,
    mobile: null,
    email: null,
    address: null,
    postal_code: null,
    is_small: false,
    is_startup: false,
    is_internet: false,
    status: 'active',
    status_label: 'فعال',
    created_at: '',
    updated_at: '',
  };
}

describe('merging two records', () => {
  it('never lets an invalid identifier be kept over a valid one', () => {
    expect(mayKeep(true, false)).toBe(true);
    expect(mayKeep(false, true)).toBe(false);
    expect(mayKeep(false, false)).toBe(true);
    expect(mayKeep(true, true)).toBe(true);
  });

  it('says whether an identifier passes, with the core reason when not', () => {
    expect(validityText(true, null)).toBe('معتبر');
    expect(validityText(false, 'شناسه ملی ثبت نشده است.')).toBe('نامعتبر: شناسه ملی ثبت نشده است.');
  });

  it('shows two cooperatives side by side with Persian digits and their counts', () => {
    const m: OrgMerge = {
      first: { org: org(1, '10380284790'), id_valid: true, id_problem: null, counts: counts(2) },
      second: { org: org(2, null), id_valid: false, id_problem: 'شناسه ملی ثبت نشده است.', counts: counts(13) },
      keep_id: 1,
      removed_id: 2,
      keep_fixed: true,
      moved: counts(1),
      collisions: [],
      filled: [],
      audit_id: null,
    };
    const rows = orgRows(m);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.national_id).toMatchObject({ current: '۱۰۳۸۰۲۸۴۷۹۰', other: '—' });
    expect(byKey.id_validity.validity).toEqual({ current: true, other: false });
    expect(byKey.registration_no.other).toBe('۴۵۶۷');
    expect(byKey.referrals).toMatchObject({ label: 'معرفی‌ها', current: '۲', other: '۱۳' });
    expect(movedLines(m.moved, ORG_COUNTS).map((l) => l.label)).toEqual([
      'نقش‌ها',
      'عضویت‌های اتحادیه',
      'ردیف‌های نیاز',
      'نامزدی‌ها',
      'معرفی‌ها',
    ]);
  });

  it('shows two people with their codes and whether each passes its checksum', () => {
    const person = (code: string): PersonView => ({
      id: 1,
      national_code: code,
      first_name: 'مریم',
      last_name: 'رحیمی',
      father_name: null,
      full_name: 'مریم رحیمی',
      gender: null,
      gender_label: null,
      birth_date: '1991-04-23',
      birth_date_jalali: '1370/02/03',
      education: null,
      education_label: null,
      mobile: null,
      created_at: '',
      updated_at: '',
    });
    const m: PersonMerge = {
      first: { person: person('0049988771'), code_valid: false, code_problem: 'رقم کنترل آن درست نیست', counts: counts(0) },
      second: { person: person('0049988770'), code_valid: true, code_problem: null, counts: counts(1) },
      keep_code: '0049988770',
      removed_code: '0049988771',
      keep_fixed: true,
      moved: counts(0),
      collisions: [],
      filled: [],
      audit_id: null,
    };
    const rows = personRows(m);
    expect(rows.find((r) => r.key === 'national_code')).toMatchObject({ current: '۰۰۴۹۹۸۸۷۷۱', other: '۰۰۴۹۹۸۸۷۷۰' });
    expect(rows.find((r) => r.key === 'code_validity')?.current).toBe('نامعتبر: رقم کنترل آن درست نیست');
    expect(rows.find((r) => r.key === 'birth_date')?.current).toBe('۱۳۷۰/۰۲/۰۳');
    expect(rows.map((r) => r.key)).not.toContain('unions');
  });
});
