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
import { CpuProfile } from './cpu-profile.mjs';

const OPEN_RUNS = 7;
const KEYSTROKES = 300;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function line(label, value) {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}`);
}

/** Types `KEYSTROKES` characters of `text` into the focused field of `page`;
 * for each, the time from its `beforeinput` event to the frame after it. */
async function keystrokeLatencies(page, text) {
  await page.evaluate(() => {
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
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.type(text[i % text.length]);
    await page.waitForTimeout(15);
  }
  await page.waitForFunction((n) => window.__latencies.length >= n, KEYSTROKES);
  return page.evaluate(() => window.__latencies);
}

// The fixtures are imported by a Node peer without a session: --open-sync.
const relay = await startRelay({ openSync: true });
const browser = await launchBrowser();
try {
  const tracker = await importToRelay(relay.url, await fixtureBytes('tracker', 2000, 'ann'));
  const typed = await importToRelay(relay.url, await fixtureBytes('typed', 10000, 'ann'));
  const context = await newContext(browser, { locale: 'zh-CN' });
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.signIn('ann');

  // First visit fetches from the relay and keeps it in IndexedDB.
  await app.openDocument(tracker);
  await app.expectRowCount('tasks', 2000, 120_000);
  await app.openDocument(typed);
  await app.fieldInput('notes').waitFor();

  const opens = [];
  const loads = [];
  const openPhases = [];
  const openProfile = await CpuProfile.startIfAsked(app.page, 'open');
  for (let i = 0; i < OPEN_RUNS; i++) {
    await app.page.goto(`${relay.url}/d/${tracker}`);
    const [fromOpen, fromNavigation, phases] = await app.page.evaluate(
      () =>
        new Promise((resolve) => {
          const painted = () =>
            requestAnimationFrame(() =>
              setTimeout(() => {
                const now = performance.now();
                const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
                const start = at('concord-open-start');
                // Phases: IndexedDB read, Automerge load, then render to paint.
                const phases = [at('concord-open-read') - start, at('concord-open-loaded') - at('concord-open-read'), now - at('concord-open-loaded')];
                resolve([now - start, now, phases]);
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
    openPhases.push(phases);
  }
  await openProfile?.stop();

  await app.page.goto(`${relay.url}/d/${typed}`);
  const notes = app.fieldInput('notes');
  await notes.waitFor();
  await notes.click();
  await notes.press('End');
  const text = '会议结论：下周一发布 release notes。';
  const keyProfile = await CpuProfile.startIfAsked(app.page, 'keystrokes');
  const latencies = await keystrokeLatencies(app.page, text);
  await keyProfile?.stop();
  const typedText = await app.page.evaluate(() => document.querySelector(
    '[data-testid="field"][data-field-id="notes"] [data-testid="field-input"]').value);

  // The floor: a bare textarea holding the same text, typed into the same way.
  const bare = await context.newPage();
  await bare.setContent('<textarea id="bare" rows="4" style="width: 40rem"></textarea>');
  await bare.evaluate((value) => { document.getElementById('bare').value = value; }, typedText);
  await bare.click('#bare');
  await bare.keyboard.press('End');
  const floor = await keystrokeLatencies(bare, text);

  console.log('\n== app in Chromium (Performance API; 2,000-row tracker, 10,000-change text)');
  line('open 2,000-row tracker from IndexedDB to first paint, median', `${quantile(opens, 0.5).toFixed(1)} ms`);
  line('  the same, worst of ' + OPEN_RUNS, `${Math.max(...opens).toFixed(1)} ms`);
  const phase = (i) => quantile(openPhases.map((p) => p[i]), 0.5).toFixed(1) + ' ms';
  line('  of which reading IndexedDB, median', phase(0));
  line('  of which loading Automerge, median', phase(1));
  line('  of which rendering to paint, median', phase(2));
  line('  page navigation start (wasm start-up too) to that paint, median', `${quantile(loads, 0.5).toFixed(1)} ms`);
  line(`keystroke to paint, ${KEYSTROKES} keys, 10,000-change text: p50`, `${quantile(latencies, 0.5).toFixed(1)} ms`);
  line('  p99', `${quantile(latencies, 0.99).toFixed(1)} ms`);
  line('  max', `${Math.max(...latencies).toFixed(1)} ms`);
  line('  (text length after typing, characters)', String(typedText.length));
  line('the same keys in a bare textarea holding that text: p50', `${quantile(floor, 0.5).toFixed(1)} ms`);
  line('  p99 (this browser\'s floor here)', `${quantile(floor, 0.99).toFixed(1)} ms`);
  await context.close();
} finally {
  await browser.close();
  await relay.stop();
}
