// Issue 19, the customer intake: the reviewer named on the form answers the
// internal review; staff write weekly progress; the customer, a partner's
// person in their own browser, reads it, scores and accepts the delivery.
// Staff are never offered the customer's acceptance.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensurePerson } from '../support/accounts.mjs';
import { newContext, PHONE } from '../support/browser.mjs';
import { person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ZHOU = { id: 'zhou', displayName: '周敏' };
const REV = { id: 'rev', displayName: '陈评审' };

function step(app, id) {
  return app.page.locator(`[data-testid="transition"][data-transition="${id}"]`);
}

async function status(app, id) {
  await app.page.locator(`[data-testid="workflow-status"][data-status="${id}"]`).waitFor({ timeout: 30_000 });
}

describe('a customer intake', () => {
  const live = relayAndBrowser();

  test('reviewed by its named reviewer and accepted, with a score, by the customer', async () => {
    const { relay, browser } = live;
    await ensurePerson(relay.url, ZHOU.id, { displayName: ZHOU.displayName });

    // The admin makes the customer's organisation and an invite for it.
    const adminContext = await newContext(browser);
    const admin = new ConcordPage(await adminContext.newPage(), relay.url);
    await admin.goto('/login');
    await admin.page.getByTestId('login-id').fill('e2e-admin');
    await admin.page.getByTestId('login-password').fill('e2e-admin-password');
    await admin.page.getByTestId('login-submit').click();
    await admin.page.getByTestId('me-name').waitFor();
    await admin.goto('/admin');
    await admin.page.getByTestId('org-id').fill('acme');
    await admin.page.getByTestId('org-name').fill('Acme 客户');
    await admin.page.getByTestId('org-kind').selectOption('customer');
    await admin.page.getByTestId('org-add').click();
    await admin.page.locator('[data-testid="admin-org"][data-id="acme"]').waitFor();
    await admin.page.getByTestId('invite-org').selectOption('acme');
    await admin.page.getByTestId('invite-create').click();
    const link = await admin.page.getByTestId('invite-link').inputValue();
    await adminContext.close();

    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: {} });
    const rev = await person(browser, relay, REV, { context: { locale: 'zh-CN' }, account: {} });

    // The customer joins by the link, on a phone, in English.
    const liContext = await newContext(browser, { locale: 'en-US', viewport: PHONE });
    const li = new ConcordPage(await liContext.newPage(), relay.url);
    await li.page.goto(link);
    await li.page.getByTestId('account-id').fill('li');
    await li.page.getByTestId('account-name').fill('Li Lei');
    await li.page.getByTestId('account-password').fill('li-long-password');
    await li.page.getByTestId('invite-accept').click();
    await li.page.getByTestId('me-name').waitFor();

    // Zhou registers the requirement, names the reviewer, shares it with acme.
    const id = await zhou.app.createDocument('customer-requirement-intake', 'Acme 报表导出');
    await zhou.app.setField('customer', 'Acme');
    await zhou.app.setField('requirement', '按月导出对账报表');
    await zhou.app.setField('owner', ZHOU.id);
    await zhou.app.setField('reviewers', REV.id);
    await zhou.app.page.getByTestId('org-grant-select').selectOption('acme');
    await zhou.app.page.getByTestId('org-grant-role').selectOption('editor');
    await zhou.app.page.getByTestId('org-grant-add').click();
    await zhou.app.page.locator('[data-testid="org-grant"][data-id="acme"]').waitFor();
    await step(zhou.app, 'submit').click();
    await status(zhou.app, 'in_review');
    assert.equal(await step(zhou.app, 'accept').count(), 0, 'the owner is not the reviewer');
    await zhou.app.expectSavedOnRelay();

    // The reviewer, given access as named, answers: feasible.
    await rev.app.openDocument(id);
    await status(rev.app, 'in_review');
    await saveScreens(rev.app.page, 'intake-review-zh-CN');
    await step(rev.app, 'accept').click();
    await status(rev.app, 'in_progress');
    await rev.app.expectSavedOnRelay();

    // Zhou writes the week's progress and delivers.
    await status(zhou.app, 'in_progress');
    await zhou.app.addRow('progress', { date: '2026-12-04', progress: '导出功能已完成一半' });
    await zhou.app.expectRowText('progress', '导出功能已完成一半');
    await step(zhou.app, 'deliver').click();
    await zhou.app.page.getByTestId('step-confirm').click();
    await status(zhou.app, 'in_acceptance');
    assert.equal(await step(zhou.app, 'close').count(), 0, 'staff cannot accept for the customer');
    await zhou.app.expectSavedOnRelay();

    // The customer reads the progress, scores and accepts.
    await li.openDocument(id);
    await status(li, 'in_acceptance');
    await li.expectRowText('progress', '导出功能已完成一半', 30_000);
    await li.field('satisfaction').locator('[data-score="4"]').click();
    await step(li, 'close').click();
    await li.page.getByTestId('step-confirm').click();
    await status(li, 'done');
    await li.expectSavedOnRelay();
    await saveScreens(li.page, 'intake-accepted-en-US');

    await status(zhou.app, 'done');
    await saveScreens(zhou.app.page, 'intake-done-zh-CN');
    for (const c of [zhou.context, rev.context, liContext]) {
      // The invite page asks who is signed in before the customer joins: a 401 then is the answer.
      const errors = c.pageErrors.filter((e) => !(c === liContext && /401/.test(e)));
      assert.deepEqual(errors, [], 'no page errors');
      await c.close();
    }
  });
});
