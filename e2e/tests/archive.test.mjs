// Issue 21, the archive library: an owner archives a customer log; it
// leaves the live list for the archive library, where it is listed by
// template, year and department with the day it is kept until, and opens
// read-only. A colleague it is shared with finds it there too.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DESKTOP, PHONE } from '../support/browser.mjs';
import { LINA, WANG, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

describe('the archive library', () => {
  const live = relayAndBrowser();

  test('an archived document is read-only, kept two years, and listed apart', async () => {
    const { relay, browser } = live;
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: DESKTOP },
      account: { departments: ['sales'] },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['sales'] },
    });
    const live1 = await lina.app.createDocument('customer-communication-log', '华东客户 2026 沟通记录');
    await lina.app.setField('customer', '华东机电');
    await lina.app.setField('contact', '周经理');
    await lina.app.share(WANG.id, 'viewer');
    const other = await lina.app.createDocument('customer-communication-log', '仍在进行的记录');
    await lina.app.setField('customer', '华北机电');
    await lina.app.expectSavedOnRelay();

    await lina.app.openDocument(live1);
    const step = (id) => lina.app.page.locator(`[data-testid="transition"][data-transition="${id}"]`);
    await step('archive').click();
    await lina.app.page.getByTestId('step-confirm').click();
    await lina.app.page.locator('[data-testid="workflow-status"][data-status="archived"]').waitFor();
    await lina.app.expectSavedOnRelay();
    const note = lina.app.page.getByTestId('doc-archived');
    await note.waitFor();
    const year = new Date().getFullYear();
    assert.match(await note.innerText(), new RegExp(`保留至 ${year + 2}-`));
    assert.equal(await lina.app.fieldInput('customer').isEditable(), false, 'read-only');

    // Home: only the live one; the archive is behind the archive link.
    await lina.app.goto('/');
    await lina.app.page.locator(`[data-testid="doc-link"][data-doc-id="${other}"]`).waitFor();
    assert.equal(await lina.app.page.locator(`[data-testid="doc-link"][data-doc-id="${live1}"]`).count(), 0);
    await lina.app.page.getByTestId('archive-link').click();
    const listed = lina.app.page.locator(`[data-testid="archive-doc"][data-doc-id="${live1}"]`);
    await listed.waitFor();
    assert.equal(await lina.app.page.locator(`[data-testid="archive-doc"][data-doc-id="${other}"]`).count(), 0);
    assert.match(await listed.innerText(), new RegExp(`保留至 ${year + 2}-`));
    // Filters: template, year archived, department.
    await lina.app.page.getByTestId('archive-year').selectOption(String(year));
    await lina.app.page.getByTestId('archive-department').selectOption('sales');
    await lina.app.page.getByTestId('archive-template').selectOption('customer-communication-log');
    await listed.waitFor();
    await saveScreens(lina.app.page, 'archive-zh-CN');
    await lina.app.page.getByTestId('archive-year').selectOption(String(year - 1)).catch(() => {});
    await listed.click();
    await lina.app.page.getByTestId('doc-archived').waitFor();

    // Wang Fang, a viewer, finds it in the archive library too.
    await wang.app.goto('/archive');
    await wang.app.page.locator(`[data-testid="archive-doc"][data-doc-id="${live1}"]`).waitFor({ timeout: 20_000 });
    assert.match(await wang.app.page.getByTestId('archive').innerText(), /kept until/);
    await saveScreens(wang.app.page, 'archive-en');

    await lina.context.close();
    await wang.context.close();
  });
});
