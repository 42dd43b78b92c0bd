// The app's figures for `cargo xtask bench` (printed, never asserted), measured
// in Debian Chromium with the Performance API against the real relay, on a
// desktop (1280×800) and on a phone (390×844, the CPU slowed 4× by Chromium's
// throttling: a mid-range phone):
//  - opening a 2,000-row tracker from IndexedDB: from the app starting to open
//    it (the `concord-open-start` mark) to the first paint with its rows, and
//    from navigation start (wasm start-up included) to that paint; when it
//    takes input (the first paint, or the end of the last main-thread task
//    over 50 ms that began within a second after it), and the longest task
//    until then (Long Tasks API: tasks under 50 ms are not reported);
//  - keystroke to paint in a long text whose history has 10,000 changes, in
//    the long text of the 2,000-row tracker and in a cell of one of its rows
//    (a keystroke must not cost in proportion to the rows), each next to a
//    bare textarea holding the same text or an empty one, as wide as the
//    app's field and in its type, on a page with the app's viewport: what
//    this browser on this machine takes anyway.
//
// Keys are paced: each is typed once the one before it is on screen (and
// 15 ms later), as a person's are. Typed faster than a slow page paints,
// they would queue, and each key's latency would count its wait behind the
// keys before it: a figure of the typing speed, not of the page.
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
// CONCORD_BENCH_DEVICE=desktop (or phone) measures on that device alone.
import { ConcordPage } from '../pages/concord-page.mjs';
import { DESKTOP, PHONE, launchBrowser, newContext } from '../support/browser.mjs';
import { fixtureBytes, importToRelay } from '../support/import-doc.mjs';
import { startRelay } from '../support/relay.mjs';
import { CpuProfile } from './cpu-profile.mjs';
import { definePaintedAfter, lines, quantile } from './figures.mjs';

const ONLY = process.env.CONCORD_BENCH_ONLY;
if (ONLY && ONLY !== 'history') throw new Error(`CONCORD_BENCH_ONLY: only 'history' is known, not '${ONLY}'`);
/** Every figure, unless CONCORD_BENCH_ONLY asks for the history alone. */
const ALL = !ONLY;

/** Where the open and keystroke figures are measured. */
const DEVICES = [
  { label: 'desktop 1280×800', context: { viewport: DESKTOP }, cpuSlowdown: 1, opens: 7, keys: 300 },
  {
    label: 'phone 390×844, CPU 4× slower',
    context: { viewport: PHONE, isMobile: true, hasTouch: true },
    cpuSlowdown: 4,
    opens: 5,
    keys: 120,
  },
];

const line = lines(58);
/** The median of `xs`, in ms. */
const ms = (xs) => `${quantile(xs, 0.5).toFixed(1)} ms`;

/** Types `keys` characters of `text` into the focused field of `page`:
 * for each, the time from its `beforeinput` event to the frame after it
 * (`frameAfter`), and the Event Timing durations of those of 16 ms or more
 * (`slowPaints`). */
async function keystrokeLatencies(page, text, keys) {
  await page.evaluate(() => {
    window.__latencies = [];
    window.__slowPaints = [];
    // Once per page: a second field typed into on it reuses the listeners.
    if (window.__keystrokesObserved) return;
    window.__keystrokesObserved = true;
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
  for (let i = 0; i < keys; i++) {
    await page.keyboard.type(text[i % text.length]);
    // Paced as a person types: the next key once this one is on screen.
    await page.waitForFunction((n) => window.__latencies.length > n, i, { timeout: 120_000 });
    await page.waitForTimeout(15);
  }
  // Event Timing entries are delivered after their paint.
  await page.waitForTimeout(500);
  const [frameAfter, slowPaints] = await page.evaluate(() => [window.__latencies, window.__slowPaints]);
  return { frameAfter, slowPaints };
}

/** Keystroke figures of one run, printed under `label`; with the floor's
 * figures, how far above them. */
function printKeystrokes(label, { frameAfter, slowPaints }, floor) {
  line(`${label}: to the frame after, p50`, `${quantile(frameAfter, 0.5).toFixed(1)} ms`);
  line('  p99', `${quantile(frameAfter, 0.99).toFixed(1)} ms`);
  if (floor) {
    const over = (q) => (quantile(frameAfter, q) - quantile(floor.frameAfter, q)).toFixed(1);
    line('  above the floor, p50 / p99', `${over(0.5)} / ${over(0.99)} ms`);
  }
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

/** On a phone, Chromium runs `page` `slowdown` times slower. */
async function slowCpu(page, slowdown) {
  if (slowdown === 1) return;
  const session = await page.context().newCDPSession(page);
  await session.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
}

/** The same keys typed into a bare textarea holding `value`, shaped as
 * the app's field (`look`: its width and type, see `typeInto`): a text
 * wraps, and costs, by its width and its font. The page has the app's
 * viewport, so a phone lays it out at the phone's width as it does the app. */
async function bareTextarea(context, device, value, text, look) {
  const bare = await context.newPage();
  await slowCpu(bare, device.cpuSlowdown);
  await bare.setContent(
    '<meta name="viewport" content="width=device-width, initial-scale=1"><textarea id="bare" rows="4"></textarea>',
  );
  await bare.evaluate(
    ([look, v]) => {
      const area = document.getElementById('bare');
      area.style.cssText = look;
      area.value = v;
    },
    [look, value],
  );
  await bare.click('#bare');
  await bare.keyboard.press('End');
  const figures = await keystrokeLatencies(bare, text, device.keys);
  await bare.close();
  return figures;
}

/** Clicks the end of the form field `fieldId`, types, and returns the figures and the text. */
async function typeInto(app, fieldId, text, keys) {
  const field = app.fieldInput(fieldId);
  await field.waitFor();
  await field.click();
  await field.press('End');
  const figures = await keystrokeLatencies(app.page, text, keys);
  const typed = await field.inputValue();
  // Its box and type, for the floor's bare textarea.
  const look = await field.evaluate((el) => {
    const style = getComputedStyle(el);
    const copied = ['font-family', 'font-size', 'line-height', 'letter-spacing', 'padding', 'border', 'box-sizing'];
    const width = `width: ${el.getBoundingClientRect().width}px`;
    return [width, ...copied.map((name) => `${name}: ${style.getPropertyValue(name)}`)].join('; ');
  });
  return { figures, typed, look };
}

/** Opens the first row of the tracker and types into its task cell. */
async function typeIntoCell(app, text, keys) {
  await app.rows('tasks').first().click();
  const sheet = app.page.getByTestId('row-sheet');
  const cell = sheet.locator('[data-testid="field"][data-field-id="task"] [data-testid="field-input"]');
  await cell.click();
  await cell.press('End');
  const figures = await keystrokeLatencies(app.page, text, keys);
  await sheet.getByTestId('row-sheet-close').click();
  return figures;
}

/** Put in every page: the Long Tasks API's tasks from the start. */
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
  }).observe({ type: 'longtask' });
}

/** How long a fixed loop takes on `page`, in ms (the median of three):
 * the CPU slowdown, compared across devices. */
async function loopMs(page) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(
      await page.evaluate(() => {
        const start = performance.now();
        let sum = 0;
        for (let i = 0; i < 5e6; i++) sum += i % 7;
        return performance.now() - start + (sum < 0 ? 1 : 0);
      }),
    );
  }
  return quantile(runs, 0.5);
}

/** One open of the tracker by navigation: its phases, in ms. */
async function openTracker(page, tracker) {
  await page.goto(`${relay.url}/d/${tracker}`);
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const painted = () =>
          requestAnimationFrame(() =>
            setTimeout(() => {
              const paint = performance.now();
              const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
              const start = at('concord-open-start');
              // Phases: IndexedDB read, Automerge load, then render to paint.
              const phases = [at('concord-open-read') - start, at('concord-open-loaded') - at('concord-open-read'), paint - at('concord-open-loaded')];
              // Input is taken once the tasks that follow the paint are done.
              setTimeout(() => {
                const tasks = window.__longTasks.filter(([begin]) => begin < paint + 1000);
                const inputReady = Math.max(paint, ...tasks.map(([begin, length]) => begin + length));
                const longest = Math.max(0, ...tasks.filter(([begin]) => begin < inputReady).map(([, length]) => length));
                // The kept first screen (index.html) is painted by the browser's first contentful paint.
                const kept = performance.getEntriesByName('concord-first-screen').length > 0;
                const firstPaint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
                resolve({ fromOpen: paint - start, fromNavigation: paint, phases, inputReady, longest, kept, firstPaint });
              }, 1200);
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
}

/**
 * Opening the tracker and keystrokes in both documents and on bare
 * textareas, on `device`, in a context of its own: printed. Returns the
 * fixed loop's median time, to compare the devices' CPU.
 */
async function deviceFigures(device, tracker, typed) {
  const context = await newContext(browser, { locale: 'zh-CN', ...device.context });
  const app = new ConcordPage(await context.newPage(), relay.url);
  await app.page.addInitScript(definePaintedAfter);
  await app.page.addInitScript(observeLongTasks);
  await app.signIn('ann');
  // First visit fetches from the relay and keeps it in IndexedDB.
  await app.openDocument(tracker);
  await app.expectRowCount('tasks', 2000, 120_000);
  await app.openDocument(typed);
  await app.fieldInput('notes').waitFor();
  await slowCpu(app.page, device.cpuSlowdown);

  // The floor of a first paint: this page where nothing is kept (the
  // "loading" line of index.html), same stylesheets, same browser.
  const plainPaints = [];
  for (let i = 0; i < 3; i++) {
    await app.page.goto(`${relay.url}/d/none`);
    plainPaints.push(
      await app.page.evaluate(async () => {
        const fcp = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        while (fcp() === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
        return fcp();
      }),
    );
  }
  const opens = [];
  const openProfile = await CpuProfile.startIfAsked(app.page, `open-${device.cpuSlowdown}x`);
  for (let i = 0; i < device.opens; i++) opens.push(await openTracker(app.page, tracker));
  await openProfile?.stop();
  const loop = await loopMs(app.page);
  // What keeping the tracker's first screen costs: one task, every time the
  // document has been still for a moment, and its size in localStorage.
  await app.rows('tasks').first().waitFor();
  const keeping = await app.page.evaluate(() => {
    const start = performance.now();
    window.concordFirstScreen.keep('bench', 'bench');
    const took = performance.now() - start;
    const chars = localStorage.getItem('concord.first-screen.bench.bench')?.length ?? 0;
    window.concordFirstScreen.drop('bench', 'bench');
    return { took, chars };
  });

  const text = '会议结论：下周一发布 release notes。';
  await app.page.goto(`${relay.url}/d/${typed}`);
  const keyProfile = await CpuProfile.startIfAsked(app.page, `keystrokes-${device.cpuSlowdown}x`);
  const inHistory = await typeInto(app, 'notes', text, device.keys);
  await keyProfile?.stop();
  await app.page.goto(`${relay.url}/d/${tracker}`);
  await app.expectRowCount('tasks', 2000, 120_000);
  const trackerProfile = await CpuProfile.startIfAsked(app.page, `tracker-keystrokes-${device.cpuSlowdown}x`);
  const inTracker = await typeInto(app, 'notes', text, device.keys);
  const inCell = await typeIntoCell(app, text, device.keys);
  await trackerProfile?.stop();

  // The floors: bare textareas, typed into the same way.
  const bareHistory = await bareTextarea(context, device, inHistory.typed, text, inHistory.look);
  const bareEmpty = await bareTextarea(context, device, '', text, inTracker.look);
  await context.close();

  console.log(`\n== app in Chromium, ${device.label} (2,000-row tracker, 10,000-change text)`);
  const median = (pick) => quantile(opens.map(pick), 0.5);
  line('open 2,000-row tracker from IndexedDB to first paint, median', ms(opens.map((o) => o.fromOpen)));
  line(`  the same, worst of ${device.opens}`, `${Math.max(...opens.map((o) => o.fromOpen)).toFixed(1)} ms`);
  for (const [i, what] of ['reading IndexedDB', 'loading Automerge', 'rendering to paint'].entries()) {
    line(`  of which ${what}, median`, `${median((o) => o.phases[i]).toFixed(1)} ms`);
  }
  line('  navigation start (wasm start-up too) to that paint, median', `${median((o) => o.fromNavigation).toFixed(1)} ms`);
  const kept = opens.filter((o) => o.kept);
  line('  opens that painted the kept first screen first', `${kept.length} of ${opens.length}`);
  if (kept.length) {
    line('  navigation start to that first screen painted, median', ms(kept.map((o) => o.firstPaint)));
    line('  the page\'s first paint with nothing kept (floor), median', ms(plainPaints));
  }
  line('  navigation start to taking input, median', `${median((o) => o.inputReady).toFixed(1)} ms`);
  const longest = median((o) => o.longest);
  line('  longest main-thread task until then, median', longest ? `${longest.toFixed(1)} ms` : 'none over 50 ms');
  line('  the same, worst', `${Math.max(...opens.map((o) => o.longest)).toFixed(1)} ms`);
  line('keeping the tracker\'s first screen: one task of', ms([keeping.took]));
  line('  its HTML, characters', String(keeping.chars));
  printKeystrokes(`keystroke, ${device.keys} keys, text of 10,000 changes`, inHistory.figures, bareHistory);
  line('  (text length after typing, characters)', String(inHistory.typed.length));
  printKeystrokes('  the same keys, bare textarea with that text (floor)', bareHistory);
  printKeystrokes(`keystroke, ${device.keys} keys, notes of the 2,000-row tracker`, inTracker.figures, bareEmpty);
  printKeystrokes(`keystroke, ${device.keys} keys, a cell of the 2,000-row tracker`, inCell, bareEmpty);
  printKeystrokes('  the same keys, empty bare textarea (this machine\'s floor)', bareEmpty);
  return loop;
}

/** A person's filter and sort on the 2,000-row tracker: from the input to the painted count. */
async function rowFigures(app, tracker) {
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
  console.log('\n== app in Chromium, desktop: the 2,000 rows');
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
    const only = process.env.CONCORD_BENCH_DEVICE;
    const devices = DEVICES.filter((d) => !only || d.label.startsWith(only));
    if (!devices.length) throw new Error(`CONCORD_BENCH_DEVICE: 'desktop' or 'phone', not '${only}'`);
    const loops = [];
    for (const device of devices) loops.push(await deviceFigures(device, tracker, typed));
    if (loops.length === 2) {
      console.log('');
      line('CPU slowdown as measured (a fixed loop, phone over desktop)', `${(loops[1] / loops[0]).toFixed(1)}×`);
    }
    await rowFigures(app, tracker);
  }
  await app.openDocument(typed);
  await app.fieldInput('notes').waitFor();

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
