// Issue 21, 留痕可追溯: two people edit one task tracker in their own
// browsers; each field says who last changed it, and its history names
// both of them with what each changed (before → after, the characters
// typed and cut in a long text), newest first; a row's history has its
// making and its cells; the whole document's history opens from the header.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DESKTOP, PHONE } from '../support/browser.mjs';
import { LINA, WANG, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

/** The history panel's entries as { by, before, after, typed, cut } texts. */
async function entries(app) {
  const panel = app.page.getByTestId('history');
  await panel.waitFor();
  return panel.getByTestId('history-entry').evaluateAll((items) =>
    items.map((item) => {
      const text = (id) => item.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      return {
        byId: item.dataset.by,
        by: text('history-by'),
        before: text('history-before'),
        after: text('history-after'),
        typed: text('history-typed'),
        cut: text('history-cut'),
      };
    }),
  );
}

/** Waits until the panel lists `n` changes. */
async function total(app, n) {
  await app.page
    .locator(`[data-testid="history-count"][data-total="${n}"]`)
    .waitFor({ timeout: 20_000 });
}

describe('history (留痕)', () => {
  const live = relayAndBrowser();

  test('two people edit; fields, a row and the document say who changed what', async () => {
    const { relay, browser } = live;
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: DESKTOP },
      account: { departments: ['ops'] },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['rd'] },
    });

    const id = await lina.app.createDocument('task-tracker', 'Q4 交付跟踪');
    await lina.app.setField('project', '交付一期');
    await lina.app.setField('notes', '下周讨论验收');
    await lina.app.share(WANG.id, 'editor');
    await lina.app.expectSavedOnRelay();

    await wang.app.openDocument(id);
    await wang.app.expectField('project', '交付一期');
    await wang.app.setField('project', '交付二期');
    await wang.app.expectSavedOnRelay();

    // Li Na's field says Wang Fang changed it last, and its history has both.
    await lina.app.expectField('project', '交付二期');
    const last = lina.app.field('project').getByTestId('history-open');
    await lina.app.page
      .locator('[data-testid="field"][data-field-id="project"] [data-testid="history-open"][data-last-by="wang"]')
      .waitFor({ timeout: 20_000 });
    assert.match(await last.innerText(), /王芳/);
    await last.click();
    await total(lina.app, 2);
    assert.match(await lina.app.page.getByTestId('history-title').innerText(), /项目/);
    assert.deepEqual(
      (await entries(lina.app)).map(({ byId, by, before, after }) => ({ byId, by, before, after })),
      [
        { byId: 'wang', by: '王芳', before: '交付一期', after: '交付二期' },
        { byId: 'li.na', by: '李娜', before: '（空）', after: '交付一期' },
      ],
    );
    await saveScreens(lina.app.page, 'history-field-zh-CN');

    // A long text: what was cut and what was typed.
    await lina.app.setField('notes', '下周讨论排期');
    await lina.app.field('notes').getByTestId('history-open').click();
    await total(lina.app, 2);
    const [newest] = await entries(lina.app);
    assert.deepEqual(
      { by: newest.by, cut: newest.cut, typed: newest.typed },
      { by: '李娜', cut: '验收', typed: '排期' },
    );

    // A row: its making and its cells, from its sheet.
    await lina.app.addRow('tasks', { task: '写验收方案' });
    await lina.app.expectRowText('tasks', '写验收方案');
    await lina.app.rows('tasks').filter({ hasText: '写验收方案' }).first().click();
    await lina.app.page.getByTestId('row-sheet').getByTestId('row-history').click();
    await lina.app.page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    const rowEntries = await entries(lina.app);
    assert.ok(rowEntries.length >= 1, 'the row has a history');
    const rowText = await lina.app.page.getByTestId('history').innerText();
    assert.match(rowText, /添加了这一行/);
    assert.match(rowText, /写验收方案/);
    await saveScreens(lina.app.page, 'history-row-zh-CN');

    // Wang Fang, in English: the whole document's history from the header.
    await wang.app.page.locator('header [data-testid="history-open"]').click();
    const panel = wang.app.page.getByTestId('history');
    await panel.waitFor();
    await wang.app.page
      .locator('[data-testid="history-entry"][data-by="li.na"]')
      .first()
      .waitFor({ timeout: 20_000 });
    const text = await panel.innerText();
    assert.match(text, /History/);
    assert.match(text, /created the document/);
    assert.match(text, /Li Na|李娜/);
    assert.match(text, /王芳|Wang/);
    await saveScreens(wang.app.page, 'history-document-en');

    await lina.context.close();
    await wang.context.close();
  });

  test('a version saved, viewed, compared and restored, in two browsers', async () => {
    const { relay, browser } = live;
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['ops'] },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: DESKTOP },
      account: { departments: ['rd'] },
    });
    const id = await lina.app.createDocument('task-tracker', '版本演示');
    await lina.app.setField('project', '一期');
    await lina.app.addRow('tasks', { task: '写方案' });
    await lina.app.share(WANG.id, 'editor');

    // V1.0, offered as the first name, with a note.
    await lina.app.page.getByTestId('versions-open').click();
    const versions = lina.app.page.getByTestId('versions-panel');
    await versions.waitFor();
    assert.equal(await versions.getByTestId('version-name').inputValue(), 'V1.0');
    await versions.getByTestId('version-note').fill('立项范围');
    await versions.getByTestId('version-save').click();
    await versions.locator('[data-testid="named-version"][data-name="V1.0"]').waitFor();
    await lina.app.expectSavedOnRelay();

    // Wang Fang changes the scope in his browser.
    await wang.app.openDocument(id);
    await wang.app.expectField('project', '一期');
    await wang.app.setField('project', '二期');
    await wang.app.expectSavedOnRelay();
    await lina.app.expectField('project', '二期');

    // Li Na names the next one a major version: V2.0, not V1.1.
    await versions.locator('[data-testid="version-offer"][data-name="V2.0"]').click();
    assert.equal(await versions.getByTestId('version-name').inputValue(), 'V2.0');
    await versions.getByTestId('version-note').fill('二期范围');
    await versions.getByTestId('version-save').click();
    await versions.locator('[data-testid="named-version"][data-name="V2.0"]').waitFor();
    assert.deepEqual(
      await versions.getByTestId('named-version').evaluateAll((items) => items.map((i) => i.dataset.name)),
      ['V2.0', 'V1.0'],
    );

    // V1.0 read-only, as it was.
    const v1 = versions.locator('[data-testid="named-version"][data-name="V1.0"]');
    await v1.getByTestId('version-view').click();
    const view = versions.locator('[data-testid="version-view-shown"][data-name="V1.0"]');
    await view.waitFor();
    assert.match(await view.innerText(), /一期/);
    assert.match(await view.innerText(), /写方案/);
    assert.equal(await view.locator('input, textarea, select').count(), 0, 'nothing to edit');
    await saveScreens(lina.app.page, 'version-view-zh-CN');

    // Side by side: V1.0 against V2.0, the difference marked.
    await v1.getByTestId('version-compare-newest').click();
    const compared = versions.getByTestId('version-compare-shown');
    await compared.waitFor();
    assert.equal(await compared.getAttribute('data-differences'), '1');
    assert.equal(await compared.getByTestId('difference-before').innerText(), '一期');
    assert.equal(await compared.getByTestId('difference-after').innerText(), '二期');
    await saveScreens(lina.app.page, 'version-compare-zh-CN');

    // Restored: a new change, in both browsers and in the history.
    await v1.getByTestId('version-restore').click();
    await v1.getByTestId('version-restore-confirm').click();
    await lina.app.expectField('project', '一期');
    await lina.app.expectSavedOnRelay();
    await wang.app.expectField('project', '一期');
    await lina.app.field('project').getByTestId('history-open').click();
    await total(lina.app, 3);
    const [restored] = await entries(lina.app);
    assert.deepEqual(
      { by: restored.byId, before: restored.before, after: restored.after },
      { by: 'li.na', before: '二期', after: '一期' },
    );
    // Wang Fang, on a phone in English, sees the versions with their notes.
    await wang.app.page.getByTestId('versions-open').click();
    await wang.app.page.locator('[data-testid="named-version"][data-name="V2.0"]').waitFor();
    assert.match(await wang.app.page.getByTestId('versions-panel').innerText(), /二期范围/);
    await saveScreens(wang.app.page, 'versions-en');

    await lina.context.close();
    await wang.context.close();
  });
});
