import { beforeEach, describe, expect, it } from 'vitest';
import * as standin from '../standin';
import { rejection } from './rejection';
import type { CourseFilter, CourseInput, NeedFilter, NeedInput, OrgFilter } from '../bindings';

const anyCourse: CourseFilter = { text: '', kind: null, cluster: null, active: null };
const anyNeed: NeedFilter = { campaign_id: null, organization_id: null, course_id: null, status: null, source: null, text: '' };
const anyOrg: OrgFilter = {
  text: '',
  kind: null,
  field: null,
  county: null,
  status: null,
  is_small: null,
  is_startup: null,
  is_internet: null,
};

function course(code: string | null, title: string): CourseInput {
  return {
    kind: null,
    code,
    title,
    cluster: 'صنایع دستی',
    course_group: null,
    theory_hours: '۲۰',
    practice_hours: '40',
    total_hours: null,
    entry_education: 'diploma',
    suits: null,
    active: true,
  };
}

async function coop(name: string) {
  const [org] = (await standin.searchOrgs({ ...anyOrg, text: name }, { page: 1, page_size: 5 })).items;
  return org;
}

async function campaignId() {
  return (await standin.listCampaigns())[0].id;
}

async function courseId(title: string) {
  return (await standin.searchCourses({ ...anyCourse, text: title }))[0].id;
}

async function need(orgId: number, title: string, patch: Partial<NeedInput> = {}) {
  return standin.addNeed({
    campaign_id: await campaignId(),
    organization_id: orgId,
    target_role: 'members',
    course_id: await courseId(title),
    requested: '3',
    source: 'assessment',
    need_level: '4',
    target_month: '۱۴۰۴/۰۹',
    notes: null,
    ...patch,
  });
}

beforeEach(() => standin.resetForTests(true));

describe('catalogue', () => {
  it('always has the seven general topics; the sample data adds standards', async () => {
    standin.resetForTests(false);
    const general = await standin.searchCourses({ ...anyCourse, kind: 'general' });
    expect(general.map((c) => c.title)).toContain('قوانین و مقررات تعاون');
    expect(general).toHaveLength(7);
    standin.resetForTests(true);
    const standards = await standin.searchCourses({ ...anyCourse, kind: 'standard' });
    expect(standards.length).toBeGreaterThanOrEqual(10);
    // Standards come first, then general topics.
    const all = await standin.searchCourses(anyCourse);
    expect(all[0].kind).toBe('standard');
    expect(all.at(-1)!.kind).toBe('general');
  });

  it('finds courses by title words in any spelling, or by the start of the code', async () => {
    expect((await standin.searchCourses({ ...anyCourse, text: 'فرش دستباف بافنده' })).map((c) => c.code)).toEqual(['7-27/62/1/3']);
    expect((await standin.searchCourses({ ...anyCourse, text: 'صورتهای مالي' })).map((c) => c.title)).toEqual(['صورت‌های مالی']);
    expect((await standin.searchCourses({ ...anyCourse, text: '۷-۲۷/۶۲' })).map((c) => c.code)).toEqual(['7-27/62/1/3', '7-27/62/2/3']);
  });

  it('adds a standard with its hours summed, refuses the same code twice', async () => {
    const added = await standin.addCourse(course('۷-۲۷/۶۲/۹/۳', 'گره‌زن فرش'));
    expect(added).toMatchObject({ code: '7-27/62/9/3', theory_hours: 20, practice_hours: 40, total_hours: 60, entry_education_label: 'دیپلم' });
    const dup = await rejection(standin.addCourse(course('7-27/62/9/3', 'دیگر')));
    expect(dup.code).toBe('duplicate');
    expect(dup.message).toContain('گره‌زن فرش');
  });

  it('needs a code for a standard but not for a general topic', async () => {
    const error = await rejection(standin.addCourse({ ...course(null, ''), theory_hours: 'سی' }));
    expect(error.fields.map((f) => f.field)).toEqual(['code', 'title', 'theory_hours']);
    expect(error.fields[1].message).toBe('«عنوان دوره» خالی است و باید پر شود.');
    expect(error.fields[2].message).toBe('«ساعت نظری» با مقدار «سی» باید عدد باشد.');
    const topic = await standin.addCourse({ ...course(null, 'کار گروهی'), kind: 'general' });
    expect(topic.kind_label).toBe('موضوع عمومی');
  });

  it('edits a course and can retire it', async () => {
    const [weaver] = await standin.searchCourses({ ...anyCourse, text: '7-27/62/1/3' });
    const updated = await standin.updateCourse(weaver.id, { ...course('7-27/62/1/3', weaver.title), active: false });
    expect(updated.active).toBe(false);
    expect((await standin.searchCourses({ ...anyCourse, active: true })).map((c) => c.id)).not.toContain(weaver.id);
  });
});

describe('import', () => {
  it('previews first, refuses a file with a wrong row, and imports the corrected one', async () => {
    const first = (await standin.pickImportFile())!;
    const preview = await standin.importCourses(first, true);
    expect(preview).toMatchObject({ file: 'standards-1404.xlsx', rows: 5, added: 2, updated: 1, unchanged: 1, rejected: 1, written: false });
    expect(preview.problems).toEqual([
      { row: 5, column: 'ساعت نظری', value: 'سی', message: '«ساعت نظری» با مقدار «سی» باید عدد باشد.' },
    ]);
    const before = (await standin.searchCourses(anyCourse)).length;
    const refused = await rejection(standin.importCourses(first, false));
    expect(refused.code).toBe('import_rejected');
    expect(refused.message).toContain('ردیف ۵');
    expect(await standin.searchCourses(anyCourse)).toHaveLength(before);

    const corrected = (await standin.pickImportFile())!;
    expect(corrected).not.toBe(first);
    const done = await standin.importCourses(corrected, false);
    expect(done).toMatchObject({ added: 3, updated: 1, unchanged: 1, rejected: 0, problems: [], written: true });
    expect(await standin.searchCourses(anyCourse)).toHaveLength(before + 3);
    // The same file again changes nothing.
    expect(await standin.importCourses(corrected, true)).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
  });
});

describe('providers and campaigns', () => {
  it('adds a provider once by name', async () => {
    const p = await standin.addProvider({ kind: 'public', name: 'مرکز شماره ۲ ری', county: 'ری', licence_no: null, licence_expires: '۱۴۰۵/۰۱/۱۵' });
    expect(p).toMatchObject({ kind_label: 'مرکز دولتی', county: 'ری', licence_expires_jalali: '1405/01/15' });
    expect((await rejection(standin.addProvider({ kind: 'public', name: 'مرکز شماره ۲ ري', county: null, licence_no: null, licence_expires: null }))).code).toBe('duplicate');
    expect((await standin.listProviders()).map((x) => x.name)).toContain('مرکز شماره ۲ ری');
  });

  it('opens a campaign with its period; the newest comes first', async () => {
    const c = await standin.addCampaign({ title: 'نیازسنجی زمستان ۱۴۰۴', starts_on: '۱۴۰۴/۱۰/۰۱', ends_on: '1404/12/29', deadline: null, owner: 'واحد آموزش' });
    expect(c).toMatchObject({ status: 'open', starts_on_jalali: '1404/10/01', lines: 0 });
    expect((await standin.listCampaigns())[0].id).toBe(c.id);
    const bad = await rejection(standin.addCampaign({ title: '', starts_on: '1404/10/01', ends_on: '1404/09/01', deadline: null, owner: '' }));
    expect(bad.fields.map((f) => f.field)).toEqual(['title', 'owner', 'end_date']);
  });
});

describe('need lines', () => {
  it('records a need once per cooperative, group and course in a campaign', async () => {
    const org = await coop('زرین‌بافان');
    const line = await need(org.id, 'بافنده فرش دستباف');
    expect(line).toMatchObject({ status: 'draft', status_label: 'پیش‌نویس', target_label: 'آذر ۱۴۰۴', requested: 3, approved: null });
    const again = await rejection(need(org.id, 'بافنده فرش دستباف'));
    expect(again.code).toBe('refused');
    expect(again.message).toContain('پیش‌تر در همین نیازسنجی ثبت شده است');
    const bad = await rejection(need(org.id, 'رنگرز الیاف فرش', { requested: '0', need_level: '9', target_month: '1404/13' }));
    expect(bad.fields.map((f) => f.field)).toEqual(['requested', 'need_level', 'target_month']);
  });

  it('follows the lifecycle and keeps its history', async () => {
    const org = await coop('زرین‌بافان');
    const line = await need(org.id, 'بافنده فرش دستباف');
    const wrong = await rejection(standin.setNeedStatus(line.id, 'approved', '', null));
    expect(wrong.message).toContain('از این وضعیت فقط به ارسال‌شده، به تعویق افتاده، ردشده می‌توان رفت');
    expect((await rejection(standin.setNeedStatus(line.id, 'deferred', ' ', null))).fields[0].field).toBe('reason');
    await standin.setNeedStatus(line.id, 'submitted', '', null);
    const tooMany = await rejection(standin.setNeedStatus(line.id, 'approved', '', 4));
    expect(tooMany.fields[0].message).toContain('باید بین ۱ و ۳ باشد');
    const approved = await standin.setNeedStatus(line.id, 'approved', 'صورت‌جلسه ۱۲', 2);
    expect(approved).toMatchObject({ status: 'approved', approved: 2 });
    const history = await standin.needHistory(line.id);
    expect(history.map((h) => [h.from_status, h.to_status, h.reason])).toEqual([
      [null, 'draft', 'ثبت نیاز'],
      ['draft', 'submitted', 'ارسال‌شده'],
      ['submitted', 'approved', 'صورت‌جلسه ۱۲'],
    ]);
  });

  it('approves several lines at once, or none when one cannot be', async () => {
    const lines = await standin.listNeeds(anyNeed);
    const draft = lines.find((l) => l.status === 'draft')!;
    const rejected = lines.find((l) => l.status === 'rejected')!;
    const error = await rejection(standin.approveNeeds([draft.id, rejected.id], 'جلسه کمیته'));
    expect(error.message).toContain('این وضعیت پایانی است');
    const after = await standin.listNeeds(anyNeed);
    expect(after.find((l) => l.id === draft.id)!.status).toBe('draft');
    expect(await standin.needHistory(draft.id)).toHaveLength(1);

    const [done] = await standin.approveNeeds([draft.id], 'جلسه کمیته');
    expect(done).toMatchObject({ status: 'approved', approved: draft.requested });
  });

  it('filters by campaign, status, source and words of the cooperative or course', async () => {
    const all = await standin.listNeeds(anyNeed);
    expect(all.length).toBe(7);
    // Most needed first.
    expect(all.map((l) => l.need_level)).toEqual([...all.map((l) => l.need_level)].sort((a, b) => b - a));
    expect((await standin.listNeeds({ ...anyNeed, status: 'submitted' })).every((l) => l.status === 'submitted')).toBe(true);
    expect((await standin.listNeeds({ ...anyNeed, source: 'self_applied' })).map((l) => l.source_label)).toEqual(['متقاضی', 'متقاضی']);
    expect((await standin.listNeeds({ ...anyNeed, text: 'گلخانه' })).map((l) => l.course_title)).toEqual(['کاربر گلخانه']);
    expect((await standin.listNeeds({ ...anyNeed, text: 'بهسازان' })).map((l) => l.course_title)).toEqual(['کاربر گلخانه']);
  });
});

describe('nominees', () => {
  async function approvedLine(count: number) {
    const org = await coop('زرین‌بافان');
    const line = await need(org.id, 'بافنده فرش دستباف');
    await standin.setNeedStatus(line.id, 'submitted', '', null);
    await standin.setNeedStatus(line.id, 'approved', '', count);
    const members = (await standin.orgDetail(org.id)).people.filter((p) => p.role === 'member');
    const board = (await standin.orgDetail(org.id)).people.find((p) => p.role === 'board')!;
    return { line, members, board };
  }

  it('names members of the target group up to the approved count', async () => {
    const { line, members, board } = await approvedLine(2);
    const wrongGroup = await rejection(standin.addNominee(line.id, board.national_code));
    expect(wrongGroup.message).toContain('نقشی از گروه «اعضا» ندارد');
    await standin.addNominee(line.id, members[0].national_code);
    await standin.addNominee(line.id, members[1].national_code);
    const full = await rejection(standin.addNominee(line.id, members[2].national_code));
    expect(full.message).toBe('برای این ردیف ۲ نفر مصوب است و همه معرفی شده‌اند.');
    await standin.withdrawNominee(line.id, members[0].national_code);
    await standin.addNominee(line.id, members[2].national_code);
    const named = await standin.listNominees(line.id);
    expect(named.filter((n) => n.status === 'open')).toHaveLength(2);
    expect(named.find((n) => n.national_code === members[0].national_code)!.status).toBe('withdrawn');
    // The approved count cannot fall below those named.
    await standin.setNeedStatus(line.id, 'planned', '', null);
    const lower = await rejection(standin.setNeedStatus(line.id, 'approved', '', 1));
    expect(lower.message).toContain('۲ نفر معرفی شده‌اند');
  });

  it('names nobody before approval', async () => {
    const org = await coop('زرین‌بافان');
    const line = await need(org.id, 'بافنده فرش دستباف');
    const member = (await standin.orgDetail(org.id)).people.find((p) => p.role === 'member')!;
    expect((await rejection(standin.addNominee(line.id, member.national_code))).message).toContain('پس از تصویب');
  });
});

describe('suggestions and roadmap', () => {
  it('suggests courses that match the statute first, each with its reason', async () => {
    const org = await coop('زرین‌بافان');
    const suggestions = await standin.suggestCourses(org.id);
    expect(suggestions[0].course.title).toBe('بافنده فرش دستباف');
    expect(suggestions[0].reason).toBe('با موضوع فعالیت در اساسنامه هم‌خوان است: «فرش، دستباف»');
    expect(suggestions.some((s) => s.reason.startsWith('برای تعاونی‌های تولیدی'))).toBe(true);
    expect(suggestions.at(-1)!.course.kind).toBe('general');
    await need(org.id, 'بافنده فرش دستباف');
    expect((await standin.suggestCourses(org.id)).map((s) => s.course.title)).not.toContain('بافنده فرش دستباف');
  });

  it('orders the roadmap by month, then by the clerk’s order, and totals it', async () => {
    const org = await coop('زرین‌بافان');
    const a = await need(org.id, 'بافنده فرش دستباف', { target_month: '1404/10' });
    const b = await need(org.id, 'رنگرز الیاف فرش', { requested: '5' });
    const c = await need(org.id, 'صورت‌های مالی', { target_month: '1404/09' });
    const d = await need(org.id, 'شیوه مشارکت اعضا', { target_month: null });
    let map = await standin.roadmap(org.id);
    expect(map.lines.map((l) => l.id)).toEqual([b.id, c.id, a.id, d.id]);
    expect(map.requested).toBe(14);
    await standin.reorderRoadmap(org.id, [c.id, b.id, a.id, d.id]);
    map = await standin.roadmap(org.id);
    expect(map.lines.map((l) => l.id)).toEqual([c.id, b.id, a.id, d.id]);
    await standin.setNeedStatus(d.id, 'rejected', 'تکراری', null);
    expect((await standin.roadmap(org.id)).lines).toHaveLength(3);
    expect((await rejection(standin.reorderRoadmap(org.id, [999_999]))).code).toBe('not_found');
  });

  it('exports to a workbook path', async () => {
    const org = await coop('زرین‌بافان');
    expect((await standin.exportRoadmap(org.id)).path).toMatch(/\.xlsx$/);
  });
});
