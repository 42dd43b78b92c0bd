// The app's figures for `cargo xtask bench` (printed, never asserted), measured
// in Debian Chromium with the Performance API against the real relay:
//  - opening a 2,000-row tracker from IndexedDB: from the app starting to open
//    it (the `concord-open-start` mark) to the first paint with its rows, and
//    from navigation start (wasm start-up included) to that paint;
//  - keystroke to paint in a long text whose history has 10,000 changes, and
//    in the long text of the 2,000-row tracker (a keystroke must not cost in
//    proportion to the rows), each next to a bare textarea holding the same
//    text and an empty one: what this browser on this machine takes anyway.
//
// Keystroke latency is measured two ways. "To the frame after": from the
// `beforeinput` event to a task queued from the next animation frame, which
// ends up to a frame after the paint. "Painted within 16 ms": the Event
// Timing API's duration (event to the paint that shows it, in 8 ms steps),
// which the browser reports only from 16 ms up: the keystrokes it leaves
// out were painted sooner.
//
// CONCORD_BENCH_ONLY=history measures and prints only the history figures
// (no tracker, opens, keystrokes or rows): a quick look while working on it.
import { ConcordPage } from '../pages/concord-page.mjs';
import { launchBrowser, newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { startRelay } from '../support/relay.mjs';
import { CpuProfile } from './cpu-profile.mjs';
import { definePaintedAfter, lines, quantile } from './figures.mjs';

const ONLY = process.env.CONCORD_BENCH_ONLY;
if (ONLY && ONLY !== 'history') throw new Error(`CONCORD_BENCH_ONLY: only 'history' is known, not '${ONLY}'`);
/** Every figure, unless CONCORD_BENCH_ONLY asks for the history alone. */
const ALL = !ONLY;

const OPEN_RUNS = 7;
const KEYSTROKES = 300;

const line = lines(58);
/** The median of `xs`, in ms. */
const ms = (xs) => `${quantile(xs, 0.5).toFixed(1)} ms`;

/** Types `KEYSTROKES` characters of `text` into the focused field of `page`:
 * for each, the time from its `beforeinput` event to the frame after it
 * (`frameAfter`), and the Event Timing durations of those of 16 ms or more
 * (`slowPaints`). */
async function keystrokeLatencies(page, text) {
  await page.evaluate(() => {
    window.__latencies = [];
    window.__slowPaints = [];
    // `beforeinput`, not `keydown`: typed Chinese arrives as text input with no key event.
    document.addEventListener(
      'beforeinput',
      (event) => {
        const t0 = event.timeStamp;
        requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - t0)));
      },
      true,
    );
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'beforeinput') window.__slowPaints.push(entry.duration);
      }
    }).observe({ type: 'event', durationThreshold: 16 });
  });
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.type(text[i % text.length]);
    await page.waitForTimeout(15);
  }
  await page.waitForFunction((n) => window.__latencies.length >= n, KEYSTROKES);
  // Event Timing entries are delivered after their paint.
  await page.waitForTimeout(500);
  const [frameAfter, slowPaints] = await page.evaluate(() => [window.__latencies, window.__slowPaints]);
  return { frameAfter, slowPaints };
}

/** Keystroke figures of one run, printed under `label`. */
function printKeystrokes(label, { frameAfter, slowPaints }) {
  line(`${label}: to the frame after, p50`, `${quantile(frameAfter, 0.5).toFixed(1)} ms`);
  line('  p99', `${quantile(frameAfter, 0.99).toFixed(1)} ms`);
  const within = frameAfter.length - slowPaints.length;
  line('  painted within 16 ms (Event Timing)', `${within} of ${frameAfter.length}`);
  // Keystrokes painted within 16 ms are not reported: they count as below.
  const painted = [...slowPaints, ...Array(Math.max(0, within)).fill(0)];
  const at = (q) => {
    const ms = quantile(painted, q);
    return ms < 16 ? '< 16 ms' : `${ms.toFixed(0)} ms`;
  };
  line('  event to paint (Event Timing), p50 / p99', `${at(0.5)} / ${at(0.99)}`);
}

const HISTORY_RUNS = 3;

/**
 * From a filter typed (`text`) or a sort column chosen (`sort`) on the
 * tracker to the count showing `shown` rows, painted, in ms.
 */
async function timeRows(page, what, value, shown) {
  return page.evaluate(
    ({ what, value, shown }) => {
      const part = document.querySelector('[data-testid="table-part"][data-table-id="tasks"]');
      const count = part.querySelector('[data-testid="table-row-count"]');
      const before = count.dataset.generation;
      return window.paintedAfter(
        () => {
          const input = part.querySelector(
            what === 'text' ? '[data-testid="row-filter-text"]' : '[data-testid="row-sort-field"]',
          );
          input.value = value;
          input.dispatchEvent(new Event(what === 'text' ? 'input' : 'change', { bubbles: true }));
        },
        // A new order or set of rows is a new generation of the row list.
        () => count.dataset.shown === shown && count.dataset.generation !== before,
      );
    },
    { what, value, shown },
  );
}

/** From a tap on a field's history button to its list painted, in ms. */
async function timeHistory(page, field) {
  return page.evaluate(
    (field) =>
      window.paintedAfter(
        () =>
          document
            .querySelector(`[data-testid="field"][data-field-id="${field}"] [data-testid="history-open"]`)
            .click(),
        () => {
          const count = document.querySelector('[data-testid="history-count"]');
          return count && (count.dataset.total === '0' || document.querySelector('[data-testid="history-entry"]'));
        },
      ),
    field,
  );
}

/** The same keys typed into a bare textarea holding `value`. */
async function bareTextarea(context, value, text) {
  const bare = await context.newPage();
  await bare.setContent('<textarea id="bare" rows="4" style="width: 40rem"></textarea>');
  await bare.evaluate((v) => { document.getElementById('bare').value = v; }, value);
  await bare.click('#bare');
  await bare.keyboard.press('End');
  const figures = await keystrokeLatencies(bare, text);
  await bare.close();
  return figures;
}

/** Clicks the end of the form field `fieldId`, types, and returns the figures and the text. */
async function typeInto(app, fieldId, text) {
  const field = app.fieldInput(fieldId);
  await field.waitFor();
  await field.click();
  await field.press('End');
  const figures = await keystrokeLatencies(app.page, text);
  const typed = await field.inputValue();
  return { figures, typed };
}

/**
 * Every figure but the history's, printed: opening the tracker, keystrokes
 * in both documents and on bare textareas, filtering and sorting rows.
 */
async function everythingButHistory(app, context, tracker, typed) {
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

  const text = '会议结论：下周一发布 release notes。';
  await app.page.goto(`${relay.url}/d/${typed}`);
  const keyProfile = await CpuProfile.startIfAsked(app.page, 'keystrokes');
  const inHistory = await typeInto(app, 'notes', text);
  await keyProfile?.stop();
  await app.page.goto(`${relay.url}/d/${tracker}`);
  await app.expectRowCount('tasks', 2000, 120_000);
  const trackerProfile = await CpuProfile.startIfAsked(app.page, 'tracker-keystrokes');
  const inTracker = await typeInto(app, 'notes', text);
  await trackerProfile?.stop();

  // The floors: bare textareas, typed into the same way.
  const bareHistory = await bareTextarea(context, inHistory.typed, text);
  const bareEmpty = await bareTextarea(context, '', text);

  // A person's filter and sort on the 2,000-row tracker: from the input to
  // the painted count.
  const filterRuns = [];
  const sortRuns = [];
  await app.page.goto(`${relay.url}/d/${tracker}`);
  await app.expectRowCount('tasks', 2000, 120_000);
  for (let i = 0; i < HISTORY_RUNS; i++) {
    filterRuns.push(await timeRows(app.page, 'text', '模块 96 的', '20'));
    filterRuns.push(await timeRows(app.page, 'text', '', '2000'));
    sortRuns.push(await timeRows(app.page, 'sort', i % 2 ? 'task' : 'deadline', '2000'));
  }
  await app.page.getByTestId('row-query-clear').click();

  console.log('\n== app in Chromium (Performance API; 2,000-row tracker, 10,000-change text)');
  line('open 2,000-row tracker from IndexedDB to first paint, median', `${quantile(opens, 0.5).toFixed(1)} ms`);
  line('  the same, worst of ' + OPEN_RUNS, `${Math.max(...opens).toFixed(1)} ms`);
  const phase = (i) => quantile(openPhases.map((p) => p[i]), 0.5).toFixed(1) + ' ms';
  line('  of which reading IndexedDB, median', phase(0));
  line('  of which loading Automerge, median', phase(1));
  line('  of which rendering to paint, median', phase(2));
  line('  page navigation start (wasm start-up too) to that paint, median', `${quantile(loads, 0.5).toFixed(1)} ms`);
  printKeystrokes(`keystroke, ${KEYSTROKES} keys, text of 10,000 changes`, inHistory.figures);
  line('  (text length after typing, characters)', String(inHistory.typed.length));
  printKeystrokes('  the same keys, bare textarea with that text (floor)', bareHistory);
  printKeystrokes(`keystroke, ${KEYSTROKES} keys, notes of the 2,000-row tracker`, inTracker.figures);
  printKeystrokes('  the same keys, empty bare textarea (this machine\'s floor)', bareEmpty);
  line('filter 2,000 rows by text, input to painted count, median', ms(filterRuns));
  line('sort 2,000 rows by a column, choice to painted rows, median', ms(sortRuns));
}

// The fixtures are imported by a Node peer without a session: --open-sync.
const relay = await startRelay({ openSync: true });
const browser = await launchBrowser();
try {
  const tracker = ALL ? await importToRelay(relay.url, await fixtureBytes('tracker', 2000, 'ann')) : null;
  const typed = await importToRelay(relay.url, await fixtureBytes('typed', 10000, 'ann'));
  const context = await newContext(browser, { locale: 'zh-CN' });
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.page.addInitScript(definePaintedAfter);
  await app.signIn('ann');

  // First visit fetches from the relay and keeps it in IndexedDB.
  if (ALL) {
    await app.openDocument(tracker);
    await app.expectRowCount('tasks', 2000, 120_000);
  }
  await app.openDocument(typed);
  await app.fieldInput('notes').waitFor();
  if (ALL) await everythingButHistory(app, context, tracker, typed);

  // 留痕: a field's history from the tap to the painted list, in the
  // 10,000-change document: the notes (every change) and a field no change
  // touched (the whole history read to find none). First after a reload
  // (every change read), then reopened (the screen kept what it read).
  const historyRuns = {};
  for (const field of ['notes', 'project']) {
    const first = [];
    const again = [];
    for (let i = 0; i < HISTORY_RUNS; i++) {
      await app.page.goto(`${relay.url}/d/${typed}`);
      await app.field(field).getByTestId('history-open').waitFor();
      // One profile per field: its first open after the first reload.
      const historyProfile = i === 0 ? await CpuProfile.startIfAsked(app.page, `history-${field}`) : null;
      first.push(await timeHistory(app.page, field));
      await historyProfile?.stop();
      await app.page.getByTestId('history-close').click();
      again.push(await timeHistory(app.page, field));
    }
    historyRuns[field] = { first, again };
  }

  if (!ALL) console.log('\n== app in Chromium (Performance API; 10,000-change text; history only)');
  line('history of the notes (10,000 changes), tap to paint, median', ms(historyRuns.notes.first));
  line('  the same, reopened on the same screen, median', ms(historyRuns.notes.again));
  line('history of an untouched field, tap to paint, median', ms(historyRuns.project.first));
  line('  the same, reopened on the same screen, median', ms(historyRuns.project.again));
  await context.close();
} finally {
  await browser.close();
  await relay.stop();
}
