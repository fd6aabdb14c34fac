// The audit log screen's filter (as its fields hold it, and as the core
// reads it) and how one changed value reads: its field's Persian name, and
// the old and new values with Persian digits and Jalali days.
import type { AuditFilter, AuditRow } from './bindings';
import { formatIsoDay, formatNote } from './format';
import { fieldLabels, strings } from './strings';

/** The filter as the screen's fields hold it; an empty choice is «any». */
export interface AuditFilterValues {
  entity: string;
  action: string;
  /** Jalali, as typed. */
  from: string;
  to: string;
  text: string;
}

/** The filter fields a refusal can name. */
export const AUDIT_FILTER_KEYS = ['from', 'to'] as const;

/** The core names the two dates as it does everywhere. */
export const AUDIT_ALIASES = { start_date: 'from', end_date: 'to' } as const;

export function anyAudit(): AuditFilterValues {
  return { entity: '', action: '', from: '', to: '', text: '' };
}

export function toAuditFilter(v: AuditFilterValues): AuditFilter {
  const orNull = (text: string) => (text.trim() === '' ? null : text);
  return { entity: orNull(v.entity), action: orNull(v.action), from: orNull(v.from), to: orNull(v.to), text: v.text };
}

const CHANGE_LABELS: Readonly<Record<string, string>> = { ...strings.audit.fields, ...fieldLabels };

/** A changed column by its Persian name; one without a name shows as stored. */
export function changeLabel(field: string): string {
  return CHANGE_LABELS[field] ?? field;
}

/** A setting's value is stored as JSON: a text setting reads without its quotes. */
function unquoted(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    const text: unknown = JSON.parse(value);
    return typeof text === 'string' ? text : value;
  } catch {
    return value;
  }
}

/** A stored value as the clerk reads it: a day in Jalali, digits in Persian, a dash for none. */
export function changeValue(value: string | null): string {
  if (value === null) return formatNote(value);
  const text = unquoted(value);
  return formatIsoDay(text) ?? formatNote(text);
}

/**
 * One changed value, ready to show: the old value only where there was one
 * to change (an update, a delete, or a merge: the removed record's values
 * beside the kept one's), the new one except for a delete.
 */
export interface ChangeLine {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export function changeLines(row: Pick<AuditRow, 'action' | 'changes'>): ChangeLine[] {
  const withOld = row.action === 'update' || row.action === 'delete' || row.action === 'merge';
  const withNew = row.action !== 'delete';
  return row.changes.map((c) => ({
    field: c.field,
    label: changeLabel(c.field),
    before: withOld ? changeValue(c.old) : null,
    after: withNew ? changeValue(c.new) : null,
  }));
}
