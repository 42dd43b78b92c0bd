// The task centre's figures for `cargo xtask bench` (printed, never asserted),
// measured in Debian Chromium against the real relay: a person who may read
// 200 trackers holding 20,000 rows in all, one row in ten theirs, opens the
// task centre (`/tasks`) from what the browser kept of the relay's last
// answer (local storage), as on a phone in the morning:
//  - offline (the service worker serves the app, nothing reaches the relay);
//  - online with the relay's answer held back, so the kept one is what paints.
//
// Each run is a fresh navigation to /tasks. Times are from navigation start
// (`performance.now()`'s origin, so wasm start-up is included) to: the first
// task item in the DOM (a MutationObserver installed before the page's own
// scripts); "painted", the end of the first frame rendered with the items
// (style, layout and paint done on the main thread), as the Long Animation
// Frames API reports a frame over 50 ms; and "the frame after", a task
// queued from the next animation frame after the items came, which ends up
// to a frame after that paint (as app-bench.mjs's open times are taken).
// (Element Timing would name the paint of the items' text exactly, but this
// headless Chromium reports no `element` entries.) The app is not changed.
import { launchBrowser, newContext } from '../support/browser.mjs';
import { centreFixtures, importAllToRelay } from '../support/import-doc.mjs';
import { startRelay } from '../support/relay.mjs';
import { ConcordPage } from '../pages/concord-page.mjs';
import { lines, ms, quantile } from './figures.mjs';

const READER = { id: 'lin', displayName: '林晓' };
const ROWS = 20_000;
const RUNS = 9;
/** How long the relay's answer is held back in the online runs. */
const HELD_MS = 5_000;

const line = lines();

/** Runs in every document before its scripts: when the first task item
 * enters the DOM, the paint that showed one, and the frame after. */
function watchFirstItem() {
  const item = () => document.querySelector('[data-testid="task-item"]');
  const frames = [];
  new PerformanceObserver((list) => frames.push(...list.getEntries())).observe({
    type: 'long-animation-frame',
    buffered: true,
  });
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const seen = new MutationObserver(async () => {
    if (!item()) return;
    seen.disconnect();
    const inDom = performance.now();
    await nextFrame();
    const frameAfter = performance.now();
    // Long frames are reported some time after they end.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rendered = frames.find((frame) => frame.renderStart >= inDom && frame.renderStart <= frameAfter);
    const wasm = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('_bg.wasm'));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    window.__centrePainted = {
      inDom,
      // A frame under 50 ms is not reported: the frame after is then near.
      painted: rendered ? rendered.startTime + rendered.duration : frameAfter,
      longFrame: rendered !== undefined,
      frameAfter,
      items: document.querySelectorAll('[data-testid="task-item"]').length,
      wasmFetched: wasm ? wasm.responseEnd : NaN,
      firstContentfulPaint: fcp ? fcp.startTime : NaN,
    };
  });
  seen.observe(document, { childList: true, subtree: true });
}

/** Waits until the service worker controls the page (the offline opens need
 * it). Now and then it has not taken control after a while: opening the
 * page again registers it again. */
async function untilServiceWorker(app) {
  for (let attempt = 1; ; attempt++) {
    try {
      await app.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await app.goto('/tasks');
    }
  }
}

/** Main-thread time by phase in one more open of /tasks, from a Chromium
 * trace (which slows it down: compare the phases with each other). */
const PHASES = [
  ['script (wasm start-up, reading the kept answer, building the list)', ['FunctionCall', 'EvaluateScript', 'v8.wasm.compileConsume']],
  ['style', ['UpdateLayoutTree']],
  ['layout', ['Layout']],
  ['pre-paint, paint and compositing inputs', ['PrePaint', 'Paint', 'Layerize', 'LocalFrameView::RunCompositingInputsLifecyclePhase']],
];

async function tracedOpen(browser, page, url) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(`${url}/tasks`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__centrePainted, null, { timeout: 60_000 });
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  const events = trace.traceEvents ?? trace;
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const total = new Map();
  for (const e of events) {
    if (e.ph === 'X' && main.has(`${e.pid}:${e.tid}`)) total.set(e.name, (total.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  return PHASES.map(([label, names]) => [label, names.reduce((sum, name) => sum + (total.get(name) ?? 0), 0)]);
}

/** `RUNS` opens of /tasks in `page`; each run's figures. */
async function opens(page, url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${url}/tasks`, { waitUntil: 'commit' });
    const figures = await page.waitForFunction(() => window.__centrePainted, null, { timeout: 60_000 });
    runs.push(await figures.jsonValue());
  }
  return runs;
}

function printOpens(label, runs, kept) {
  const of = (key) => runs.map((r) => r[key]);
  line(`${label}: first paint with the items, median`, ms(quantile(of('painted'), 0.5)));
  line(`  the same, worst of ${RUNS}`, ms(Math.max(...of('painted'))));
  line('  (runs whose frame was long enough to be reported)', `${of('longFrame').filter(Boolean).length} of ${RUNS}`);
  line('  to the frame after the items came, median', ms(quantile(of('frameAfter'), 0.5)));
  line('  first item in the DOM, median', ms(quantile(of('inDom'), 0.5)));
  line('  wasm fetched (from the service worker), median', ms(quantile(of('wasmFetched'), 0.5)));
  line('  first contentful paint (the app shell), median', ms(quantile(of('firstContentfulPaint'), 0.5)));
  const shown = [...new Set(of('items'))].join(', ');
  line('  items painted', `${shown} of ${kept}`);
}

const relay = await startRelay({ openSync: true });
const browser = await launchBrowser();
try {
  let started = performance.now();
  const documents = await centreFixtures(ROWS, READER.id);
  const made = performance.now() - started;
  started = performance.now();
  const ids = await importAllToRelay(relay.url, documents);
  const imported = performance.now() - started;

  const context = await newContext(browser, { locale: 'zh-CN' });
  const app = new ConcordPage(await context.newPage(), relay.url);
  const { page } = app;
  await app.signIn(READER.id, { displayName: READER.displayName });

  // Online once: the relay reads all the documents (its first read since
  // it started) and the app keeps its answer.
  started = performance.now();
  await app.goto('/tasks');
  await page.getByTestId('task-item').first().waitFor({ timeout: 300_000 });
  await page.waitForFunction(() => localStorage.getItem('concord.tasks') !== null, null, { timeout: 300_000 });
  const firstOnline = performance.now() - started;
  const keptAnswer = await page.evaluate(() => {
    const text = localStorage.getItem('concord.tasks');
    return { items: JSON.parse(text).value.items.length, chars: text.length };
  });
  // The relay's answer once it has every document's digest.
  const answers = [];
  for (let i = 0; i < 5; i++) {
    answers.push(
      await page.evaluate(async () => {
        const t0 = performance.now();
        const answer = await fetch('/api/tasks');
        await answer.json();
        return performance.now() - t0;
      }),
    );
  }
  await untilServiceWorker(app);
  await context.addInitScript(watchFirstItem);

  await context.setOffline(true);
  const offline = await opens(page, relay.url);
  const phases = await tracedOpen(browser, page, relay.url);
  await context.setOffline(false);

  await context.route('**/api/tasks', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, HELD_MS));
    // The page may have moved on to the next run: nobody waits for this answer.
    await route.continue().catch(() => {});
  });
  const held = await opens(page, relay.url);
  await context.unroute('**/api/tasks');

  console.log(
    `\n== task centre in Chromium (${ids.length} trackers, ${ROWS.toLocaleString('en')} rows, ` +
      `${READER.id} owns one row in ten; target: first paint under 200 ms)`,
  );
  line('seeding: trackers made (kept between runs)', ms(made));
  line(`  imported into the relay over one connection`, ms(imported));
  line('items in the centre (the relay\'s answer, kept)', String(keptAnswer.items));
  line('  kept answer in local storage, characters', String(keptAnswer.chars));
  line('first open online, relay reading every tracker, to the items', ms(firstOnline));
  line('GET /api/tasks once the relay holds every digest, median', ms(quantile(answers, 0.5)));
  printOpens('offline, from local storage', offline, keptAnswer.items);
  line('  main thread in one traced offline open (slowed by tracing):', '');
  for (const [label, spent] of phases) line(`    ${label}`, ms(spent));
  printOpens(`online, relay's answer held back ${HELD_MS / 1000} s`, held, keptAnswer.items);
  await context.close();
} finally {
  await browser.close();
  await relay.stop();
}
