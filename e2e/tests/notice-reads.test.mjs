// Issue 19, the internal notice to its end: drafted by 周敏 of HR, reviewed
// and published by HR's head, which lets the recipient department read it;
// each recipient confirms reading in their own browser while the issuer
// watches the list of those who have not read it fall to nobody.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { person, transition } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ZHOU = { id: 'zhou', displayName: '周敏' };
const WANG = { id: 'wang', displayName: '王芳' };
const LINA = { id: 'li.na', displayName: '李娜' };
const SUN = { id: 'sun', displayName: 'Sun Li' };
const GAO = { id: 'gao', displayName: '高远' };

async function status(app, id) {
  await app.page.locator(`[data-testid="workflow-status"][data-status="${id}"]`).waitFor({ timeout: 30_000 });
}

async function reads(app, read, of) {
  await app.page
    .locator(`[data-testid="notice-reads"][data-read="${read}"][data-recipients="${of}"]`)
    .waitFor({ timeout: 30_000 });
}

describe('an internal notice', () => {
  const live = relayAndBrowser();

  test('published to a department, read by each recipient while the issuer watches', async () => {
    const { relay, browser } = live;
    // The recipients exist before the issuer reads the directory.
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['ops'] },
    });
    const sun = await person(browser, relay, SUN, {
      context: { locale: 'en-US' },
      account: { departments: ['ops'] },
    });
    const gao = await person(browser, relay, GAO, {
      context: { locale: 'zh-CN' },
      account: { departments: ['sales'] },
    });
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['hr'], heads: ['hr'] },
    });
    const zhou = await person(browser, relay, ZHOU, {
      context: { locale: 'zh-CN' },
      account: { departments: ['hr'] },
    });

    const id = await zhou.app.createDocument('internal-notice', '周六机房停电通知');
    await zhou.app.setField('title', '周六机房停电通知');
    await zhou.app.setField('issuing_department', 'hr');
    await zhou.app.setField('date', '2026-12-04');
    await zhou.app.fieldInput('urgency').selectOption('urgent');
    await zhou.app.setField('background', '周六 9:00–12:00 机房检修，期间停电。');
    // Submitting without recipients is not sent: the screen says what is missing.
    await transition(zhou.app, 'submit').click();
    const due = zhou.app.page.getByTestId('step-due');
    await due.waitFor();
    assert.match(await due.innerText(), /接收部门/);
    await saveScreens(zhou.app.page, 'notice-recipients-due-zh-CN');
    await due.getByRole('button').click();
    await zhou.app.setField('recipient_departments', 'ops');
    await zhou.app.expectSavedOnRelay();
    await transition(zhou.app, 'submit').click();
    await status(zhou.app, 'in_review');
    await zhou.app.expectSavedOnRelay();

    // Not published yet: a recipient cannot open it.
    await lina.app.goto('/');
    assert.equal(await lina.app.page.locator(`[data-testid="doc-link"][data-doc-id="${id}"]`).count(), 0);

    // HR's head reviews it and publishes it, after the question it asks.
    await wang.app.openDocument(id);
    await transition(wang.app, 'publish').click();
    await wang.app.page.getByTestId('step-confirm').click();
    await status(wang.app, 'published');
    await wang.app.expectSavedOnRelay();
    await saveScreens(wang.app.page, 'notice-published-en-US');

    // The issuer sees who has not read it, live.
    await zhou.app.page.reload();
    await zhou.app.document.waitFor();
    await reads(zhou.app, 0, 2);
    const unread = zhou.app.page.getByTestId('unread-person');
    assert.deepEqual(
      (await unread.evaluateAll((ps) => ps.map((p) => p.dataset.person))).sort(),
      ['li.na', 'sun'],
    );
    assert.match(await zhou.app.page.getByTestId('reads-line').innerText(), /已读 0\/2/);
    await saveScreens(zhou.app.page, 'notice-unread-zh-CN');

    // Li Na finds it on her home screen and confirms reading.
    await lina.app.goto('/');
    const link = lina.app.page.locator(`[data-testid="doc-link"][data-doc-id="${id}"]`);
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await lina.app.document.waitFor();
    await lina.app.page.getByTestId('confirm-read').click();
    await lina.app.page.getByTestId('read-confirmed').waitFor();
    await lina.app.expectSavedOnRelay();
    await saveScreens(lina.app.page, 'notice-read-confirmed-zh-CN');
    await reads(zhou.app, 1, 2);
    await zhou.app.page.locator('[data-testid="unread-person"][data-person="li.na"]').waitFor({ state: 'detached' });

    // Someone outside the recipients has nothing to confirm and cannot open it.
    await gao.app.goto('/');
    assert.equal(await gao.app.page.locator(`[data-testid="doc-link"][data-doc-id="${id}"]`).count(), 0);

    await sun.app.openDocument(id);
    await sun.app.page.getByTestId('confirm-read').click();
    await sun.app.page.getByTestId('read-confirmed').waitFor();
    await sun.app.expectSavedOnRelay();
    await saveScreens(sun.app.page, 'notice-read-confirmed-en-US');

    // Nobody left: the issuer's list is gone, everyone counted.
    await reads(zhou.app, 2, 2);
    assert.equal(await zhou.app.page.getByTestId('unread').count(), 0);
    await saveScreens(zhou.app.page, 'notice-all-read-zh-CN');

    for (const p of [zhou, wang, lina, sun, gao]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
