import { describe, expect, it } from 'vitest';
import { FormState, emptyToNull, mapError } from '../form.svelte';
import { errorMessage } from '../errors';
import {
  PERSON_KEYS,
  emptyOrg,
  emptyPerson,
  orgValues,
  personValues,
  toMembershipInput,
  toOrgInput,
  toPersonInput,
} from '../inputs';
import type { ErrorBody, OrgView, PersonView } from '../bindings';

const CHECKSUM = '«کد ملی» با مقدار «0684159415» رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید.';
const REQUIRED = '«نام» خالی است و باید پر شود.';

const invalid: ErrorBody = {
  code: 'invalid_input',
  message: `${CHECKSUM}\n${REQUIRED}`,
  fields: [
    { field: 'national_code', value: '0684159415', message: CHECKSUM },
    { field: 'first_name', value: '', message: REQUIRED },
  ],
};

describe('mapError', () => {
  it('puts each field message beside its field and nothing on top', () => {
    expect(mapError(invalid, PERSON_KEYS)).toEqual({
      fields: { national_code: CHECKSUM, first_name: REQUIRED },
      form: null,
    });
  });

  it('shows a duplicate, refusal or missing record on top', () => {
    const duplicate: ErrorBody = {
      code: 'duplicate',
      message: 'شخص با کد ملی «0499370899» پیش‌تر ثبت شده است: علی رضایی. رکورد تکراری ساخته نشد.',
      fields: [],
    };
    expect(mapError(duplicate, PERSON_KEYS)).toEqual({ fields: {}, form: duplicate.message });
  });

  it('moves messages of fields the form lacks to the top', () => {
    const error: ErrorBody = {
      code: 'invalid_input',
      message: 'x',
      fields: [
        { field: 'national_code', value: '1', message: 'a' },
        { field: 'national_id', value: '', message: 'b' },
      ],
    };
    expect(mapError(error, ['national_code'])).toEqual({ fields: { national_code: 'a' }, form: 'b' });
  });

  it('joins two messages about the same field', () => {
    const error: ErrorBody = {
      code: 'invalid_input',
      message: 'x',
      fields: [
        { field: 'end_date', value: '1', message: 'a.' },
        { field: 'end_date', value: '1', message: 'b.' },
      ],
    };
    expect(mapError(error, ['end_date']).fields).toEqual({ end_date: 'a. b.' });
  });

  it('never shows a raw error', () => {
    expect(mapError(new Error('boom'), PERSON_KEYS)).toEqual({
      fields: {},
      form: 'کار انجام نشد. لطفاً دوباره تلاش کنید.',
    });
    expect(errorMessage('boom')).toBe('کار انجام نشد. لطفاً دوباره تلاش کنید.');
    expect(errorMessage(invalid)).toBe(invalid.message);
  });
});

describe('FormState', () => {
  it('sends a snapshot of the values and returns the answer', async () => {
    const form = new FormState(emptyPerson(), PERSON_KEYS);
    form.values.national_code = '0499370899';
    let sent: unknown;
    const result = await form.submit(async (v) => {
      sent = v;
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(sent).toEqual({ ...emptyPerson(), national_code: '0499370899' });
    expect(form.saving).toBe(false);
  });

  it('maps a rejection and clears it on the next try', async () => {
    const form = new FormState(emptyPerson(), PERSON_KEYS);
    const result = await form.submit(async () => {
      throw invalid;
    });
    expect(result).toBeUndefined();
    expect(form.errors).toEqual({ national_code: CHECKSUM, first_name: REQUIRED });
    expect(form.formError).toBeNull();

    form.touch('national_code');
    expect(form.errors).toEqual({ first_name: REQUIRED });

    await form.submit(async () => 1);
    expect(form.errors).toEqual({});
  });

  it('ignores a second submit while saving', async () => {
    const form = new FormState(emptyPerson());
    let release!: () => void;
    const first = form.submit(() => new Promise<void>((r) => (release = r)));
    expect(form.saving).toBe(true);
    let ran = false;
    await form.submit(async () => {
      ran = true;
    });
    expect(ran).toBe(false);
    release();
    await first;
    expect(form.saving).toBe(false);
  });
});

describe('inputs', () => {
  it('sends empty optional text as null and the rest as typed', () => {
    expect(emptyToNull('  ')).toBeNull();
    expect(emptyToNull('۰۹۱۲')).toBe('۰۹۱۲');
    const input = toPersonInput({
      ...emptyPerson(),
      national_code: '۰۴۹۹۳۷۰۸۹۹',
      first_name: 'علي',
      last_name: 'رضایی',
      birth_date: '۱۳۶۵/۰۴/۱۲',
    });
    expect(input).toEqual({
      national_code: '۰۴۹۹۳۷۰۸۹۹',
      first_name: 'علي',
      last_name: 'رضایی',
      father_name: null,
      gender: null,
      birth_date: '۱۳۶۵/۰۴/۱۲',
      education: null,
      mobile: null,
    });
  });

  it('fills an edit form from a stored person', () => {
    const person: PersonView = {
      id: 1,
      national_code: '0499370899',
      first_name: 'علی',
      last_name: 'رضایی',
      father_name: null,
      full_name: 'علی رضایی',
      gender: 'male',
      gender_label: 'مرد',
      birth_date: '1986-07-03',
      birth_date_jalali: '1365/04/12',
      education: null,
      education_label: null,
      mobile: '09121234567',
      created_at: '',
      updated_at: '',
    };
    expect(personValues(person)).toEqual({
      national_code: '۰۴۹۹۳۷۰۸۹۹',
      first_name: 'علی',
      last_name: 'رضایی',
      father_name: '',
      gender: 'male',
      birth_date: '۱۳۶۵/۰۴/۱۲',
      education: '',
      mobile: '۰۹۱۲۱۲۳۴۵۶۷',
    });
  });

  it('round-trips a cooperative through its form', () => {
    const org: OrgView = {
      id: 9,
      kind: 'cooperative',
      kind_label: 'تعاونی',
      name: 'تعاونی بهسازان نوین ورامین',
      national_id: '10380284790',
      registration_no: null,
      registry_office: null,
      field: 'production',
      field_label: 'تولیدی',
      orientation: 'کشاورزی',
      activity: null,
      county: 'ورامین',
      founded_on: '2025-11-16',
      founded_on_jalali: '1404/08/25',
      member_count: 12,
      phone: null,
      mobile: null,
      email: null,
      address: null,
      postal_code: null,
      is_small: true,
      is_startup: false,
      is_internet: false,
      status: 'active',
      status_label: 'فعال',
      created_at: '',
      updated_at: '',
    };
    const input = toOrgInput(orgValues(org));
    expect(input).toMatchObject({
      kind: 'cooperative',
      name: 'تعاونی بهسازان نوین ورامین',
      national_id: '۱۰۳۸۰۲۸۴۷۹۰',
      registration_no: null,
      field: 'production',
      county: 'ورامین',
      founded_on: '۱۴۰۴/۰۸/۲۵',
      member_count: '۱۲',
      is_small: true,
      status: 'active',
    });
    expect(toOrgInput(emptyOrg())).toMatchObject({ kind: 'cooperative', field: '', status: 'active', name: '' });
  });

  it('names the organization by id for a membership', () => {
    expect(
      toMembershipInput({
        national_code: '0790419904',
        organization_id: 4,
        role: 'board',
        start_date: '۱۴۰۴/۰۷/۰۱',
        end_date: '',
      }),
    ).toEqual({
      national_code: '0790419904',
      coop_national_id: '',
      organization_id: 4,
      role: 'board',
      start_date: '۱۴۰۴/۰۷/۰۱',
      end_date: null,
    });
  });
});
