// Issue 21, Gantt: a cross-department breakdown shown as a Gantt chart in
// the browser. A task past its end is marked late; the tasks after it are
// marked pushed, apart; when a dependency slips (its end moved later), the
// task after it is pushed further, live. Day / week / month zoom change the
// scale. On the 2,000-row tracker, only the lines in view are in the page.
// Screenshots at 390×844 and 1280×800 in both languages, in e2e/artifacts.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { DESKTOP, PHONE, newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { LINA, person, transition } from '../support/people.mjs';
import { ARTIFACTS } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ROWS = 2000;

/** The local day `offset` days from today, as the app stores dates. */
function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** Screenshots of the page at phone and desktop size, the chart in view. */
async function shots(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.getByTestId('gantt').scrollIntoViewIfNeeded();
    // The chart brings today into view after a resize's frame.
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${ARTIFACTS}/gantt-${name}-${label}.png` });
  }
  if (original) await page.setViewportSize(original);
}

function bar(app, number) {
  return app.page.locator(`[data-testid="gantt-bar"][data-number="${number}"]`);
}

async function expectBar(app, number, attrs, timeout = 20_000) {
  const selector = `[data-testid="gantt-bar"][data-number="${number}"]`
    + Object.entries(attrs).map(([k, v]) => `[data-${k}="${v}"]`).join('');
  await app.page.locator(selector).waitFor({ timeout });
}

/**
 * Adds a breakdown task through the new-row form (its required cells: the
 * department and owner picked from the directory), then writes what it
 * depends on in the sheet the form opens.
 */
async function addTask(app, { depends_on: depends, status, ...cells }) {
  const { page } = app;
  await app.tablePart('tasks').getByTestId('add-row').click();
  const form = page.getByTestId('new-row-form');
  await form.waitFor();
  const cell = (id) => form.locator(`[data-testid="cell-input"][data-field-id="${id}"]`).first();
  for (const [id, value] of Object.entries(cells)) {
    await cell(id).fill(value);
    await cell(id).press('Tab');
  }
  await cell('status').selectOption(status);
  for (const [id, typed, option] of [['department', 'rd', 'rd'], ['owner', 'li', 'li.na']]) {
    await cell(id).fill(typed);
    await page.locator(`[data-testid="pick-option"][data-id="${option}"]`).first().click();
  }
  await page.getByTestId('new-row-save').click();
  const sheet = page.getByTestId('row-sheet');
  await sheet.waitFor();
  if (depends) {
    const input = sheet.locator('[data-testid="field"][data-field-id="depends_on"] [data-testid="field-input"]').first();
    await input.fill(depends);
    await input.press('Tab');
  }
  await page.getByTestId('row-sheet-close').click();
  await sheet.waitFor({ state: 'detached' });
}

async function showGantt(app, table = 'tasks') {
  await app.tablePart(table).getByTestId('table-view-gantt').click();
  await app.page.getByTestId('gantt').waitFor();
}

describe('Gantt chart', () => {
  const live = relayAndBrowser({ openSync: true });
  let trackerId;

  before(async () => {
    trackerId = await importToRelay(live.relay.url, await fixtureBytes('tracker', ROWS, 'p3'));
  });

  test('a breakdown with a dependency that slips (zh-CN, then en-US)', async () => {
    const { relay, browser } = live;
    const { context, app } = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN' },
      account: { departments: ['rd'] },
    });
    const id = await app.createDocument('task-breakdown', '新品发布分解');
    await app.setField('project', '新品发布');
    // Running: a new row comes with its number (set only at creation).
    await transition(app, 'start').click();
    await transition(app, 'close').waitFor();
    const rows = [
      { no: '1', name: '需求确认', start: day(-12), end: day(-6), status: 'done' },
      { no: '2', name: '设计评审', start: day(-10), end: day(-3), status: 'in_progress' },
      { no: '3', name: '接口开发', start: day(-2), end: day(5), depends_on: '2', status: 'not_started' },
      { no: '4', name: '联调测试', start: day(6), end: day(10), depends_on: '3，9', status: 'not_started' },
    ];
    for (const row of rows) await addTask(app, row);
    await app.expectRowCount('tasks', rows.length);

    await showGantt(app);
    // Done: full, no marks. Design review: 3 days past its end, its own lateness.
    await expectBar(app, '1', { progress: '100', 'slip-days': '0', pushed: 'false' });
    await expectBar(app, '2', { progress: '50', 'own-slip-days': '3', pushed: 'false' });
    // Development waits for the review, expected to end today: pushed 3 days.
    await expectBar(app, '3', { 'own-slip-days': '0', pushed: 'true', 'pushed-days': '3' });
    // Testing waits for development (now ending day +8) and for no task 9.
    await expectBar(app, '4', { pushed: 'true', 'pushed-days': '3' });
    const testing = app.page.locator('[data-testid="gantt-name"]').filter({ hasText: '联调测试' });
    await testing.getByTestId('gantt-unknown-dep').waitFor();
    assert.match(await testing.getByTestId('gantt-unknown-dep').getAttribute('title'), /9/);
    assert.match(await bar(app, '2').getAttribute('title'), /3 天/);
    assert.match(await bar(app, '3').getAttribute('title'), /推迟 3 天/);
    assert.equal(await app.page.getByTestId('gantt-mark-slipped').count(), 1);
    assert.equal(await app.page.getByTestId('gantt-mark-pushed').count(), 2);
    await app.page.getByTestId('gantt-today').waitFor();
    // Arrows: review → development → testing, both late.
    assert.equal(await app.page.locator('[data-testid="gantt-arrow"].is-late').count(), 2);

    // Zoom: a day is wider at day zoom than at week zoom, narrower at month.
    const width = async () => (await bar(app, '3').boundingBox()).width;
    assert.equal(await app.page.getByTestId('gantt').getAttribute('data-zoom'), 'week');
    const week = await width();
    await app.page.getByTestId('gantt-zoom-day').click();
    await app.page.locator('[data-testid="gantt"][data-zoom="day"]').waitFor();
    const dayWide = await width();
    await app.page.getByTestId('gantt-zoom-month').click();
    await app.page.locator('[data-testid="gantt"][data-zoom="month"]').waitFor();
    const month = await width();
    assert.ok(dayWide > week && week > month, `day ${dayWide} > week ${week} > month ${month}`);
    await app.page.getByTestId('gantt-zoom-week').click();
    await shots(app.page, 'breakdown-zh-CN');

    // Development slips: its end moves from day +5 to day +9, from its sheet
    // (a tap on its bar). Testing is pushed further, live: 3 + 4 = 7 days.
    await bar(app, '3').click();
    const sheet = app.page.getByTestId('row-sheet');
    await sheet.waitFor();
    const end = sheet.locator('[data-testid="field"][data-field-id="end"] [data-testid="field-input"]').first();
    await end.fill(day(9));
    await end.press('Tab');
    await app.page.getByTestId('row-sheet-close').click();
    await expectBar(app, '4', { pushed: 'true', 'pushed-days': '7' });
    await expectBar(app, '3', { 'pushed-days': '3' });
    await app.expectSavedOnRelay();
    assert.deepEqual(context.pageErrors, []);

    // The same chart in English, in another browser of the same person.
    const { context: en, app: enApp } = await person(browser, relay, LINA, {
      context: { locale: 'en-US' },
    });
    await enApp.openDocument(id);
    await enApp.expectRowCount('tasks', rows.length);
    await showGantt(enApp);
    await expectBar(enApp, '4', { 'pushed-days': '7' });
    assert.match(await bar(enApp, '4').getAttribute('title'), /Pushed 7 days/);
    assert.match(await enApp.page.getByTestId('gantt').innerText(), /Today/);
    await shots(enApp.page, 'breakdown-en-US');
    assert.deepEqual(en.pageErrors, []);
    await en.close();
    await context.close();
  });

  for (const locale of ['zh-CN', 'en-US']) {
    test(`2,000 rows: only the lines in view are drawn (${locale})`, async () => {
      const { relay, browser } = live;
      const context = await newContext(browser, { locale });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn('p3');
      await app.openDocument(trackerId);
      await app.expectRowCount('tasks', ROWS, 60_000);
      const started = Date.now();
      await showGantt(app);
      await app.page.locator(`[data-testid="gantt"][data-lines="${ROWS}"]`).waitFor({ timeout: 30_000 });
      await app.page.getByTestId('gantt-bar').first().waitFor();
      const shownMs = Date.now() - started;
      const inDom = await app.page.getByTestId('gantt-bar').count();
      assert.ok(inDom > 5 && inDom <= 80, `only the lines in view (${inDom} of ${ROWS})`);
      // Every deadline in the fixture is in November 2026 or before today's
      // tests: open tasks past it are marked late.
      assert.ok(await app.page.getByTestId('gantt-mark-slipped').count() > 0);
      await shots(app.page, `tracker-${locale}`);

      const scroller = app.page.getByTestId('gantt-scroller');
      await scroller.evaluate((el) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
      });
      await app.page.waitForFunction(
        (wanted) => [...document.querySelectorAll('[data-testid="gantt-bar"]')]
          .some((b) => Math.abs(Number(b.dataset.index) - wanted) < 40),
        ROWS / 2,
      );
      assert.ok(await app.page.getByTestId('gantt-bar').count() <= 80, 'still virtualised');
      // Zooming all 2,000 lines out stays quick.
      const zoomStarted = Date.now();
      await app.page.getByTestId('gantt-zoom-month').click();
      await app.page.locator('[data-testid="gantt"][data-zoom="month"]').waitFor();
      const zoomMs = Date.now() - zoomStarted;
      console.log(`gantt ${locale}: shown in ${shownMs} ms, month zoom in ${zoomMs} ms`);
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    });
  }
});
