// Issue 22, export: a table taken away as the person sees it (sorted and
// filtered) as CSV (made in the browser, offline too) and as Excel (written
// by the relay), and the whole document as one workbook; each file read back
// here: a BOM, typed cells (a date is a date, money a number with its
// currency, people by name), and hostile text never a formula.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { LINA, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';
import { unzip } from '../support/unzip.mjs';

/** Clicks `button` and returns the file the page offers; fails with the
 * page's export error if it shows one instead. */
async function downloaded(page, button, errorTestId) {
  const offered = page.waitForEvent('download');
  await button.click();
  const error = page.getByTestId(errorTestId);
  const failed = error.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 }).then(
    async () => {
      throw new Error(`no download: ${await error.textContent()}`);
    },
    () => new Promise(() => {}),
  );
  const download = await Promise.race([offered, failed]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** Days since 1899-12-30: how spreadsheets store a date. */
function serial(y, m, d) {
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** An .xlsx file's parts as text, by name. */
function parts(bytes) {
  const files = unzip(bytes);
  return (name) => {
    const part = files.get(name);
    assert.ok(part, `${name} in the workbook`);
    return part.toString('utf8');
  };
}

/** The shared strings in the order the writer first used them. */
function strings(part) {
  return [...part('xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
}

describe('export', () => {
  const live = relayAndBrowser();

  test('a sorted, filtered table as CSV and Excel, and the whole document as a workbook', async () => {
    const { relay, browser } = live;
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE, acceptDownloads: true, timezoneId: 'Asia/Shanghai' },
      account: { departments: ['rd'] },
    });
    const { page } = lina.app;
    await lina.app.createDocument('requirement-approval', '采购 CRM / 二期');
    await lina.app.setField('title', '采购 CRM');
    await lina.app.setField('expected_date', '2026-12-20');
    await lina.app.setField('budget', '12,345.67');
    await lina.app.expectField('budget', '12345.67');
    for (const item of ['=SUM(1,2) 方案', '写方案 🙂', 'مراجعة']) {
      await lina.app.addRow('action_items', { item, owner: LINA.id });
    }
    await lina.app.expectRowCount('action_items', 3);
    await lina.app.expectSavedOnRelay();

    // Sorted by the action, last first; only rows with 方案.
    const table = lina.app.tablePart('action_items');
    const bar = table.getByTestId('row-query');
    await bar.getByTestId('row-sort-field').selectOption('item');
    await bar.getByTestId('row-sort-direction').click();
    await bar.getByTestId('row-filter-text').fill('方案');
    await lina.app.expectRowCount('action_items', 2);
    await saveScreens(page, 'export-table-zh-CN');

    const csv = await downloaded(page, table.getByTestId('export-csv'), 'export-error');
    assert.equal(csv.name, '采购 CRM 二期 - 行动项.csv');
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
    const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
    const header = lines[0].split(',');
    assert.deepEqual(header.slice(0, 3), ['事项', '负责部门', '负责人']);
    assert.equal(lines.length, 4, `a header, two rows, a last line end: ${lines}`);
    assert.match(lines[1], /^写方案 🙂,,李娜/);
    // Hostile text is kept as text: the apostrophe stops a formula.
    assert.match(lines[2], /^"'=SUM\(1,2\) 方案",,李娜/);
    assert.ok(!lines.join('\n').includes('مراجعة'), 'the filtered-out row stays out');

    const xlsx = await downloaded(page, table.getByTestId('export-xlsx'), 'export-error');
    assert.equal(xlsx.name, '采购 CRM 二期 - 行动项.xlsx');
    const sheet = parts(xlsx.bytes);
    assert.match(sheet('xl/workbook.xml'), /name="行动项"/);
    const texts = strings(sheet);
    assert.ok(texts.includes('李娜'), 'people by name');
    assert.ok(!texts.includes('مراجعة'));
    assert.ok(texts.indexOf('写方案 🙂') < texts.indexOf('=SUM(1,2) 方案'), `in the order shown: ${texts}`);
    assert.ok(!sheet('xl/worksheets/sheet1.xml').includes('<f>'), 'text is never a formula');

    // The whole document, from the relay: the form (a date cell, money a
    // number in CNY), then the table with every row.
    const header2 = page.getByTestId('export-document');
    const whole = await downloaded(page, header2, 'export-document-error');
    assert.equal(whole.name, '采购 CRM 二期.xlsx');
    const book = parts(whole.bytes);
    const names = [...book('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(names, ['表单', '行动项']);
    const form = book('xl/worksheets/sheet1.xml');
    assert.match(form, new RegExp(`<c r="B\\d+" s="\\d+"><v>${serial(2026, 12, 20)}</v></c>`), 'a date cell');
    assert.match(form, /<c r="B\d+" s="\d+"><v>12345.67<\/v><\/c>/, 'money is a number');
    const styles = book('xl/styles.xml');
    assert.match(styles, /formatCode="yyyy-mm-dd"/);
    assert.match(styles, /formatCode="#,##0.00 &quot;CNY&quot;"/);
    assert.ok(strings(book).includes('مراجعة'), 'every row of the table');
    assert.ok(!book('xl/worksheets/sheet2.xml').includes('<f>'));

    // Offline, CSV is still made here; the workbooks say they need the relay.
    await lina.context.setOffline(true);
    const offline = await downloaded(page, table.getByTestId('export-csv'), 'export-error');
    assert.equal(offline.bytes.toString('utf8'), csv.bytes.toString('utf8'));
    await table.getByTestId('export-xlsx').click();
    await page.getByTestId('export-error').filter({ hasText: 'CSV' }).waitFor();
    await saveScreens(page, 'export-offline-zh-CN');
    await lina.context.setOffline(false);

    // In English: the same table, its labels and choices in English.
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await table.getByTestId('export-xlsx').getAttribute('title')), 'Excel as sorted and filtered now');
    const english = await downloaded(page, table.getByTestId('export-csv'), 'export-error');
    assert.equal(english.name, '采购 CRM 二期 - Action items.csv');
    assert.match(english.bytes.subarray(3).toString('utf8'), /^Action,Department,Owner\r\n/);
    const wholeEn = await downloaded(page, page.getByTestId('export-document'), 'export-document-error');
    const namesEn = [...parts(wholeEn.bytes)('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(namesEn, ['Form', 'Action items']);
    await saveScreens(page, 'export-table-en');
    assert.deepEqual(lina.context.pageErrors, []);
    await lina.context.close();
  });
});
