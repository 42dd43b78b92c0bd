// The people the directory-backed tests sign in as, and one browser context
// per person: each signs in through its own context so its session cookie
// and locale are its own, as on separate phones.
import { ConcordPage } from '../pages/concord-page.mjs';
import { newContext } from './browser.mjs';

/** The workspace's admin in these tests. */
export const ZHOU = { id: 'zhou', displayName: '周敏' };
/** A requester in 研发部. */
export const LINA = { id: 'li.na', displayName: '李娜' };
/** Li Na's superior, or a colleague in another department. */
export const WANG = { id: 'wang', displayName: '王芳' };

/**
 * Signs `who` in, in a new browser context made with `context` options
 * (locale, viewport); `account` goes to the relay as the person's account
 * (departments, heads, isAdmin).
 */
export async function person(browser, relay, who, { context, account } = {}) {
  const ctx = await newContext(browser, context);
  const app = new ConcordPage(await ctx.newPage(), relay.url);
  await app.signIn(who.id, { displayName: who.displayName, ...account });
  return { context: ctx, app };
}

/** The button of workflow step `id`. */
export function transition(app, id) {
  return app.page.locator(`[data-testid="transition"][data-transition="${id}"]`);
}
