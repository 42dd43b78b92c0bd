// Issue 17: what a new user hit on first use. A team's first day, as its
// people would go through it: two staff in their own browsers, one in
// Chinese and one in English, on a desktop and on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext, PHONE } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const WANG = { id: 'wang', displayName: '王芳' };
const LINA = { id: 'li.na', displayName: '李娜' };

async function person(browser, relay, who, locale) {
  const context = await newContext(browser, { locale });
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.signIn(who.id, { displayName: who.displayName });
  return { context, app };
}

function sheet(app) {
  return app.page.getByTestId('row-sheet');
}

function cellInput(app, fieldId) {
  return sheet(app).locator(`[data-testid="field"][data-field-id="${fieldId}"] [data-testid="field-input"]`);
}

/** Types into a cell of the open sheet as a person would, then leaves it. */
async function setCell(app, fieldId, value) {
  const input = cellInput(app, fieldId);
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') {
    await input.selectOption(value);
  } else {
    await input.fill(value);
    await input.press('Tab');
  }
}

async function closeSheet(app) {
  await app.page.getByTestId('row-sheet-close').click();
  await sheet(app).waitFor({ state: 'detached' });
}

async function openRow(app, table, text) {
  await app.rows(table).filter({ hasText: text }).first().click();
  await sheet(app).waitFor();
}

async function closeAll(...people) {
  for (const p of people) {
    assert.deepEqual(p.context.pageErrors, [], 'no page errors');
    await p.context.close();
  }
}

describe("a team's first day", () => {
  const live = relayAndBrowser();

  test('signed-out pages claim no connection (item 4)', async () => {
    const { relay, browser } = live;
    for (const locale of ['zh-CN', 'en-US']) {
      const context = await newContext(browser, { locale });
      const app = new ConcordPage(await context.newPage(), relay.url);
      for (const [path, screen] of [
        ['/login', 'login'],
        ['/setup', 'setup'],
        ['/invite#not-a-real-invite', 'invite'],
      ]) {
        await app.goto(path);
        await app.page.getByTestId(screen).waitFor();
        // Long enough for the shell to have settled on what it shows.
        await app.page.waitForTimeout(1_000);
        const chip = app.page.getByTestId('sync-status');
        assert.equal(await chip.count(), 0, `${path}: nobody is signed in, nothing syncs, nothing to claim`);
        assert.equal(await app.page.getByText(/^(Offline|离线)$/).count(), 0, `${path} says no "offline"`);
      }
      await app.goto('/login');
      await saveScreens(app.page, `first-use-login-${locale}`);
      // Once signed in, the chip says how the connection is.
      await app.signIn(`chip-${locale}`);
      await app.page.locator('[data-testid="sync-status"][data-state="online"]').waitFor();
      // Signed out, `/api/me` answers 401 and a made-up invite 404, by
      // design; Chromium logs every 4xx as a console error.
      assert.deepEqual(context.pageErrors.filter((e) => !/status of 40[14]/.test(e)), []);
      await context.close();
    }
  });

  test("rows are their owners', lists show what matters, names read as names (items 5, 6, 7, 11)", async () => {
    const { relay, browser } = live;
    const wang = await person(browser, relay, WANG, 'zh-CN');
    const lina = await person(browser, relay, LINA, 'en-US');

    const id = await wang.app.createDocument('task-tracker', '新产品发布准备');
    await wang.app.share(LINA.id, 'editor');
    // Item 11: the document's role is 所有者, never the workspace's 管理员.
    const roles = await wang.app.page.getByTestId('member-add-role').locator('option').allTextContents();
    assert.deepEqual(roles, ['可编辑', '仅查看', '所有者']);
    assert.doesNotMatch(await wang.app.page.getByTestId('members').innerText(), /管理员/);

    // Wang plans two tasks: one for Li Na, one he keeps.
    await wang.app.tablePart('tasks').getByTestId('add-row').click();
    await sheet(wang.app).waitFor();
    await setCell(wang.app, 'task', '预订发布会场地');
    await setCell(wang.app, 'owner', LINA.id);
    await setCell(wang.app, 'deadline', '2026-12-20');
    await setCell(wang.app, 'status', 'in_progress');
    await sheet(wang.app).locator('[data-testid="row-owner"][data-person="li.na"]').waitFor();
    await closeSheet(wang.app);
    await wang.app.tablePart('tasks').getByTestId('add-row').click();
    await sheet(wang.app).waitFor();
    await setCell(wang.app, 'task', '撰写新闻稿');
    await closeSheet(wang.app);

    // Item 5: the list shows status and progress; item 7: owners by name.
    const headers = await wang.app.tablePart('tasks').locator('[role="columnheader"]').allTextContents();
    assert.deepEqual(headers.map((h) => h.trim()), ['#', '任务', '负责人', '状态', '截止日期', '每日进展']);
    const hall = wang.app.rows('tasks').filter({ hasText: '预订发布会场地' });
    await hall.filter({ hasText: '李娜' }).waitFor();
    assert.match(await hall.innerText(), /进行中/);
    assert.doesNotMatch(await hall.innerText(), /li\.na/);
    await wang.app.rows('tasks').filter({ hasText: '撰写新闻稿' }).filter({ hasText: '王芳' }).waitFor();
    await wang.app.expectSavedOnRelay();
    await saveScreens(wang.app.page, 'first-use-tracker-zh-CN');

    // Li Na's view: her row is hers to report on, Wang's is not hers at all.
    await lina.app.openDocument(id);
    await lina.app.expectRowText('tasks', '撰写新闻稿');
    await lina.app.rows('tasks').filter({ hasText: '王芳' }).waitFor();
    await openRow(lina.app, 'tasks', '撰写新闻稿');
    for (const field of ['task', 'owner', 'start', 'status', 'deadline', 'progress']) {
      assert.ok(await cellInput(lina.app, field).isDisabled(), `${field} of Wang's row is not Li Na's`);
    }
    assert.match(await sheet(lina.app).getByTestId('row-owner').innerText(), /王芳/);
    await saveScreens(lina.app.page, 'first-use-others-row-en');
    await closeSheet(lina.app);
    await openRow(lina.app, 'tasks', '预订发布会场地');
    for (const field of ['task', 'start', 'status', 'progress']) {
      assert.ok(await cellInput(lina.app, field).isEnabled(), `${field} of her row is Li Na's`);
    }
    assert.ok(await cellInput(lina.app, 'owner').isDisabled(), 'handing the task on is the owner\'s call');
    assert.ok(await cellInput(lina.app, 'deadline').isDisabled(), 'a new deadline is asked of the initiator');
    await setCell(lina.app, 'status', 'done');
    await cellInput(lina.app, 'progress').fill('Hall booked, contract signed');
    await saveScreens(lina.app.page, 'first-use-own-row-en');
    await closeSheet(lina.app);
    await lina.app.expectRowText('tasks', 'Hall booked, contract signed');
    await wang.app.rows('tasks').filter({ hasText: '已完成' }).filter({ hasText: '李娜' }).waitFor();

    // Comments are signed with names.
    await lina.app.page.getByTestId('comment-input').last().fill('I will take the hall.');
    await lina.app.page.getByTestId('comment-submit').last().click();
    await wang.app.page.getByTestId('comment').filter({ hasText: 'I will take the hall.' }).waitFor();
    assert.equal(
      (await wang.app.page.getByTestId('comment').getByTestId('comment-author').first().innerText()).trim(),
      '李娜',
    );
    await saveScreens(lina.app.page, 'first-use-tracker-en');

    // Item 6: a notice's items are their text.
    const notice = await wang.app.createDocument('internal-notice', '消防演练通知');
    await wang.app.tablePart('items').getByTestId('add-row').click();
    await sheet(wang.app).waitFor();
    await cellInput(wang.app, 'content').fill('周五下午三点全体员工参加消防演练');
    await closeSheet(wang.app);
    await wang.app.expectRowText('items', '周五下午三点全体员工参加消防演练');
    const itemHeaders = await wang.app.tablePart('items').locator('[role="columnheader"]').allTextContents();
    assert.deepEqual(itemHeaders.map((h) => h.trim()), ['#', '事项内容']);
    await saveScreens(wang.app.page, 'first-use-notice-zh-CN');

    // Item 7: the sharing list reads by name after an offline reload too.
    await wang.app.openDocument(id);
    await wang.app.underServiceWorker();
    await wang.app.page.locator('[data-testid="member"][data-person="li.na"]').filter({ hasText: '李娜' }).waitFor();
    await wang.context.setOffline(true);
    await wang.app.page.reload();
    await wang.app.document.waitFor();
    const member = wang.app.page.locator('[data-testid="member"][data-person="li.na"]');
    await member.filter({ hasText: '李娜' }).waitFor();
    await wang.app.rows('tasks').filter({ hasText: '李娜' }).first().waitFor();
    await saveScreens(wang.app.page, 'first-use-sharing-offline-zh-CN');
    await wang.context.setOffline(false);
    await wang.app.page.locator('[data-testid="sync-status"][data-state="online"]').waitFor();
    assert.ok(notice);
    await closeAll(wang, lina);
  });

  test('removing, closing and archiving look dangerous and ask once (item 9)', async () => {
    const { relay, browser } = live;
    const wang = await person(browser, relay, { id: 'wang2', displayName: 'Wang Fang' }, 'en-US');
    await person(browser, relay, { id: 'zhao', displayName: 'Zhao Lei' }, 'en-US').then((p) => p.context.close());
    await wang.app.createDocument('task-tracker', 'Launch');
    await wang.app.share('zhao', 'editor');
    const zhao = wang.app.page.locator('[data-testid="member"][data-person="zhao"]');
    await zhao.filter({ hasText: 'Zhao Lei' }).waitFor();

    const remove = zhao.getByTestId('member-remove');
    assert.match(await remove.getAttribute('class'), /danger/, 'Remove looks like danger');
    await remove.click();
    await zhao.getByTestId('member-remove-question').filter({ hasText: 'Zhao Lei' }).waitFor();
    await saveScreens(wang.app.page, 'first-use-remove-en');
    await zhao.getByTestId('member-remove-cancel').click();
    assert.equal(await zhao.count(), 1, 'cancelled: still shared');
    await remove.click();
    await zhao.getByTestId('member-remove-confirm').click();
    await zhao.waitFor({ state: 'detached' });

    const status = wang.app.page.getByTestId('workflow-status');
    const step = (id) => wang.app.page.locator(`[data-testid="transition"][data-transition="${id}"]`);
    assert.match(await step('close').getAttribute('class'), /danger/);
    // A required field still empty: the move would be refused, so the
    // person is told what to fill in, and nothing is sent.
    await step('close').click();
    await wang.app.page.getByTestId('step-due').filter({ hasText: 'Project' }).waitFor();
    assert.equal(await wang.app.page.getByTestId('step-question').count(), 0);
    await saveScreens(wang.app.page, 'first-use-close-due-en');
    await wang.app.setField('project', 'Spring launch');
    await step('close').click();
    await wang.app.page.getByTestId('step-question').waitFor();
    assert.equal(await status.getAttribute('data-status'), 'active', 'nothing happens before the yes');
    await saveScreens(wang.app.page, 'first-use-close-en');
    await wang.app.page.getByTestId('step-cancel').click();
    assert.equal(await status.getAttribute('data-status'), 'active');
    await step('close').click();
    await wang.app.page.getByTestId('step-confirm').click();
    await wang.app.page.locator('[data-testid="workflow-status"][data-status="closed"]').waitFor();

    await step('archive').click();
    await wang.app.page.getByTestId('step-question').filter({ hasText: 'read-only for everyone' }).waitFor();
    await wang.app.page.getByTestId('step-cancel').click();
    assert.equal(await status.getAttribute('data-status'), 'closed', 'not archived by a stray tap');
    await wang.app.expectSavedOnRelay();
    assert.equal(await wang.app.page.locator('.doc-refused').count(), 0, 'the relay took every step');
    await closeAll(wang);
  });

  test('a phone shows the whole title and name in a slim top bar, and storage is explained once (items 8, 10)', async () => {
    const { relay, browser } = live;
    for (const locale of ['zh-CN', 'en-US']) {
      const who = locale === 'zh-CN' ? { id: 'phone-zh', displayName: '欧阳明月' } : { id: 'phone-en', displayName: 'Alexandra Whitfield' };
      const context = await newContext(browser, { locale, viewport: PHONE });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn(who.id, { displayName: who.displayName });

      // Item 10: in words a person understands, with what to do, once.
      const note = app.page.getByTestId('persist-denied');
      const persisted = await app.page.evaluate(() => navigator.storage.persisted());
      if (!persisted) {
        await note.waitFor();
        assert.doesNotMatch(await note.innerText(), /persistent storage|持久存储/);
        assert.match(await note.innerText(), locale === 'zh-CN' ? /主屏幕/ : /home screen/);
        await saveScreens(app.page, `first-use-home-${locale}`);
        await note.getByTestId('persist-denied-dismiss').click();
        await note.waitFor({ state: 'detached' });
        await app.page.reload();
        await app.page.getByTestId('my-docs').waitFor();
        await app.page.waitForTimeout(1_000);
        assert.equal(await note.count(), 0, 'said once, not at every visit');
      }

      const title =
        locale === 'zh-CN' ? '华东区新产品发布会筹备与渠道培训计划' : 'New product launch and channel training plan for the east';
      await app.createDocument('task-tracker', title);
      await app.page.setViewportSize(PHONE);
      const bar = await app.page.locator('header.topbar').boundingBox();
      assert.ok(bar.height <= 64, `the top bar is one slim line (${bar.height}px)`);
      const name = app.page.getByTestId('me-name');
      assert.ok(
        await name.evaluate((el) => el.scrollWidth <= el.clientWidth),
        'the name is shown whole',
      );
      assert.match(await name.innerText(), new RegExp(who.displayName));
      const titleBox = app.page.getByTestId('doc-title');
      assert.equal(await titleBox.inputValue(), title);
      assert.ok(
        await titleBox.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1),
        'the whole title is in view',
      );
      await saveScreens(app.page, `first-use-phone-${locale}`);
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    }
  });
});
