// Merging records entered twice, in the real window, on the sample data:
// a cooperative typed again under another national ID (with one of its
// people and a new one), and a person typed again with a mistyped
// national code. The duplicates are made with the `taavon` command line
// first; the merges are done from the cooperative's and the person's pages,
// and the audit log then holds each merge with its reason.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from './harness.mjs';

const h = new Harness();

function code(first9) {
  const d = [...first9].map(Number);
  const s = d.reduce((sum, x, i) => sum + x * (10 - i), 0) % 11;
  return first9 + String(s < 2 ? s : 11 - s);
}

function nid(first10) {
  const d = [...first10].map(Number);
  const w = [29, 27, 23, 19, 17];
  const k = d[9] + 2;
  const r = d.reduce((sum, x, i) => sum + (x + k) * w[i % 5], 0) % 11;
  return first10 + String(r === 10 ? 0 : r);
}

const persian = (text) => text.replace(/[0-9]/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]);

/** The command line's answer, or null when it refuses (exit code 1). */
function maybe(...args) {
  try {
    return h.taavon(...args);
  } catch {
    return null;
  }
}

const world = {};

before(async () => {
  await h.start();
  h.taavon('demo', '--coops', '30', '--people', '400', '--seed', '7');
  // A sample cooperative with people: typed again under another (valid)
  // national ID, with one of its people in the same role, and a new person.
  const coops = h.taavon('coop', 'list', '--kind', 'cooperative', '--page-size', '50');
  for (const c of coops) {
    if (!c.national_id) continue;
    const detail = h.taavon('coop', 'show', c.national_id);
    if (detail.people.length >= 2) {
      world.coop = detail;
      break;
    }
  }
  assert.ok(world.coop, 'a sample cooperative with people');
  world.other = coops.find((c) => c.national_id && c.id !== world.coop.id);
  world.dupNid = nid('1099999999');
  h.taavon('coop', 'add', '--name', world.coop.name, '--national-id', world.dupNid, '--field', world.coop.field,
    '--registration-no', '۷۷۸۸', '--phone', '02133334444');
  const shared = world.coop.people[0];
  world.shared = shared;
  h.taavon('member', 'add', '--national-code', shared.national_code, '--coop-national-id', world.dupNid, '--role', shared.role);
  world.newcomer = code('009911223');
  h.taavon('person', 'add', '--national-code', world.newcomer, '--first-name', 'مهدی', '--last-name', 'تازه‌وارد');
  h.taavon('member', 'add', '--national-code', world.newcomer, '--coop-national-id', world.dupNid, '--role', 'member');

  // A sample person typed again with one digit wrong (the check digit
  // worked out again, so the command line takes it), with a role of their
  // own in another cooperative.
  const person = world.coop.people[1];
  world.person = h.taavon('person', 'show', person.national_code);
  const first9 = world.person.national_code.slice(0, 9);
  const wrong = (Number(first9[6]) + 1) % 10;
  world.typo = code(first9.slice(0, 6) + wrong + first9.slice(7));
  assert.equal(maybe('person', 'show', world.typo), null, 'the typo is nobody yet');
  h.taavon('person', 'add', '--national-code', world.typo, '--first-name', world.person.first_name,
    '--last-name', world.person.last_name);
  h.taavon('member', 'add', '--national-code', world.typo, '--coop-national-id', world.other.national_id, '--role', 'staff');
});

after(() => h.stop());

async function checked(testId) {
  return h.session.script(`return document.querySelector('[data-testid="${testId}"]').checked`);
}

async function rowCells(key) {
  const cells = await h.texts(`[data-testid="merge-row-${key}"] td`);
  return { current: cells[0], other: cells[1] };
}

test('two cooperatives merged from the cooperative page, then two people from the person page', async () => {
  const s = await h.openApp();
  const before = h.taavon('coop', 'show', world.coop.national_id);

  // The cooperative entered first, found by its national ID.
  await h.click('nav-coops');
  await h.fill('coop-search', world.coop.national_id);
  await h.session.until('only that cooperative', async () => (await h.texts('[data-testid="coop-row"]')).length === 1);
  await h.click('coop-name');
  await s.byTestId('coop-detail');
  await h.click('coop-merge');
  await s.byTestId('merge-panel');
  await h.fill('merge-search', world.dupNid);
  await h.session.until('the duplicate found', async () => (await h.texts('[data-testid="merge-result"]')).length === 1);
  await h.click('merge-pick');
  await s.byTestId('merge-compare');

  // Side by side: both national IDs valid, so the clerk chooses; this one
  // is kept unless they say otherwise.
  const ids = await rowCells('national_id');
  assert.equal(ids.current, persian(world.coop.national_id));
  assert.equal(ids.other, persian(world.dupNid));
  const validity = await rowCells('id_validity');
  assert.deepEqual(validity, { current: 'معتبر', other: 'معتبر' });
  assert.equal(await checked('merge-keep-current'), true);
  assert.equal(await h.text('merge-state-other'), 'حذف می‌شود');
  assert.equal((await rowCells('roles')).other, '۲');
  // The person in both, in the same role, becomes one role; the newcomer moves.
  const collisions = await h.texts('[data-testid="merge-collision"]');
  assert.ok(collisions.some((c) => c.includes(world.shared.person_name)), collisions.join('\n'));
  assert.deepEqual(await h.texts('[data-testid="merge-moved-roles"] dd'), ['۱']);
  // Empty fields of the kept record are filled from the removed one.
  const filled = await h.text('merge-filled');
  if (!before.registration_no) assert.ok(filled.includes('شماره ثبت'), filled);
  if (!before.phone) assert.ok(filled.includes('تلفن'), filled);
  h.shot('e2e-merge-coop-preview.png');

  // Confirming without a reason is refused beside the field.
  await h.click('merge-confirm');
  await s.byTestId('merge-reason-error');
  await h.fill('merge-reason', 'همان تعاونی دو بار ثبت شده بود');
  await h.click('merge-confirm');
  await s.byTestId('merge-done');
  await h.session.until('the newcomer among its people', async () =>
    (await h.texts('[data-testid="member-row"]')).some((r) => r.includes('تازه‌وارد')));
  const people = await h.texts('[data-testid="member-row"]');
  assert.equal(people.length, before.people.length + 1, people.join('\n'));
  h.shot('e2e-merge-coop-done.png');
  assert.equal(maybe('coop', 'show', world.dupNid), null, 'the duplicate is gone');

  // The person typed with a wrong digit, found by that code.
  await h.click('nav-people');
  await h.fill('person-search', world.typo);
  await h.session.until('only that person', async () => (await h.texts('[data-testid="person-row"]')).length === 1);
  await (await s.waitFor('[data-testid="person-row"] button')).click();
  await s.byTestId('person-detail');
  await h.click('person-merge');
  await h.fill('merge-search', world.person.national_code);
  await h.session.until('the right record found', async () => (await h.texts('[data-testid="merge-result"]')).length === 1);
  await h.click('merge-pick');
  await s.byTestId('merge-compare');
  const codes = await rowCells('national_code');
  assert.deepEqual(codes, { current: persian(world.typo), other: persian(world.person.national_code) });
  assert.deepEqual(await rowCells('code_validity'), { current: 'معتبر', other: 'معتبر' });
  // The clerk knows the other code is the right one.
  await h.click('merge-keep-other');
  await h.session.until('the other kept', async () => (await h.text('merge-state-other')) === 'نگه داشته می‌شود');
  assert.equal(await h.text('merge-state-current'), 'حذف می‌شود');
  assert.deepEqual(await h.texts('[data-testid="merge-moved-roles"] dd'), ['۱']);
  h.shot('e2e-merge-person-preview.png');
  await h.fill('merge-reason', 'کد ملی یک رقم اشتباه تایپ شده بود');
  await h.click('merge-confirm');

  // The page of the person kept, now with the removed record's role.
  await h.session.until('the kept person', async () =>
    (await h.texts('[data-testid="membership-row"]')).some((r) => r.includes(world.other.name)));
  const kept = h.taavon('person', 'show', world.person.national_code);
  assert.equal(kept.memberships.length, world.person.memberships.length + 1);
  assert.equal(maybe('person', 'show', world.typo), null, 'the mistyped record is gone');
  h.shot('e2e-merge-person-done.png');

  // The audit log: each merge with its reason, and the removed rows whole.
  await h.click('nav-audit');
  await s.byTestId('audit-page');
  await h.setSelect('field-action', 'merge');
  const rows = await h.session.until('the two merges', async () => {
    const all = await h.texts('[data-testid="audit-row"]');
    return all.length === 2 ? all : null;
  });
  assert.ok(rows[0].includes('کد ملی یک رقم اشتباه تایپ شده بود'), rows[0]);
  assert.ok(rows[0].includes(persian(world.typo)), rows[0]);
  assert.ok(rows[1].includes('همان تعاونی دو بار ثبت شده بود'), rows[1]);
  assert.ok(rows[1].includes(persian(world.dupNid)), rows[1]);
  h.shot('e2e-merge-audit.png');
  await h.setSelect('field-action', 'delete');
  await h.setSelect('field-entity', 'organization');
  const deleted = await h.session.until('the removed cooperative', async () => {
    const all = await h.texts('[data-testid="audit-row"]');
    return all.find((r) => r.includes(persian(world.dupNid))) ?? null;
  });
  assert.ok(deleted.includes('۰۲۱۳۳۳۳۴۴۴۴'), deleted);
});
