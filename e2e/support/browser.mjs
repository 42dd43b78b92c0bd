// Debian's Chromium, launched the way this machine allows (no downloads, no sandbox as root).
import { chromium } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launchBrowser() {
  // Playwright gives every launch its own fresh, temporary user-data dir.
  return chromium.launch({
    executablePath: process.env.CONCORD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/// A new context (a separate person's browser profile) that fails the test on page errors.
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  context.pageErrors = [];
  context.on('page', (page) => trackErrors(page, context.pageErrors));
  return context;
}

function trackErrors(page, errors) {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
}
