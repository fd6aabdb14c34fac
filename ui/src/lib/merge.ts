// Merging a record entered twice: the two records side by side as the
// screen shows them, which of them may be kept, and what the merge moves.
// Every rule (which one may be kept, what moves, what becomes one) is the
// core's; this only lays its answer out.
import type { MergeCounts, OrgMerge, OrgSide, PersonMerge, PersonSide } from './bindings';
import { formatDigits, formatJalali, formatNumber, formatText } from './format';
import { strings } from './strings';

const S = strings.merge;

/** One row of the side-by-side table: the record asked from, the other. */
export interface SideRow {
  key: string;
  label: string;
  current: string;
  other: string;
  /** The row says whether an identifier passes its checksum. */
  validity?: { current: boolean; other: boolean };
}

export function validityText(valid: boolean, problem: string | null): string {
  return valid ? S.valid : `${S.invalid}: ${problem ?? ''}`.trim();
}

/** A record may be kept unless its identifier fails and the other's passes. */
export function mayKeep(valid: boolean, otherValid: boolean): boolean {
  return valid || !otherValid;
}

function countRows(a: MergeCounts, b: MergeCounts, keys: Array<keyof MergeCounts>): SideRow[] {
  return keys.map((key) => ({ key, label: S.rows[key], current: formatNumber(a[key]), other: formatNumber(b[key]) }));
}

/** Two organizations side by side; `first` is the record the screen shows. */
export function orgRows(m: OrgMerge): SideRow[] {
  const row = (key: string, label: string, f: (s: OrgSide) => string): SideRow => ({
    key,
    label,
    current: f(m.first),
    other: f(m.second),
  });
  return [
    row('name', S.rows.name, (s) => s.org.name),
    row('national_id', S.rows.nationalId, (s) => formatDigits(s.org.national_id)),
    {
      ...row('id_validity', S.rows.idValidity, (s) => validityText(s.id_valid, s.id_problem)),
      validity: { current: m.first.id_valid, other: m.second.id_valid },
    },
    row('registration_no', S.rows.registrationNo, (s) => formatDigits(s.org.registration_no)),
    row('county', S.rows.county, (s) => formatText(s.org.county)),
    ...countRows(m.first.counts, m.second.counts, ['roles', 'unions', 'needs', 'nominees', 'referrals']),
  ];
}

/** Two people side by side; `first` is the person the screen shows. */
export function personRows(m: PersonMerge): SideRow[] {
  const row = (key: string, label: string, f: (s: PersonSide) => string): SideRow => ({
    key,
    label,
    current: f(m.first),
    other: f(m.second),
  });
  return [
    row('name', S.rows.name, (s) => s.person.full_name),
    row('national_code', S.rows.nationalCode, (s) => formatDigits(s.person.national_code)),
    {
      ...row('code_validity', S.rows.codeValidity, (s) => validityText(s.code_valid, s.code_problem)),
      validity: { current: m.first.code_valid, other: m.second.code_valid },
    },
    row('father_name', S.rows.fatherName, (s) => formatText(s.person.father_name)),
    row('birth_date', S.rows.birthDate, (s) => formatJalali(s.person.birth_date_jalali)),
    row('mobile', S.rows.mobile, (s) => formatDigits(s.person.mobile)),
    ...countRows(m.first.counts, m.second.counts, ['roles', 'nominees', 'referrals']),
  ];
}

/** What moves to the kept record, as label and Persian count; none left out. */
export function movedLines(moved: MergeCounts, keys: Array<keyof MergeCounts>): Array<{ key: string; label: string; value: string }> {
  return keys.map((key) => ({ key, label: S.rows[key], value: formatNumber(moved[key]) }));
}

export const ORG_COUNTS: Array<keyof MergeCounts> = ['roles', 'unions', 'needs', 'nominees', 'referrals'];
export const PERSON_COUNTS: Array<keyof MergeCounts> = ['roles', 'nominees', 'referrals'];
