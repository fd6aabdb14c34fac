import { describe, expect, it } from 'vitest';
import { Selection } from '../selection.svelte';

describe('Selection', () => {
  it('ticks and clears rows', () => {
    const s = new Selection();
    s.toggle(3);
    s.toggle(5);
    expect(s.ids).toEqual([3, 5]);
    s.toggle(3);
    expect(s.ids).toEqual([5]);
    s.toggle(5, true);
    expect(s.size).toBe(1);
    s.toggle(7, false);
    expect(s.ids).toEqual([5]);
  });

  it('ticks all rows in view, and knows when all are ticked', () => {
    const s = new Selection();
    expect(s.allOf([])).toBe(false);
    s.setAll([1, 2, 3], true);
    expect(s.allOf([1, 2, 3])).toBe(true);
    s.toggle(2, false);
    expect(s.allOf([1, 2, 3])).toBe(false);
    s.setAll([1, 2, 3], false);
    expect(s.size).toBe(0);
  });

  it('forgets rows that leave the view', () => {
    const s = new Selection();
    s.setAll([1, 2, 3], true);
    s.keepOnly([2, 3, 4]);
    expect(s.ids).toEqual([2, 3]);
    s.clear();
    expect(s.has(2)).toBe(false);
  });
});
