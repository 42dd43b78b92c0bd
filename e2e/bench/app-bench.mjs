// The app's figures for `cargo xtask bench` (printed, never asserted), measured
// in Debian Chromium with the Performance API against the real relay:
//  - opening a 2,000-row tracker from IndexedDB: from the app starting to open
//    it (the `concord-open-start` mark) to the first paint with its rows, and
//    from navigation start (wasm start-up included) to that paint;
//  - keystroke to paint in a long text whose history has 10,000 changes.
import { ConcordPage } from '../pages/concord-page.mjs';
import { launchBrowser, newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { startRelay } from '../support/relay.mjs';

const OPEN_RUNS = 7;
const KEYSTROKES = 300;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function line(label, value) {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}`);
}

const relay = await startRelay();
const browser = await launchBrowser();
try {
  const tracker = await importToRelay(relay.url, await fixtureBytes('tracker', 2000, 'ann'));
  const typed = await importToRelay(relay.url, await fixtureBytes('typed', 10000, 'ann'));
  const context = await newContext(browser, { locale: 'zh-CN' });
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.nameMyself('ann');

  // First visit fetches from the relay and keeps it in IndexedDB.
  await app.openDocument(tracker);
  await app.expectRowCount('tasks', 2000, 120_000);
  await app.openDocument(typed);
  await app.fieldInput('notes').waitFor();

  const opens = [];
  const loads = [];
  for (let i = 0; i < OPEN_RUNS; i++) {
    await app.page.goto(`${relay.url}/d/${tracker}`);
    const [fromOpen, fromNavigation] = await app.page.evaluate(
      () =>
        new Promise((resolve) => {
          const painted = () =>
            requestAnimationFrame(() =>
              setTimeout(() => {
                const now = performance.now();
                const start = performance.getEntriesByName('concord-open-start').at(-1);
                resolve([start ? now - start.startTime : NaN, now]);
              }),
            );
          if (document.querySelector('[data-testid="table-row"]')) return painted();
          const seen = new MutationObserver(() => {
            if (document.querySelector('[data-testid="table-row"]')) {
              seen.disconnect();
              painted();
            }
          });
          seen.observe(document.body, { childList: true, subtree: true });
        }),
    );
    opens.push(fromOpen);
    loads.push(fromNavigation);
  }

  await app.page.goto(`${relay.url}/d/${typed}`);
  const notes = app.fieldInput('notes');
  await notes.waitFor();
  await notes.click();
  await notes.press('End');
  await app.page.evaluate(() => {
    window.__latencies = [];
    // `beforeinput`, not `keydown`: typed Chinese arrives as text input with no key event.
    document.addEventListener(
      'beforeinput',
      (event) => {
        const t0 = event.timeStamp;
        requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - t0)));
      },
      true,
    );
  });
  const text = '会议结论：下周一发布 release notes。';
  for (let i = 0; i < KEYSTROKES; i++) {
    await app.page.keyboard.type(text[i % text.length]);
    await app.page.waitForTimeout(15);
  }
  await app.page.waitForFunction((n) => window.__latencies.length >= n, KEYSTROKES);
  const latencies = await app.page.evaluate(() => window.__latencies);
  const changes = await app.page.evaluate(() => document.querySelector(
    '[data-testid="field"][data-field-id="notes"] [data-testid="field-input"]').value.length);

  console.log('\n== app in Chromium (Performance API; 2,000-row tracker, 10,000-change text)');
  line('open 2,000-row tracker from IndexedDB to first paint, median', `${quantile(opens, 0.5).toFixed(1)} ms`);
  line('  the same, worst of ' + OPEN_RUNS, `${Math.max(...opens).toFixed(1)} ms`);
  line('  page navigation start (wasm start-up too) to that paint, median', `${quantile(loads, 0.5).toFixed(1)} ms`);
  line(`keystroke to paint, ${KEYSTROKES} keys, 10,000-change text: p50`, `${quantile(latencies, 0.5).toFixed(1)} ms`);
  line('  p99', `${quantile(latencies, 0.99).toFixed(1)} ms`);
  line('  max', `${Math.max(...latencies).toFixed(1)} ms`);
  line('  (text length after typing, characters)', String(changes));
  await context.close();
} finally {
  await browser.close();
  await relay.stop();
}
