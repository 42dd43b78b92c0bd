// Issue 19, minutes and the task tracker: the minutes name their tracker;
// their action items become rows of it, linked both ways; the owner of a
// task, in their own browser, confirms their row there.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ZHOU = { id: 'zhou', displayName: '周敏' };
const WANG = { id: 'wang', displayName: '王芳' };

describe('minutes and their tracker', () => {
  const live = relayAndBrowser();

  test('action items become tracker rows their owners confirm', async () => {
    const { relay, browser } = live;
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: {} });
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: {},
    });

    const tracker = await zhou.app.createDocument('task-tracker', 'Q4 跟踪');
    await zhou.app.setField('project', 'Q4 交付');
    await zhou.app.expectSavedOnRelay();

    const minutes = await zhou.app.createDocument('meeting-minutes', '周例会');
    await zhou.app.setField('meeting', '周例会');
    await zhou.app.setField('time', '2026-12-03 09:00');
    await zhou.app.setField('attendees', `${ZHOU.id}, ${WANG.id}`);
    await zhou.app.setField('tracker', tracker);
    await zhou.app.addRow('action_items', { item: '发送报价单', owner: WANG.id, deadline: '2026-12-10' });
    await zhou.app.expectRowText('action_items', '发送报价单');
    const send = zhou.app.page.getByTestId('track-action-items');
    await send.waitFor();
    assert.match(await send.innerText(), /1 个行动项/);
    await send.click();
    await send.waitFor({ state: 'detached' });
    await zhou.app.page.locator('[data-testid="transition"][data-transition="publish"]').click();
    await zhou.app.page.locator('[data-testid="workflow-status"][data-status="published"]').waitFor();
    await zhou.app.page.getByTestId('published-after').waitFor();
    await zhou.app.expectSavedOnRelay();
    await saveScreens(zhou.app.page, 'minutes-tracked-zh-CN');

    // The tracker has the task, owned by Wang, linking back to the minutes.
    await zhou.app.openDocument(tracker);
    await zhou.app.expectRowText('tasks', '发送报价单', 30_000);
    await zhou.app.expectSavedOnRelay();
    await saveScreens(zhou.app.page, 'tracker-from-minutes-zh-CN');

    // Wang, named, opens the tracker and confirms his row in its sheet.
    await wang.app.openDocument(tracker);
    await wang.app.expectRowText('tasks', '发送报价单', 30_000);
    await wang.app.rows('tasks').filter({ hasText: '发送报价单' }).first().click();
    const sheet = wang.app.page.getByTestId('row-sheet');
    const source = sheet.locator('[data-testid="field"][data-field-id="source"]');
    assert.match(await source.getByTestId('field-input').inputValue(), new RegExp(minutes));
    await sheet.locator('[data-testid="row-step"][data-transition="confirm_row"]').click();
    await sheet.getByTestId('row-confirmed').waitFor();
    await wang.app.expectSavedOnRelay();
    await saveScreens(wang.app.page, 'tracker-row-confirmed-en-US');

    for (const p of [zhou, wang]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
