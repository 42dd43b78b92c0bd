// Issue 25: a document's first screen, kept in this browser, is painted
// before the app has loaded; the app's own screen then takes its place
// without moving anything, and after signing out nobody sees it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ROWS = 300;

/** The names of the first screens kept in this browser. */
function keptScreens(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('concord.first-screen.')));
}

/** Holds back the app's wasm until the returned function is called. */
async function holdApp(context) {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await context.route('**/concord_app_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe('the kept first screen', () => {
  // The fixture is imported by a Node peer without a session: --open-sync.
  const live = relayAndBrowser({ openSync: true });
  let id;

  before(async () => {
    id = await importToRelay(live.relay.url, await fixtureBytes('tracker', ROWS, 'ann'));
  });

  for (const locale of ['zh-CN', 'en-US']) {
    test(`a document paints at once from its kept screen and the app takes over in place (${locale})`, async () => {
      const { relay, browser } = live;
      // No service worker: the test holds back the app's wasm on the network.
      const context = await newContext(browser, { locale, serviceWorkers: 'block' });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn('ann');
      await app.openDocument(id);
      await app.expectRowCount('tasks', ROWS, 60_000);
      const firstRow = await app.rows('tasks').first().innerText();
      // Kept once the document has been still for a moment.
      await app.page.waitForFunction(
        (id) => Object.keys(localStorage).some((k) => k.startsWith('concord.first-screen.') && k.endsWith(`.${id}`)),
        id,
        { timeout: 15_000 },
      );
      const appRow = await app.rows('tasks').first().boundingBox();

      const release = await holdApp(context);
      await app.page.reload({ waitUntil: 'domcontentloaded' });
      const kept = app.page.locator('#first-screen');
      const keptRow = kept.locator('.table-row').first();
      await keptRow.waitFor();
      assert.equal(await keptRow.innerText(), firstRow, 'the kept screen shows the rows as they were');
      assert.equal(await app.rows('tasks').count(), 0, 'a picture: nothing in it is found as the app');
      assert.equal(await kept.getAttribute('aria-hidden'), 'true');
      const keptBox = await keptRow.boundingBox();
      assert.deepEqual(keptBox, appRow, 'the kept row stands where the app drew it');
      await saveScreens(app.page, `first-screen-kept-${locale}`);

      release();
      await app.expectRowCount('tasks', ROWS, 60_000);
      await app.page.waitForFunction(() => document.getElementById('first-screen').childElementCount === 0);
      assert.deepEqual(await app.rows('tasks').first().boundingBox(), appRow, 'the app drew the row where the picture had it');
      await app.fieldInput('notes').fill('接手之后 · after the hand-over');
      await app.expectField('notes', '接手之后 · after the hand-over');
      await saveScreens(app.page, `first-screen-handed-over-${locale}`);

      // Another screen of the app hands over too: from the home screen back
      // to the document, then elsewhere, nothing of the picture is left.
      await app.page.goto(`${relay.url}/`);
      await app.page.getByTestId('me-name').waitFor();
      assert.equal(await kept.evaluate((el) => el.childElementCount), 0);

      // Signed out, nothing of the person stays: whoever signs in next sees no picture.
      await app.page.getByTestId('sign-out').click();
      await app.page.waitForFunction(
        () => !Object.keys(localStorage).some((k) => k.startsWith('concord.first-screen.')),
      );
      assert.deepEqual(await keptScreens(app.page), []);
      await context.close();
    });
  }

  test('a kept screen that does not load is ignored, and storage full only costs the picture', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser, { locale: 'zh-CN', serviceWorkers: 'block' });
    const app = new ConcordPage(await context.newPage(), relay.url);
    await app.signIn('ann');
    // A damaged list of kept screens, and storage filled to the brim.
    await app.page.evaluate(() => {
      localStorage.setItem('concord.first-screens', '{not json');
      const block = 'x'.repeat(256 * 1024);
      try {
        for (let i = 0; ; i++) localStorage.setItem(`filler.${i}`, block);
      } catch {}
    });
    await app.openDocument(id);
    await app.expectRowCount('tasks', ROWS, 60_000);
    await app.page.waitForTimeout(3_000);
    // Nothing kept (no room), nothing broken: the document works as ever.
    await app.fieldInput('notes').fill('存储已满 · storage full');
    await app.expectField('notes', '存储已满 · storage full');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });
});
