// Issue 19, the weekly report "due Friday 17:00, shown per department": the
// report lists every department of the directory with where its part
// stands (not started, filling in, reported) against the deadline; a
// department's person adds their department's row with one button, fills
// it, and the initiator watches the line turn to reported, live.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ensureDepartment } from '../support/accounts.mjs';
import { PHONE } from '../support/browser.mjs';
import { person, transition, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const SUN = { id: 'sun', displayName: 'Sun Li' };

function line(app, department) {
  return app.page.locator(`[data-testid="department-report"][data-department="${department}"]`);
}

async function expectLine(app, department, state) {
  await app.page
    .locator(`[data-testid="department-report"][data-department="${department}"][data-state="${state}"]`)
    .waitFor({ timeout: 30_000 });
}

function sheetInput(app, fieldId) {
  return app.page
    .getByTestId('row-sheet')
    .locator(`[data-testid="field"][data-field-id="${fieldId}"] [data-testid="field-input"]`);
}

describe('a weekly progress report', () => {
  const live = relayAndBrowser();

  test('shows each department reported or not against Friday 17:00', async () => {
    const { relay, browser } = live;
    await ensureDepartment(relay.url, 'rd', '研发部');
    await ensureDepartment(relay.url, 'sales', '销售部');
    const zhou = await person(browser, relay, ZHOU, {
      context: { locale: 'zh-CN' },
      account: { departments: ['rd'] },
    });
    const sun = await person(browser, relay, SUN, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['sales'] },
    });

    // Zhou starts the week's report; both departments read "not started".
    const id = await zhou.app.createDocument('weekly-progress-report', '第 49 周周报');
    await zhou.app.setField('week_from', '2026-11-30');
    await zhou.app.setField('week_to', '2026-12-04');
    await expectLine(zhou.app, 'rd', 'missing');
    await expectLine(zhou.app, 'sales', 'missing');
    assert.match(await line(zhou.app, 'sales').innerText(), /销售部/);
    assert.match(await line(zhou.app, 'rd').innerText(), /研发部/);
    await zhou.app.page.getByTestId('reports-due').waitFor();

    // Zhou reports for 研发部 with the button; the row names him.
    await zhou.app.page.locator('[data-testid="report-my-department"][data-department="rd"]').click();
    await expectLine(zhou.app, 'rd', 'started');
    await zhou.app.rows('departments').first().click();
    await sheetInput(zhou.app, 'done').fill('导出功能上线');
    await sheetInput(zhou.app, 'done').press('Tab');
    await zhou.app.page.getByTestId('row-sheet-close').click();
    await expectLine(zhou.app, 'rd', 'reported');
    assert.equal(
      await zhou.app.page.locator('[data-testid="report-my-department"][data-department="sales"]').count(),
      0,
      'only a department\'s own people are offered its row',
    );
    await zhou.app.share(SUN.id, 'editor');
    await zhou.app.expectSavedOnRelay();
    await saveScreens(zhou.app.page, 'weekly-report-rd-zh-CN');

    // Sun, on a phone, reports for sales the same way.
    await sun.app.openDocument(id);
    await expectLine(sun.app, 'sales', 'missing');
    await sun.app.page.locator('[data-testid="report-my-department"][data-department="sales"]').click();
    await expectLine(sun.app, 'sales', 'started');
    await sun.app.rows('departments').nth(1).click();
    await sheetInput(sun.app, 'done').fill('Two contracts signed');
    await sheetInput(sun.app, 'done').press('Tab');
    await sun.app.page.getByTestId('row-sheet-close').click();
    await expectLine(sun.app, 'sales', 'reported');
    await sun.app.expectSavedOnRelay();
    await saveScreens(sun.app.page, 'weekly-report-sales-en-US');

    // Zhou sees both reported, live, and submits.
    await expectLine(zhou.app, 'sales', 'reported');
    assert.match(await line(zhou.app, 'sales').innerText(), /Sun Li/);
    await transition(zhou.app, 'submit').click();
    await zhou.app.page
      .locator('[data-testid="workflow-status"][data-status="submitted"]')
      .waitFor({ timeout: 30_000 });
    await zhou.app.expectSavedOnRelay();
    await saveScreens(zhou.app.page, 'weekly-report-submitted-zh-CN');

    for (const p of [zhou, sun]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
