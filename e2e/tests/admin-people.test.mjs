// Issue 17, items 2 and 12: an admin's first day with the people screen.
// The admin (in Chinese, in Shanghai) adds a staff member, makes her a
// department head, renames her and sets her a new password, each change
// said in the still-open edit panel; she (in English, in her own browser)
// is signed out by the new password and signs in with it. The invite's
// expiry reads on the admin's clocks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext, PHONE } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ADMIN = { id: 'zhou', displayName: '周敏' };
const FIRST_PASSWORD = 'first-password-1';
const NEW_PASSWORD = 'second-password-2';

/** WCAG contrast ratio of two `rgb(...)` colours. */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The element's colours as drawn: its own background, else its parents'. */
async function drawnColours(locator) {
  return locator.evaluate((el) => {
    const color = getComputedStyle(el).color;
    for (let at = el; at; at = at.parentElement) {
      const bg = getComputedStyle(at).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return { color, background: bg };
    }
    return { color, background: 'rgb(255, 255, 255)' };
  });
}

/** The box and its label's text sit on one line, side by side. */
async function assertBesideItsLabel(checkbox, text) {
  const box = await checkbox.boundingBox();
  const label = await text.boundingBox();
  const middle = (b) => b.y + b.height / 2;
  assert.ok(Math.abs(middle(box) - middle(label)) < 8, `same line: box ${JSON.stringify(box)}, label ${JSON.stringify(label)}`);
  const gap = label.x - (box.x + box.width);
  assert.ok(gap >= 0 && gap < 20, `next to each other: gap ${gap}px`);
}

function personLine(page, id) {
  return page.locator(`[data-testid="admin-person"][data-id="${id}"]`);
}

describe("an admin's people screen", () => {
  const live = relayAndBrowser();

  test('add, head, rename and a new password, each said where it was made (item 2)', async () => {
    const { relay, browser } = live;
    const adminContext = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const admin = new ConcordPage(await adminContext.newPage(), relay.url);
    await admin.signIn(ADMIN.id, { displayName: ADMIN.displayName, isAdmin: true });
    await admin.goto('/admin');
    const page = admin.page;

    await page.getByTestId('dept-id').fill('rd');
    await page.getByTestId('dept-name').fill('研发部');
    await page.getByTestId('dept-add').click();
    await page.locator('[data-testid="admin-dept"][data-id="rd"]').waitFor();

    // The add form: its button reads, and the admin box sits by its words.
    await page.getByTestId('person-add-open').click();
    const add = page.getByTestId('person-add');
    const { color, background } = await drawnColours(add);
    assert.ok(contrast(color, background) >= 4.5, `"添加" reads: ${color} on ${background}`);
    await assertBesideItsLabel(
      page.getByTestId('person-admin'),
      page.locator('label.check:has([data-testid="person-admin"]) > span'),
    );

    await page.getByTestId('person-id').fill('li.na');
    await page.getByTestId('person-name').fill('李娜');
    await page.getByTestId('person-password').fill(FIRST_PASSWORD);
    await page.getByTestId('person-dept').selectOption('rd');
    await saveScreens(page, 'admin-people-add-zh');
    await add.click();
    const line = personLine(page, 'li.na');
    await line.getByTestId('person-dept').filter({ hasText: '研发部' }).waitFor();
    assert.equal(await line.getByTestId('person-dept').getAttribute('data-head'), 'false');

    // She signs in (in English, on her phone) with the first password.
    const staffContext = await newContext(browser, { locale: 'en-US', viewport: PHONE });
    const staff = new ConcordPage(await staffContext.newPage(), relay.url);
    await signInByForm(staff, 'li.na', FIRST_PASSWORD);
    await staff.page.getByTestId('me-name').filter({ hasText: '李娜' }).waitFor();

    // Made head of 研发部: said in the panel, which stays open.
    await line.getByTestId('person-edit').click();
    const panel = line.locator('details.person-edit');
    await line.locator('[data-testid="person-dept-head"][data-dept="rd"]').check();
    await line.getByTestId('person-saved').filter({ hasText: '已保存：研发部负责人' }).waitFor();
    await line.locator('[data-testid="person-dept"][data-head="true"]').filter({ hasText: '研发部' }).waitFor();
    assert.match(await line.getByTestId('person-depts').innerText(), /研发部\s*·\s*负责人/);
    assert.equal(await panel.evaluate((d) => d.open), true, 'the panel stays open after a change');
    assert.equal(await line.locator('[data-testid="person-dept-head"][data-dept="rd"]').isChecked(), true);

    // The admin box in the panel sits by its words too.
    await assertBesideItsLabel(
      line.getByTestId('person-is-admin'),
      line.locator('label.check:has([data-testid="person-is-admin"]) > span'),
    );

    // Renamed.
    await line.getByTestId('person-rename-input').fill('李娜（研发）');
    await line.getByTestId('person-rename').click();
    await line.getByTestId('person-saved').filter({ hasText: '已保存：名称改为“李娜（研发）”' }).waitFor();
    await line.getByTestId('person-display-name').filter({ hasText: '李娜（研发）' }).waitFor();
    assert.equal(await panel.evaluate((d) => d.open), true);

    // A password too short is refused, in the panel, in the admin's words.
    await line.getByTestId('person-new-password').fill('short');
    await line.getByTestId('person-set-password').click();
    const refusal = line.getByTestId('person-error');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /10/);
    await saveScreens(page, 'admin-people-edit-zh');

    // A new password: she is signed out everywhere and signs in with it.
    await line.getByTestId('person-new-password').fill(NEW_PASSWORD);
    await line.getByTestId('person-set-password').click();
    await line.getByTestId('person-saved').filter({ hasText: '新密码已设置' }).waitFor();
    assert.equal(await line.getByTestId('person-new-password').inputValue(), '', 'not left on the page');
    await staff.page.reload();
    await staff.page.getByTestId('login').waitFor();
    await signInByForm(staff, 'li.na', FIRST_PASSWORD, { refused: true });
    await signInByForm(staff, 'li.na', NEW_PASSWORD);
    await staff.page.getByTestId('me-name').filter({ hasText: '李娜（研发）' }).waitFor();
    await saveScreens(staff.page, 'admin-people-staff-signed-in-en');

    // In English: the same panel says the same things in English.
    await page.getByTestId('lang-en').click();
    await line.locator('[data-testid="person-dept-head"][data-dept="rd"]').uncheck();
    await line.getByTestId('person-saved').filter({ hasText: 'Saved: no longer head of 研发部' }).waitFor();
    await line.locator('[data-testid="person-dept"][data-head="false"]').filter({ hasText: '研发部' }).waitFor();
    await line.getByTestId('person-is-admin').check();
    await line.getByTestId('person-saved').filter({ hasText: 'Saved: workspace admin' }).waitFor();
    assert.equal(await panel.evaluate((d) => d.open), true);
    await saveScreens(page, 'admin-people-edit-en');

    // The admin renames themselves: the top bar follows.
    const own = personLine(page, ADMIN.id);
    await own.getByTestId('person-edit').click();
    await own.getByTestId('person-rename-input').fill('周敏 Zhou');
    await own.getByTestId('person-rename').click();
    await own.getByTestId('person-saved').filter({ hasText: 'Saved: their name is now “周敏 Zhou”' }).waitFor();
    await page.getByTestId('me-name').filter({ hasText: '周敏 Zhou' }).waitFor();

    for (const context of [adminContext, staffContext]) {
      const errors = context.pageErrors.filter((e) => !/status of 4[0-9][0-9]/.test(e));
      assert.deepEqual(errors, [], 'no page errors');
      await context.close();
    }
  });

  test("an invite's expiry reads on the admin's clocks, as a Chinese date (item 12)", async () => {
    const { relay, browser } = live;
    for (const [locale, zone] of [['zh-CN', 'Asia/Shanghai'], ['en-US', 'America/New_York']]) {
      const context = await newContext(browser, { locale, timezoneId: zone });
      const admin = new ConcordPage(await context.newPage(), relay.url);
      await admin.signIn(ADMIN.id, { displayName: ADMIN.displayName, isAdmin: true });
      await admin.goto('/admin');
      const page = admin.page;
      if (!(await page.locator('[data-testid="admin-org"][data-id="acme"]').count())) {
        await page.getByTestId('org-id').fill('acme');
        await page.getByTestId('org-name').fill('Acme 供应商');
        await page.getByTestId('org-kind').selectOption('supplier');
        await page.getByTestId('org-add').click();
        await page.locator('[data-testid="admin-org"][data-id="acme"]').waitFor();
      }
      const listed = page.waitForResponse((r) => r.url().endsWith('/api/admin/directory') && r.ok());
      await page.getByTestId('invite-org').selectOption('acme');
      await page.getByTestId('invite-create').click();
      const directory = await (await listed).json();
      const newest = directory.invites.reduce((a, b) => (a.created_ms > b.created_ms ? a : b));
      // What the reader's wall clock says at that instant, as the app writes it.
      const expected = new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      }).format(new Date(newest.expires_ms));
      const shown = page.locator('[data-testid="admin-invite"][data-state="open"]').getByTestId('invite-expires');
      await shown.filter({ hasText: expected }).first().waitFor();
      const texts = await shown.allInnerTexts();
      assert.ok(texts.every((t) => !/UTC/.test(t)), `no raw UTC: ${texts}`);
      assert.ok(texts.every((t) => /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(t)), `YYYY-MM-DD HH:MM: ${texts}`);

      // The partner's invite page says it on their clocks too.
      const link = await page.getByTestId('invite-link').inputValue();
      const guestContext = await newContext(browser, { locale, timezoneId: zone });
      const guest = await guestContext.newPage();
      await guest.goto(link);
      await guest.getByTestId('invite-expires').filter({ hasText: expected }).waitFor();
      await saveScreens(guest, `invite-expiry-${locale}`);
      await saveScreens(page, `admin-invites-${locale}`);
      for (const c of [context, guestContext]) {
        assert.deepEqual(c.pageErrors.filter((e) => !/status of 4[0-9][0-9]/.test(e)), [], 'no page errors');
        await c.close();
      }
    }
  });
});

/** Signs in through the sign-in screen as a person would. */
async function signInByForm(app, id, password, { refused = false } = {}) {
  if (!(await app.page.getByTestId('login').count())) await app.goto('/');
  await app.page.getByTestId('login-id').fill(id);
  await app.page.getByTestId('login-password').fill(password);
  await app.page.getByTestId('login-submit').click();
  if (refused) {
    await app.page.getByTestId('login-error').waitFor();
  }
}
