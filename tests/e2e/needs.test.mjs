// Needs assessment and roadmap in the real window: two need lines for a
// cooperative (one from a suggestion), approval, nominees, the roadmap and
// its Excel export. The registry is prepared with the `taavon` command line
// on the same database first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Harness } from './harness.mjs';

const h = new Harness();

function code(first9) {
  const d = [...first9].map(Number);
  const s = d.reduce((sum, x, i) => sum + x * (10 - i), 0) % 11;
  return first9 + String(s < 2 ? s : 11 - s);
}

const members = [
  ['001234501', 'سارا', 'نوری', 'member'],
  ['001234502', 'مریم', 'کاظمی', 'member'],
  ['001234503', 'علی', 'رضایی', 'managing_director'],
].map(([first9, first, last, role]) => ({ code: code(first9), first, last, role }));

before(async () => {
  await h.start();
  h.taavon(
    'coop', 'add', '--name', 'تعاونی فرش نگین ورامین', '--national-id', '10380284790',
    '--field', 'production', '--county', 'ورامین', '--activity', 'تولید و فروش فرش دستباف',
  );
  for (const m of members) {
    h.taavon('person', 'add', '--national-code', m.code, '--first-name', m.first, '--last-name', m.last);
    h.taavon('member', 'add', '--national-code', m.code, '--coop-national-id', '10380284790', '--role', m.role);
  }
  h.taavon(
    'campaign', 'add', '--title', 'نیازسنجی پاییز ۱۴۰۴', '--starts-on', '1404/07/01',
    '--ends-on', '1404/09/30', '--owner', 'کارشناس آموزش',
  );
});

after(() => h.stop());

test('two needs, approval, nominees and the roadmap export in the real window', async () => {
  const s = await h.openApp();
  await h.click('nav-coops');
  await h.session.until('the cooperative in the list', async () => (await h.texts('[data-testid="coop-row"]')).length === 1);
  await h.click('coop-name');
  await h.click('tab-needs');

  // First need: typed by hand.
  await h.click('need-new');
  await s.byTestId('need-form');
  const campaigns = await h.session.until('the campaigns to choose from', async () => {
    const values = await h.session.script(
      `return [...document.querySelectorAll('[data-testid="field-campaign"] option')].map(o => o.value).filter(Boolean)`,
    );
    return values.length ? values : null;
  });
  await h.setSelect('field-campaign', campaigns[0]);
  await h.fill('field-course', 'قوانین');
  await h.session.until('the course to pick', async () => (await s.all('[data-testid="course-option"]')).length > 0);
  await h.click('course-option');
  await h.setSelect('field-target_role', 'all');
  await h.fill('field-requested', '۲');
  await h.setSelect('field-source', 'self_applied');
  await h.setSelect('field-need_level', '5');
  await h.fill('field-target_month', '۱۴۰۴/۰۹');
  h.shot('e2e-need-form.png');
  await h.click('form-save');
  await h.session.until('the first need line', async () => (await h.texts('[data-testid="coop-need-row"]')).length === 1);

  // Second need: from a suggestion, which explains itself.
  const reasons = await h.texts('[data-testid="suggestion-reason"]');
  assert.ok(reasons.length > 0, 'suggestions are offered');
  assert.ok(reasons.every((r) => r.trim().length > 0), 'each suggestion says why');
  h.shot('e2e-suggestions.png');
  await h.click('suggestion-add');
  await s.byTestId('need-form');
  await h.setSelect('field-campaign', campaigns[0]);
  await h.setSelect('field-target_role', 'members');
  await h.fill('field-requested', '2');
  await h.setSelect('field-source', 'assessment');
  await h.setSelect('field-need_level', '4');
  await h.fill('field-target_month', '1404/10');
  await h.click('form-save');
  await h.session.until('two need lines', async () => (await h.texts('[data-testid="coop-need-row"]')).length === 2);

  // Approve both (submitted, then approved), from the campaign screen's bulk approval.
  await h.click('nav-needs');
  await h.session.until('the lines of the campaign', async () => (await s.all('[data-testid="need-row"]')).length === 2);
  for (const box of await s.all('[data-testid="need-check"]')) await box.click();
  await h.click('needs-bulk-approve');
  await h.fill('bulk-reason', 'جلسه کارگروه مشترک');
  await h.click('bulk-confirm');
  await h.session.until('both approved', async () => {
    const rows = await h.texts('[data-testid="need-row"]');
    return rows.length === 2 && rows.every((r) => r.includes('مصوب'));
  });
  h.shot('e2e-needs-approved.png');

  // Nominate the two members on the members' line.
  await h.click('nav-coops');
  await h.click('coop-name');
  await h.click('tab-needs');
  // The members' line is the one from the suggestion (the other is «قوانین…»).
  const rowTexts = await h.session.until('both lines on the tab', async () => {
    const t = await h.texts('[data-testid="coop-need-row"]');
    return t.length === 2 ? t : null;
  });
  const openButtons = await s.all('[data-testid="need-open"]');
  assert.equal(openButtons.length, 2);
  await openButtons[rowTexts.findIndex((t) => !t.includes('قوانین'))].click();
  await s.byTestId('nominees');
  for (const m of members.filter((m) => m.role === 'member')) {
    await h.fill('nominee-code', m.code);
    await h.click('nominee-add');
    await h.session.until(`${m.last} nominated`, async () => (await h.text('nominees')).includes(m.last));
  }
  // The managing director is not a member of the target group: refused in Persian.
  await h.fill('nominee-code', members[2].code);
  await h.click('nominee-add');
  const refusal = await h.session.until('the refusal', async () => {
    const t = await h.text('nominees');
    return t.includes('نقشی') ? t : null;
  });
  assert.match(refusal, /اعضا/);
  h.shot('e2e-nominees.png');

  // The roadmap lists both lines in month order and exports to Excel.
  await h.click('tab-roadmap');
  const roadmap = await h.session.until('two roadmap rows', async () => {
    const r = await h.texts('[data-testid="roadmap-row"]');
    return r.length === 2 ? r : null;
  });
  assert.match(roadmap[0], /آذر/);
  assert.match(roadmap[1], /دی/);
  h.shot('e2e-roadmap.png');
  await h.click('roadmap-export');
  const path = (await h.session.until('the saved path', async () => h.text('export-path'))).trim();
  assert.ok(path.startsWith(h.exports), `${path} is in the exports folder`);
  assert.match(path, /roadmap-10380284790-\d{4}-\d{2}-\d{2}\.xlsx$/);
  assert.ok(existsSync(path), 'the file exists');
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK', 'it is an .xlsx (zip) file');
});
