// Issue 21, tables: a 2,000-row tracker sorted and filtered by a person in
// their browser, the counts checked against a hand count of the fixture
// (row i: owner p{i%40}, collaborators p{i+1}, p{i+2} (mod 40), status
// ["not_started","in_progress","done","delayed"][i%4], deadline
// 2026-11-{1+i%28}, task "任务 i: 完成模块 {i%97} 的接口联调"); the choice
// is kept on the device across a reload.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ROWS = 2000;

async function shown(app, n) {
  await app.page
    .locator(`[data-testid="table-row-count"][data-shown="${n}"][data-total="${ROWS}"]`)
    .waitFor({ timeout: 30_000 });
}

async function firstTask(app) {
  const first = app.rows('tasks').first();
  await first.waitFor();
  return first.innerText();
}

describe('a table sorted and filtered', () => {
  const live = relayAndBrowser({ openSync: true });
  let id;

  before(async () => {
    id = await importToRelay(live.relay.url, await fixtureBytes('tracker', ROWS, 'p3'));
  });

  test('sort, mine, status, overdue and text on 2,000 rows; kept across a reload', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser, { locale: 'zh-CN' });
    const app = new ConcordPage(await context.newPage(), relay.url);
    await app.signIn('p3');
    await app.openDocument(id);
    await app.expectRowCount('tasks', ROWS, 60_000);
    const bar = app.tablePart('tasks').getByTestId('row-query');

    // Newest deadline first: 2026-11-28 is row 27's, the first of its day.
    await bar.getByTestId('row-sort-field').selectOption('deadline');
    await bar.getByTestId('row-sort-direction').click();
    await app.page.waitForFunction(() =>
      document.querySelector('[data-testid="table-row"]')?.innerText.includes('任务 27:'));
    await bar.getByTestId('row-sort-direction').click();
    await app.page.waitForFunction(() =>
      document.querySelector('[data-testid="table-row"]')?.innerText.includes('任务 0:'));

    // Mine: owner or collaborator, rows with i%40 in {1, 2, 3}.
    await bar.getByTestId('row-filter-mine').check();
    await shown(app, 150);
    // … and done (i%4 == 2): only i%40 == 2.
    await bar.getByTestId('row-filter-status').selectOption('done');
    await shown(app, 50);
    await saveScreens(app.page, 'table-filtered-zh-CN');
    await bar.getByTestId('row-filter-mine').uncheck();
    await shown(app, 500);
    await bar.getByTestId('row-filter-status').selectOption('');
    // Overdue: every deadline is in November 2026, so all not done.
    await bar.getByTestId('row-filter-overdue').check();
    await shown(app, 1500);
    await bar.getByTestId('row-filter-overdue').uncheck();
    await shown(app, ROWS);

    // Text: module 96 is rows 96, 193, … 1939; still by deadline, the
    // first is the one due on the 1st (i%28 == 0): row 1260.
    await bar.getByTestId('row-filter-text').fill('模块 96 的');
    await shown(app, 20);
    assert.match(await firstTask(app), /任务 1260:/);
    // Hostile text matches nothing and breaks nothing.
    await bar.getByTestId('row-filter-text').fill("'; DROP TABLE rows; -- 🎉 \u202eעברית");
    await shown(app, 0);
    await app.page.getByTestId('rows-filtered-out').waitFor();
    await bar.getByTestId('row-filter-text').fill('模块 96 的');
    await shown(app, 20);

    // Kept on this device for this person: after a reload, still filtered and sorted.
    await app.page.reload();
    await app.document.waitFor();
    await shown(app, 20);
    assert.equal(await bar.getByTestId('row-filter-text').inputValue(), '模块 96 的');
    assert.equal(await bar.getByTestId('row-sort-field').inputValue(), 'deadline');
    await saveScreens(app.page, 'table-filter-kept-zh-CN');
    await bar.getByTestId('row-query-clear').click();
    await shown(app, ROWS);
    await context.close();
  });
});
