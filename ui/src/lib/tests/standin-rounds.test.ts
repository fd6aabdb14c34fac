import { beforeEach, describe, expect, it } from 'vitest';
import * as standin from '../standin';
import { rejection } from './rejection';
import { anyCandidate, roundMove } from '../inputs';

async function draft(capacity: string | null = '3') {
  return standin.newRound({ month: '۱۴۰۴/۹', capacity, title: null });
}

beforeEach(() => standin.resetForTests(true, true));

describe('quota', () => {
  it('has the sample period, with round 1 counted as used', async () => {
    const [period] = await standin.listQuota();
    expect(period).toMatchObject({ title: 'سهمیه نیمه دوم ۱۴۰۴', starts_on_jalali: '1404/07/01', ends_on_jalali: '1404/12/29', quota: 600, used: 3, reserved: 0, remaining: 597, percent: 0, warning: null });
    expect(period.caps).toMatchObject([{ kind: 'course', name: 'حسابدار عمومی', seats: 10, used: 0, remaining: 10 }]);
  });

  it('adds a period with the default shares, refuses an overlap, and changes the one starting the same day', async () => {
    const added = await standin.setQuota({ title: '', starts_on: '۱۴۰۵/۰۱/۰۱', ends_on: '1405/06/31', unit: '', capacity: '۱۰۰۰', province_share: null, coop_share: null });
    expect(added).toMatchObject({ title: 'سهمیه ۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۰۶/۳۱', unit: 'seats', province_share: 100, coop_share: 30, quota: 300 });
    const overlap = await rejection(standin.setQuota({ title: 'x', starts_on: '1405/03/01', ends_on: '1405/09/30', unit: 'seats', capacity: '10', province_share: null, coop_share: null }));
    expect(overlap.message).toContain('هم‌پوشانی دارد');
    const changed = await standin.setQuota({ title: 'نیمه اول ۱۴۰۵', starts_on: '1405/01/01', ends_on: '1405/06/31', unit: 'نفر-ساعت', capacity: '5000', province_share: '۵۰٪', coop_share: '30.5' });
    expect(changed).toMatchObject({ id: added.id, unit: 'hours', quota: 762 });
    const bad = await rejection(standin.setQuota({ title: '', starts_on: '1405/07/01', ends_on: '1405/06/01', unit: 'kg', capacity: 'ده', province_share: '120', coop_share: null }));
    expect(bad.fields.map((f) => f.field)).toEqual(['end_date', 'unit', 'capacity', 'province_share']);
  });

  it('sets and clears a course cap', async () => {
    const [period] = await standin.listQuota();
    const course = period.caps[0].target_id;
    expect((await standin.setQuotaCap(period.id, course, null, '۲۵')).caps[0].seats).toBe(25);
    expect((await standin.setQuotaCap(period.id, course, null, '')).caps).toEqual([]);
    expect((await rejection(standin.setQuotaCap(period.id, null, null, '1'))).code).toBe('refused');
  });
});

describe('rounds', () => {
  it('opens a draft for a month in any digits, numbered after the last', async () => {
    const round = await draft();
    expect(round).toMatchObject({ number: 2, month_text: '1404/09', month_label: 'آذر ۱۴۰۴', status: 'draft', capacity: 3, people: 0, file_name: 'round-02-1404-09.xlsx' });
    expect(round.title).toBe('نوبت ۲ معرفی به آموزش فنی و حرفه‌ای، آذر ۱۴۰۴');
    expect(round.quota?.title).toBe('سهمیه نیمه دوم ۱۴۰۴');
    expect((await standin.listRounds()).map((r) => r.number)).toEqual([2, 1]);
    // Without a capacity: this month's share of what is left (597 over the three months left).
    expect((await standin.newRound({ month: '1404/10', capacity: null, title: 'نوبت دی' })).capacity).toBe(199);
  });

  it('refuses a month without a period, and names the field of a bad month or capacity', async () => {
    expect((await rejection(standin.newRound({ month: '1403/09', capacity: null, title: null }))).message).toContain('در بخش «سهمیه» ثبت کنید');
    const bad = await rejection(standin.newRound({ month: '1404/13', capacity: 'صفر', title: null }));
    expect(bad.fields.map((f) => [f.field, f.message])).toEqual([
      ['month', '«ماه» با مقدار «1404/13» ماه باید بین ۱ تا ۱۲ باشد.'],
      ['capacity', '«ظرفیت» با مقدار «صفر» باید عدد باشد.'],
    ]);
  });

  it('ranks candidates with the parts of their scores, and keeps out those a rule refuses', async () => {
    const round = await draft();
    const list = await standin.roundCandidates(round.id, anyCandidate());
    expect(list.eligible).toBe(10);
    expect(list.blocked).toBe(3);
    expect(list.items).toHaveLength(10);
    const [best] = list.items;
    expect(best.organization_name).toBe('تعاونی ژرف‌اندیشان نوین تهران');
    expect(best.score).toBe(97);
    expect(best.explanation).toBe('نیاز سطح ۵: +۵۰، متقاضی: +۲۰، بدون آموزش پیشین: +۱۵، ۱ ماه انتظار: +۲، تعاونی نوپا: +۵، تعاونی اینترنتی: +۵');
    const scores = list.items.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const all = await standin.roundCandidates(round.id, { ...anyCandidate(), with_blocked: true });
    const reasons = all.items.filter((c) => c.blocked !== null).map((c) => c.blocked);
    expect(reasons).toHaveLength(3);
    expect(reasons).toContain('پیش‌تر در نوبت ۱ برای همین دوره معرفی شده است.');
    expect(reasons).toContain('در نوبت ۱ معرفی شده و هنوز منتظر کلاس است.');
    expect(reasons.some((r) => /^تعاونی «.+» (غیرفعال|منحل) است\.$/.test(r!))).toBe(true);

    const web = await standin.roundCandidates(round.id, { ...anyCandidate(), text: 'طراح صفحات' });
    expect(web.items.map((c) => c.course_title)).toEqual(['طراح صفحات وب', 'طراح صفحات وب']);
  });

  it('builds to capacity with the fairness term, then takes one more only with a reason', async () => {
    const round = await draft();
    const report = await standin.buildRound(round.id);
    expect(report).toMatchObject({ added: 3, stopped: 'ظرفیت نوبت پر شد.' });
    expect(report.round.people).toBe(3);
    const list = await standin.listReferrals(round.id);
    expect(list[1].explanation).toContain('۱ نفر دیگر از همین تعاونی در نوبت: −۸');
    expect(list.map((r) => r.status)).toEqual(['proposed', 'proposed', 'proposed']);

    const [next] = (await standin.roundCandidates(round.id, anyCandidate())).items;
    const over = await rejection(standin.addCandidate(round.id, next.nominee_id, '', null));
    expect(over.code).toBe('quota_exceeded');
    expect(over.message).toBe(`ظرفیت این نوبت پر است. برای افزودن ${next.full_name} باید دلیل عبور از ظرفیت را بنویسید.`);
    const added = await standin.addCandidate(round.id, next.nominee_id, '', 'درخواست کتبی تعاونی');
    expect(added.status).toBe('proposed');
    expect((await standin.referralHistory(added.id))[0].reason).toContain('دلیل: درخواست کتبی تعاونی');

    const blocked = (await standin.roundCandidates(round.id, { ...anyCandidate(), with_blocked: true })).items.find((c) => c.blocked)!;
    expect((await rejection(standin.addCandidate(round.id, blocked.nominee_id, '', 'x'))).message).toContain('به نوبت افزوده نشد');
  });

  it('locks only with a reason past capacity, goes back with a reason, and sends with a letter number', async () => {
    const round = await draft();
    expect((await rejection(standin.setRoundStatus(round.id, 'locked', roundMove()))).message).toContain('هیچ نفری ندارد');
    await standin.buildRound(round.id);
    const [next] = (await standin.roundCandidates(round.id, anyCandidate())).items;
    await standin.addCandidate(round.id, next.nominee_id, '', 'درخواست کتبی');
    const over = await rejection(standin.setRoundStatus(round.id, 'locked', roundMove()));
    expect(over).toMatchObject({ code: 'quota_exceeded', message: 'نوبت ۴ نفر دارد و ظرفیتش ۳ نفر است. برای قفل کردن نوبت باید دلیل عبور از ظرفیت را بنویسید.' });
    expect((await standin.setRoundStatus(round.id, 'locked', roundMove({ override_reason: 'مصوبه کارگروه' }))).status).toBe('locked');
    expect((await rejection(standin.buildRound(round.id))).message).toContain('فقط در وضعیت «پیش‌نویس» ممکن است');

    expect((await rejection(standin.setRoundStatus(round.id, 'draft', roundMove()))).fields[0].field).toBe('reason');
    await standin.setRoundStatus(round.id, 'draft', roundMove({ reason: 'اصلاح فهرست' }));
    await standin.setRoundStatus(round.id, 'locked', roundMove({ override_reason: 'مصوبه کارگروه' }));

    expect((await rejection(standin.setRoundStatus(round.id, 'sent', roundMove()))).fields[0].field).toBe('letter_no');
    const bad = await rejection(standin.setRoundStatus(round.id, 'sent', roundMove({ letter_no: '1', sent_on: '1404/09/31' })));
    expect(bad.fields[0].field).toBe('sent_on');
    const sent = await standin.setRoundStatus(round.id, 'sent', roundMove({ letter_no: '۹۲۱۰/۱۴۰', sent_on: '1404/09/05' }));
    expect(sent).toMatchObject({ status: 'sent', letter_no: '۹۲۱۰/۱۴۰', sent_on_jalali: '1404/09/05' });
    expect((await standin.listReferrals(round.id)).every((r) => r.status === 'sent')).toBe(true);
    const history = await standin.roundHistory(round.id);
    expect(history.map((h) => h.to_label)).toEqual(['پیش‌نویس', 'قفل‌شده', 'پیش‌نویس', 'قفل‌شده', 'ارسال‌شده']);
    expect(history[1].reason).toContain('دلیل: مصوبه کارگروه');
    expect(history[4].reason).toBe('ارسال با نامه ۹۲۱۰/۱۴۰');

    expect((await rejection(standin.setRoundStatus(round.id, 'reconciled', roundMove()))).message).toContain('۴ نفر از نوبت ۲ هنوز پاسخی');
  });

  it('removes a proposal only with a reason, while the round is a draft', async () => {
    const round = await draft();
    await standin.buildRound(round.id);
    const [first] = await standin.listReferrals(round.id);
    expect((await rejection(standin.removeReferral(first.id, ' '))).fields[0].field).toBe('reason');
    const removed = await standin.removeReferral(first.id, 'تکراری');
    expect(removed.status_label).toBe('حذف از نوبت');
    const list = await standin.listReferrals(round.id);
    expect(list.at(-1)!.id).toBe(first.id);
    expect((await standin.getRound(round.id)).people).toBe(2);
  });
});

describe('referrals after sending', () => {
  async function sentRound() {
    const round = await draft();
    await standin.buildRound(round.id);
    await standin.setRoundStatus(round.id, 'locked', roundMove());
    await standin.setRoundStatus(round.id, 'sent', roundMove({ letter_no: '100' }));
    return round;
  }

  it('follows the lifecycle, keeps every move, and asks for the certificate number', async () => {
    const round = await sentRound();
    const [r] = await standin.listReferrals(round.id);
    const provider = (await standin.listProviders())[0];
    const update = { status: 'enrolled', reason: '', provider_id: provider.id, class_starts_on: '1404/09/10', class_ends_on: '1404/09/01', certificate_no: null, certificate_on: null, override_reason: null };
    expect((await rejection(standin.updateReferral(r.id, update))).fields[0].field).toBe('class_ends_on');
    const enrolled = await standin.updateReferral(r.id, { ...update, class_ends_on: '1404/10/10' });
    expect(enrolled).toMatchObject({ status: 'enrolled', provider_name: provider.name, class_starts_on_jalali: '1404/09/10' });
    const wrong = await rejection(standin.updateReferral(r.id, { ...update, status: 'passed', class_ends_on: null }));
    expect(wrong.message).toContain('از این وضعیت فقط به حضور کامل، حضور ناقص، غیبت، لغوشده می‌توان رفت');
    await standin.updateReferral(r.id, { ...update, status: 'attended_full', class_ends_on: null });
    await standin.updateReferral(r.id, { ...update, status: 'passed', class_ends_on: null });
    expect((await rejection(standin.updateReferral(r.id, { ...update, status: 'certified', class_ends_on: null }))).fields[0].field).toBe('certificate_no');
    const done = await standin.updateReferral(r.id, { ...update, status: 'certified', class_ends_on: null, certificate_no: '۱۲۳۴۵', certificate_on: '1404/11/01' });
    expect(done).toMatchObject({ status: 'certified', certificate_no: '12345', certificate_on_jalali: '1404/11/01' });
    expect((await standin.referralHistory(r.id)).map((h) => h.to_label)).toEqual([
      'پیشنهادی',
      'معرفی‌شده',
      'ثبت‌نام‌شده',
      'حضور کامل',
      'قبول',
      'گواهینامه گرفته',
    ]);
    expect((await standin.getRound(round.id)).certified).toBe(1);
  });

  it('lists a person’s and a cooperative’s training, newest round first', async () => {
    const round = await sentRound();
    const [r] = await standin.listReferrals(round.id);
    const mine = await standin.trainingHistory(r.person_id, null);
    expect(mine.map((x) => [x.person_id, x.round_number])).toEqual([[r.person_id, 2]]);
    // The best-ranked cooperative also had someone in round 1.
    const coop = await standin.trainingHistory(null, r.organization_id);
    expect(coop.every((x) => x.organization_id === r.organization_id)).toBe(true);
    expect(coop.map((x) => x.round_number)).toEqual([2, 2, 1]);
  });

  it('writes the letter, the sign-in sheets per course, the sheet and the email draft', async () => {
    const round = await sentRound();
    const letter = await standin.roundLetter(round.id);
    expect(letter).toMatchObject({ round_number: 2, month_label: 'آذر ۱۴۰۴', letter_no: '100', people: 3, recipient: 'اداره کل آموزش فنی و حرفه‌ای استان تهران' });
    expect(letter.letterhead).toEqual(['وزارت تعاون، کار و رفاه اجتماعی']);
    expect(letter.courses.reduce((n, c) => n + c.people, 0)).toBe(3);
    expect(letter.sign_in.map((s) => s.course_title)).toEqual(letter.courses.map((c) => c.course_title));
    expect((await standin.exportRound(round.id)).path).toMatch(/round-02-1404-09\.xlsx$/);
    expect((await rejection(standin.prepareEmail(round.id))).message).toContain('«تنظیمات»');
    await standin.saveSettings({ ...(await standin.getSettings()), tvto_email: 'Tehran@TVTO.ir' });
    expect((await standin.prepareEmail(round.id)).path).toMatch(/round-02-1404-09\.eml$/);
  });
});

describe('settings', () => {
  it('saves cleaned values, or nothing with every problem named', async () => {
    const s = await standin.getSettings();
    expect(s.weights.need_level).toBe(10);
    const saved = await standin.saveSettings({ ...s, letterhead: ' خط یک \n\n خط دو ', tvto_email: ' a@b.ir ' });
    expect(saved).toMatchObject({ letterhead: 'خط یک\nخط دو', tvto_email: 'a@b.ir' });
    const bad = await rejection(standin.saveSettings({ ...s, office: ' ', tvto_email: 'not an address', weights: { ...s.weights, fairness: -3 } }));
    expect(bad.fields.map((f) => [f.field, f.value])).toEqual([
      ['office', ''],
      ['tvto_email', 'not an address'],
      ['weight', '-3'],
    ]);
    expect((await standin.getSettings()).tvto_email).toBe('a@b.ir');
  });
});
