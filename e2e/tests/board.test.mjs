// Issue 21, board: a table with a status column shown as a column per
// status. On the 2,000-row tracker fixture (status
// ["not_started","in_progress","done","delayed"][i%4]) the columns hold 500
// cards each, and a card moved by its owner changes the counts. With real
// accounts, a move the rules refuse (Bob finishing a task Zhou asked for)
// does not happen and says why; Bob's submission and Zhou's approval move
// the card, each through the board.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { ensurePerson } from '../support/accounts.mjs';
import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext, PHONE } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { person, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ROWS = 2000;
const BOB = { id: 'bob', displayName: 'Bob Chen' };

function column(app, status) {
  return app.page.locator(`[data-testid="board-column"][data-status="${status}"]`);
}

async function expectCount(app, status, n) {
  await column(app, status)
    .locator(`[data-testid="board-count"]`, { hasText: new RegExp(`^${n}$`) })
    .waitFor({ timeout: 30_000 });
}

describe('a board of a table', () => {
  describe('on 2,000 rows', () => {
    const live = relayAndBrowser({ openSync: true });
    let id;

    before(async () => {
      id = await importToRelay(live.relay.url, await fixtureBytes('tracker', ROWS, 'p3'));
    });

    test('a column per status with its count; a moved card changes them; kept across a reload', async () => {
      const { relay, browser } = live;
      const context = await newContext(browser, { locale: 'zh-CN' });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn('p3');
      await app.openDocument(id);
      await app.expectRowCount('tasks', ROWS, 60_000);
      await app.tablePart('tasks').getByTestId('table-view-board').click();
      for (const status of ['not_started', 'in_progress', 'done', 'delayed']) {
        await expectCount(app, status, 500);
      }
      // A column draws 40 cards, more on asking.
      const cards = (status) => column(app, status).locator('[data-testid="board-card"]');
      assert.equal(await cards('in_progress').count(), 40);
      await column(app, 'in_progress').locator('.board-more').click();
      await app.page.waitForFunction(() =>
        document.querySelectorAll('[data-testid="board-column"][data-status="in_progress"] [data-testid="board-card"]').length === 80);
      // Row 3 is p3's own and delayed (every p3 row is: 3 % 4 == 3); finish it.
      const card = cards('delayed').filter({ hasText: '任务 3:' });
      await card.waitFor({ timeout: 30_000 });
      await card.getByTestId('board-move').selectOption('done');
      await expectCount(app, 'done', 501);
      await expectCount(app, 'delayed', 499);
      await column(app, 'done').locator('[data-testid="board-card"]', { hasText: '任务 3:' }).waitFor();
      await saveScreens(app.page, 'board-2000-zh-CN');

      // A filter narrows the board as it narrows the rows.
      await app.tablePart('tasks').getByTestId('row-filter-text').fill('模块 96 的');
      await app.page.waitForFunction(() => {
        const counts = [...document.querySelectorAll('[data-testid="board-count"]')].map((c) => Number(c.textContent));
        return counts.reduce((a, b) => a + b, 0) === 20;
      }, null, { timeout: 30_000 });
      await app.tablePart('tasks').getByTestId('row-filter-text').fill('');

      // The board stays the person's view of this table after a reload.
      await app.page.reload();
      await expectCount(app, 'done', 501);
      assert.equal(
        await app.tablePart('tasks').getByTestId('table-view-board').getAttribute('aria-selected'),
        'true',
      );
      await app.tablePart('tasks').getByTestId('table-view-rows').click();
      await app.expectRowCount('tasks', ROWS, 60_000);
      await context.close();
    });
  });

  describe('with the rules', () => {
    const live = relayAndBrowser();

    test('a refused move stays put and says why; submit and approve move the card', async () => {
      const { relay, browser } = live;
      await ensurePerson(relay.url, BOB.id, { displayName: BOB.displayName, departments: ['rd'] });
      const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });
      await zhou.app.page.getByTestId('tasks-link').click();
      await zhou.app.page.getByTestId('new-task').click();
      const form = zhou.app.page.getByTestId('new-task-form');
      await form.getByTestId('new-task-name').fill('写接口文档');
      const owner = form.getByTestId('new-task-owner');
      await owner.fill(BOB.id);
      await owner.press('Tab');
      await form.getByTestId('new-task-deadline').fill('2099-06-30');
      await form.getByTestId('new-task-save').click();
      await zhou.app.page.waitForURL(/\/d\/[^?]+\?row=/, { timeout: 30_000 });
      const docId = new URL(zhou.app.page.url()).pathname.split('/').pop();
      await zhou.app.expectSavedOnRelay();

      const bob = await person(browser, relay, BOB, {
        context: { locale: 'en-US', viewport: PHONE },
        account: { departments: ['rd'] },
      });
      await bob.app.openDocument(docId);
      await bob.app.tablePart('tasks').getByTestId('table-view-board').click();
      const card = bob.app.page.locator('[data-testid="board-card"]', { hasText: '写接口文档' });
      await card.waitFor({ timeout: 30_000 });
      const from = await card.locator('xpath=ancestor::section[@data-testid="board-column"]').getAttribute('data-status');
      // Done is Zhou's to give: the card stays where it is and the board says why.
      await card.getByTestId('board-move').selectOption('done');
      const refusal = bob.app.page.getByTestId('board-refusal');
      await refusal.waitFor({ timeout: 10_000 });
      assert.match(await refusal.innerText(), /initiator|approv/i);
      assert.equal(await column(bob.app, from).locator('[data-testid="board-card"]').count(), 1);
      assert.equal(await column(bob.app, 'done').locator('[data-testid="board-card"]').count(), 0);
      await saveScreens(bob.app.page, 'board-refused-en-US');

      await card.getByTestId('board-move').selectOption('in_review');
      await column(bob.app, 'in_review').locator('[data-testid="board-card"]').waitFor({ timeout: 10_000 });
      await bob.app.expectSavedOnRelay();

      // Zhou sees it waiting for review and approves it on the board.
      await zhou.app.openDocument(docId);
      await zhou.app.tablePart('tasks').getByTestId('table-view-board').click();
      const waiting = column(zhou.app, 'in_review').locator('[data-testid="board-card"]', { hasText: '写接口文档' });
      await waiting.waitFor({ timeout: 30_000 });
      await waiting.getByTestId('board-move').selectOption('done');
      await column(zhou.app, 'done').locator('[data-testid="board-card"]', { hasText: '写接口文档' }).waitFor({ timeout: 10_000 });
      await zhou.app.expectSavedOnRelay();
      await saveScreens(zhou.app.page, 'board-approved-zh-CN');
      // Bob sees the card done too.
      await column(bob.app, 'done').locator('[data-testid="board-card"]', { hasText: '写接口文档' }).waitFor({ timeout: 30_000 });
    });
  });
});
