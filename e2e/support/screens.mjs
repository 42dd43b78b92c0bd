// Saves a screenshot of a screen at phone and desktop size under e2e/artifacts/.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DESKTOP, PHONE } from './browser.mjs';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export async function saveScreens(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  // A full-page shot draws the sticky top bar where the window is scrolled
  // to, over the page; from the top it sits where a person sees it.
  const scrolled = await page.evaluate(() => [window.scrollX, window.scrollY]);
  await page.evaluate(() => window.scrollTo(0, 0));
  const saved = [];
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    const path = join(ARTIFACTS, `${name}-${label}.png`);
    await page.screenshot({ path, fullPage: true });
    saved.push(path);
  }
  if (original) await page.setViewportSize(original);
  await page.evaluate(([x, y]) => window.scrollTo(x, y), scrolled);
  return saved;
}
