// Issue 19, the requirement approval to its end: a requester, her superior
// and the heads of the two departments involved, each in their own browser.
// Approved: each head signs (the screen says who has yet to), the last
// signature approves and freezes V1.0; a change of deadline after approval
// opens round 2, whose approval freezes V1.1, and both versions are listed.
// Rejected: the superior's reason stands plainly on the requester's screen.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { setSuperior } from '../support/accounts.mjs';
import { PHONE } from '../support/browser.mjs';
import { person, transition } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const LINA = { id: 'li.na', displayName: '李娜' };
const WANG = { id: 'wang', displayName: '王芳' };
const ZHAO = { id: 'zhao', displayName: '赵强' };
const SUN = { id: 'sun', displayName: 'Sun Li' };

async function expectStatus(app, status) {
  await app.page
    .locator(`[data-testid="workflow-status"][data-status="${status}"]`)
    .waitFor({ timeout: 30_000 });
}

async function step(app, id, status) {
  await transition(app, id).click();
  await expectStatus(app, status);
  await app.expectSavedOnRelay();
}

async function withReason(app, id, reason, status) {
  await transition(app, id).click();
  await app.page.getByTestId('reason-input').fill(reason);
  await app.page.getByTestId('reason-submit').click();
  await expectStatus(app, status);
  await app.expectSavedOnRelay();
}

async function fillRequest(app, title) {
  await app.setField('title', title);
  await app.setField('background', '客户资料分散在三个系统里');
  await app.setField('goal', '统一客户资料');
  await app.setField('expected_date', '2026-12-20');
  await app.setField('departments', 'rd, sales');
  await app.fieldInput('priority').selectOption('high');
}

async function team(live) {
  const { relay, browser } = live;
  const lina = await person(browser, relay, LINA, {
    context: { locale: 'zh-CN' },
    account: { departments: ['rd'] },
  });
  const wang = await person(browser, relay, WANG, {
    context: { locale: 'en-US', viewport: PHONE },
    account: { departments: ['rd'] },
  });
  const zhao = await person(browser, relay, ZHAO, {
    context: { locale: 'zh-CN' },
    account: { departments: ['rd'], heads: ['rd'] },
  });
  const sun = await person(browser, relay, SUN, {
    context: { locale: 'en-US', viewport: PHONE },
    account: { departments: ['sales'], heads: ['sales'] },
  });
  await setSuperior(relay.url, LINA.id, WANG.id);
  return { lina, wang, zhao, sun };
}

async function close(people) {
  for (const p of Object.values(people)) {
    assert.deepEqual(p.context.pageErrors, [], 'no page errors');
    await p.context.close();
  }
}

async function versionNames(app) {
  return app.page.getByTestId('version').evaluateAll((vs) => vs.map((v) => v.dataset.name));
}

/** Submitted, forwarded, then signed by both heads: approved. */
async function approveRound(people, id, shots = false) {
  const { lina, wang, zhao, sun } = people;
  await transition(lina.app, 'submit').waitFor({ timeout: 30_000 });
  await step(lina.app, 'submit', 'submitted');
  await wang.app.openDocument(id);
  await step(wang.app, 'forward', 'in_review');
  await zhao.app.openDocument(id);
  await expectStatus(zhao.app, 'in_review');
  const toSign = zhao.app.page.getByTestId('to-sign-dept');
  await toSign.nth(1).waitFor({ timeout: 30_000 });
  await transition(zhao.app, 'sign').click();
  await zhao.app.page.locator('[data-testid="to-sign-dept"][data-id="rd"]').waitFor({ state: 'detached' });
  await zhao.app.page.locator('[data-testid="to-sign-dept"][data-id="sales"]').waitFor();
  await zhao.app.page.getByTestId('signoff').first().waitFor();
  await zhao.app.expectSavedOnRelay();
  if (shots) await saveScreens(zhao.app.page, 'approval-one-head-signed-zh-CN');
  await sun.app.openDocument(id);
  await sun.app.page.locator('[data-testid="to-sign-dept"][data-id="sales"]').waitFor({ timeout: 30_000 });
  await step(sun.app, 'sign', 'approved');
}

describe('a requirement approved by every head involved', () => {
  const live = relayAndBrowser();

  test('approved with V1.0; a changed deadline opens round 2 and V1.1', async () => {
    const people = await team(live);
    const { lina, zhao, sun } = people;
    const id = await lina.app.createDocument('requirement-approval', 'CRM 升级');
    await fillRequest(lina.app, 'CRM 升级');
    await approveRound(people, id, true);
    await saveScreens(sun.app.page, 'approval-approved-en-US');
    await lina.app.page.locator('[data-testid="version"][data-name="V1.0"]').waitFor({ timeout: 30_000 });
    await expectStatus(lina.app, 'approved');
    const v1 = await lina.app.page.getByTestId('version').first().innerText();
    assert.match(v1, /赵强/, 'the approvers are named');
    assert.match(v1, /Sun Li/);
    await saveScreens(lina.app.page, 'approval-approved-zh-CN');

    // The deadline moves: Li Na opens round 2 with her reason.
    await withReason(lina.app, 'major_change', '上线推迟到三月', 'draft');
    assert.match(await lina.app.page.getByTestId('status-reason').innerText(), /上线推迟到三月/);
    await lina.app.setField('expected_date', '2027-03-31');
    await approveRound(people, id);
    await lina.app.page.locator('[data-testid="version"][data-name="V1.1"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await versionNames(lina.app), ['V1.0', 'V1.1']);
    assert.deepEqual(await versionNames(zhao.app), ['V1.0', 'V1.1']);
    await saveScreens(lina.app.page, 'approval-round-two-zh-CN');
    await close(people);
  });

  test('rejected by the superior with a reason the requester reads', async () => {
    const people = await team(live);
    const { lina, wang } = people;
    const id = await lina.app.createDocument('requirement-approval', '新办公楼');
    await fillRequest(lina.app, '新办公楼');
    await transition(lina.app, 'submit').waitFor({ timeout: 30_000 });
    await step(lina.app, 'submit', 'submitted');
    await wang.app.openDocument(id);
    await withReason(wang.app, 'reject', 'No budget this year', 'rejected');
    await expectStatus(lina.app, 'rejected');
    const reason = lina.app.page.getByTestId('status-reason');
    await reason.waitFor({ timeout: 30_000 });
    assert.match(await reason.innerText(), /No budget this year/);
    await saveScreens(lina.app.page, 'approval-rejected-zh-CN');
    await saveScreens(wang.app.page, 'approval-rejected-en-US');
    await close(people);
  });
});
