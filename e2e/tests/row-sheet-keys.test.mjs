// Issue 17, item 1: no key, click or navigation in a row's sheet panics
// the app, and nothing typed is lost on the way out (Escape, the close
// button, the backdrop, the browser's back button; the title too).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

/** The sheet's input of one cell. */
function cellInput(app, fieldId) {
  return app.page
    .getByTestId('row-sheet')
    .locator(`[data-testid="field"][data-field-id="${fieldId}"] [data-testid="field-input"]`);
}

/** Adds a row to the tracker (its first state: the row opens at once). */
async function newRow(app) {
  await app.tablePart('tasks').getByTestId('add-row').click();
  await app.page.getByTestId('row-sheet').waitFor();
}

async function openRow(app, index) {
  await app.rows('tasks').nth(index).click();
  await app.page.getByTestId('row-sheet').waitFor();
}

/** Leptos' message for a disposed signal, or any Rust panic. */
function panics(context) {
  return context.pageErrors.filter((e) => /panicked|disposed|unreachable|RuntimeError/.test(e));
}

describe("leaving a row's sheet", () => {
  const live = relayAndBrowser();

  test('Escape while typing a name neither panics nor loses the name', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser);
    const app = new ConcordPage(await context.newPage(), relay.url);
    await app.signIn('esc-wang');
    await app.createDocument('task-tracker', 'Keys');

    await newRow(app);
    // Typed, not yet committed (no Tab, no click elsewhere): then Escape.
    await cellInput(app, 'task').pressSequentially('Book the hall');
    await cellInput(app, 'task').press('Escape');
    await app.page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    await app.expectRowText('tasks', 'Book the hall');
    assert.deepEqual(panics(context), [], 'no panic');

    // Long text, a date and a choice, each left by Escape.
    await openRow(app, 0);
    await cellInput(app, 'progress').pressSequentially('Hall booked for Friday');
    await cellInput(app, 'progress').press('Escape');
    await app.page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    await openRow(app, 0);
    assert.equal(await cellInput(app, 'progress').inputValue(), 'Hall booked for Friday');
    await cellInput(app, 'start').fill('2026-12-20');
    await cellInput(app, 'start').press('Escape');
    await app.page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    await openRow(app, 0);
    assert.equal(await cellInput(app, 'start').inputValue(), '2026-12-20');
    assert.equal(await cellInput(app, 'task').inputValue(), 'Book the hall');

    // Escape in a comment being written closes the sheet without a panic.
    await app.page.getByTestId('row-sheet').getByTestId('comment-input').pressSequentially('Who pays?');
    await app.page.getByTestId('row-sheet').getByTestId('comment-input').press('Escape');
    await app.page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    assert.deepEqual(panics(context), [], 'no panic');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });

  test('the close button, the backdrop and Back keep what was typed', async () => {
    const { relay, browser } = live;
    const context = await newContext(browser);
    const app = new ConcordPage(await context.newPage(), relay.url);
    await app.signIn('esc-li');
    const id = await app.createDocument('task-tracker', 'Ways out');

    await newRow(app);
    await cellInput(app, 'task').pressSequentially('Closed by the button');
    await app.page.getByTestId('row-sheet-close').click();
    await app.expectRowText('tasks', 'Closed by the button');

    await openRow(app, 0);
    await cellInput(app, 'task').fill('Closed by the backdrop');
    // The backdrop is what shows beside the sheet (desktop: to its left).
    await app.page.mouse.click(40, 400);
    await app.page.getByTestId('row-sheet').waitFor({ state: 'detached' });
    await app.expectRowText('tasks', 'Closed by the backdrop');

    // Back, with the sheet open and the name half typed: the document
    // screen goes, its editors with it; the name is kept all the same.
    await app.goto('/');
    await app.page.locator(`[data-testid="doc-link"][data-doc-id="${id}"]`).click();
    await app.document.waitFor();
    await openRow(app, 0);
    await cellInput(app, 'task').fill('Left by Back');
    await app.page.goBack();
    await app.page.getByTestId('home').waitFor();
    await app.page.goForward();
    await app.document.waitFor();
    await app.expectRowText('tasks', 'Left by Back');

    // The same for the document's title.
    await app.page.getByTestId('doc-title').fill('Ways out, renamed');
    await app.page.goBack();
    await app.page.getByTestId('home').waitFor();
    await app.page.goForward();
    await app.document.waitFor();
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="doc-title"]')?.value === 'Ways out, renamed',
    );
    await saveScreens(app.page, 'row-sheet-left');

    assert.deepEqual(panics(context), [], 'no panic');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });
});
