// Issue 19, the emergency plan: the plan owner names each department's owner
// (which gives them access), one action triggers it, and the named owner,
// waiting on their home screen in their own browser, sees it active at once
// and writes the live log.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ZHOU = { id: 'zhou', displayName: '周敏' };
const WANG = { id: 'wang', displayName: '王芳' };

describe('an emergency plan', () => {
  const live = relayAndBrowser();

  test('triggered by its owner, it is active at once on a named owner’s home screen', async () => {
    const { relay, browser } = live;
    const zhou = await person(browser, relay, ZHOU, {
      context: { locale: 'zh-CN' },
      account: { departments: ['ops'] },
    });
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['it'] },
    });

    // Zhou prepares the plan and names Wang as the IT department's owner.
    const id = await zhou.app.createDocument('emergency-response', '机房断电预案');
    await zhou.app.setField('name', '机房断电');
    await zhou.app.setField('scenario', '机房供电中断超过 5 分钟');
    await zhou.app.setField('owner', ZHOU.id);
    await zhou.app.addRow('owners', { department: 'it', owner: WANG.id, duties: '切换备用线路' });
    await zhou.app.expectRowText('owners', 'it');
    await zhou.app.expectSavedOnRelay();

    // Wang, named, may read it: his home lists it, not yet an alarm.
    await wang.app.goto('/');
    await wang.app.page.locator(`[data-testid="doc-link"][data-doc-id="${id}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await wang.app.page.getByTestId('alarm').count(), 0);

    // One action triggers it (after the question it asks).
    await zhou.app.page.locator('[data-testid="transition"][data-transition="trigger"]').click();
    await zhou.app.page.getByTestId('step-confirm').click();
    await zhou.app.page.locator('[data-testid="workflow-status"][data-status="active"]').waitFor();
    await zhou.app.expectSavedOnRelay();

    // Wang's home screen shows it active, without a reload.
    const alarm = wang.app.page.getByTestId('alarm');
    await alarm.waitFor({ timeout: 30_000 });
    assert.match(await alarm.innerText(), /Emergency plan active/);
    await saveScreens(wang.app.page, 'emergency-alarm-home-en-US');
    await zhou.app.goto('/');
    await zhou.app.page.getByTestId('alarm').filter({ hasText: '应急预案已启动' }).waitFor({ timeout: 30_000 });
    await saveScreens(zhou.app.page, 'emergency-alarm-home-zh-CN');

    // He opens it from the alarm and writes the live log: status and a resource request.
    await alarm.getByTestId('alarm-link').click();
    await wang.app.document.waitFor();
    await wang.app.addRow('log', {
      time: '2026-12-03 21:30',
      reporter: WANG.id,
      status: 'Backup line up',
    });
    await wang.app.expectRowText('log', 'Backup line up');
    // The resource request, in the row's sheet.
    await wang.app.rows('log').filter({ hasText: 'Backup line up' }).first().click();
    const sheet = wang.app.page.getByTestId('row-sheet');
    const request = sheet.locator('[data-testid="field"][data-field-id="resource_request"] [data-testid="field-input"]');
    await request.fill('One more UPS');
    await request.press('Tab');
    await saveScreens(wang.app.page, 'emergency-log-sheet-en-US');
    await sheet.getByTestId('row-sheet-close').click();
    await wang.app.expectSavedOnRelay();
    await zhou.app.openDocument(id);
    await zhou.app.expectRowText('log', 'One more UPS', 30_000);
    await saveScreens(zhou.app.page, 'emergency-log-zh-CN');

    for (const p of [zhou, wang]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
