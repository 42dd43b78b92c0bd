// Issue 22, print and PDF: a requirement approval walked to approved by the
// people involved, each in their own browser, then printed by the requester
// through "打印 / 存为 PDF" as Chromium's PDF on A4; the PDF's text holds the
// form's values, the sign-offs (names and times, as the screen shows them)
// and the approval history (who moved it where), in Chinese and in English.
// A tracker past the print's row limit prints its first rows and says how
// many more there are. Pages are kept as PNGs in e2e/artifacts to look at.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensureDepartment, setSuperior } from '../support/accounts.mjs';
import { DESKTOP, PHONE, newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { person, transition } from '../support/people.mjs';
import { ARTIFACTS, saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const run = promisify(execFile);

const LINA = { id: 'li.na', displayName: '李娜' };
const WANG = { id: 'wang', displayName: '王芳' };
const ZHAO = { id: 'zhao', displayName: '赵强' };
const SUN = { id: 'sun', displayName: 'Sun Li' };

/** The print's row limit (PRINTED_ROWS in app/src/components/document/print_sheet.rs). */
const PRINTED_ROWS = 500;

async function expectStatus(app, status) {
  await app.page
    .locator(`[data-testid="workflow-status"][data-status="${status}"]`)
    .waitFor({ timeout: 30_000 });
}

async function step(app, id, status) {
  await transition(app, id).click();
  await expectStatus(app, status);
  await app.expectSavedOnRelay();
}

/**
 * Prints the document on `page` as a person does and saves what the print
 * shows as Chromium's A4 PDF under `name`. With `button`, through "打印 /
 * 存为 PDF" (the print dialog itself replaced, as a headless browser has
 * none); without, as the browser's own Print (Ctrl+P), which announces
 * itself with `beforeprint`. Resolves to the PDF's text (laid out as on the
 * page, and in drawing order without spaces) and the PNGs of its pages.
 */
async function printToPdf(page, name, { button = true } = {}) {
  if (button) {
    await page.evaluate(() => {
      window.print = () => {
        window.printed = (window.printed ?? 0) + 1;
      };
    });
    await page.getByTestId('print-document').click();
    await page.waitForFunction(() => window.printed === 1);
    await page.getByTestId('print-sheet').waitFor({ state: 'attached' });
    assert.equal(await page.getByTestId('print-sheet').isVisible(), false, 'the sheet is for paper only');
  }
  await mkdir(ARTIFACTS, { recursive: true });
  const pdf = join(ARTIFACTS, `${name}.pdf`);
  await page.emulateMedia({ media: 'print' });
  if (button) {
    assert.equal(await page.getByTestId('print-sheet').isVisible(), true, 'on paper the sheet shows');
    assert.equal(await page.getByTestId('workflow').isVisible(), false, 'the screen does not');
  }
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: null });
  const text = async (mode) =>
    (await run('pdftotext', [mode, '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 << 20 })).stdout;
  for (const old of (await readdir(ARTIFACTS)).filter((f) => f.startsWith(`${name}-page`))) {
    await rm(join(ARTIFACTS, old));
  }
  await run('pdftoppm', ['-png', '-r', '60', pdf, join(ARTIFACTS, `${name}-page`)]);
  const pngs = (await readdir(ARTIFACTS)).filter((f) => f.startsWith(`${name}-page`));
  return { text: await text('-layout'), drawn: (await text('-raw')).replace(/\s+/g, ''), pngs };
}

/** The lines of `text` after the line holding `heading`. */
function after(text, heading) {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(heading));
  assert.ok(at >= 0, `"${heading}" is printed`);
  return lines.slice(at + 1);
}

/** Whether some line holds every one of `parts`, in that order. */
function hasLine(lines, parts) {
  return lines.some((line) => {
    let from = 0;
    for (const part of parts) {
      const found = line.indexOf(part, from);
      if (found < 0) return false;
      from = found + part.length;
    }
    return true;
  });
}

async function team(live) {
  const { relay, browser } = live;
  await ensureDepartment(relay.url, 'rd', '研发部');
  await ensureDepartment(relay.url, 'sales', '销售部');
  const lina = await person(browser, relay, LINA, {
    context: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    account: { departments: ['rd'] },
  });
  const wang = await person(browser, relay, WANG, {
    context: { locale: 'en-US', viewport: PHONE, timezoneId: 'Asia/Shanghai' },
    account: { departments: ['rd'] },
  });
  const zhao = await person(browser, relay, ZHAO, {
    context: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    account: { departments: ['rd'], heads: ['rd'] },
  });
  const sun = await person(browser, relay, SUN, {
    context: { locale: 'en-US', viewport: PHONE, timezoneId: 'Asia/Shanghai' },
    account: { departments: ['sales'], heads: ['sales'] },
  });
  await setSuperior(relay.url, LINA.id, WANG.id);
  return { lina, wang, zhao, sun };
}

describe('print and PDF', () => {
  const live = relayAndBrowser();

  test('an approved requirement prints on A4 with its fields, sign-offs and approval history', async () => {
    const people = await team(live);
    const { lina, wang, zhao, sun } = people;
    const id = await lina.app.createDocument('requirement-approval', 'CRM 升级');
    await lina.app.setField('title', 'CRM 升级');
    await lina.app.setField('background', '客户资料分散在三个系统里，销售和客服各查各的。');
    await lina.app.setField('goal', '统一客户资料');
    await lina.app.setField('expected_date', '2026-12-20');
    await lina.app.setField('departments', 'rd, sales');
    await lina.app.fieldInput('priority').selectOption('high');

    // The button is there on a phone and on a desktop, before anything is signed.
    for (const size of [PHONE, DESKTOP]) {
      await lina.app.page.setViewportSize(size);
      const button = lina.app.page.getByTestId('print-document');
      assert.ok(await button.isVisible(), `the print button shows at ${size.width}px`);
      const box = await button.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= size.width, `and fits at ${size.width}px`);
    }
    assert.equal(await lina.app.page.getByTestId('print-document').innerText(), '打印 / 存为 PDF');
    await lina.app.page.setViewportSize(DESKTOP);
    await saveScreens(lina.app.page, 'print-button-zh-CN');

    await transition(lina.app, 'submit').waitFor({ timeout: 30_000 });
    await step(lina.app, 'submit', 'submitted');
    await wang.app.openDocument(id);
    await step(wang.app, 'forward', 'in_review');
    await zhao.app.openDocument(id);
    await zhao.app.page.locator('[data-testid="to-sign-dept"][data-id="sales"]').waitFor({ timeout: 30_000 });
    await transition(zhao.app, 'sign').click();
    await zhao.app.page.locator('[data-testid="to-sign-dept"][data-id="rd"]').waitFor({ state: 'detached' });
    await zhao.app.expectSavedOnRelay();
    await sun.app.openDocument(id);
    await sun.app.page.locator('[data-testid="to-sign-dept"][data-id="sales"]').waitFor({ timeout: 30_000 });
    await step(sun.app, 'sign', 'approved');
    assert.equal(await sun.app.page.getByTestId('print-document').innerText(), 'Print / save as PDF');
    await saveScreens(sun.app.page, 'print-button-en-US');

    // The requester prints it once her screen shows it approved, signed by both heads.
    await expectStatus(lina.app, 'approved');
    const signoffs = lina.app.page.getByTestId('signoff');
    await signoffs.nth(1).waitFor({ timeout: 30_000 });
    const signed = await signoffs.evaluateAll((items) =>
      items.map((li) => ({ by: li.querySelector('strong').textContent, at: li.querySelector('time').textContent })),
    );
    assert.deepEqual(signed.map((s) => s.by).sort(), ['Sun Li', '赵强']);

    const zh = await printToPdf(lina.app.page, 'print-approval-zh-CN');
    assert.ok(zh.pngs.length >= 1, 'pages were drawn');
    const { text } = zh;
    for (const value of [
      'CRM 升级',
      '需求审批表',
      '客户资料分散在三个系统里，销售和客服各查各的。',
      '统一客户资料',
      '2026-12-20',
      '研发部、销售部',
    ]) {
      assert.ok(text.includes(value), `the PDF holds ${value}`);
    }
    const form = after(text, '表单');
    assert.ok(hasLine(form, ['优先级', '高']), 'the priority by its label');
    assert.ok(hasLine(form, ['需求名称', 'CRM 升级']), 'each value beside its label');
    assert.ok(hasLine(text.split('\n'), ['状态', '已批准']), 'the status');

    const signLines = after(text, '签署人');
    for (const s of signed) {
      assert.ok(hasLine(signLines, [s.by, '会签同意', '同意']), `${s.by}'s sign-off`);
      assert.ok(hasLine(signLines, [s.at]), `${s.by}'s sign-off time ${s.at}`);
    }
    assert.ok(hasLine(signLines, ['赵强', '研发部']), 'for the department each head signed for');
    assert.ok(hasLine(signLines, ['Sun Li', '销售部']));

    const history = after(text, '审批记录');
    const when = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;
    for (const move of [
      ['李娜', '（创建）', '草稿'],
      ['李娜', '草稿', '待上级审核'],
      ['王芳', '待上级审核', '部门会签中'],
      ['Sun Li', '部门会签中', '已批准'],
    ]) {
      assert.ok(hasLine(history, move), `the history holds ${move.join(' → ')}`);
      assert.ok(history.some((l) => when.test(l) && move.every((p) => l.includes(p))), `with its time: ${move}`);
    }
    assert.ok(!text.includes('Concord'), 'no app chrome (the top bar) is printed');
    assert.ok(!text.includes('导出文档 Excel'), 'no buttons are printed');

    // In English, for a head.
    const en = await printToPdf(sun.app.page, 'print-approval-en-US');
    for (const heading of ['Requirement approval', 'Form', 'Sign-offs', 'Approval history']) {
      assert.ok(en.text.includes(heading), `the English print says ${heading}`);
    }
    assert.ok(hasLine(after(en.text, 'Approval history'), ['王芳', 'With direct superior', 'Department review']));
    assert.ok(hasLine(after(en.text, 'Form'), ['Priority', 'High']));

    for (const p of Object.values(people)) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});

describe('printing a large tracker', () => {
  // The fixture is imported by a Node peer without a session: --open-sync.
  const live = relayAndBrowser({ openSync: true });
  const ROWS = PRINTED_ROWS + 100;

  test(`a tracker of ${ROWS} rows prints its first ${PRINTED_ROWS} and says how many more`, async () => {
    const { relay, browser } = live;
    const id = await importToRelay(relay.url, await fixtureBytes('tracker', ROWS, 'ann'));
    const context = await newContext(browser, { locale: 'zh-CN' });
    const app = new ConcordPage(await context.newPage(), relay.url);
    await app.signIn('ann');
    await app.openDocument(id);
    await app.expectRowCount('tasks', ROWS, 60_000);
    const onScreen = await app.rows('tasks').count();
    assert.ok(onScreen < PRINTED_ROWS, `the screen holds only the rows in view (${onScreen})`);

    // The browser's own Print, not the button: the sheet is made for it too.
    const { text, drawn, pngs } = await printToPdf(app.page, 'print-tracker-zh-CN', { button: false });
    const printed = [...drawn.matchAll(/任务(\d+):完成模块/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      printed,
      Array.from({ length: PRINTED_ROWS }, (_, i) => i),
      'the first rows, every one of them, in order: not only those in view',
    );
    assert.ok(text.includes(`另有 ${ROWS - PRINTED_ROWS} 行未打印`), 'the rest are counted');
    assert.ok(text.includes('导出 Excel'), 'and the export named');
    assert.ok(drawn.includes('空列未打印：'), 'empty columns are named, not printed');
    assert.ok(pngs.length > 5, `the rows run over pages (${pngs.length})`);
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });
});
