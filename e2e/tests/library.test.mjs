// The first screen: the page loads, the wasm runs, the template library shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { LibraryPage } from '../pages/library-page.mjs';
import { newContext } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

describe('template library', () => {
  const live = relayAndBrowser();

  test('loads in the browser language (Chinese) and lists the task tracker', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser, { locale: 'zh-CN' });
    const library = new LibraryPage(await context.newPage(), relay.url);
    await library.goto();

    assert.equal(await library.boot.count(), 0, 'the loading notice is gone once the wasm runs');
    assert.equal(await library.heading(), '模板库');
    assert.equal(await library.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    const tracker = library.card('task-tracker');
    assert.equal((await tracker.getByTestId('template-name').textContent()).trim(), '协作任务跟踪表');
    assert.match(await tracker.textContent(), /Task tracker/, 'the English name is shown beside it');
    assert.equal(await library.languageButton('zh-CN').getAttribute('aria-pressed'), 'true');

    await saveScreens(library.page, 'library-zh');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });

  test('loads in English for an English browser and switches language on demand', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser, { locale: 'en-US' });
    const library = new LibraryPage(await context.newPage(), relay.url);
    await library.goto();

    assert.equal(await library.heading(), 'Template library');
    assert.ok((await library.templateNames()).includes('Task tracker'));
    await saveScreens(library.page, 'library-en');

    await library.switchLanguage('zh-CN');
    assert.equal(await library.heading(), '模板库');
    assert.ok((await library.templateNames()).includes('协作任务跟踪表'));

    // The choice outlives a reload, even though the browser still prefers English.
    await library.goto();
    assert.equal(await library.heading(), '模板库');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });

  test('deep links load the app; missing files are a plain 404', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser, { locale: 'en-US' });
    const library = new LibraryPage(await context.newPage(), relay.url);
    await library.signIn();
    // A path the app does not know is the app's own "no such page", with the way home.
    await library.page.goto(`${relay.url}/some/app/route`);
    await library.page.getByTestId('not-found').waitFor();
    await library.page.getByTestId('home-link').click();
    assert.equal(await library.heading(), 'Template library');
    // A document link with a mistyped id says so.
    await library.page.goto(`${relay.url}/d/not-an-id`);
    await library.page.getByTestId('bad-document-link').waitFor();

    const missing = await library.page.request.get(`${relay.url}/no-such-file.js`);
    assert.equal(missing.status(), 404);
    await context.close();
  });

  test('serves the wasm with its MIME type, compressed', async () => {
    const { relay } = live;
    const response = await fetch(`${relay.url}/concord_app_bg.wasm`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/wasm');
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    const health = await (await fetch(`${relay.url}/api/health`)).json();
    assert.equal(health.status, 'ok');
  });
});
