// Values typed as people type them: every editor reads them with the
// model's one parser (decimal commas, thousands), people by the directory, says
// in the reader's language what it could not read, and shows a date-time
// on the browser's own clocks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensurePerson } from '../support/accounts.mjs';
import { newContext } from '../support/browser.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const PROBLEMS = {
  'zh-CN': { money: '请输入金额', person: '目录中没有此人' },
  'en-US': { money: 'Enter an amount', person: 'Not in the directory' },
};

describe('typed values', () => {
  const live = relayAndBrowser();

  for (const locale of ['zh-CN', 'en-US']) {
    test(`amounts and ids are read one way, and what is not read is explained (${locale})`, async () => {
      const { relay, browser } = live;
      const context = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn('ann');
      const id = await app.createDocument('requirement-approval', `Typed values ${locale}`);

      // A thousands comma, then a decimal comma: both are amounts.
      await app.setField('budget', '1,234.5');
      await app.expectField('budget', '1234.50');
      await app.setField('budget', '12,5');
      await app.expectField('budget', '12.50');

      const problem = (field) => app.field(field).getByTestId('field-problem');
      await app.setField('budget', 'abc');
      await problem('budget').waitFor();
      assert.match(await problem('budget').textContent(), new RegExp(PROBLEMS[locale].money));

      // A name the directory lacks names nobody; the list keeps what it had.
      const picked = app.field('people').getByTestId('pick-problem');
      await app.setField('people', 'li na');
      await picked.waitFor();
      assert.match(await picked.textContent(), new RegExp(PROBLEMS[locale].person));
      assert.equal(await app.field('people').getByTestId('list-item').count(), 0);
      await saveScreens(app.page, `typed-values-${locale}`);

      // Ids typed as a list, with a full-width comma, each in the directory.
      await ensurePerson(relay.url, 'bob');
      await app.openDocument(id);
      await app.setField('people', 'ann，bob');
      await app.field('people').getByTestId('list-item').nth(1).waitFor();
      assert.equal(await picked.count(), 0, 'a good value clears the problem');
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    });
  }

  test('dates read 2026-12-20 in either language, whatever the browser\'s own (item 12)', async () => {
    const { relay, browser } = live;
    // This Chromium's own language is English: its date inputs draw 12/20/2026.
    for (const [locale, who, typedDay, typedTime] of [
      ['zh-CN', 'mei', '2026年12月20日', '2026/12/20 9:30'],
      ['en-US', 'tom', '2026-12-20', '2026-12-20T09:30'],
    ]) {
      const context = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
      const app = new ConcordPage(await context.newPage(), relay.url);
      await app.signIn(who);
      await app.createDocument('meeting-minutes', `Dates ${locale}`);
      await app.setField('time', typedTime);
      await app.expectField('time', '2026-12-20 09:30');
      await app.addRow('action_items', { item: 'Book the room', owner: who, deadline: typedDay });
      await app.expectRowText('action_items', '2026-12-20');
      await app.rows('action_items').first().click();
      const sheet = app.page.getByTestId('row-sheet');
      const deadline = sheet.locator('[data-testid="field"][data-field-id="deadline"] [data-testid="field-input"]');
      // Drawn by the app, as the workspace writes dates: a text, not the browser's own drawing.
      assert.deepEqual(await deadline.evaluate((el) => [el.type, el.value]), ['text', '2026-12-20']);
      assert.equal(await sheet.locator('[data-field-id="deadline"]').getByTestId('date-pick').count(), 1);
      const time = app.fieldInput('time');
      assert.deepEqual(await time.evaluate((el) => [el.type, el.value]), ['text', '2026-12-20 09:30']);
      await deadline.fill('2026-12-21');
      await deadline.press('Tab');
      await app.page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="row-sheet"] [data-field-id="deadline"] [data-testid="field-input"]');
        return el?.value === '2026-12-21';
      });
      // The browser's calendar opens from the button; what it picks is written.
      await sheet.locator('[data-field-id="deadline"]').getByTestId('date-pick').click();
      await app.page.keyboard.press('Escape');
      await sheet.locator('[data-field-id="deadline"] .date-pick-native').evaluate((el) => {
        el.value = '2026-12-22';
        el.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await app.page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="row-sheet"] [data-field-id="deadline"] [data-testid="field-input"]');
        return el?.value === '2026-12-22';
      });
      await deadline.fill('2026-12-21');
      await deadline.press('Tab');
      await app.page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="row-sheet"] [data-field-id="deadline"] [data-testid="field-input"]');
        return el?.value === '2026-12-21';
      });
      await saveScreens(app.page, `dates-row-sheet-${locale}`);
      await app.page.getByTestId('row-sheet-close').click();
      await sheet.waitFor({ state: 'detached' });
      await app.expectRowText('action_items', '2026-12-21');
      await saveScreens(app.page, `dates-form-${locale}`);
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    }
  });

  test('a date and time is kept as an instant and shown on the reader\'s clocks', async () => {
    const { relay, browser } = live;
    const beijing = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const ann = new ConcordPage(await beijing.newPage(), relay.url);
    await ann.signIn('ann');
    // Ann picks Bob from the directory, so Bob's account exists first.
    await ensurePerson(relay.url, 'bob');
    const id = await ann.createDocument('meeting-minutes', 'Weekly sync');
    await ann.share('bob', 'editor');
    await ann.setField('time', '2026-03-05T14:30');
    await ann.expectField('time', '2026-03-05 14:30');
    await ann.expectSavedOnRelay();

    // Bob reads the same instant in London (UTC in March): eight hours earlier.
    const london = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
    const bob = new ConcordPage(await london.newPage(), relay.url);
    await bob.signIn('bob');
    await bob.openDocument(id);
    await bob.expectField('time', '2026-03-05 06:30');
    await saveScreens(bob.page, 'typed-values-date-time-en');
    for (const context of [beijing, london]) {
      assert.deepEqual(context.pageErrors, []);
      await context.close();
    }
  });
});
