// Issue 22, import: a CSV file brought into a tracker. The relay reads the
// file; the app maps its columns onto the table's fields by their headers,
// previews every cell read by its field's kind with each problem marked
// before anything is written, adds the good rows as one change, and after
// the file is fixed adds the rest (skipping rows already there). Another
// person, named in the rows, sees them all through the relay.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { LINA, WANG, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

/** A CSV file as Excel saves it on a Chinese system: UTF-8 with a BOM. */
function csvFile(name, lines) {
  const text = `\ufeff${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

const HEADER = ['任务', '负责人', '截止日期', '状态', '优先级', '成果'];
const GOOD = [
  ['写方案', '王芳', '2026-03-05', '进行中', '高', '方案初稿'],
  ['审合同', '李娜', '2026/3/6', '未开始', '中', ''],
  ['定预算', 'wang', '2026-03-07', 'done', 'low', '预算表'],
];
// Line 5: nobody is called 赵六; line 6: not a date, and no such status.
const BAD = [
  ['发报价', '赵六', '2026-03-08', '进行中', '高', ''],
  ['验收', '李娜', '下周三', '暂停', '中', ''],
];
const FIXED = [
  ['发报价', '王芳', '2026-03-08', '进行中', '高', ''],
  ['验收', '李娜', '2026-03-09', '进行中', '中', ''],
];

describe('import', () => {
  const live = relayAndBrowser();

  test('a CSV with bad rows: the preview marks them, the good rows go in, then the fixed ones', async () => {
    const { relay, browser } = live;
    // Wang first, so Li Na's directory knows him by name.
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE, timezoneId: 'Asia/Shanghai' },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE, timezoneId: 'Asia/Shanghai' },
    });
    const { page } = lina.app;
    const tracker = await lina.app.createDocument('task-tracker', '导入测试');
    await lina.app.setField('project', '三月交付');
    await lina.app.expectSavedOnRelay();

    const table = lina.app.tablePart('tasks');
    await table.getByTestId('import-open').click();
    const dialog = page.getByTestId('table-import');
    await dialog.getByTestId('import-file').setInputFiles(csvFile('任务.csv', [HEADER, ...GOOD, ...BAD]));
    const counts = dialog.getByTestId('import-counts');
    await counts.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-counts"]')?.dataset.ready === '3');
    assert.equal(await counts.getAttribute('data-problems'), '2');
    assert.equal(await counts.textContent(), '3 行可导入，2 行有问题');

    // Guessed from the headers; 成果 names no field until the person picks one.
    const map = (column) => dialog.locator(`[data-testid="import-map"][data-column="${column}"]`);
    const picked = async (column) => map(column).evaluate((el) => el.selectedOptions[0].textContent.trim());
    assert.deepEqual(
      await Promise.all([0, 1, 2, 3, 4, 5].map(picked)),
      ['任务', '负责人', '截止日期', '状态', '优先级', '— 不导入 —'],
    );
    await map(5).selectOption({ label: '交付物' });

    // Exactly the bad lines and cells are marked, each problem said.
    const problemLines = await dialog
      .locator('[data-testid="import-row"][data-state="problems"]')
      .evaluateAll((rows) => rows.map((r) => r.dataset.line));
    assert.deepEqual(problemLines, ['5', '6']);
    const marked = await dialog
      .locator('td[data-problem]')
      .evaluateAll((cells) => cells.map((c) => [c.closest('tr').dataset.line, c.textContent.trim()]));
    assert.deepEqual(marked, [['5', '赵六'], ['6', '下周三'], ['6', '暂停']]);
    const said = await dialog.getByTestId('import-problem').allTextContents();
    assert.equal(said.length, 3);
    assert.match(said[0], /第 5 行 · 负责人.*赵六/);
    assert.match(said[1], /第 6 行 · 截止日期.*有效日期/);
    assert.match(said[2], /第 6 行 · 状态.*选项/);
    await saveScreens(page, 'import-preview-zh-CN');
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await dialog.getByTestId('import-go').filter({ hasText: 'Import 3 rows' }).waitFor();
    assert.equal(await counts.textContent(), '3 rows ready, 2 with problems');
    await saveScreens(page, 'import-preview-en-US');
    await page.getByTestId('lang-zh-CN').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    // The good rows go in: nothing was written before this.
    assert.equal(await lina.app.rowCount('tasks'), 0);
    await dialog.getByTestId('import-go').click();
    await dialog.getByTestId('import-done').filter({ hasText: '已导入 3 行' }).waitFor();
    await lina.app.expectRowCount('tasks', 3);
    await lina.app.expectSavedOnRelay();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-counts"]')?.dataset.already === '3');

    // Fixed, the whole file again: the three already there are skipped.
    await dialog.getByTestId('import-file').setInputFiles(csvFile('任务.csv', [HEADER, ...GOOD, ...FIXED]));
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid="import-counts"]')?.dataset;
      return c?.ready === '2' && c.problems === '0' && c.already === '3';
    });
    assert.equal(await dialog.locator('td[data-problem]').count(), 0);
    await saveScreens(page, 'import-fixed-zh-CN');
    await dialog.getByTestId('import-go').click();
    await dialog.getByTestId('import-done').filter({ hasText: '已导入 2 行' }).waitFor();
    await lina.app.expectRowCount('tasks', 5);
    await lina.app.expectSavedOnRelay();
    assert.equal(await page.getByTestId('doc-refused').count(), 0, 'the relay took the rows');
    await dialog.getByTestId('import-close').click();

    // Typed values, as the row sheet shows them.
    const cell = (field) =>
      page.locator(`[data-testid="row-sheet"] [data-testid="field"][data-field-id="${field}"] [data-testid="field-input"]`).first();
    const open = async (task) => {
      await lina.app.rows('tasks').filter({ hasText: task }).first().click();
      await page.getByTestId('row-sheet').waitFor();
    };
    const close = async () => {
      await page.getByTestId('row-sheet-close').click();
      await page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    };
    await open('审合同');
    assert.equal(await cell('deadline').inputValue(), '2026-03-06', '2026/3/6 read as a date');
    assert.equal(await cell('status').inputValue(), 'not_started');
    assert.equal(await cell('priority').inputValue(), 'medium');
    await close();
    await open('定预算');
    assert.equal(await cell('status').inputValue(), 'done', 'an option by its id');
    assert.equal(await cell('priority').inputValue(), 'low', 'an option by its English label');
    assert.equal(await cell('deliverable').inputValue(), '预算表', 'the column the person mapped');
    await close();
    await lina.app.expectRowText('tasks', '王芳');

    // Wang, named as an owner, sees every row through the relay.
    await wang.app.openDocument(tracker);
    await wang.app.expectRowCount('tasks', 5, 30_000);
    for (const task of ['写方案', '审合同', '定预算', '发报价', '验收']) {
      await wang.app.expectRowText('tasks', task);
    }

    for (const p of [lina, wang]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
