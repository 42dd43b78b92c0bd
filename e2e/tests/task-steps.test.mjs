// Issue 20, creating and running a task: Zhou creates a task for Bob from
// the task centre (into his department's tracker, made on first use); Bob
// updates its progress and asks for a new deadline; Zhou refuses once and
// approves the second request; Bob submits it for review; Zhou approves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ensurePerson } from '../support/accounts.mjs';
import { PHONE } from '../support/browser.mjs';
import { person, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const BOB = { id: 'bob', displayName: 'Bob Chen' };

function sheet(app) {
  return app.page.getByTestId('row-sheet');
}

function step(app, id) {
  return sheet(app).locator(`[data-testid="task-step"][data-step="${id}"]`);
}

async function openTask(app, docId, title) {
  await app.openDocument(docId);
  await app.rows('tasks').filter({ hasText: title }).first().click();
  await sheet(app).waitFor({ timeout: 30_000 });
}

describe('creating and running a task', () => {
  const live = relayAndBrowser();

  test('create, progress, deadline refused then approved, review approved', async () => {
    const { relay, browser } = live;
    await ensurePerson(relay.url, BOB.id, { displayName: BOB.displayName, departments: ['rd'] });
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });

    await zhou.app.page.getByTestId('tasks-link').click();
    await zhou.app.page.getByTestId('new-task').click();
    const form = zhou.app.page.getByTestId('new-task-form');
    await form.waitFor();
    assert.equal(await form.getByTestId('new-task-priority').inputValue(), 'medium');
    assert.match(await form.getByTestId('new-task-start').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
    await form.getByTestId('new-task-name').fill('写接口文档');
    await form.getByTestId('new-task-description').fill('覆盖全部接口');
    const owner = form.getByTestId('new-task-owner');
    await owner.fill(BOB.id);
    await owner.press('Tab');
    await form.getByTestId('new-task-deadline').fill('2099-06-30');
    await form.getByTestId('new-task-tags').fill('文档, 接口');
    await saveScreens(zhou.app.page, 'new-task-zh-CN');
    await form.getByTestId('new-task-save').click();
    await zhou.app.page.waitForURL(/\/d\/[^?]+\?row=/, { timeout: 30_000 });
    await sheet(zhou.app).waitFor({ timeout: 30_000 });
    const docId = new URL(zhou.app.page.url()).pathname.split('/').pop();
    await zhou.app.expectSavedOnRelay();

    const bob = await person(browser, relay, BOB, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    await openTask(bob.app, docId, '写接口文档');
    const status = sheet(bob.app)
      .locator('[data-testid="field"][data-field-id="status"] [data-testid="field-input"]');
    await status.selectOption('in_progress');
    await sheet(bob.app).getByTestId('task-ask-date').fill('2099-07-15');
    await sheet(bob.app).getByTestId('task-step-note').fill('waiting for the supplier');
    await step(bob.app, 'ask_deadline').click();
    await sheet(bob.app).getByTestId('task-asked').waitFor();
    await saveScreens(bob.app.page, 'task-asked-en-US');
    await bob.app.expectSavedOnRelay();

    // Zhou refuses once, with a reason.
    await zhou.app.page.getByTestId('row-sheet-close').click();
    await zhou.app.page.getByTestId('tasks-link').click();
    await zhou.app.page.locator('[data-testid="task-item"][data-kind="deadline-asked"]')
      .waitFor({ timeout: 30_000 });
    await openTask(zhou.app, docId, '写接口文档');
    await step(zhou.app, 'refuse_deadline').waitFor({ timeout: 30_000 });
    await sheet(zhou.app).getByTestId('task-step-note').fill('上线日期已定');
    await step(zhou.app, 'refuse_deadline').click();
    await sheet(zhou.app).getByTestId('task-deadline-answer').waitFor();
    await zhou.app.expectSavedOnRelay();

    // Bob sees the refusal and asks again; Zhou approves.
    await sheet(bob.app).getByTestId('task-deadline-answer').filter({ hasText: '上线日期已定' })
      .waitFor({ timeout: 30_000 });
    await sheet(bob.app).getByTestId('task-ask-date').fill('2099-07-05');
    await sheet(bob.app).getByTestId('task-step-note').fill('one more week');
    await step(bob.app, 'ask_deadline').click();
    await bob.app.expectSavedOnRelay();
    await step(zhou.app, 'approve_deadline').waitFor({ timeout: 30_000 });
    await saveScreens(zhou.app.page, 'task-deadline-asked-zh-CN');
    await step(zhou.app, 'approve_deadline').click();
    await zhou.app.expectSavedOnRelay();
    const deadline = sheet(bob.app)
      .locator('[data-testid="field"][data-field-id="deadline"] [data-testid="field-input"]');
    await bob.app.page.waitForFunction(
      () => document.querySelector('[data-field-id="deadline"] [data-testid="field-input"]')?.value === '2099-07-05',
      null, { timeout: 30_000 },
    ).catch(async () => assert.equal(await deadline.inputValue(), '2099-07-05'));

    // Bob submits for review; Zhou approves: done.
    await step(bob.app, 'submit_for_review').click();
    await bob.app.expectSavedOnRelay();
    await step(zhou.app, 'approve_review').waitFor({ timeout: 30_000 });
    await step(zhou.app, 'approve_review').click();
    await zhou.app.expectSavedOnRelay();
    await bob.app.page.waitForFunction(
      () => document.querySelector('[data-field-id="status"] [data-testid="field-input"]')?.value === 'done',
      null, { timeout: 30_000 },
    );
    await saveScreens(bob.app.page, 'task-done-en-US');

    for (const p of [zhou, bob]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
