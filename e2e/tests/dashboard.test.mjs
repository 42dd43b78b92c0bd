// Issue 21, dashboards: completion and overdue rates per person, per
// department and per template over a chosen window, counted from every
// document the viewer may read, checked against a hand count of tasks two
// people made and finished through the UI; an empty window says why.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DESKTOP, PHONE } from '../support/browser.mjs';
import { WANG, ZHOU, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';


/** `YYYY-MM-DD`, `days` from today in the workspace's zone. */
function day(days) {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const at = new Date(`${today}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

async function shots(page, name) {
  await saveScreens(page, name);
}

/** The row's owner reports it done, in the row sheet. */
async function markDone(app, doc, title) {
  await app.openDocument(doc);
  await app.rows('tasks').filter({ hasText: title }).first().click();
  const status = app.page
    .getByTestId('row-sheet')
    .locator('[data-testid="field"][data-field-id="status"] [data-testid="field-input"]');
  await status.selectOption('done');
  await app.page.getByTestId('row-sheet-close').click();
  await app.expectSavedOnRelay();
}

/** Waits until the card for `key` shows these counts, then reads what it says. */
async function group(app, key, [total, done, overdue]) {
  const card = app.page.locator(
    `[data-testid="dash-group"][data-key="${key}"][data-total="${total}"][data-done="${done}"][data-overdue="${overdue}"]`,
  );
  await card.waitFor({ timeout: 30_000 });
  const bars = await card.getByTestId('bar').evaluateAll((els) =>
    els.reduce(
      (sum, el) => sum.map((n, i) => n + Number(el.dataset[['total', 'done', 'overdue'][i]])),
      [0, 0, 0],
    ),
  );
  assert.deepEqual(bars, [total, done, overdue], `${key}: the bars add up to the card`);
  return {
    completion: await card.getByTestId('completion-rate').innerText(),
    completionCount: await card.getByTestId('completion-count').innerText(),
    overdue: await card.getByTestId('overdue-rate').innerText(),
    overdueCount: await card.getByTestId('overdue-count').innerText(),
  };
}

async function chooseWindow(app, from, to) {
  await app.page.getByTestId('window-custom').click();
  for (const [id, text] of [['window-from', from], ['window-to', to]]) {
    const input = app.page.getByTestId(id);
    await input.fill(text);
    await input.press('Tab');
  }
}

describe('the dashboard', () => {
  const live = relayAndBrowser();

  test('rates per person, department and template match a hand count', async () => {
    const { relay, browser } = live;
    const zhou = await person(browser, relay, ZHOU, {
      context: { locale: 'zh-CN', viewport: DESKTOP },
      account: { departments: ['rd'] },
    });
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['ops'] },
    });

    // Zhou's tracker, shared with Wang.
    const zhous = await zhou.app.createDocument('task-tracker', '看板跟踪');
    await zhou.app.setField('project', '看板');
    for (const [task, owner, deadline] of [
      ['周一', ZHOU.id, day(-10)],
      ['周二', ZHOU.id, day(-8)],
      ['王一', WANG.id, day(10)],
      ['王二', WANG.id, day(-6)],
    ]) {
      await zhou.app.addRow('tasks', { task, owner, deadline });
      await zhou.app.expectRowText('tasks', task);
    }
    await zhou.app.share(WANG.id, 'editor');
    await zhou.app.expectSavedOnRelay();
    // Wang's tracker, which Zhou may read.
    const wangs = await wang.app.createDocument('task-tracker', 'Wang tracker');
    await wang.app.setField('project', 'Ops');
    for (const [task, owner, deadline] of [
      ['W-three', WANG.id, day(-4)],
      ['W-four', ZHOU.id, day(5)],
      ['W-five', WANG.id, day(40)], // outside the window
      ['W-six', WANG.id, day(-2)],
    ]) {
      await wang.app.addRow('tasks', { task, owner, deadline });
      await wang.app.expectRowText('tasks', task);
    }
    await wang.app.share(ZHOU.id, 'viewer');
    await wang.app.expectSavedOnRelay();
    // Each reports their own rows done.
    await markDone(zhou.app, zhous, '周一');
    await markDone(wang.app, zhous, '王二');
    await markDone(wang.app, wangs, 'W-six');

    // By hand, from 20 days ago to 20 days ahead (today is not overdue yet):
    //   Zhou: 周一 done, 周二 overdue, W-four open          → 3, 1 done, 1 overdue
    //   Wang: 王一 open, 王二 done, W-three overdue, W-six done → 4, 2 done, 1 overdue
    //   W-five is due after the window.
    await zhou.app.goto('/');
    await zhou.app.page.getByTestId('dashboard-link').click();
    await zhou.app.page.getByTestId('dashboard').waitFor();
    await chooseWindow(zhou.app, day(-20), day(20));
    // The span is shown with the relay's count, which takes a moment.
    await zhou.app.page.getByTestId('dash-span').filter({ hasText: /按周/ }).waitFor();
    assert.deepEqual(await group(zhou.app, ZHOU.id, [3, 1, 1]), {
      completion: '33%',
      completionCount: '1 / 3 项',
      overdue: '33%',
      overdueCount: '1 / 3 项',
    });
    assert.deepEqual(await group(zhou.app, WANG.id, [4, 2, 1]), {
      completion: '50%',
      completionCount: '2 / 4 项',
      overdue: '25%',
      overdueCount: '1 / 4 项',
    });
    await group(zhou.app, 'all', [7, 3, 2]);
    // Names, not ids.
    const names = await zhou.app.page.locator('[data-testid="dash-group"] .dash-name').allInnerTexts();
    assert.deepEqual(names, ['全部', ZHOU.displayName, WANG.displayName]);
    await shots(zhou.app.page, 'dashboard-person-zh-CN');

    // By department: each person's from the directory.
    await zhou.app.page.getByTestId('group-department').click();
    await group(zhou.app, 'rd', [3, 1, 1]);
    await group(zhou.app, 'ops', [4, 2, 1]);
    // By template: both trackers are one type.
    await zhou.app.page.getByTestId('group-template').click();
    const tracker = await group(zhou.app, 'task-tracker', [7, 3, 2]);
    assert.equal(tracker.completion, '43%');
    assert.equal(tracker.overdue, '29%');
    await shots(zhou.app.page, 'dashboard-template-zh-CN');

    // An empty window says why; a backwards one says so.
    await chooseWindow(zhou.app, '2099-01-01', '2099-01-31');
    await zhou.app.page.getByTestId('dash-empty').waitFor();
    await shots(zhou.app.page, 'dashboard-empty-zh-CN');
    await chooseWindow(zhou.app, '2099-01-31', '2099-01-01');
    await zhou.app.page.getByTestId('window-backwards').waitFor();

    // Wang, on a phone in English, from the home screen: the same counts.
    await wang.app.goto('/');
    await wang.app.page.getByTestId('home-dashboard-link').waitFor();
    await shots(wang.app.page, 'dashboard-home-link-en-US');
    await wang.app.page.getByTestId('home-dashboard-link').click();
    await wang.app.page.getByTestId('dashboard').waitFor();
    await chooseWindow(wang.app, day(-20), day(20));
    assert.deepEqual(await group(wang.app, WANG.id, [4, 2, 1]), {
      completion: '50%',
      completionCount: '2 of 4',
      overdue: '25%',
      overdueCount: '1 of 4',
    });
    await group(wang.app, ZHOU.id, [3, 1, 1]);
    await shots(wang.app.page, 'dashboard-person-en-US');
    await wang.app.page.getByTestId('group-template').click();
    await group(wang.app, 'task-tracker', [7, 3, 2]);
    // The presets paint too (their counts depend on today's date).
    await wang.app.page.getByTestId('window-quarter').click();
    await wang.app.page.getByTestId('bar-chart').first().waitFor();
    await shots(wang.app.page, 'dashboard-quarter-en-US');

    // Offline: a count asked before is kept on the phone and says how old
    // it is; a window never asked is counted from the documents held here.
    await wang.context.setOffline(true);
    await chooseWindow(wang.app, day(-20), day(20));
    await wang.app.page.getByTestId('group-person').click();
    await group(wang.app, WANG.id, [4, 2, 1]);
    await wang.app.page.locator('[data-testid="dash-source"][data-kind="kept"]').waitFor();
    await shots(wang.app.page, 'dashboard-kept-offline-en-US');
    await chooseWindow(wang.app, day(-19), day(20));
    await wang.app.page.locator('[data-testid="dash-source"][data-kind="device"]').waitFor();
    assert.match(await wang.app.page.getByTestId('dash-source').innerText(), /Offline: only the 2 documents/);
    await group(wang.app, WANG.id, [4, 2, 1]);
    await group(wang.app, ZHOU.id, [3, 1, 1]);
    await shots(wang.app.page, 'dashboard-device-offline-en-US');
    await wang.context.setOffline(false);

    for (const p of [zhou, wang]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
