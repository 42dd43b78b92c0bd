// One person in their own browser context, signed in, and the workflow's
// step buttons on their screen.
import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from './browser.mjs';

/** `who` ({id, displayName}) signed in, in a new context (`options.context`), with `options.account`. */
export async function person(browser, relay, who, options) {
  const context = await newContext(browser, options.context);
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.signIn(who.id, { displayName: who.displayName, ...options.account });
  return { context, app };
}

/** The button of workflow step `id`. */
export function transition(app, id) {
  return app.page.locator(`[data-testid="transition"][data-transition="${id}"]`);
}
