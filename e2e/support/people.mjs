// One person in their own browser context, signed in: what a flow test
// starts each participant with.
import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from './browser.mjs';

/** `who` ({id, displayName}) signed in a new context (`options.context`), with `options.account`. */
export async function personIn(browser, relay, who, options = {}) {
  const context = await newContext(browser, options.context);
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.signIn(who.id, { displayName: who.displayName, ...options.account });
  return { context, app };
}
