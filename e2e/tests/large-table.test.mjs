// Issue 5's scenario 6: a 2,000-row tracker opens and scrolls (only the rows
// in view are in the page); screenshots of every screen at phone and desktop size.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ROWS = 2000;

describe('a large table', () => {
  // The fixture is imported by a Node peer without a session: --open-sync.
  const live = relayAndBrowser({ openSync: true });
  let id;

  before(async () => {
    id = await importToRelay(live.relay.url, await fixtureBytes('tracker', ROWS, 'ann'));
  });

  for (const locale of ['zh-CN', 'en-US']) {
    test(`2,000 rows open, scroll and are virtualised (${locale})`, async () => {
      const { relay, browser } = live;
      const context = await newContext(browser, { locale });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn('ann');
      await saveScreens(app.page, `home-empty-${locale}`);

      await app.openDocument(id);
      await app.expectRowCount('tasks', ROWS, 60_000);
      const scroller = app.tablePart('tasks').getByTestId('table-scroller');
      await app.rows('tasks').first().waitFor();
      const inDom = await app.rows('tasks').count();
      assert.ok(inDom > 5 && inDom <= 120, `only the rows in view are rendered (${inDom} of ${ROWS})`);
      await saveScreens(app.page, `table-top-${locale}`);

      for (const fraction of [0.5, 1]) {
        await scroller.evaluate((el, f) => {
          el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
        }, fraction);
        const wanted = fraction === 1 ? ROWS - 1 : ROWS / 2;
        await app.page.waitForFunction(
          (wanted) => [...document.querySelectorAll('[data-testid="table-row"]')]
            .some((r) => Math.abs(Number(r.dataset.rowIndex) - wanted) < 60),
          wanted,
        );
        const rendered = await app.rows('tasks').count();
        assert.ok(rendered <= 120, `still virtualised after scrolling (${rendered})`);
      }
      await app.rows('tasks').last().waitFor();
      await saveScreens(app.page, `table-bottom-${locale}`);

      // The row sheet of a row in view.
      await app.rows('tasks').last().click();
      await app.page.getByTestId('row-sheet').waitFor();
      await saveScreens(app.page, `row-sheet-${locale}`);
      await app.page.getByTestId('row-sheet-close').click();

      // Opening again comes from this browser's store.
      await app.page.reload();
      await app.expectRowCount('tasks', ROWS, 60_000);
      await app.goto('/');
      await app.page.locator(`[data-testid="doc-link"][data-doc-id="${id}"]`).waitFor();
      await saveScreens(app.page, `home-${locale}`);

      assert.deepEqual(context.pageErrors, []);
      await context.close();
    });
  }
});
