// Everyday corrections in the real window, on the sample data: a
// cooperative taken out of its union and joined again, a role ended and
// corrected (an overlapping one refused), a need line edited, an approved
// head-count changed with a reason (below the nominees refused), a campaign
// edited and closed, a provider edited and made inactive. Each change is
// then found in the audit log screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Harness } from './harness.mjs';

const h = new Harness();

function code(first9) {
  const d = [...first9].map(Number);
  const s = d.reduce((sum, x, i) => sum + x * (10 - i), 0) % 11;
  return first9 + String(s < 2 ? s : 11 - s);
}

const fa = (s) => String(s).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);

/** Runs the command line expecting a refusal: exit 1 and its stderr. */
function refusal(...args) {
  try {
    execFileSync(h.cli, ['--db', h.db, ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.equal(e.status, 1, e.stderr);
    return e.stderr;
  }
  assert.fail(`${args.join(' ')} was not refused`);
}

const sara = { code: code('009876501'), first: 'سارا', last: 'نوروزیان' };
const reza = { code: code('009876502'), first: 'رضا', last: 'نوروزیان' };
let union;
let coop;
let campaign;
let draftLine;
let approvedLine;

before(async () => {
  await h.start();
  h.taavon('demo', '--coops', '40', '--people', '600', '--seed', '3');

  // A union of the sample data and one of its member cooperatives.
  const unions = h.taavon('coop', 'list', '--kind', 'union', '--page-size', '100');
  for (const u of unions.filter((u) => u.national_id)) {
    const detail = h.taavon('coop', 'show', u.national_id);
    const member = detail.member_cooperatives.find((c) => c.national_id);
    if (member) {
      union = detail;
      coop = h.taavon('coop', 'show', member.national_id);
      break;
    }
  }
  assert.ok(union && coop, 'the sample data has a union with a member cooperative');

  // Two people of that cooperative: Sara a member since 1402 and staff since 1403.
  for (const p of [sara, reza]) {
    h.taavon('person', 'add', '--national-code', p.code, '--first-name', p.first, '--last-name', p.last);
  }
  const nid = coop.national_id;
  h.taavon('member', 'add', '--national-code', sara.code, '--coop-national-id', nid, '--role', 'member', '--start-date', '1402/01/01');
  h.taavon('member', 'add', '--national-code', sara.code, '--coop-national-id', nid, '--role', 'staff', '--start-date', '1403/01/01');
  h.taavon('member', 'add', '--national-code', reza.code, '--coop-national-id', nid, '--role', 'member', '--start-date', '1402/01/01');

  // The open campaign the needs screen shows first, and two lines in it for
  // this cooperative: one still a draft, one approved with two nominees.
  campaign = h.taavon('campaign', 'list').find((c) => c.status === 'open');
  assert.ok(campaign, 'the sample data has an open campaign');
  const taken = new Set(h.taavon('need', 'list', '--campaign', String(campaign.id), '--coop-national-id', nid).map((n) => `${n.target_role}/${n.course_id}`));
  const courses = h.taavon('course', 'list').filter((c) => c.active && !taken.has(`all/${c.id}`));
  const add = (course, requested) =>
    h.taavon(
      'need', 'add', '--campaign', String(campaign.id), '--coop-national-id', nid, '--role', 'all', '--course', course.code ?? course.title,
      '--requested', requested, '--source', 'assessment', '--level', '3', '--month', '1404/11',
    );
  draftLine = add(courses[0], '4');
  approvedLine = add(courses[1], '6');
  h.taavon('need', 'approve', String(approvedLine.id), '--approved', '4', '--reason', 'کارگروه مشترک');
  for (const p of [sara, reza]) h.taavon('need', 'nominate', String(approvedLine.id), '--national-code', p.code);
});

after(() => h.stop());

/** Runs `steps` in a freshly opened window, closed again even on failure. */
async function inWindow(steps) {
  const s = await h.openApp();
  try {
    await steps(s);
  } finally {
    await h.closeApp();
  }
}

async function openCoop(nationalId) {
  await h.click('nav-coops');
  await h.fill('coop-search', nationalId);
  await h.session.until('the one cooperative', async () => (await h.texts('[data-testid="coop-row"]')).length === 1);
  await h.click('coop-name');
  await h.session.byTestId('coop-detail');
}

/** The row of `testid` whose text includes each of `words`. */
async function rowWith(testid, ...words) {
  return h.session.until(`a ${testid} with ${words.join(', ')}`, async () => {
    for (const row of await h.session.all(`[data-testid="${testid}"]`)) {
      const text = await row.text();
      if (words.every((w) => text.includes(w))) return row;
    }
    return null;
  });
}

async function within(row, testid) {
  return row.find(`[data-testid="${testid}"]`);
}

test('a cooperative leaves its union and joins it again', async () => {
  await inWindow(async (s) => {
    await openCoop(coop.national_id);
    const row = await rowWith('union-row', union.name);
    assert.match(await row.text(), /جاری/);
    await (await within(row, 'union-leave')).click();
    await s.byTestId('union-form');
    await h.fill('field-date', '۱۴۰۴/۰۳/۱۵');
    h.shot('e2e-union-leave-form.png');
    await h.click('form-save');
    const ended = await rowWith('union-row', '۱۴۰۴/۰۳/۱۵');
    assert.match(await ended.text(), /پایان‌یافته/);
    h.shot('e2e-union-left.png');

    // On the union's page the cooperative is listed as ended; it joins again
    // from there, first on a day before it left (refused), then after.
    await (await ended.find('button.link')).click();
    await h.session.until('the union page', async () => (await h.text('detail-name')) === union.name);
    const member = await rowWith('member-coop-row', coop.name);
    assert.match(await member.text(), /پایان‌یافته/);
    await (await within(member, 'union-rejoin')).click();
    await h.fill('field-date', '1404/03/01');
    await h.click('form-save');
    const refused = await h.session.until('the refusal', async () => {
      const t = await h.text('union-form');
      return t.includes('پس از آن') ? t : null;
    });
    assert.match(refused, /۱۴۰۴\/۰۳\/۱۵/);
    h.shot('e2e-union-rejoin-refused.png');
    await h.fill('field-date', '1404/05/01');
    await h.click('form-save');
    const back = await rowWith('member-coop-row', '۱۴۰۴/۰۵/۰۱');
    assert.match(await back.text(), /جاری/);
    assert.ok((await back.text()).includes(coop.name));
    h.shot('e2e-union-rejoined.png');
  });
});

test('a role is ended on the person page and corrected on the cooperative page', async () => {
  await inWindow(async (s) => {
    await h.click('nav-people');
    await h.fill('person-search', sara.code);
    await h.session.until('Sara in the list', async () => (await h.texts('[data-testid="person-row"]')).length === 1);
    await (await s.waitFor('[data-testid="person-row"] button')).click();
    await s.byTestId('person-detail');
    const memberRow = await rowWith('membership-row', 'عضو', '۱۴۰۲/۰۱/۰۱');
    await (await within(memberRow, 'membership-end')).click();
    await s.byTestId('membership-end-form');
    // Today is offered; the clerk types the day the role ended.
    await h.session.until('today offered', async () => (await (await s.byTestId('field-end_date')).value()) !== '');
    await h.fill('field-end_date', '۱۴۰۴/۰۱/۳۱');
    await h.click('form-save');
    const ended = await rowWith('membership-row', '۱۴۰۴/۰۱/۳۱');
    assert.match(await ended.text(), /پایان‌یافته/);
    h.shot('e2e-role-ended.png');

    // On the cooperative's page: Sara's staff row corrected to member from a
    // day inside her ended term is refused; from after it, it stands.
    await openCoop(coop.national_id);
    const staff = await rowWith('member-row', 'کارکنان', sara.first, sara.last);
    await (await within(staff, 'membership-correct')).click();
    await s.byTestId('membership-edit-form');
    await h.setSelect('field-role', 'member');
    await h.fill('field-start_date', '1403/06/01');
    await h.click('form-save');
    const refused = await h.session.until('the overlap refusal', async () => {
      const t = await h.text('membership-edit-form');
      return t.includes('هم‌زمان') ? t : null;
    });
    assert.match(refused, /از ۱۴۰۲\/۰۱\/۰۱ تا ۱۴۰۴\/۰۱\/۳۱/);
    assert.match(refused, /«عضو»/);
    h.shot('e2e-role-overlap-refused.png');
    await h.fill('field-start_date', '1404/02/01');
    await h.click('form-save');
    await h.session.until('the form closed', async () => (await s.all('[data-testid="membership-edit-form"]')).length === 0);
    const rows = (await h.texts('[data-testid="member-row"]')).filter((t) => t.includes(sara.last) && t.includes(sara.first));
    assert.equal(rows.length, 2, rows.join('\n'));
    assert.ok(rows.every((t) => t.includes('عضو') && !t.includes('کارکنان')), rows.join('\n'));
    assert.ok(rows.some((t) => t.includes('۱۴۰۴/۰۲/۰۱') && t.includes('جاری')), rows.join('\n'));
    h.shot('e2e-role-corrected.png');
  });
});

test('a need line is edited and an approved head-count changed with a reason', async () => {
  await inWindow(async (s) => {
    await openCoop(coop.national_id);
    await h.click('tab-needs');
    const draft = await h.session.waitFor(`[data-testid="coop-need-row"][data-id="${draftLine.id}"]`);
    await (await draft.find('[data-testid="need-open"]')).click();
    await h.click('need-edit');
    await s.byTestId('need-edit-form');
    await h.fill('field-requested', '۷');
    await h.setSelect('field-need_level', '5');
    await h.fill('field-target_month', '1404/12');
    await h.fill('field-reason', 'نامه تعاونی');
    h.shot('e2e-need-edit-form.png');
    await h.click('form-save');
    const history = await h.session.until('the edit in the history', async () => {
      const t = await h.text('need-history');
      return t.includes('ویرایش') ? t : null;
    });
    assert.match(history, /نامه تعاونی/);
    assert.match(history, /تعداد درخواستی: ۴ ← ۷/);
    assert.match(history, /ماه هدف: بهمن ۱۴۰۴ ← اسفند ۱۴۰۴/);
    assert.match(await draft.text(), /۷/);
    h.shot('e2e-need-edited.png');
    await (await draft.find('[data-testid="need-open"]')).click();

    const approved = await s.waitFor(`[data-testid="coop-need-row"][data-id="${approvedLine.id}"]`);
    await (await approved.find('[data-testid="need-open"]')).click();
    await h.click('need-change-approved');
    await h.fill('approved-count', '۱');
    await h.fill('approved-reason', 'کاهش سهمیه');
    await h.click('approved-confirm');
    const refused = await h.session.until('the refusal', async () => {
      const t = await h.text('approved-form');
      return t.includes('نامزد') ? t : null;
    });
    assert.match(refused, /۲ نفر نامزد/);
    assert.match(refused, /۰ نفر در نوبت‌های معرفی/);
    h.shot('e2e-approved-refused.png');
    await h.fill('approved-count', '5');
    await h.fill('approved-reason', 'افزایش سهمیه استان');
    await h.click('approved-confirm');
    const after = await h.session.until('the new count in the history', async () => {
      const t = await h.text('need-history');
      return t.includes('افزایش سهمیه استان') ? t : null;
    });
    assert.match(after, /تعداد مصوب: ۴ ← ۵/);
    assert.equal((await (await approved.find('[data-testid="need-approved"]')).text()).trim(), '۵');
    h.shot('e2e-approved-changed.png');
  });
});

test('a campaign is edited and closed, and then takes no new lines', async () => {
  await inWindow(async (s) => {
    await h.click('nav-needs');
    await h.setSelect('campaign-select', String(campaign.id));
    await h.click('campaign-edit');
    await s.byTestId('campaign-form');
    await h.fill('field-owner', 'واحد آموزش اداره کل');
    await h.click('form-save');
    await h.session.until('the new owner', async () => (await h.text('campaign-info')).includes('واحد آموزش اداره کل'));
    await h.click('campaign-close');
    assert.match(await h.text('campaign-close-form'), /ردیف تازه نمی‌پذیرد/);
    h.shot('e2e-campaign-close.png');
    await h.click('campaign-close-confirm');
    await h.session.until('closed', async () => (await h.text('campaign-status')).includes('بسته'));
    await s.byTestId('campaign-closed-note');
    h.shot('e2e-campaign-closed.png');
  });
  const said = refusal(
    'need', 'add', '--campaign', String(campaign.id), '--coop-national-id', coop.national_id, '--role', 'board',
    '--course', 'قوانین و مقررات تعاون', '--requested', '2', '--source', 'assessment', '--level', '2',
  );
  assert.match(said, /بسته شده است/);
});

test('a provider is edited and made inactive', async () => {
  await inWindow(async (s) => {
    await h.click('nav-courses');
    await h.click('tab-providers');
    await h.click('provider-new');
    await h.fill('field-name', 'آموزشگاه فنی البرز');
    await h.click('form-save');
    const row = await rowWith('provider-row', 'آموزشگاه فنی البرز');
    await (await within(row, 'provider-edit')).click();
    await s.byTestId('provider-form');
    await h.fill('field-name', 'آموزشگاه فنی و حرفه‌ای البرز');
    await h.setSelect('field-kind', 'public');
    await h.fill('field-licence_no', '۴۵۶۷');
    await (await s.byTestId('field-active')).click();
    h.shot('e2e-provider-edit.png');
    await h.click('form-save');
    const fixed = await rowWith('provider-row', 'آموزشگاه فنی و حرفه‌ای البرز');
    const text = await fixed.text();
    assert.match(text, /مرکز دولتی/);
    assert.match(text, /۴۵۶۷/);
    assert.match(text, /غیرفعال/);
    h.shot('e2e-provider-edited.png');
  });
});

test('each correction is in the audit log', async () => {
  await inWindow(async (s) => {
    await h.click('nav-audit');
    await s.byTestId('audit-page');
    const newest = async (entity, words) => {
      await h.setSelect('field-entity', entity);
      return h.session.until(`the newest ${entity} change`, async () => {
        const rows = await s.all('[data-testid="audit-row"]');
        if (rows.length === 0 || (await rows[0].attribute('data-entity')) !== entity) return null;
        const t = await rows[0].text();
        return words.every((w) => t.includes(w)) ? t : null;
      });
    };
    await newest('union_membership', ['ویرایش']);
    await newest('membership', ['ویرایش', 'member']);
    await newest('need_line', ['ویرایش', fa(5)]);
    await newest('campaign', ['ویرایش', 'closed']);
    const provider = await newest('provider', ['ویرایش', 'آموزشگاه فنی و حرفه‌ای البرز']);
    assert.match(provider, /public/);
    h.shot('e2e-corrections-audit.png');
  });
});
