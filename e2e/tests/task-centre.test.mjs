// Issue 20, the task centre: a row assigned to Bob in a tracker he never
// opened is in his task centre once he signs in on another browser; it
// opens the exact row; the centre opens offline after a reload from what
// the browser kept; a task he marks done offline leaves it at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ensurePerson } from '../support/accounts.mjs';
import { PHONE } from '../support/browser.mjs';
import { person, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const BOB = { id: 'bob', displayName: 'Bob Chen' };

function items(app) {
  return app.page.getByTestId('task-item');
}

describe('the task centre', () => {
  const live = relayAndBrowser();

  test('lists what waits for me across documents I never opened, also offline', async () => {
    const { relay, browser } = live;
    await ensurePerson(relay.url, BOB.id, { displayName: BOB.displayName, departments: ['rd'] });
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });

    // Zhou plans two tasks for Bob, one already late, and one for himself.
    const id = await zhou.app.createDocument('task-tracker', '上线跟踪');
    await zhou.app.setField('project', '上线');
    for (const [task, owner, deadline] of [
      ['发报价', BOB.id, '2026-01-05'],
      ['订会场', BOB.id, '2099-12-31'],
      ['写总结', ZHOU.id, '2099-12-30'],
    ]) {
      await zhou.app.addRow('tasks', { task, owner, deadline });
      await zhou.app.expectRowText('tasks', task);
    }
    await zhou.app.expectSavedOnRelay();
    await zhou.app.page.getByTestId('tasks-link').click();
    await items(zhou.app).first().waitFor({ timeout: 30_000 });
    await items(zhou.app).filter({ hasText: '写总结' }).waitFor();
    await saveScreens(zhou.app.page, 'task-centre-zh-CN');
    assert.equal(await items(zhou.app).filter({ hasText: /发报价|订会场/ }).count(), 0, 'Bob\'s tasks are not Zhou\'s');

    // Bob signs in on a phone for the first time: both his tasks, the late one first.
    const bob = await person(browser, relay, BOB, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    const link = bob.app.page.getByTestId('tasks-link');
    await link.getByTestId('tasks-count').filter({ hasText: '2' }).waitFor({ timeout: 30_000 });
    await link.click();
    await bob.app.page.getByTestId('task-centre').waitFor();
    await items(bob.app).nth(1).waitFor();
    const texts = await items(bob.app).allInnerTexts();
    assert.match(texts[0], /发报价/);
    assert.match(texts[0], /Overdue/);
    assert.match(texts[1], /订会场/);
    assert.equal(await items(bob.app).first().getAttribute('data-overdue'), 'true');
    await saveScreens(bob.app.page, 'task-centre-en-US');

    // Filters: overdue only, then due this week (nothing but the late one).
    await bob.app.page.getByTestId('tasks-when').selectOption('overdue');
    await bob.app.page.waitForFunction(() => document.querySelectorAll('[data-testid="task-item"]').length === 1);
    await bob.app.page.getByTestId('tasks-when').selectOption('');
    // By priority: a task given none is medium.
    await bob.app.page.getByTestId('tasks-priority').selectOption('high');
    await bob.app.page.getByTestId('tasks-empty').waitFor();
    await bob.app.page.getByTestId('tasks-priority').selectOption('medium');
    await bob.app.page.waitForFunction(() => document.querySelectorAll('[data-testid="task-item"]').length === 2);
    await bob.app.page.getByTestId('tasks-priority').selectOption('');

    // The item opens the exact row.
    await items(bob.app).first().getByTestId('task-open').click();
    await bob.app.page.waitForURL(new RegExp(`/d/${id}\\?row=`));
    await bob.app.page.getByTestId('row-sheet').waitFor({ timeout: 30_000 });
    await bob.app.page.getByTestId('row-sheet-close').click();

    // Offline, after a reload, the centre still opens from what was kept.
    await bob.app.underServiceWorker(30_000);
    await bob.context.setOffline(true);
    await bob.app.goto('/tasks');
    await items(bob.app).nth(1).waitFor({ timeout: 30_000 });
    await saveScreens(bob.app.page, 'task-centre-offline-en-US');

    // Marked done offline in the document, the task leaves the centre at once.
    await bob.app.openDocument(id);
    await bob.app.rows('tasks').filter({ hasText: '发报价' }).first().click();
    const status = bob.app.page
      .getByTestId('row-sheet')
      .locator('[data-testid="field"][data-field-id="status"] [data-testid="field-input"]');
    await status.selectOption('done');
    await bob.app.page.getByTestId('row-sheet-close').click();
    await bob.app.page.getByTestId('tasks-link').click();
    await bob.app.page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="task-item"]')];
      return shown.length === 1 && /订会场/.test(shown[0].textContent);
    }, null, { timeout: 30_000 });
    await bob.context.setOffline(false);
    await bob.app.page.getByTestId('tasks-link').waitFor();

    for (const p of [zhou, bob]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
