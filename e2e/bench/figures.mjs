// What the browser benchmarks share: quantiles, their printed lines, and a
// timer from an act to the frame that shows its result.

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** A printer of `label value` lines, labels padded to `width`. */
export function lines(width = 68) {
  return (label, value) => console.log(`${label.padEnd(width)} ${value.padStart(14)}`);
}

export const ms = (v) => `${v.toFixed(1)} ms`;

/**
 * Put in every page (`addInitScript`): `window.paintedAfter(act, ready)`
 * does `act`, then resolves with the milliseconds until `ready()` holds and
 * the frame showing it is painted.
 */
export function definePaintedAfter() {
  window.paintedAfter = (act, ready) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      // A figure that never comes fails the bench, saying what was shown,
      // rather than hanging it.
      const late = setTimeout(() => {
        seen.disconnect();
        reject(new Error(`not ready within 120 s; shown: ${document.querySelector('main')?.innerText.slice(0, 400)}`));
      }, 120_000);
      const painted = () => {
        clearTimeout(late);
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
      };
      const seen = new MutationObserver(() => {
        if (ready()) {
          seen.disconnect();
          painted();
        }
      });
      seen.observe(document.body, { childList: true, subtree: true, attributes: true });
      act();
      if (ready()) {
        seen.disconnect();
        painted();
      }
    });
}
