// Issue 19, the directory's part: who answers to whom is the directory's,
// set by an admin; a requirement goes to the superior it records then, and
// that superior (in their own browser) takes it on. Without one recorded,
// the requester is told why there is nothing to submit to.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { LINA, person, transition, WANG, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

describe('a requirement and its superior', () => {
  const live = relayAndBrowser();

  test('the admin records the superior; the request goes to them and they forward it', async () => {
    const { relay, browser } = live;
    const admin = await person(browser, relay, ZHOU, {
      context: { locale: 'zh-CN' },
      account: { isAdmin: true },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN' },
      account: { departments: ['rd'] },
    });
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['rd'] },
    });

    // Li Na fills in a requirement; nobody is recorded as her superior yet.
    const id = await lina.app.createDocument('requirement-approval', 'CRM 升级');
    await lina.app.setField('title', 'CRM 升级');
    await lina.app.setField('background', '客户资料分散在三个系统里');
    await lina.app.setField('goal', '统一客户资料');
    await lina.app.setField('expected_date', '2026-12-20');
    await lina.app.setField('departments', 'rd');
    await lina.app.fieldInput('priority').selectOption('high');
    const note = lina.app.page.getByTestId('awaits-superior');
    await note.waitFor();
    assert.match(await note.innerText(), /直属上级/);
    assert.equal(await transition(lina.app, 'submit').count(), 0, 'no submit without a superior');
    await saveScreens(lina.app.page, 'superior-missing-zh-CN');

    // The admin records Wang as her direct superior, in the people screen.
    await admin.app.goto('/admin');
    const line = admin.app.page.locator('[data-testid="admin-person"][data-id="li.na"]');
    await line.getByTestId('person-edit').click();
    await line.getByTestId('person-superior-select').selectOption(WANG.id);
    await line.getByTestId('person-saved').filter({ hasText: '已保存：直属上级为王芳' }).waitFor();
    await line.getByTestId('person-superior').filter({ hasText: '王芳' }).waitFor();
    assert.equal(await line.locator('details.person-edit').evaluate((d) => d.open), true);
    await saveScreens(admin.app.page, 'superior-admin-zh-CN');

    // Li Na's app hears of it without a reload: she may submit now.
    await transition(lina.app, 'submit').waitFor({ timeout: 30_000 });
    await note.waitFor({ state: 'detached' });
    await transition(lina.app, 'submit').click();
    await lina.app.page
      .locator('[data-testid="workflow-status"][data-status="submitted"]')
      .waitFor();
    await lina.app.expectSavedOnRelay();
    await saveScreens(lina.app.page, 'superior-submitted-zh-CN');

    // Wang, on his phone in English, may read it and forward it to review.
    await wang.app.openDocument(id);
    await wang.app.page
      .locator('[data-testid="workflow-status"][data-status="submitted"]')
      .waitFor();
    await transition(wang.app, 'forward').click();
    await wang.app.page
      .locator('[data-testid="workflow-status"][data-status="in_review"]')
      .waitFor();
    await wang.app.expectSavedOnRelay();
    await saveScreens(wang.app.page, 'superior-forwarded-en-US');
    // And Li Na sees where her request went.
    await lina.app.page
      .locator('[data-testid="workflow-status"][data-status="in_review"]')
      .waitFor({ timeout: 30_000 });

    for (const p of [admin, lina, wang]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
