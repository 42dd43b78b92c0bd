// Edits the relay refuses, end to end: an editor edits offline while the
// owner makes them a viewer; back online the relay refuses the edit, and the
// app says so (in English and in Chinese, from the refusal's code), keeps the
// edit as files (JSON in the browser, .xlsx made by the relay) and resets the
// document to the relay's copy on request.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensurePerson } from '../support/accounts.mjs';
import { newContext } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';
import { unzip } from '../support/unzip.mjs';

/** Clicks `button` and returns the bytes of the file the page offers; fails
 * with the banner's error if the page shows one instead. */
async function downloaded(page, button) {
  const offered = page.waitForEvent('download');
  // A click clears the banner's last error, so an error seen after it is this one's.
  await button.click();
  const error = page.getByTestId('doc-refused').locator('.form-error');
  const failed = error.waitFor({ timeout: 30_000 }).then(
    async () => {
      throw new Error(`no download: ${await error.textContent()}`);
    },
    () => new Promise(() => {}),
  );
  const download = await Promise.race([offered, failed]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

async function switchLanguage(page, tag) {
  await page.getByTestId(`lang-${tag}`).click();
  await page.waitForFunction((t) => document.documentElement.lang === t, tag);
}

describe('edits the relay refuses', () => {
  const live = relayAndBrowser();

  test('are shown, exported as JSON and .xlsx, and reset to the relay copy', async () => {
    const { relay, browser } = live;
    await ensurePerson(relay.url, 'wang');
    await ensurePerson(relay.url, 'zhao');
    const ownerContext = await newContext(browser);
    const owner = new ConcordPage(await ownerContext.newPage(), relay.url);
    await owner.signIn('wang');
    const id = await owner.createDocument('task-tracker', 'Launch plan');
    await owner.setField('project', 'Launch');
    await owner.share('zhao', 'editor');
    await owner.expectSavedOnRelay();

    const editorContext = await newContext(browser, { acceptDownloads: true });
    const editor = new ConcordPage(await editorContext.newPage(), relay.url);
    await editor.signIn('zhao');
    await editor.openDocument(id);
    await editor.expectField('project', 'Launch');

    // Offline, zhao edits; meanwhile wang makes zhao a viewer.
    await editorContext.setOffline(true);
    await editor.setField('project', 'Launch, moved to May');
    await owner.page
      .locator('[data-testid="member"][data-person="zhao"] select.member-role')
      .selectOption('viewer');
    await owner.expectSavedOnRelay();

    // Back online, the relay refuses zhao's edit: the app says why, from the
    // refusal's code, in the reader's language.
    await editorContext.setOffline(false);
    const banner = editor.page.getByTestId('doc-refused');
    await banner.waitFor({ timeout: 60_000 });
    assert.ok(Number(await editor.page.getByTestId('doc-refused-count').getAttribute('data-count')) >= 1);
    const reason = editor.page.getByTestId('doc-refused-reason');
    assert.equal(await reason.getAttribute('data-code'), 'viewer-cannot-edit');
    assert.equal((await reason.textContent()).trim(), 'viewers cannot edit this document');
    await saveScreens(editor.page, 'refused-edits');
    await switchLanguage(editor.page, 'zh-CN');
    assert.equal((await reason.textContent()).trim(), '仅查看成员不能编辑此文档');
    await saveScreens(editor.page, 'refused-edits-zh');
    await switchLanguage(editor.page, 'en');

    // The JSON file holds the refused edit.
    const json = await downloaded(editor.page, editor.page.getByTestId('refused-export-json'));
    assert.equal(json.name, `concord-refused-${id}.json`);
    const exported = JSON.parse(json.bytes.toString('utf8'));
    const effects = exported.changes.flatMap((c) => c.effects);
    assert.ok(effects.some((e) => e.value.includes('moved to May')), JSON.stringify(effects));

    // The .xlsx file, written by the relay, holds the same edit.
    const xlsx = await downloaded(editor.page, editor.page.getByTestId('refused-export-xlsx'));
    assert.equal(xlsx.name, `concord-refused-${id}.xlsx`);
    const parts = unzip(xlsx.bytes);
    const strings = parts.get('xl/sharedStrings.xml').toString('utf8');
    assert.match(strings, /moved to May/);
    assert.ok(strings.includes(id), 'the document is named on the sheet');
    assert.ok(parts.has('xl/worksheets/sheet1.xml'));

    // Offline, the .xlsx export says it needs the relay; JSON still works.
    await editorContext.setOffline(true);
    await editor.page.getByTestId('refused-export-xlsx').click();
    await banner.locator('.form-error').filter({ hasText: 'JSON' }).waitFor();
    const offlineJson = await downloaded(editor.page, editor.page.getByTestId('refused-export-json'));
    assert.deepEqual(JSON.parse(offlineJson.bytes.toString('utf8')).changes, exported.changes);
    await editorContext.setOffline(false);

    // Reset: the relay's copy replaces the refused edit.
    await editor.page.getByTestId('refused-reset').click();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await editor.expectField('project', 'Launch');
    await editor.page.reload();
    await editor.document.waitFor();
    await editor.expectField('project', 'Launch');
    assert.equal(await editor.page.getByTestId('doc-refused').count(), 0);

    // Chromium logs the refused websocket handshakes while offline as errors.
    const offlineNoise = /WebSocket|ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/;
    for (const context of [ownerContext, editorContext]) {
      assert.deepEqual(context.pageErrors.filter((e) => !offlineNoise.test(e)), []);
      await context.close();
    }
  });
});
