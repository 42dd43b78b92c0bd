// Issue 19, "fields that name people and departments name real ones" and
// "links": person, people, department and departments fields are picked
// from the relay's directory (suggestions as one types, names shown, ids
// stored), in the form, in a row's sheet and in a new row's form; a name
// the directory lacks stores nothing and says so. A link opens its target
// (and row) for a reader who may read it, and says only "no access" to one
// who may not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensurePerson } from '../support/accounts.mjs';
import { newContext, PHONE } from '../support/browser.mjs';
import { LINA, person, WANG, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const SAID = {
  'zh-CN': { notInDirectory: '目录中没有此人', noAccess: '无权访问' },
  'en-US': { notInDirectory: 'Not in the directory', noAccess: 'No access' },
};

/** The directory: departments with Chinese names, then the people in them. */
async function directory(browser, relay) {
  const admin = await person(browser, relay, ZHOU, { account: { isAdmin: true } });
  for (const [id, name] of [['rd', '研发部'], ['sales', '销售部']]) {
    const made = await admin.context.request.post(`${relay.url}/api/admin/departments`, {
      data: { id, name },
    });
    assert.ok([201, 409].includes(made.status()), `department ${id}: ${made.status()}`);
  }
  return admin;
}

/** Types `typed` into a picker's input, then takes the suggestion for `id` with a tap. */
async function pick(page, input, typed, id) {
  await input.fill(typed);
  const option = page.locator(`[data-testid="pick-option"][data-id="${id}"]`);
  await option.waitFor();
  await option.click();
}

/** A new row's cell input: in the new-row form, or in the sheet it opened in. */
async function newRowCells(page) {
  const sheet = page.getByTestId('row-sheet');
  const formNew = page.getByTestId('new-row-form');
  await sheet.or(formNew).first().waitFor();
  const inForm = (await formNew.count()) > 0;
  const scope = inForm ? formNew : sheet;
  const cell = (fieldId) =>
    inForm
      ? scope.locator(`[data-testid="cell-input"][data-field-id="${fieldId}"]`)
      : scope.locator(`[data-testid="field"][data-field-id="${fieldId}"] [data-testid="field-input"]`);
  return { inForm, scope, cell };
}

function chips(app, fieldId) {
  return app.field(fieldId).getByTestId('list-item');
}

describe('directory pickers and links', () => {
  const live = relayAndBrowser();

  for (const [locale, viewport] of [['zh-CN', undefined], ['en-US', PHONE]]) {
    test(`people and departments are picked from the directory, in the form and in rows (${locale})`, async () => {
      const { relay, browser } = live;
      const admin = await directory(browser, relay);
      await admin.context.close();
      await ensurePerson(relay.url, WANG.id, { displayName: WANG.displayName, departments: ['sales'] });
      const { context, app } = await person(browser, relay, LINA, {
        context: { locale, ...(viewport ? { viewport } : {}) },
        account: { departments: ['rd'] },
      });
      const { page } = app;
      const id = await app.createDocument('requirement-approval', `Pickers ${locale}`);

      // People: typing part of a name suggests her, with her department; arrows and Enter pick.
      const people = app.fieldInput('people');
      await people.fill('李');
      const lina = page.locator('[data-testid="pick-option"][data-id="li.na"]');
      await lina.waitFor();
      assert.match(await lina.innerText(), /李娜[\s\S]*研发部/);
      await saveScreens(page, `pickers-suggestions-${locale}`);
      await people.press('ArrowDown');
      await people.press('Enter');
      await chips(app, 'people').first().waitFor();
      // By id, with a tap.
      await pick(page, people, 'wan', 'wang');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-field-id="people"] [data-testid="list-item"]').length === 2,
      );
      assert.deepEqual(
        await chips(app, 'people').evaluateAll((els) => els.map((el) => el.dataset.item)),
        ['li.na', 'wang'],
      );

      // A name the directory lacks stores nothing and says so.
      await people.fill('赵六');
      await people.press('Tab');
      const problem = app.field('people').getByTestId('pick-problem');
      await problem.waitFor();
      assert.equal((await problem.innerText()).trim(), SAID[locale].notInDirectory);
      assert.equal(await chips(app, 'people').count(), 2);
      await saveScreens(page, `pickers-not-in-directory-${locale}`);
      await people.fill('');
      await people.press('Escape');

      // Departments, by their name.
      await pick(page, app.fieldInput('departments'), '销售', 'sales');
      await chips(app, 'departments').first().waitFor();

      // A row: its owner and department picked in the sheet.
      await app.tablePart('action_items').getByTestId('add-row').click();
      const { inForm, cell } = await newRowCells(page);
      await cell('item').fill('接口联调');
      await cell('item').press('Tab');
      await pick(page, cell('owner'), '王', 'wang');
      await page.waitForFunction(
        (inForm) => {
          const el = document.querySelector(
            inForm
              ? '[data-testid="new-row-form"] [data-field-id="owner"]'
              : '[data-testid="row-sheet"] [data-field-id="owner"] [data-testid="field-input"]',
          );
          return el && el.value === '王芳';
        },
        inForm,
      );
      const department = cell('department');
      await department.fill('研发');
      await department.press('ArrowDown');
      await department.press('Enter');
      await saveScreens(page, `pickers-row-${locale}`);
      if (inForm) await page.getByTestId('new-row-save').click();
      else await page.getByTestId('row-sheet-close').click();
      await app.expectRowText('action_items', '王芳');
      await app.expectRowText('action_items', '研发部');
      await app.expectSavedOnRelay();

      // After a reload: names shown, ids stored.
      await app.openDocument(id);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-field-id="people"] [data-testid="list-item"]').length === 2,
      );
      assert.match(await app.field('people').innerText(), /李娜[\s\S]*王芳/);
      assert.match(await app.field('departments').innerText(), /销售部/);
      await app.rows('action_items').first().click();
      const owner = page.locator('[data-testid="row-sheet"] [data-field-id="owner"] [data-testid="field-input"]');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="row-sheet"] [data-field-id="owner"] [data-testid="field-input"]')?.value === '王芳',
      );
      assert.equal(await owner.inputValue(), '王芳', 'the name, not the sign-in id');
      await saveScreens(page, `pickers-reloaded-${locale}`);
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    });
  }

  test('a new row in a tracker takes its owner from the directory', async () => {
    const { relay, browser } = live;
    await directory(browser, relay).then((a) => a.context.close());
    const { context, app } = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN' },
      account: { departments: ['rd'] },
    });
    const { page } = app;
    await app.createDocument('task-tracker', 'Tracker pickers');
    await app.setField('project', 'CRM');
    await app.tablePart('tasks').getByTestId('add-row').click();
    const { inForm, scope, cell } = await newRowCells(page);
    await cell('task').fill('接口联调');
    await cell('task').press('Tab');
    await pick(page, cell('owner'), 'li', 'li.na');
    await pick(page, cell('collaborators'), '周', 'zhou');
    await scope.locator('[data-testid="list-item"][data-item="zhou"]').waitFor();
    await saveScreens(page, 'pickers-tracker-row-zh-CN');
    if (inForm) {
      await cell('deadline').fill('2026-12-20');
      await cell('deadline').press('Tab');
      await page.getByTestId('new-row-save').click();
    } else {
      await page.getByTestId('row-sheet-close').click();
    }
    await app.expectRowText('tasks', '李娜');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });

  for (const locale of ['zh-CN', 'en-US']) {
    test(`a link opens what its reader may read and says only "no access" otherwise (${locale})`, async () => {
      const { relay, browser } = live;
      await directory(browser, relay).then((a) => a.context.close());
      // Wang's own tracker, shared with nobody: its title must not reach Li Na.
      const wang = await person(browser, relay, WANG, { account: { departments: ['sales'] } });
      const secret = await wang.app.createDocument('task-tracker', `王芳的私有计划 ${locale}`);
      await wang.app.setField('project', '保密');
      await wang.app.expectSavedOnRelay();
      await wang.context.close();

      const { context, app } = await person(browser, relay, LINA, {
        context: { locale },
        account: { departments: ['rd'] },
      });
      const { page } = app;
      const title = `李娜的计划 ${locale}`;
      const tracker = await app.createDocument('task-tracker', title);
      await app.setField('project', 'CRM');
      await app.addRow('tasks', { task: '接口联调', owner: 'li.na', deadline: '2026-12-20' });
      await app.rows('tasks').first().click();
      const rowId = await page.getByTestId('row-sheet').getAttribute('data-row-id');
      await page.getByTestId('row-sheet-close').click();
      await app.expectSavedOnRelay();

      await app.createDocument('meeting-minutes', `Links ${locale}`);
      for (const [item, task] of [
        ['看计划', `${tracker}#${rowId}`],
        ['看别人的计划', secret],
      ]) {
        await app.addRow('action_items', { item, owner: 'li.na', deadline: '2026-12-20', task });
      }
      await app.expectSavedOnRelay();
      // The table's lines read the same: a title, or only "no access".
      await app.expectRowText('action_items', title);
      await app.rows('action_items').filter({ hasText: '看别人的计划' }).filter({ hasText: SAID[locale].noAccess }).waitFor();

      // The unreadable one: "no access", and nothing of its title.
      await app.rows('action_items').filter({ hasText: '看别人的计划' }).click();
      const denied = page.getByTestId('row-sheet').getByTestId('link-no-access');
      await denied.waitFor();
      assert.equal((await denied.innerText()).trim(), SAID[locale].noAccess);
      assert.equal(await page.getByTestId('row-sheet').getByTestId('link-open').count(), 0);
      assert.doesNotMatch(await page.content(), /王芳的私有计划/);
      await saveScreens(page, `pickers-link-no-access-${locale}`);
      await page.getByTestId('row-sheet-close').click();

      // The readable one: its title, and a click opens the document at its row.
      await app.rows('action_items').filter({ hasText: '看计划' }).first().click();
      const open = page.getByTestId('row-sheet').getByTestId('link-open');
      await open.waitFor();
      assert.match(await open.innerText(), new RegExp(title));
      await saveScreens(page, `pickers-link-readable-${locale}`);
      await open.click();
      await page.waitForURL(new RegExp(`/d/${tracker}\\?row=${rowId}$`));
      await page.locator(`[data-testid="document"][data-doc-id="${tracker}"]`).waitFor();
      await page.locator(`[data-testid="row-sheet"][data-row-id="${rowId}"]`).waitFor();
      await saveScreens(page, `pickers-link-opened-${locale}`);

      // Wang's document itself, opened by its address: the screen says no more.
      await app.goto(`/d/${secret}`);
      await page.getByTestId('doc-unavailable').waitFor();
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    });
  }
  for (const locale of ['zh-CN', 'en-US']) {
    test(`sharing names people and departments from the directory; an unknown name adds nobody (${locale})`, async () => {
      const { relay, browser } = live;
      await directory(browser, relay).then((a) => a.context.close());
      await ensurePerson(relay.url, LINA.id, { displayName: LINA.displayName, departments: ['rd'] });
      const { context, app } = await person(browser, relay, WANG, {
        context: { locale },
        account: { departments: ['sales'] },
      });
      const { page } = app;
      await app.createDocument('task-tracker', `共享 ${locale}`);
      const members = page.getByTestId('members');
      const input = members.getByTestId('member-add-input');

      // A name nobody carries: said so, and Add adds nobody.
      await input.fill('赵六');
      await input.press('Tab');
      const problem = members.getByTestId('pick-problem');
      await problem.waitFor();
      assert.equal((await problem.innerText()).trim(), SAID[locale].notInDirectory);
      const before = await members.getByTestId('member').count();
      await members.getByTestId('member-add').click();
      await members.getByRole('alert').filter({ hasNotText: SAID[locale].notInDirectory }).waitFor();
      assert.equal(await members.getByTestId('member').count(), before);

      // Li Na by her name: shown by name, stored by id.
      await pick(page, input, '李娜', LINA.id);
      assert.equal(await input.inputValue(), '李娜');
      await members.getByTestId('member-add').click();
      const lina = members.locator(`[data-testid="member"][data-person="${LINA.id}"]`);
      await lina.waitFor();
      assert.match(await lina.innerText(), /李娜/);
      assert.equal(await input.inputValue(), '', 'the picker is ready for the next person');

      // 研发部 by part of its name.
      await pick(page, members.getByTestId('dept-grant-input'), '研发', 'rd');
      await members.getByTestId('dept-grant-add').click();
      const rd = members.locator('[data-testid="dept-grant"][data-id="rd"]');
      await rd.waitFor();
      assert.match(await rd.innerText(), /研发部/);
      await app.expectSavedOnRelay();
      await members.scrollIntoViewIfNeeded();
      await saveScreens(page, `pickers-sharing-${locale}`);
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    });
  }
  test('an open tab learns of someone new when it comes back into view, without a reload', async () => {
    const { relay, browser } = live;
    await directory(browser, relay).then((a) => a.context.close());
    const { context, app } = await person(browser, relay, WANG, { account: { departments: ['sales'] } });
    const { page } = app;
    await app.createDocument('task-tracker', 'Someone new');
    const input = page.getByTestId('members').getByTestId('member-add-input');
    const sun = page.locator('[data-testid="pick-option"][data-id="sun"]');
    await input.focus();
    await page.getByTestId('pick-option').first().waitFor();
    assert.equal(await sun.count(), 0, 'not made yet');
    await input.blur();

    // Made by an admin while Wang's tab is open; the tab is switched away and back.
    await ensurePerson(relay.url, 'sun', { displayName: '孙七', departments: ['sales'] });
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await input.focus();
    await sun.waitFor();
    assert.match(await sun.innerText(), /孙七/);
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });

  test('a partner picks only from the directory the relay gives them', async () => {
    const { relay, browser } = live;
    const admin = await directory(browser, relay);
    const org = await admin.context.request.post(`${relay.url}/api/admin/orgs`, {
      data: { id: 'acme', name: 'Acme 客户', kind: 'customer' },
    });
    assert.ok([201, 409].includes(org.status()), `org: ${org.status()}`);
    const invite = await admin.context.request.post(`${relay.url}/api/admin/invites`, {
      data: { org: 'acme', valid_hours: 24 },
    });
    assert.equal(invite.status(), 201);
    const token = (await invite.json()).link.split('#')[1];
    await admin.context.close();

    // Wang shares a project log with acme; Zhou is named nowhere on it.
    // (An intake's people are staff's to name: its owner and reviewers.)
    const wang = await person(browser, relay, WANG, { account: { departments: ['sales'] } });
    const id = await wang.app.createDocument('project-communication-log', 'Acme 项目沟通');
    await wang.app.setField('project', 'Acme CRM');
    await wang.app.page.getByTestId('org-grant-select').selectOption('acme');
    await wang.app.page.getByTestId('org-grant-role').selectOption('editor');
    await wang.app.page.getByTestId('org-grant-add').click();
    await wang.app.page.locator('[data-testid="org-grant"][data-id="acme"]').waitFor();
    await wang.app.expectSavedOnRelay();
    await wang.context.close();

    const context = await newContext(browser, { locale: 'zh-CN', viewport: PHONE });
    const joined = await context.request.post(`${relay.url}/api/invite/accept`, {
      data: { token, id: 'lei', display_name: '李雷', password: 'lei-long-password' },
    });
    assert.equal(joined.status(), 201);
    const app = new ConcordPage(await context.newPage(), relay.url);
    await app.openDocument(id);
    await app.tablePart('records').getByTestId('add-row').click();
    const { scope, cell } = await newRowCells(app.page);
    const owner = cell('owner');
    await owner.fill('周');
    await owner.press('Tab');
    const problem = scope.getByTestId('pick-problem');
    await problem.waitFor();
    assert.equal((await problem.innerText()).trim(), SAID['zh-CN'].notInDirectory);
    // What they are offered: the people the relay lets them see, no department.
    await owner.fill('');
    const list = app.page.locator(`#${await owner.getAttribute('aria-controls')}`);
    const offered = list.getByTestId('pick-option');
    await offered.first().waitFor();
    const ids = await offered.evaluateAll((els) => els.map((el) => el.dataset.id));
    assert.ok(ids.includes('wang') && !ids.includes('zhou'), `offered ${ids}`);
    assert.doesNotMatch(await list.innerText(), /销售部|研发部/);
    await saveScreens(app.page, 'pickers-partner-zh-CN');
    await pick(app.page, owner, '王芳', 'wang');
    assert.equal(await owner.inputValue(), '王芳');
    assert.deepEqual(context.pageErrors, []);
    await context.close();
  });
});
