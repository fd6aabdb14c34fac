// What each form holds while the clerk types, and how it becomes the input
// the core expects. Values go as typed: the core normalizes digits and
// validates; here empty optional text only becomes `null`.
import type {
  MembershipInput,
  OrgInput,
  OrgView,
  PersonInput,
  PersonView,
} from './bindings';
import { toPersianDigits } from './format';
import { emptyToNull } from './form.svelte';

export interface PersonFormValues extends Record<string, unknown> {
  national_code: string;
  first_name: string;
  last_name: string;
  father_name: string;
  gender: string;
  birth_date: string;
  education: string;
  mobile: string;
}

export const PERSON_KEYS = [
  'national_code',
  'first_name',
  'last_name',
  'father_name',
  'gender',
  'birth_date',
  'education',
  'mobile',
] as const;

export function emptyPerson(): PersonFormValues {
  return {
    national_code: '',
    first_name: '',
    last_name: '',
    father_name: '',
    gender: '',
    birth_date: '',
    education: '',
    mobile: '',
  };
}

/** A stored person, ready to edit; digits shown in Persian like elsewhere. */
export function personValues(p: PersonView): PersonFormValues {
  return {
    national_code: toPersianDigits(p.national_code),
    first_name: p.first_name,
    last_name: p.last_name,
    father_name: p.father_name ?? '',
    gender: p.gender ?? '',
    birth_date: p.birth_date_jalali ? toPersianDigits(p.birth_date_jalali) : '',
    education: p.education ?? '',
    mobile: p.mobile ? toPersianDigits(p.mobile) : '',
  };
}

export function toPersonInput(v: PersonFormValues): PersonInput {
  return {
    national_code: v.national_code,
    first_name: v.first_name,
    last_name: v.last_name,
    father_name: emptyToNull(v.father_name),
    gender: emptyToNull(v.gender),
    birth_date: emptyToNull(v.birth_date),
    education: emptyToNull(v.education),
    mobile: emptyToNull(v.mobile),
  };
}

export interface OrgFormValues extends Record<string, unknown> {
  kind: string;
  name: string;
  national_id: string;
  registration_no: string;
  registry_office: string;
  field: string;
  orientation: string;
  activity: string;
  county: string;
  founded_on: string;
  member_count: string;
  phone: string;
  mobile: string;
  email: string;
  address: string;
  postal_code: string;
  is_small: boolean;
  is_startup: boolean;
  is_internet: boolean;
  status: string;
}

export const ORG_KEYS = [
  'kind',
  'name',
  'national_id',
  'registration_no',
  'registry_office',
  'field',
  'orientation',
  'activity',
  'county',
  'founded_on',
  'member_count',
  'phone',
  'mobile',
  'email',
  'address',
  'postal_code',
  'is_small',
  'is_startup',
  'is_internet',
  'status',
] as const;

export function emptyOrg(): OrgFormValues {
  return {
    kind: 'cooperative',
    name: '',
    national_id: '',
    registration_no: '',
    registry_office: '',
    field: '',
    orientation: '',
    activity: '',
    county: '',
    founded_on: '',
    member_count: '',
    phone: '',
    mobile: '',
    email: '',
    address: '',
    postal_code: '',
    is_small: false,
    is_startup: false,
    is_internet: false,
    status: 'active',
  };
}

export function orgValues(o: OrgView): OrgFormValues {
  const digits = (s: string | null) => (s ? toPersianDigits(s) : '');
  return {
    kind: o.kind,
    name: o.name,
    national_id: digits(o.national_id),
    registration_no: digits(o.registration_no),
    registry_office: o.registry_office ?? '',
    field: o.field,
    orientation: o.orientation ?? '',
    activity: o.activity ?? '',
    county: o.county ?? '',
    founded_on: digits(o.founded_on_jalali),
    member_count: o.member_count === null ? '' : toPersianDigits(String(o.member_count)),
    phone: digits(o.phone),
    mobile: digits(o.mobile),
    email: o.email ?? '',
    address: o.address ?? '',
    postal_code: digits(o.postal_code),
    is_small: o.is_small,
    is_startup: o.is_startup,
    is_internet: o.is_internet,
    status: o.status,
  };
}

export function toOrgInput(v: OrgFormValues): OrgInput {
  return {
    kind: emptyToNull(v.kind),
    name: v.name,
    national_id: emptyToNull(v.national_id),
    registration_no: emptyToNull(v.registration_no),
    registry_office: emptyToNull(v.registry_office),
    field: v.field,
    orientation: emptyToNull(v.orientation),
    activity: emptyToNull(v.activity),
    county: emptyToNull(v.county),
    founded_on: emptyToNull(v.founded_on),
    member_count: emptyToNull(v.member_count),
    phone: emptyToNull(v.phone),
    mobile: emptyToNull(v.mobile),
    email: emptyToNull(v.email),
    address: emptyToNull(v.address),
    postal_code: emptyToNull(v.postal_code),
    is_small: v.is_small,
    is_startup: v.is_startup,
    is_internet: v.is_internet,
    status: emptyToNull(v.status),
  };
}

export interface MembershipFormValues extends Record<string, unknown> {
  national_code: string;
  organization_id: number | null;
  role: string;
  start_date: string;
  end_date: string;
}

/**
 * `organization` stands for the chosen cooperative: the core reports a
 * missing or unknown one under that key.
 */
export const MEMBERSHIP_KEYS = ['national_code', 'organization', 'role', 'start_date', 'end_date'] as const;

export function emptyMembership(fixed: { nationalCode?: string; organizationId?: number }): MembershipFormValues {
  return {
    national_code: fixed.nationalCode ?? '',
    organization_id: fixed.organizationId ?? null,
    role: 'member',
    start_date: '',
    end_date: '',
  };
}

export function toMembershipInput(v: MembershipFormValues): MembershipInput {
  return {
    national_code: v.national_code,
    coop_national_id: '',
    organization_id: v.organization_id,
    role: v.role,
    start_date: emptyToNull(v.start_date),
    end_date: emptyToNull(v.end_date),
  };
}
