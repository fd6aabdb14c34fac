import { describe, expect, it } from 'vitest';
import {
  choiceLabel,
  choiceOptions,
  formatCode,
  formatDecimal,
  formatDigits,
  formatIsoDay,
  formatJalali,
  formatNomineeCount,
  formatNumber,
  formatOptionalNumber,
  formatPageInfo,
  formatPercent,
  formatRate,
  formatSize,
  formatStamp,
  formatTargetMonth,
  formatText,
  needLevelOptions,
  pageCount,
  toLatinDigits,
  toPersianDigits,
} from '../format';

describe('digits', () => {
  it('writes ASCII digits in Persian', () => {
    expect(toPersianDigits('0499370899')).toBe('۰۴۹۹۳۷۰۸۹۹');
    expect(toPersianDigits('نسخه 0.1.0')).toBe('نسخه ۰.۱.۰');
  });

  it('reads Persian and Arabic-Indic digits as ASCII', () => {
    expect(toLatinDigits('۱۴۰۴/۰۸/۲۵')).toBe('1404/08/25');
    expect(toLatinDigits('١٤٠٤/٠٨/٢٥')).toBe('1404/08/25');
    expect(toLatinDigits('1404/08/25')).toBe('1404/08/25');
  });

  it('keeps leading zeros of codes', () => {
    expect(formatDigits('0012345678')).toBe('۰۰۱۲۳۴۵۶۷۸');
    expect(formatDigits(null)).toBe('—');
    expect(formatDigits('')).toBe('—');
  });
});

describe('numbers', () => {
  it('groups thousands with the Persian separator', () => {
    expect(formatNumber(1000)).toBe('۱٬۰۰۰');
    expect(formatNumber(400000)).toBe('۴۰۰٬۰۰۰');
    expect(formatNumber(0)).toBe('۰');
  });

  it('shows a dash for a missing number', () => {
    expect(formatOptionalNumber(null)).toBe('—');
    expect(formatOptionalNumber(12)).toBe('۱۲');
  });

  it('shows whole percents, clamped', () => {
    expect(formatPercent(45, 100)).toBe('۴۵٪');
    expect(formatPercent(1, 3)).toBe('۳۳٪');
    expect(formatPercent(5, 0)).toBe('۰٪');
    expect(formatPercent(300, 200)).toBe('۱۰۰٪');
  });
});

describe('the core’s rounded figures', () => {
  it('shows one decimal with the Persian decimal sign, and none for a whole number', () => {
    expect(formatDecimal(86.4)).toBe('۸۶٫۴');
    expect(formatDecimal(49)).toBe('۴۹');
    expect(formatDecimal(1048.5)).toBe('۱٬۰۴۸٫۵');
  });

  it('shows a rate as the core rounded it, not clamped', () => {
    expect(formatRate(48.1)).toBe('۴۸٫۱٪');
    expect(formatRate(100)).toBe('۱۰۰٪');
    expect(formatRate(0)).toBe('۰٪');
  });
});

describe('pages', () => {
  it('counts pages, an empty list having one', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
    expect(pageCount(1000, 50)).toBe(20);
  });

  it('writes the page line in Persian', () => {
    expect(formatPageInfo(1, 50, 1000)).toBe('صفحهٔ ۱ از ۲۰ — ۱٬۰۰۰ مورد');
    expect(formatPageInfo(1, 20, 0)).toBe('صفحهٔ ۱ از ۱ — ۰ مورد');
    expect(formatPageInfo(3, 25, 1000, true)).toBe('صفحهٔ ۳ — بیش از ۱٬۰۰۰ مورد');
  });
});

describe('dates and text', () => {
  it('shows Jalali dates with Persian digits', () => {
    expect(formatJalali('1404/08/25')).toBe('۱۴۰۴/۰۸/۲۵');
    expect(formatJalali(null)).toBe('—');
  });

  it('shows a dash for missing or blank text', () => {
    expect(formatText(null)).toBe('—');
    expect(formatText('  ')).toBe('—');
    expect(formatText('ورامین')).toBe('ورامین');
  });
});

describe('choice lists', () => {
  it('labels keys in Persian', () => {
    expect(choiceLabel('role', 'managing_director')).toBe('مدیرعامل');
    expect(choiceLabel('field', 'service')).toBe('خدماتی');
    expect(choiceLabel('kind', null)).toBe('—');
    expect(choiceLabel('status', 'unknown-key')).toBe('unknown-key');
  });

  it('lists options in order with English values', () => {
    expect(choiceOptions('gender')).toEqual([
      { value: 'male', label: 'مرد' },
      { value: 'female', label: 'زن' },
    ]);
    expect(choiceOptions('role').map((o) => o.value)).toEqual([
      'member',
      'board',
      'managing_director',
      'inspector',
      'staff',
    ]);
  });
});

describe('training formats', () => {
  it('writes a stored time in Tehran, Jalali, Persian digits', () => {
    // 07:30 UTC is 11:00 in Tehran.
    expect(formatStamp('2025-11-16T07:30:00.000Z')).toBe('۱۴۰۴/۰۸/۲۵ ۱۱:۰۰');
    expect(formatStamp(null)).toBe('—');
    expect(formatStamp('دیروز')).toBe('—');
  });

  it('shows codes with Persian digits and months as the core labels them', () => {
    expect(formatCode('7-27/62/1/3')).toBe('۷-۲۷/۶۲/۱/۳');
    expect(formatCode(null)).toBe('—');
    expect(formatTargetMonth('آذر 1404')).toBe('آذر ۱۴۰۴');
    expect(formatTargetMonth(null)).toBe('—');
  });

  it('counts nominees against the approved head-count', () => {
    expect(formatNomineeCount(1, 2)).toBe('۱ از ۲ نفر مصوب');
    expect(formatNomineeCount(0, null)).toBe('۰ از ۰ نفر مصوب');
  });

  it('offers need levels one to five', () => {
    expect(needLevelOptions().map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(needLevelOptions()[0].label).toBe('۱ (کم)');
    expect(needLevelOptions()[2].label).toBe('۳');
  });
});

describe('backups and the audit log', () => {
  it('writes a file size in the largest unit that fits', () => {
    expect(formatSize(512)).toBe('۵۱۲ بایت');
    expect(formatSize(2048)).toBe('۲ کیلوبایت');
    expect(formatSize(1_572_864)).toBe('۱٫۵ مگابایت');
    expect(formatSize(3 * 1024 ** 3)).toBe('۳ گیگابایت');
  });

  it('writes a stored day in Jalali, and nothing for other text', () => {
    expect(formatIsoDay('2025-11-16')).toBe('۱۴۰۴/۰۸/۲۵');
    expect(formatIsoDay('2025-03-20')).toBe('۱۴۰۳/۱۲/۳۰');
    expect(formatIsoDay('2025-11-16T07:30:00Z')).toBeNull();
    expect(formatIsoDay('0499370899')).toBeNull();
  });
});
