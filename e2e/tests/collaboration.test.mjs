// Issue 5's scenarios 1-5: two people (two browser contexts) and two tabs on
// one document, with the real relay; offline, conflicts, a relay crash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensurePerson } from '../support/accounts.mjs';
import { newContext } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

/** A person's browser: a fresh context, named, on the home screen. */
async function person(browser, relay, name, locale = 'en-US') {
  const context = await newContext(browser, { locale });
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.signIn(name);
  return { context, app };
}

/** Ann creates a task tracker and shares it with Bob as an editor; both open it. */
async function sharedTracker(browser, relay, title) {
  const ann = await person(browser, relay, 'ann');
  const bob = await person(browser, relay, 'bob', 'zh-CN');
  const id = await ann.app.createDocument('task-tracker', title);
  await ann.app.share('bob', 'editor');
  await ann.app.expectSavedOnRelay();
  await bob.app.openDocument(id);
  await bob.app.page.locator('[data-testid="member"][data-person="bob"]').waitFor();
  return { ann, bob, id };
}

async function closeAll(...people) {
  for (const p of people) {
    assert.deepEqual(p.context.pageErrors, [], 'no page errors');
    await p.context.close();
  }
}

/** The browser's own report of a refused websocket, expected while the relay is down. */
function forgiveRelayDown(...people) {
  for (const p of people) {
    const kept = p.context.pageErrors.filter(
      (e) => !/WebSocket connection to '[^']+\/sync' failed: .*ERR_CONNECTION_REFUSED/.test(e),
    );
    p.context.pageErrors.splice(0, p.context.pageErrors.length, ...kept);
  }
}

describe('editing together', () => {
  const live = relayAndBrowser();

  test('1. two people see each other\'s field, text and row edits', async () => {
    const { relay, browser } = live;
    const { ann, bob } = await sharedTracker(browser, relay, 'Launch plan');

    await ann.app.setField('project', 'Apollo');
    await bob.app.expectField('project', 'Apollo');

    await bob.app.setField('notes', 'Kick-off on Monday');
    await ann.app.expectField('notes', 'Kick-off on Monday');

    // Both type into the same long text at once: characters merge.
    await ann.app.fieldInput('notes').press('End');
    await ann.app.fieldInput('notes').pressSequentially(' at 10:00');
    await bob.app.fieldInput('notes').press('Home');
    await bob.app.fieldInput('notes').pressSequentially('Plan: ');
    await ann.app.expectField('notes', 'Plan: Kick-off on Monday at 10:00');
    await bob.app.expectField('notes', 'Plan: Kick-off on Monday at 10:00');

    await ann.app.addRow('tasks', { task: 'Write the press release' });
    await bob.app.expectRowCount('tasks', 1);
    await bob.app.expectRowText('tasks', 'Write the press release');
    await bob.app.addRow('tasks', { task: '准备发布会场地' });
    await ann.app.expectRowCount('tasks', 2);
    await ann.app.expectRowText('tasks', '准备发布会场地');

    await saveScreens(ann.app.page, 'document-en');
    await saveScreens(bob.app.page, 'document-zh');
    await closeAll(ann, bob);
  });

  test('2. offline edits survive a reload from the service worker and reach the other person', async () => {
    const { relay, browser } = live;
    const { ann, bob } = await sharedTracker(browser, relay, 'Offline trip');
    const docUrl = bob.app.page.url();
    await bob.app.underServiceWorker();

    await bob.context.setOffline(true);
    await bob.app.page.getByTestId('sync-status').and(bob.app.page.locator('[data-online="false"]')).waitFor();
    await bob.app.setField('project', 'Written on the train');
    await bob.app.page.waitForFunction(() =>
      document.querySelector('[data-testid="doc-save-status"]')?.dataset.savedOnDevice === 'true');

    const reloaded = await bob.app.page.reload();
    assert.ok(reloaded?.fromServiceWorker(), 'the offline reload is answered by the service worker');
    await bob.app.document.waitFor();
    assert.equal(bob.app.page.url(), docUrl);
    await bob.app.expectField('project', 'Written on the train');
    assert.equal(await ann.app.fieldValue('project'), '', 'ann has not seen it yet');
    await saveScreens(bob.app.page, 'document-offline');

    await bob.context.setOffline(false);
    await ann.app.expectField('project', 'Written on the train');
    await bob.app.expectSavedOnRelay();
    await closeAll(ann, bob);
  });

  test('3. the same field set offline on both sides shows a conflict that one person settles', async () => {
    const { relay, browser } = live;
    const { ann, bob } = await sharedTracker(browser, relay, 'Conflict');
    await ann.context.setOffline(true);
    await bob.context.setOffline(true);
    await ann.app.setField('project', 'Alpha');
    await bob.app.setField('project', 'Beta');
    await ann.context.setOffline(false);
    await bob.context.setOffline(false);

    for (const { app } of [ann, bob]) {
      const conflict = app.conflict('project');
      await conflict.waitFor({ timeout: 20_000 });
      await conflict.locator('[data-testid="conflict-value"][data-value="Alpha"]').waitFor();
      await conflict.locator('[data-testid="conflict-value"][data-value="Beta"]').waitFor();
      const text = await conflict.textContent();
      assert.match(text, /ann/, 'says who set Alpha');
      assert.match(text, /bob/, 'says who set Beta');
    }
    await saveScreens(ann.app.page, 'document-conflict');

    await ann.app.conflict('project')
      .locator('[data-testid="conflict-value"][data-value="Beta"]')
      .getByTestId('conflict-choose')
      .click();
    for (const { app } of [ann, bob]) {
      await app.conflict('project').waitFor({ state: 'detached', timeout: 20_000 });
      await app.expectField('project', 'Beta');
    }
    await closeAll(ann, bob);
  });

  test('4. a relay killed and restarted mid-session loses no edit', async () => {
    const { relay, browser } = live;
    const { ann, bob } = await sharedTracker(browser, relay, 'Crash');
    await ann.app.setField('project', 'Before the crash');
    await bob.app.expectField('project', 'Before the crash');

    await relay.kill();
    await ann.app.setField('notes', 'Ann typed while the relay was down');
    await bob.app.addRow('tasks', { task: 'Bob added this during the outage' });
    await relay.restart();

    await bob.app.expectField('notes', 'Ann typed while the relay was down', 40_000);
    await ann.app.expectRowText('tasks', 'Bob added this during the outage', 40_000);
    await ann.app.expectSavedOnRelay(40_000);
    await bob.app.expectSavedOnRelay(40_000);

    // And the relay really stored them: a third person, given a viewer's
    // role (the relay shows a document only to those it was shared with), sees everything.
    // Ann picks Cy from the directory, so Cy's account exists first.
    await ensurePerson(relay.url, 'cy');
    await ann.app.share('cy', 'viewer');
    await ann.app.expectSavedOnRelay(40_000);
    await relay.restart();
    const cy = await person(browser, relay, 'cy');
    await cy.app.openDocument(await ann.app.document.getAttribute('data-doc-id'));
    await cy.app.expectField('project', 'Before the crash', 40_000);
    await cy.app.expectField('notes', 'Ann typed while the relay was down');
    await cy.app.expectRowText('tasks', 'Bob added this during the outage');
    forgiveRelayDown(ann, bob, cy);
    await closeAll(ann, bob, cy);
  });

  test('5. two tabs of one browser converge and nothing is corrupt after a reload', async () => {
    const { relay, browser } = live;
    const ann = await person(browser, relay, 'ann');
    const id = await ann.app.createDocument('task-tracker', 'Two tabs');
    const tab2 = new ConcordPage(await ann.context.newPage(), relay.url);
    await tab2.openDocument(id);

    await ann.app.setField('project', 'From tab one');
    await tab2.expectField('project', 'From tab one');
    await tab2.setField('notes', 'From tab two');
    await ann.app.expectField('notes', 'From tab two');
    await ann.app.addRow('tasks', { task: 'Row from tab one' });
    await tab2.addRow('tasks', { task: 'Row from tab two' });
    await ann.app.expectRowCount('tasks', 2);
    await tab2.expectRowCount('tasks', 2);

    for (const tab of [ann.app, tab2]) {
      await tab.page.reload();
      await tab.document.waitFor();
      await tab.expectField('project', 'From tab one');
      await tab.expectField('notes', 'From tab two');
      await tab.expectRowCount('tasks', 2);
      assert.equal(await tab.page.getByTestId('storage-error').count(), 0, 'no storage error');
    }
    await closeAll(ann);
  });

  test('6. words arriving from someone else while one types never move the caret or lose a character', async () => {
    const { relay, browser } = live;
    const { ann, bob } = await sharedTracker(browser, relay, 'Minutes');
    await ann.app.setField('notes', '会议纪要');
    await bob.app.expectField('notes', '会议纪要');

    // Ann types at the end, key by key, while Bob types at the start.
    const typed = ' 结论：下周一发布 release notes。';
    const field = ann.app.fieldInput('notes');
    await field.click();
    await field.press('End');
    await bob.app.fieldInput('notes').click();
    await bob.app.fieldInput('notes').press('Home');
    await Promise.all([
      ann.app.page.keyboard.type(typed, { delay: 40 }),
      bob.app.page.keyboard.type('议程 agenda; ', { delay: 70 }),
    ]);
    const whole = '议程 agenda; 会议纪要' + typed;
    // Each side's text once it has settled, or as it stands after the wait.
    const settled = async (app) => {
      await app.expectField('notes', whole).catch(() => {});
      return app.fieldValue('notes');
    };
    assert.equal(await settled(ann.app), whole, "Ann's text");
    assert.equal(await settled(bob.app), whole, "Bob's text");
    // Ann's caret stayed after her last character, wherever Bob's landed.
    const caret = await field.evaluate((el) => [el.selectionStart, el.selectionEnd]);
    assert.deepEqual(caret, [whole.length, whole.length]);
    await saveScreens(ann.app.page, 'typing-while-remote-en');
    await closeAll(ann, bob);
  });
});
