// Page object for the home screen's template library.
import { signInContext } from '../support/accounts.mjs';

export class LibraryPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.library = page.getByTestId('template-library');
    this.cards = page.getByTestId('template-card');
    this.names = page.getByTestId('template-name');
    this.boot = page.getByTestId('boot');
  }

  /** Every screen but setup and invites needs a signed-in person: a reader account. */
  async signIn() {
    if (this.signedIn) return;
    await signInContext(this.page.context(), this.baseUrl, 'reader');
    this.signedIn = true;
  }

  async goto(path = '/') {
    await this.signIn();
    await this.page.goto(this.baseUrl + path);
    // The library is rendered by the wasm app only, so seeing it proves the wasm runs.
    await this.library.waitFor({ state: 'visible' });
  }

  card(templateId) {
    return this.page.locator(`[data-testid="template-card"][data-template-id="${templateId}"]`);
  }

  languageButton(tag) {
    return this.page.getByTestId(`lang-${tag}`);
  }

  async switchLanguage(tag) {
    await this.languageButton(tag).click();
    await this.page.waitForFunction((t) => document.documentElement.lang === t, tag);
  }

  async templateNames() {
    return (await this.names.allTextContents()).map((s) => s.trim());
  }

  async heading() {
    return (await this.library.locator('h1').textContent()).trim();
  }
}
