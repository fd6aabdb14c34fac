import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Page, PageRequest } from '../bindings';
import { ListState, pageOf } from '../list.svelte';

type Filter = { text: string; small: boolean | null };
type Call = { filter: Filter; page: PageRequest };

const ROWS = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, name: `ردیف ${i + 1}` }));

/** A fetcher over ROWS that records its calls and answers after `delay`. */
function fakeFetcher(delay: (call: Call) => number = () => 0) {
  const calls: Call[] = [];
  const fetch = (filter: Filter, page: PageRequest): Promise<Page<(typeof ROWS)[number]>> => {
    const call = { filter, page };
    calls.push(call);
    const rows = ROWS.filter((r) => r.name.includes(filter.text));
    const start = (page.page - 1) * page.page_size;
    const result = {
      items: rows.slice(start, start + page.page_size),
      total: rows.length,
      ...page,
      capped: false,
      more: start + page.page_size < rows.length,
    };
    const ms = delay(call);
    return ms === 0
      ? Promise.resolve(result)
      : new Promise((resolve) => setTimeout(() => resolve(result), ms));
  };
  return { calls, fetch };
}

const initial = (): Filter => ({ text: '', small: null });

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ListState', () => {
  it('loads the first page on refresh', async () => {
    const { fetch, calls } = fakeFetcher();
    const list = new ListState(fetch, initial(), { pageSize: 20 });
    const done = list.refresh();
    expect(list.loading).toBe(true);
    await vi.runAllTimersAsync();
    await done;
    expect(calls).toHaveLength(1);
    expect(calls[0].page).toEqual({ page: 1, page_size: 20 });
    expect(list.items).toHaveLength(20);
    expect(list.total).toBe(45);
    expect(list.pages).toBe(3);
    expect(list.loading).toBe(false);
    expect(list.loaded).toBe(true);
  });

  it('debounces typing into one request for the last text', async () => {
    const { fetch, calls } = fakeFetcher();
    const list = new ListState(fetch, initial(), { debounceMs: 150 });
    list.type({ text: '۱' });
    await vi.advanceTimersByTimeAsync(100);
    list.type({ text: 'ردیف 1' });
    await vi.advanceTimersByTimeAsync(100);
    list.type({ text: 'ردیف 12' });
    expect(calls).toHaveLength(0);
    expect(list.pending).toBe(true);
    expect(list.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(149);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0].filter.text).toBe('ردیف 12');
    expect(list.pending).toBe(false);
    await vi.runAllTimersAsync();
    expect(list.busy).toBe(false);
    expect(list.items.map((r) => r.id)).toEqual([12]);
  });

  it('ignores an answer that arrives after a newer one', async () => {
    // The first request is slow, the second fast.
    const { fetch } = fakeFetcher((call) => (call.filter.text === 'ردیف' ? 500 : 10));
    const list = new ListState(fetch, initial());
    list.type({ text: 'ردیف' });
    await vi.advanceTimersByTimeAsync(150);
    list.type({ text: 'ردیف 4' });
    await vi.advanceTimersByTimeAsync(150 + 10);
    const newest = list.items.map((r) => r.id);
    expect(newest).toEqual([4, 40, 41, 42, 43, 44, 45]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(list.items.map((r) => r.id)).toEqual(newest);
    expect(list.total).toBe(7);
    expect(list.loading).toBe(false);
  });

  it('pages forward and back within bounds', async () => {
    const { fetch, calls } = fakeFetcher();
    const list = new ListState(fetch, initial(), { pageSize: 20 });
    await list.refresh();
    expect(list.hasPrev).toBe(false);
    expect(list.hasNext).toBe(true);
    await list.next();
    await list.next();
    expect(list.page).toBe(3);
    expect(list.items.map((r) => r.id)).toEqual([41, 42, 43, 44, 45]);
    expect(list.hasNext).toBe(false);
    await list.next();
    expect(list.page).toBe(3);
    await list.prev();
    expect(list.page).toBe(2);
    expect(calls.map((c) => c.page.page)).toEqual([1, 2, 3, 2]);
  });

  it('pages on past a capped count while the core says more follow', async () => {
    // 45 rows, counted only up to 20 («بیش از ۲۰»), as the people search
    // caps its count.
    const calls: PageRequest[] = [];
    const fetch = async (_f: Filter, page: PageRequest): Promise<Page<(typeof ROWS)[number]>> => {
      calls.push(page);
      const start = (page.page - 1) * page.page_size;
      const items = ROWS.slice(start, start + page.page_size);
      const more = start + page.page_size < ROWS.length;
      return { items, total: 20, ...page, capped: true, more };
    };
    const list = new ListState(fetch, initial(), { pageSize: 20 });
    await list.refresh();
    expect(list.capped).toBe(true);
    expect(list.hasNext).toBe(true);
    await list.next();
    expect(list.page).toBe(2);
    expect(list.hasNext).toBe(true);
    await list.next();
    expect(list.page).toBe(3);
    expect(list.items.map((r) => r.id)).toEqual([41, 42, 43, 44, 45]);
    expect(list.hasNext).toBe(false);
    await list.next();
    expect(list.page).toBe(3);
    await list.goTo(2);
    expect(list.page).toBe(2);
    expect(calls.map((c) => c.page)).toEqual([1, 2, 3, 2]);
  });

  it('goes back to page 1 when the filter changes', async () => {
    const { fetch, calls } = fakeFetcher();
    const list = new ListState(fetch, initial(), { pageSize: 20 });
    await list.refresh();
    await list.next();
    expect(list.page).toBe(2);
    await list.set({ small: true });
    expect(list.page).toBe(1);
    expect(calls.at(-1)).toEqual({ filter: { text: '', small: true }, page: { page: 1, page_size: 20 } });
    list.type({ text: 'ردیف 3' });
    expect(list.page).toBe(1);
  });

  it('a filter control drops a pending typed request', async () => {
    const { fetch, calls } = fakeFetcher();
    const list = new ListState(fetch, initial());
    list.type({ text: 'ردیف' });
    await list.set({ small: false });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    expect(calls[0].filter).toEqual({ text: 'ردیف', small: false });
  });

  it('shows the Persian message of a failed request and keeps the rows', async () => {
    let fail = false;
    const list = new ListState(
      async (_f: Filter, page: PageRequest) => {
        if (fail) throw { code: 'storage', message: 'پایگاه داده در دسترس نیست.', fields: [] };
        return { items: [{ id: 1 }], total: 1, ...page, capped: false, more: false };
      },
      initial(),
    );
    await list.refresh();
    fail = true;
    await list.refresh();
    expect(list.error).toBe('پایگاه داده در دسترس نیست.');
    expect(list.rejection).toMatchObject({ code: 'storage' });
    expect(list.items).toEqual([{ id: 1 }]);
    fail = false;
    await list.refresh();
    expect(list.error).toBeNull();
    expect(list.rejection).toBeNull();
  });

  it('dispose cancels a pending typed request', async () => {
    const { fetch, calls } = fakeFetcher();
    const list = new ListState(fetch, initial());
    list.type({ text: 'x' });
    list.dispose();
    expect(list.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1);

  it('cuts a whole list into pages', () => {
    expect(pageOf(items, { page: 1, page_size: 20 })).toEqual({
      items: items.slice(0, 20),
      total: 45,
      page: 1,
      page_size: 20,
      capped: false,
      more: true,
    });
    expect(pageOf(items, { page: 3, page_size: 20 }).more).toBe(false);
    expect(pageOf(items, { page: 3, page_size: 20 }).items).toEqual([41, 42, 43, 44, 45]);
  });

  it('keeps the page within the list', () => {
    expect(pageOf(items, { page: 9, page_size: 20 }).page).toBe(3);
    expect(pageOf(items, { page: 0, page_size: 20 }).page).toBe(1);
    expect(pageOf([], { page: 2, page_size: 20 })).toEqual({
      items: [],
      total: 0,
      page: 1,
      page_size: 20,
      capped: false,
      more: false,
    });
  });
});
