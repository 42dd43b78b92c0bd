// What most browser suites share: a relay and a browser, started before the
// suite's tests and stopped after them.
import { after, before } from 'node:test';

import { launchBrowser } from './browser.mjs';
import { startRelay } from './relay.mjs';

/** Call inside a `describe`: its relay (started with `options`, see
 * `startRelay`) and browser are in the returned object's `relay` and
 * `browser` from its first `before` hook on. */
export function relayAndBrowser(options = {}) {
  const live = { relay: undefined, browser: undefined };
  before(async () => {
    live.relay = await startRelay(options);
    live.browser = await launchBrowser();
  });
  after(async () => {
    await live.browser?.close();
    await live.relay?.stop();
  });
  return live;
}
