import { describe, expect, it } from 'vitest';
import guide from '../../../../docs/guide-fa.md?raw';
import { inline, parseGuide } from '../guide';
import { fileName, folderOf } from '../paths';

describe('the clerk guide', () => {
  const blocks = parseGuide(guide);

  it('has a title and a section for each thing the clerk asks', () => {
    expect(blocks[0]).toEqual({ kind: 'title', text: 'راهنمای نصب و نگهداری میز آموزش تعاون' });
    const headings = blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []));
    expect(headings).toEqual([
      'نصب روی رایانهٔ اداره',
      'کارهای در انتظار شما',
      'اصلاح اطلاعات ثبت‌شده',
      'داده‌ها کجا نگه داشته می‌شوند',
      'خروجی‌ها کجا می‌روند',
      'داشبورد و گزارش ماهانه',
      'پشتیبان روی فلش',
      'بازگردانی روی رایانهٔ تازه',
      'حذف برنامه',
    ]);
  });

  it('keeps numbered steps in order and paths as code', () => {
    const steps = blocks.find((b) => b.kind === 'list' && b.ordered);
    expect(steps?.kind === 'list' && steps.items.length).toBe(4);
    const codes = blocks.flatMap((b) =>
      b.kind === 'list' ? b.items.flat().filter((p) => p.code).map((p) => p.text) : [],
    );
    expect(codes).toContain('%APPDATA%\\Taavon\\TaavonDesk\\data');
    expect(codes).toContain('round-03-1404-09 (2).xlsx');
  });

  it('leaves no markdown marks in the text the clerk reads', () => {
    const text = JSON.stringify(blocks.map((b) => (b.kind === 'list' ? b.items : b.kind === 'paragraph' ? b.parts : b.text)));
    expect(text).not.toMatch(/`|^#|\\n- /);
  });
});

describe('parseGuide', () => {
  it('splits paragraphs, lists and headings', () => {
    expect(parseGuide('# عنوان\n\nیک\nدو\n\n- الف `a.db`\n- ب\n1. یکم\n2. دوم\n## بخش')).toEqual([
      { kind: 'title', text: 'عنوان' },
      { kind: 'paragraph', parts: [{ text: 'یک دو', code: false }] },
      {
        kind: 'list',
        ordered: false,
        items: [[{ text: 'الف ', code: false }, { text: 'a.db', code: true }], [{ text: 'ب', code: false }]],
      },
      { kind: 'list', ordered: true, items: [[{ text: 'یکم', code: false }], [{ text: 'دوم', code: false }]] },
      { kind: 'heading', text: 'بخش' },
    ]);
  });

  it('never turns text into markup', () => {
    expect(inline('<b>x</b> `<i>`')).toEqual([
      { text: '<b>x</b> ', code: false },
      { text: '<i>', code: true },
    ]);
  });

  it('finds the folder of a Windows or Linux path', () => {
    expect(folderOf('C:\\Users\\کارشناس آموزش\\AppData\\Roaming\\Taavon\\TaavonDesk\\data\\taavon.db')).toBe(
      'C:\\Users\\کارشناس آموزش\\AppData\\Roaming\\Taavon\\TaavonDesk\\data',
    );
    expect(folderOf('/home/u/.local/share/taavondesk/taavon.db')).toBe('/home/u/.local/share/taavondesk');
    expect(fileName('C:\\Users\\clerk\\Desktop\\a.xlsx')).toBe('a.xlsx');
    expect(fileName('/home/clerk/b.xlsx')).toBe('b.xlsx');
    expect(fileName('c.xlsx')).toBe('c.xlsx');
  });
});
