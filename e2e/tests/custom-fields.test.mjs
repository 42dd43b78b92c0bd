// Issue 22, fields users add: a document's owner adds a date field and a
// choice field and fills them; an editor (another browser, English) sees and
// fills them but may not manage fields; the owner renames, reorders and
// removes; then saves the shape as a team sub-template for her department,
// from which a colleague there creates a document with the fields in it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DESKTOP, PHONE } from '../support/browser.mjs';
import { LINA, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const SAM = { id: 'sam', displayName: 'Sam Lee' };
const CHEN = { id: 'chen', displayName: 'Chen Yu' };

/** The form field whose label reads `label`. */
function fieldNamed(page, label) {
  return page
    .locator('[data-testid="field"]')
    .filter({ has: page.locator('.field-label', { hasText: label }) });
}

/** The labels of the form's custom fields, in order. */
async function customLabels(page) {
  return page.getByTestId('custom-field-name').allTextContents();
}

/** Adds a form field through the open manage-fields panel. */
async function addField(page, { zh, en = '', kind, options = [], required = false }) {
  const form = page.getByTestId('add-field');
  await form.getByTestId('field-label-zh').fill(zh);
  await form.getByTestId('field-label-en').fill(en);
  await form.getByTestId('field-kind').selectOption(kind);
  if (options.length) await form.getByTestId('field-options').fill(options.join('\n'));
  if (required) await form.getByTestId('field-required').check();
  await form.getByTestId('add-field-confirm').click();
  await page.getByTestId('custom-field-name').filter({ hasText: zh || en }).waitFor();
}

/** The manage-fields line of the field labelled `label`. */
function line(page, label) {
  return page
    .getByTestId('custom-field-line')
    .filter({ has: page.getByTestId('custom-field-name').filter({ hasText: label }) });
}

describe('fields users add', () => {
  const live = relayAndBrowser();

  test('add, fill, manage custom fields; share the shape as a team sub-template', async () => {
    const { relay, browser } = live;
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    const { page } = lina.app;
    // Sam, an editor, in English on a desktop.
    const sam = await person(browser, relay, SAM, {
      context: { locale: 'en-US', viewport: DESKTOP },
      account: { departments: ['sales'] },
    });
    const id = await lina.app.createDocument('requirement-approval', '客户门户需求');

    await page.getByTestId('manage-fields-toggle').click();
    await page.getByTestId('manage-fields-panel').waitFor();
    await addField(page, { zh: '交付日期', en: 'Delivery date', kind: 'date' });
    await addField(page, { zh: '客户等级', kind: 'single_choice', options: ['高', '中', '低'] });
    await addField(page, { zh: '备注 🙂', kind: 'text' });
    assert.deepEqual(await customLabels(page), ['交付日期', '客户等级', '备注 🙂']);
    // A choice field without options is explained, not added.
    await page.getByTestId('add-field').getByTestId('field-label-zh').fill('空选项');
    await page.getByTestId('add-field').getByTestId('field-kind').selectOption('multiple_choice');
    await page.getByTestId('add-field-confirm').click();
    await page.getByTestId('add-field-error').filter({ hasText: '至少需要一个选项' }).waitFor();
    assert.equal(await page.getByTestId('custom-field-line').count(), 3);
    await saveScreens(page, 'custom-fields-manage-zh-CN');

    // The new fields are in the form, typed by their kind.
    const delivery = fieldNamed(page, '交付日期').getByTestId('field-input');
    await delivery.fill('2026-12-20');
    await delivery.press('Tab');
    await fieldNamed(page, '客户等级').getByTestId('field-input').selectOption({ label: '高' });
    await fieldNamed(page, '备注 🙂').getByTestId('field-input').fill('先做登录');
    await fieldNamed(page, '备注 🙂').getByTestId('field-input').press('Tab');
    await lina.app.share(SAM.id, 'editor');
    await lina.app.expectSavedOnRelay();

    // Sam, an editor, in English on a desktop: sees and fills them, manages nothing.
    await sam.app.openDocument(id);
    const samDate = fieldNamed(sam.app.page, 'Delivery date').getByTestId('field-input');
    await sam.app.page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="field"] [data-testid="field-input"]')]
        .some((el) => el.value === '2026-12-20'),
    );
    assert.equal(await samDate.inputValue(), '2026-12-20');
    // A label given only in Chinese shows in Chinese rather than blank.
    const samChoice = fieldNamed(sam.app.page, '客户等级').getByTestId('field-input');
    await samChoice.selectOption({ label: '中' });
    await samDate.fill('2027-01-15');
    await samDate.press('Tab');
    assert.equal(await sam.app.page.getByTestId('manage-fields').count(), 0);
    assert.equal(await sam.app.page.getByTestId('save-subtemplate').count(), 0);
    await sam.app.expectSavedOnRelay();

    // Lina sees Sam's values, then renames, reorders and removes.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="field"] [data-testid="field-input"]')]
      .some((el) => el.value === '2027-01-15'));
    const priority = line(page, '客户等级');
    await priority.getByTestId('field-rename').click();
    await priority.getByTestId('field-label-zh').fill('客户分级');
    await priority.getByTestId('field-rename-save').click();
    await line(page, '客户分级').getByTestId('field-up').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="custom-field-name"]')?.textContent === '客户分级');
    const note = line(page, '备注 🙂');
    await note.getByTestId('field-remove').click();
    await note.getByTestId('field-remove-question').filter({ hasText: '历史' }).waitFor();
    await note.getByTestId('field-remove-confirm').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="custom-field-line"]').length === 2);
    assert.deepEqual(await customLabels(page), ['客户分级', '交付日期']);
    assert.equal(await fieldNamed(page, '备注 🙂').count(), 0);
    // The renamed choice keeps Sam's value; the form follows the new order.
    assert.equal(await fieldNamed(page, '客户分级').getByTestId('field-input').inputValue(), 'o2');
    const formOrder = await page.locator('[data-testid="field"] .field-label').allTextContents();
    const at = (label) => formOrder.findIndex((l) => l.startsWith(label));
    assert.ok(at('客户分级') >= 0 && at('客户分级') < at('交付日期'), `form order: ${formOrder}`);
    await lina.app.expectSavedOnRelay();
    // Sam's form follows.
    await fieldNamed(sam.app.page, '客户分级').waitFor();
    await sam.app.page.waitForFunction(() => ![...document.querySelectorAll('.field-label')]
      .some((l) => l.textContent.includes('备注')));

    // Saved as a team sub-template for 研发 (rd).
    await page.getByTestId('save-subtemplate').click();
    await page.getByTestId('subtemplate-name').fill('研发需求（含交付日期）');
    await page.getByTestId('subtemplate-audience').selectOption('rd');
    await page.getByTestId('subtemplate-confirm').click();
    await page.getByTestId('subtemplate-saved').waitFor();
    await saveScreens(page, 'custom-fields-saved-zh-CN');
    await lina.app.goto('/');
    const linaCard = page.getByTestId('subtemplate-card').filter({ hasText: '研发需求（含交付日期）' });
    await linaCard.waitFor();
    await linaCard.scrollIntoViewIfNeeded();
    await saveScreens(page, 'custom-fields-library-zh-CN');

    // Sam, in sales, is not offered it.
    await sam.app.goto('/');
    await sam.app.page.getByTestId('template-library').waitFor();
    assert.equal(await sam.app.page.getByTestId('subtemplate-card').count(), 0);

    // Chen, in rd, finds it and creates a document from it.
    const chen = await person(browser, relay, CHEN, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    const cpage = chen.app.page;
    const card = cpage.getByTestId('subtemplate-card').filter({ hasText: '研发需求（含交付日期）' });
    await card.waitFor();
    assert.match(await card.getByTestId('subtemplate-made-by').textContent(), /Made by 李娜/);
    await card.scrollIntoViewIfNeeded();
    await saveScreens(cpage, 'custom-fields-library-en');
    await card.getByTestId('create-doc').click();
    await cpage.getByTestId('create-title').fill('Portal v2');
    await cpage.getByTestId('create-confirm').click();
    await cpage.waitForURL(/\/d\/[^/]+$/);
    await chen.app.document.waitFor();
    assert.equal(await cpage.getByTestId('doc-template').textContent(), 'Requirement approval');
    await fieldNamed(cpage, 'Delivery date').waitFor();
    await fieldNamed(cpage, '客户分级').waitFor();
    assert.equal(await fieldNamed(cpage, 'Delivery date').getByTestId('field-input').inputValue(), '', 'no values come along');
    await fieldNamed(cpage, 'Delivery date').getByTestId('field-input').fill('2027-03-01');
    await fieldNamed(cpage, 'Delivery date').getByTestId('field-input').press('Tab');
    await chen.app.expectSavedOnRelay();
    // Chen owns this one: he manages its fields.
    await cpage.getByTestId('manage-fields-toggle').click();
    assert.deepEqual(await customLabels(cpage), ['客户分级', 'Delivery date']);
    await saveScreens(cpage, 'custom-fields-manage-en');

    for (const who of [lina, sam, chen]) {
      assert.deepEqual(who.context.pageErrors, []);
      await who.context.close();
    }
  });
});
