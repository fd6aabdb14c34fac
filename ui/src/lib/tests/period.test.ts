import { describe, expect, it } from 'vitest';
import type { ErrorBody, Figures, PeriodInput } from '../bindings';
import { PeriodFigures } from '../period.svelte';
import { deferred } from './deferred';

/** Enough of the core's answer for the state: its period. */
const answer = (from: string, to: string) => ({ from, to, label: `${from}–${to}` }) as Figures;

const badMonth = (field: 'from' | 'to', value: string): ErrorBody => ({
  code: 'invalid_input',
  message: `«${field}» ${value}`,
  fields: [{ field, value, message: `ماه «${value}» درست نیست.` }],
});

describe('PeriodFigures', () => {
  it('sends empty fields as the core’s defaults and the typed months as typed', async () => {
    const sent: PeriodInput[] = [];
    const p = new PeriodFigures(async (period) => {
      sent.push(period);
      return answer('1404/07', '1405/09');
    });
    await p.load();
    p.from = '۱۴۰۴/۰۹';
    p.to = '  ';
    await p.load();
    expect(sent).toEqual([
      { from: null, to: null },
      { from: '۱۴۰۴/۰۹', to: null },
    ]);
    expect(p.figures?.from).toBe('1404/07');
    expect(p.loaded).toBe(true);
  });

  it('one month sends the month as both ends', async () => {
    const sent: PeriodInput[] = [];
    const p = new PeriodFigures(
      async (period) => {
        sent.push(period);
        return answer('1405/09', '1405/09');
      },
      '1405/09',
      '1405/11',
      true,
    );
    await p.load();
    expect(sent).toEqual([{ from: '1405/09', to: '1405/09' }]);
  });

  it('puts the core’s message beside its field and keeps the figures shown', async () => {
    let refuse: ErrorBody | null = null;
    const p = new PeriodFigures(async () => {
      if (refuse) throw refuse;
      return answer('1404/07', '1405/09');
    });
    await p.load();
    refuse = badMonth('to', '1405/13');
    await p.load();
    expect(p.errors).toEqual({ to: 'ماه «1405/13» درست نیست.' });
    expect(p.formError).toBeNull();
    expect(p.figures?.to).toBe('1405/09');
    p.touch('to');
    expect(p.errors).toEqual({});
  });

  it('shows one month’s refusal beside its one field', async () => {
    const both: ErrorBody = { ...badMonth('from', '1405/13'), fields: [...badMonth('from', '1405/13').fields, ...badMonth('to', '1405/13').fields] };
    const p = new PeriodFigures(
      async () => {
        throw both;
      },
      '1405/13',
      '',
      true,
    );
    await p.load();
    expect(p.errors).toEqual({ from: 'ماه «1405/13» درست نیست.' });
    const end = new PeriodFigures(
      async () => {
        throw badMonth('to', '1405/13');
      },
      '1405/13',
      '',
      true,
    );
    await end.load();
    expect(end.errors).toEqual({ from: 'ماه «1405/13» درست نیست.' });
  });

  it('a refusal without fields goes on top', async () => {
    const p = new PeriodFigures(async () => {
      throw { code: 'database', message: 'پایگاه داده خوانده نشد.', fields: [] };
    });
    await p.load();
    expect(p.formError).toBe('پایگاه داده خوانده نشد.');
    expect(p.figures).toBeNull();
  });

  it('drops an older answer that arrives after a newer one', async () => {
    const answers = [deferred<Figures>(), deferred<Figures>()];
    let call = 0;
    const p = new PeriodFigures(() => answers[call++].promise);
    const first = p.load();
    const second = p.load();
    answers[1].resolve(answer('1404/09', '1404/11'));
    await second;
    expect(p.loading).toBe(false);
    answers[0].resolve(answer('1404/07', '1405/09'));
    await first;
    expect(p.figures?.from).toBe('1404/09');
  });
});
