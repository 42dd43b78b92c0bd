// Issue 19, working days: an admin keeps the workspace calendar in the
// admin screen; a submitted requirement says whose review it waits for and
// its due day, two working days later on that calendar (weekends and the
// admin's holiday skipped), counted from the relay's today.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { LINA, person, WANG, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

/** `YYYY-MM-DD` `n` days after `day`. */
function addDays(day, n) {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

function weekdayOf(day) {
  return new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
}

/** The `n`-th working day after `from`: weekends and `holidays` skipped. */
function afterWorkingDays(from, n, holidays) {
  let day = from;
  while (n > 0) {
    day = addDays(day, 1);
    const wd = weekdayOf(day);
    if (wd !== 0 && wd !== 6 && !holidays.includes(day)) n -= 1;
  }
  return day;
}

describe('the working calendar and due days', () => {
  const live = relayAndBrowser();

  test('an admin adds a holiday; a submitted requirement is due two working days later, skipping it', async () => {
    const { relay, browser } = live;
    const admin = await person(browser, relay, ZHOU, {
      context: { locale: 'zh-CN' },
      account: { isAdmin: true },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN' },
      account: { departments: ['rd'] },
    });
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    const setSuperior = await admin.context.request.patch(`${relay.url}/api/admin/people/${LINA.id}`, {
      data: { superior: WANG.id },
    });
    assert.equal(setSuperior.status(), 200, await setSuperior.text());

    // The relay's today, whatever day this runs on; the holiday is the
    // next weekday after it, so the due day must step over it.
    const calendar = await (await lina.context.request.get(`${relay.url}/api/calendar`)).json();
    assert.equal(calendar.zone, 'Asia/Shanghai');
    let holiday = addDays(calendar.today, 1);
    while ([0, 6].includes(weekdayOf(holiday))) holiday = addDays(holiday, 1);

    // The admin adds it in the admin screen.
    await admin.app.goto('/admin');
    const section = admin.app.page.getByTestId('admin-calendar');
    await section.getByTestId('calendar-zone').filter({ hasText: 'Asia/Shanghai' }).waitFor();
    const input = section.getByTestId('calendar-day-input');
    // A day that is no day is refused, nothing added.
    await input.fill('2026-02-30');
    await input.press('Tab');
    await section.getByTestId('calendar-day-add').click();
    await admin.app.page.getByTestId('admin-error').filter({ hasText: '日期无效' }).waitFor();
    assert.equal(await section.getByTestId('calendar-day').count(), 0);
    await input.fill(holiday);
    await input.press('Tab');
    await section.getByTestId('calendar-day-kind').selectOption('holiday');
    await section.getByTestId('calendar-day-add').click();
    const marked = section.locator(`[data-testid="calendar-day"][data-day="${holiday}"]`);
    await marked.waitFor();
    assert.equal(await marked.getAttribute('data-kind'), 'holiday');
    await marked.scrollIntoViewIfNeeded();
    await saveScreens(admin.app.page, 'calendar-admin-zh-CN');
    await admin.app.page.getByTestId('lang-en').click();
    await section.getByRole('heading', { name: 'Working calendar' }).waitFor();
    await marked.filter({ hasText: 'Holiday' }).waitFor();
    await saveScreens(admin.app.page, 'calendar-admin-en');

    // Li Na's app asks for the calendar as it starts: it starts anew.
    await lina.app.page.reload();
    // She fills in a requirement and submits it to Wang.
    const id = await lina.app.createDocument('requirement-approval', 'CRM 升级');
    await lina.app.setField('title', 'CRM 升级');
    await lina.app.setField('background', '客户资料分散在三个系统里');
    await lina.app.setField('goal', '统一客户资料');
    await lina.app.setField('expected_date', '2026-12-20');
    await lina.app.setField('departments', 'rd');
    await lina.app.fieldInput('priority').selectOption('high');
    const submit = lina.app.page.locator('[data-testid="transition"][data-transition="submit"]');
    await submit.waitFor({ timeout: 30_000 });
    await submit.click();
    await lina.app.page.locator('[data-testid="workflow-status"][data-status="submitted"]').waitFor();
    await lina.app.expectSavedOnRelay();

    const due = afterWorkingDays(calendar.today, 2, [holiday]);
    const [, m, d] = due.split('-').map(Number);
    const zhWeekday = '日一二三四五六'[weekdayOf(due)];
    const waiting = lina.app.page.locator(`[data-testid="workflow-waiting"][data-due="${due}"]`);
    await waiting.waitFor({ timeout: 30_000 });
    assert.equal(await waiting.innerText(), `等待 王芳 审核，截止 ${m}月${d}日 周${zhWeekday}`);
    assert.equal(await waiting.getAttribute('data-overdue'), 'false');
    await saveScreens(lina.app.page, 'calendar-waiting-zh-CN');

    // Wang reads the same line in English on his phone.
    await wang.app.openDocument(id);
    const his = wang.app.page.locator(`[data-testid="workflow-waiting"][data-due="${due}"]`);
    await his.waitFor({ timeout: 30_000 });
    const enWeekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekdayOf(due)];
    const enMonth = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
    assert.equal(await his.innerText(), `Waiting for 王芳's review, due ${enWeekday} ${d} ${enMonth}`);
    await saveScreens(wang.app.page, 'calendar-waiting-en-US');

    for (const p of [admin, lina, wang]) {
      // The refused day is the relay's 422, which the browser logs.
      const errors = p.context.pageErrors.filter((e) => !/status of 422/.test(e));
      assert.deepEqual(errors, [], 'no page errors');
      await p.context.close();
    }
  });
});
