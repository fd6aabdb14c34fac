import { describe, expect, it } from 'vitest';
import { chartNumber, fitText, rtl, tickIndexes } from '../charts';

/** Every character ten pixels wide. */
const tenEach = (text: string) => text.length * 10;

describe('chart text', () => {
  it('marks each line as right to left, so «۳۱ تا ۶۰ روز» keeps its order in the SVG', () => {
    expect(rtl('۳۱ تا ۶۰ روز')).toBe('\u200f۳۱ تا ۶۰ روز\u200f');
    expect(rtl('آذر\n۱۴۰۴')).toBe('\u200fآذر\u200f\n\u200f۱۴۰۴\u200f');
  });

  it('writes counts in Persian digits with separators', () => {
    expect(chartNumber(1234)).toBe('\u200f۱٬۲۳۴\u200f');
  });

  it('cuts a long label at its end to fit, and leaves a short one alone', () => {
    expect(fitText('قوانین و مقررات', 200, tenEach)).toBe('قوانین و مقررات');
    expect(fitText('قوانین و مقررات تعاون', 100, tenEach)).toBe('قوانین و…');
    expect(tenEach(fitText('قوانین و مقررات تعاون', 100, tenEach))).toBeLessThanOrEqual(100);
  });
});

describe('tickIndexes', () => {
  it('labels every month when they fit', () => {
    expect(tickIndexes(4, 60, 50)).toEqual([0, 1, 2, 3]);
  });

  it('skips months that would overlap, always keeping the first and the last', () => {
    expect(tickIndexes(15, 30, 50)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(tickIndexes(14, 30, 50)).toEqual([0, 2, 4, 6, 8, 10, 13]);
    expect(tickIndexes(24, 20, 70)).toEqual([0, 4, 8, 12, 16, 23]);
  });

  it('has nothing to label without months', () => {
    expect(tickIndexes(0, 30, 50)).toEqual([]);
    expect(tickIndexes(1, 30, 50)).toEqual([0]);
  });
});
