import { describe, expect, it } from 'vitest';
import { anyAudit, changeLabel, changeLines, changeValue, toAuditFilter } from '../audit';
import { choiceOptions } from '../format';

describe('the audit filter', () => {
  it('sends an empty choice or date as «any» and the words as typed', () => {
    expect(toAuditFilter(anyAudit())).toEqual({ entity: null, action: null, from: null, to: null, text: '' });
    expect(toAuditFilter({ entity: 'person', action: 'update', from: '۱۴۰۴/۰۸/۰۱', to: ' ', text: 'رضایی' })).toEqual({
      entity: 'person',
      action: 'update',
      from: '۱۴۰۴/۰۸/۰۱',
      to: null,
      text: 'رضایی',
    });
  });

  it('offers every kind of record the core logs, in Persian', () => {
    const kinds = choiceOptions('auditEntity');
    expect(kinds).toHaveLength(17);
    expect(kinds[0]).toEqual({ value: 'person', label: 'شخص' });
    expect(kinds.map((k) => k.value)).toContain('referral_round');
    expect(choiceOptions('auditAction').map((a) => a.label)).toEqual(['افزودن', 'ویرایش', 'حذف', 'بارگذاری گروهی', 'ادغام']);
  });
});

describe('a change as the clerk reads it', () => {
  it('names columns in Persian, and shows an unknown one as stored', () => {
    expect(changeLabel('mobile')).toBe('شماره همراه');
    expect(changeLabel('county_id')).toBe('شهرستان');
    expect(changeLabel('name')).toBe('نام');
    expect(changeLabel('merged_into')).toBe('ادغام در رکورد شماره');
    expect(changeLabel('reason')).toBe('دلیل');
    expect(changeLabel('sort_key')).toBe('sort_key');
  });

  it('writes days in Jalali, digits in Persian, and a dash for no value', () => {
    expect(changeValue('1985-07-03')).toBe('۱۳۶۴/۰۴/۱۲');
    expect(changeValue('09121234567')).toBe('۰۹۱۲۱۲۳۴۵۶۷');
    expect(changeValue(null)).toBe('—');
    expect(changeValue('')).toBe('—');
  });

  it('reads a setting’s text without the quotes it is stored with', () => {
    expect(changeValue('"مریم احمدی"')).toBe('مریم احمدی');
    expect(changeValue('"2025-11-16"')).toBe('۱۴۰۴/۰۸/۲۵');
    expect(changeValue('14')).toBe('۱۴');
    expect(changeValue('"نیمه')).toBe('"نیمه');
  });

  it('shows old and new for an update, only the new for an insert, only the old for a delete', () => {
    const changes = [{ field: 'mobile', old: null, new: '09121234567' }];
    expect(changeLines({ action: 'update', changes })).toEqual([
      { field: 'mobile', label: 'شماره همراه', before: '—', after: '۰۹۱۲۱۲۳۴۵۶۷' },
    ]);
    expect(changeLines({ action: 'insert', changes })[0]).toMatchObject({ before: null, after: '۰۹۱۲۱۲۳۴۵۶۷' });
    const removed = [{ field: 'name', old: 'ری', new: null }];
    expect(changeLines({ action: 'delete', changes: removed })[0]).toMatchObject({ before: 'ری', after: null });
  });

  it('shows a merge as the removed record beside the one kept', () => {
    const changes = [{ field: 'national_code', old: '0049988771', new: '0049988770' }];
    expect(changeLines({ action: 'merge', changes })[0]).toMatchObject({
      label: 'کد ملی',
      before: '۰۰۴۹۹۸۸۷۷۱',
      after: '۰۰۴۹۹۸۸۷۷۰',
    });
  });
});
