// Page object for the Concord app beyond the library: signing in, home,
// creating and opening documents, fields, conflicts, tables.
import { signInContext } from '../support/accounts.mjs';

export class ConcordPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  /** Opens `path` and waits for the wasm app to render. */
  async goto(path = '/') {
    const response = await this.page.goto(this.baseUrl + path);
    await this.page.getByTestId('app').waitFor({ state: 'visible' });
    return response;
  }

  /**
   * Signs in as `name` (a staff account made for the test if it is new,
   * shown as `options.displayName` if given) and waits for the home screen
   * with the name in the top bar.
   */
  async signIn(name, options) {
    await signInContext(this.page.context(), this.baseUrl, name, options);
    await this.goto('/');
    await this.page.getByTestId('me-name').filter({ hasText: options?.displayName ?? name }).waitFor();
  }

  /** Creates a document from the library; returns its id (from the URL). */
  async createDocument(templateId, title) {
    await this.goto('/');
    const card = this.page.locator(`[data-testid="template-card"][data-template-id="${templateId}"]`);
    await card.getByTestId('create-doc').click();
    await this.page.getByTestId('create-title').fill(title);
    await this.page.getByTestId('create-confirm').click();
    await this.page.waitForURL(/\/d\/[^/]+$/);
    await this.document.waitFor();
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop());
  }

  async openDocument(id) {
    await this.goto(`/d/${id}`);
    await this.document.waitFor();
  }

  get document() {
    return this.page.getByTestId('document');
  }

  field(fieldId) {
    return this.page.locator(`[data-testid="field"][data-field-id="${fieldId}"]`);
  }

  fieldInput(fieldId) {
    return this.field(fieldId).getByTestId('field-input');
  }

  /** Replaces a form field's text as a person typing would. */
  async setField(fieldId, value) {
    const input = this.fieldInput(fieldId);
    await input.fill(value);
    await input.press('Tab');
  }

  /** Waits until the form field shows `value`. */
  async expectField(fieldId, value, timeout = 20_000) {
    await this.page.waitForFunction(
      ({ fieldId, value }) => {
        const input = document.querySelector(
          `[data-testid="field"][data-field-id="${fieldId}"] [data-testid="field-input"]`,
        );
        return input && input.value === value;
      },
      { fieldId, value },
      { timeout },
    );
  }

  async fieldValue(fieldId) {
    return this.fieldInput(fieldId).inputValue();
  }

  /**
   * Adds a person to the document with a role (owners only), picking them
   * from the directory's suggestions. Someone made after this page read the
   * directory shows once the picker, finding nobody, has asked again; the
   * typing is repeated until then, as a person would retype.
   */
  async share(person, role = 'editor') {
    const input = this.page.getByTestId('member-add-input');
    const option = this.page
      .getByTestId('members')
      .locator(`[data-testid="pick-option"][data-id="${person}"]`);
    for (let tries = 0; ; tries += 1) {
      await input.fill('');
      await input.fill(person);
      try {
        await option.waitFor({ timeout: 3_000 });
        break;
      } catch (error) {
        if (tries >= 4) throw error;
      }
    }
    await option.click();
    await this.page.getByTestId('member-add-role').selectOption(role);
    await this.page.getByTestId('member-add').click();
    await this.page.locator(`[data-testid="member"][data-person="${person}"]`).waitFor();
  }

  conflict(fieldId) {
    return this.field(fieldId).getByTestId('conflict');
  }

  tablePart(tableId) {
    return this.page.locator(`[data-testid="table-part"][data-table-id="${tableId}"]`);
  }

  rows(tableId) {
    return this.tablePart(tableId).getByTestId('table-row');
  }

  async rowCount(tableId) {
    const text = await this.tablePart(tableId).getByTestId('table-row-count').textContent();
    return Number((text.match(/\d[\d,]*/) ?? ['0'])[0].replace(/,/g, ''));
  }

  async expectRowCount(tableId, n, timeout = 20_000) {
    await this.page.waitForFunction(
      ({ tableId, n }) => {
        const el = document.querySelector(
          `[data-testid="table-part"][data-table-id="${tableId}"] [data-testid="table-row-count"]`,
        );
        const m = el && el.textContent.match(/\d[\d,]*/);
        return m && Number(m[0].replace(/,/g, '')) === n;
      },
      { tableId, n },
      { timeout },
    );
  }

  /** Adds a row and fills its cells in the row sheet; closes the sheet. */
  async addRow(tableId, cells) {
    await this.tablePart(tableId).getByTestId('add-row').click();
    const form = this.page.getByTestId('new-row-form');
    const sheet = this.page.getByTestId('row-sheet');
    await form.or(sheet).first().waitFor();
    const scope = (await form.count()) > 0 ? form : sheet;
    const inForm = (await form.count()) > 0;
    for (const [fieldId, value] of Object.entries(cells)) {
      const input = (inForm
        ? scope.locator(`[data-testid="cell-input"][data-field-id="${fieldId}"]`)
        : scope.locator(`[data-testid="field"][data-field-id="${fieldId}"] [data-testid="field-input"]`)
      ).first();
      const tag = await input.evaluate((el) => el.tagName);
      if (tag === 'SELECT') await input.selectOption(value);
      else {
        await input.fill(value);
        await input.press('Tab');
      }
    }
    if ((await form.count()) > 0) await this.page.getByTestId('new-row-save').click();
    if ((await sheet.count()) > 0) await this.page.getByTestId('row-sheet-close').click();
  }

  /** Whether the table shows a row whose text contains `text`. */
  async expectRowText(tableId, text, timeout = 20_000) {
    await this.rows(tableId).filter({ hasText: text }).first().waitFor({ timeout });
  }

  saveStatus() {
    return this.page.getByTestId('doc-save-status');
  }

  /** Waits until this page says the relay has every change. */
  /** Waits until the page runs under the app's service worker, as every
   * visit after its install does (the offline start). The worker takes the
   * open pages when it activates (`clients.claim`), yet now and then
   * Chromium leaves an open page out though the worker is active: that
   * page is reloaded, as a person's next visit would be. */
  async underServiceWorker(timeout = 20_000) {
    const controlled = () => navigator.serviceWorker?.controller != null;
    const settle = Math.min(timeout, 10_000);
    if (await this.page.waitForFunction(controlled, null, { timeout: settle }).then(() => true, () => false)) return;
    await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await this.page.reload();
    await this.page.waitForFunction(controlled, null, { timeout });
  }

  async expectSavedOnRelay(timeout = 30_000) {
    await this.page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="doc-save-status"]');
        return el && el.dataset.savedOnRelay === 'true';
      },
      null,
      { timeout },
    );
  }
}
