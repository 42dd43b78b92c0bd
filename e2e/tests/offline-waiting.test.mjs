// Issue 17, item 3: what waits to reach the relay is counted from what this
// browser stored, so an offline reload (of the document, or of the home
// screen) still says how many changes wait; once the relay has them, none
// do, also after a reload.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

/** The count the top bar shows (0 when it shows none). */
async function waiting(page) {
  const status = page.getByTestId('sync-status');
  await status.waitFor();
  return Number(await status.getAttribute('data-waiting'));
}

async function expectWaiting(page, n) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="sync-status"]')?.dataset.waiting === String(n),
    n,
    { timeout: 20_000 },
  );
  const chip = page.getByTestId('sync-waiting');
  if (n > 0) assert.equal(await chip.getAttribute('data-count'), String(n));
  else assert.equal(await chip.count(), 0);
}

describe('changes waiting for the relay', () => {
  const live = relayAndBrowser();

  for (const locale of ['zh-CN', 'en-US']) {
    test(`the count survives an offline reload and ends once the relay has them (${locale})`, async () => {
      const { relay, browser } = live;
      const context = await newContext(browser, { locale });
      const app = new ConcordPage(await context.newPage(), relay.url);
      const who = locale === 'zh-CN' ? 'wu.lei' : 'sam';
      await app.signIn(who);
      const id = await app.createDocument('task-tracker', `Field trip ${locale}`);
      await app.expectSavedOnRelay();
      await expectWaiting(app.page, 0);
      await app.underServiceWorker();

      await context.setOffline(true);
      await app.page.getByTestId('sync-status').and(app.page.locator('[data-online="false"]')).waitFor();
      await app.setField('project', 'Written on the train');
      await app.setField('notes', 'Reach the site by Friday');
      await app.page.waitForFunction(() =>
        document.querySelector('[data-testid="doc-save-status"]')?.dataset.savedOnDevice === 'true');
      const before = await waiting(app.page);
      assert.ok(before >= 2, `two edits wait: ${before}`);
      const label = await app.page.getByTestId('sync-waiting').getAttribute('title');

      // Reloaded offline on the document: the same count, from storage.
      const reloaded = await app.page.reload();
      assert.ok(reloaded?.fromServiceWorker(), 'answered by the service worker');
      await app.document.waitFor();
      await app.expectField('project', 'Written on the train');
      await expectWaiting(app.page, before);
      assert.equal(await app.page.getByTestId('sync-waiting').getAttribute('title'), label);
      await saveScreens(app.page, `offline-waiting-document-${locale}`);

      // And on the home screen, where the document is not even open.
      await app.goto('/');
      await app.page.getByTestId('me-name').waitFor();
      await expectWaiting(app.page, before);
      await saveScreens(app.page, `offline-waiting-home-${locale}`);

      // Back online: the relay takes them, and nothing waits, after a reload too.
      await context.setOffline(false);
      await app.openDocument(id);
      await app.expectSavedOnRelay();
      await expectWaiting(app.page, 0);
      await app.page.reload();
      await app.document.waitFor();
      await expectWaiting(app.page, 0);
      await app.goto('/');
      await app.page.getByTestId('me-name').waitFor();
      await expectWaiting(app.page, 0);

      assert.deepEqual(
        context.pageErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|status of 40[0-9]/.test(e)),
        [],
        'no page errors',
      );
      await context.close();
    });
  }
});
