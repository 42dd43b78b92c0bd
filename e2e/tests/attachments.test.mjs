// Issue 22, attachments: a file attached offline waits in the browser (the
// document names it at once and shows it as waiting), uploads once the
// relay is back, and a second person, in their own browser, downloads the
// very same bytes and sees the picture's preview.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';

import { DESKTOP, PHONE } from '../support/browser.mjs';
import { person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const CHEN = { id: 'chen.jing', displayName: '陈静' };
const ZHAO = { id: 'zhao.lei', displayName: '赵磊' };

/** A small real PNG (a blue and orange checkerboard), so a preview has pixels. */
function png(size = 24) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(Buffer.concat([Buffer.from(type, 'ascii'), data])), 0);
    return Buffer.concat([head, data, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = [0];
    for (let x = 0; x < size; x += 1) {
      row.push(...(((x >> 2) + (y >> 2)) % 2 ? [0x1d, 0x4e, 0xd8] : [0xf5, 0x9e, 0x0b]));
    }
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The attachment named `name` in the form field `fieldId`. */
function attachment(app, fieldId, name) {
  return app.field(fieldId).locator(`[data-testid="attachment"][data-name="${name}"]`);
}

/** Waits until the attachment is in `state` (waiting, stored, refused). */
async function expectState(app, fieldId, name, state, timeout = 30_000) {
  await attachment(app, fieldId, name).and(app.page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
}

/** Waits until the attachment's preview shows a decoded picture; its `src`. */
async function previewShown(app, fieldId, name) {
  const img = attachment(app, fieldId, name).getByTestId('attachment-preview');
  await img.waitFor();
  await app.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), {
    timeout: 20_000,
  });
  return img.getAttribute('src');
}

describe('attachments', () => {
  const live = relayAndBrowser();

  test('a file attached offline uploads on reconnect, and another person downloads the same bytes', async () => {
    const { relay, browser } = live;
    // Zhao first, so that Chen's directory knows him.
    const zhao = await person(browser, relay, ZHAO, {
      context: { locale: 'en-US', viewport: DESKTOP, acceptDownloads: true },
    });
    const chen = await person(browser, relay, CHEN, {
      context: { locale: 'zh-CN', viewport: PHONE, acceptDownloads: true },
    });
    const a = chen.app;
    const id = await a.createDocument('internal-notice', '十月 现场检查 通知');
    await a.share(ZHAO.id, 'viewer');
    await a.expectSavedOnRelay();

    // Offline: the files are kept here and named in the document at once.
    await chen.context.setOffline(true);
    await a.page.getByTestId('sync-status').and(a.page.locator('[data-online="false"]')).waitFor();
    const photo = png();
    const contract = Buffer.from('合同 草案\n第一条：按期交付。\n', 'utf8');
    await a.field('attachments').getByTestId('attach-file').setInputFiles([
      { name: '现场 照片.png', mimeType: 'image/png', buffer: photo },
      { name: '合同 草案.txt', mimeType: 'text/plain', buffer: contract },
    ]);
    await expectState(a, 'attachments', '现场 照片.png', 'waiting');
    await expectState(a, 'attachments', '合同 草案.txt', 'waiting');
    await a.field('attachments').getByTestId('attachment-waiting').first().filter({ hasText: '等待上传' }).waitFor();
    assert.equal(await a.field('attachments').getByTestId('attachment-download').count(), 0, 'no link yet');
    const pendingSrc = await previewShown(a, 'attachments', '现场 照片.png');
    assert.match(pendingSrc, /^blob:/, 'the preview comes from the bytes kept here');
    assert.equal(
      await attachment(a, 'attachments', '现场 照片.png').getAttribute('data-sha256'),
      sha256(photo),
      'the browser hashed the very bytes',
    );
    await a.page.waitForFunction(() =>
      document.querySelector('[data-testid="doc-save-status"]')?.dataset.savedOnDevice === 'true');
    await saveScreens(a.page, 'attachments-pending-zh-CN');
    await a.page.getByTestId('lang-en').click();
    await a.field('attachments').getByTestId('attachment-waiting').first().filter({ hasText: 'Waiting to upload' }).waitFor();
    await saveScreens(a.page, 'attachments-pending-en-US');
    await a.page.getByTestId('lang-zh-CN').click();

    // Back online: both go up, and the document reaches the relay.
    await chen.context.setOffline(false);
    await expectState(a, 'attachments', '现场 照片.png', 'stored');
    await expectState(a, 'attachments', '合同 草案.txt', 'stored');
    await a.expectSavedOnRelay();
    const storedSrc = await previewShown(a, 'attachments', '现场 照片.png');
    assert.match(storedSrc, new RegExp(`/api/documents/.+/files/${sha256(photo)}`), 'now from the relay');
    await saveScreens(a.page, 'attachments-uploaded-zh-CN');

    // Zhao, in his own browser, downloads the same bytes and sees the picture.
    const b = zhao.app;
    await b.openDocument(id);
    await expectState(b, 'attachments', '合同 草案.txt', 'stored');
    for (const [name, bytes] of [['合同 草案.txt', contract], ['现场 照片.png', photo]]) {
      const offered = b.page.waitForEvent('download');
      await attachment(b, 'attachments', name).getByTestId('attachment-download').click();
      const download = await offered;
      assert.equal(download.suggestedFilename(), name);
      const got = await readFile(await download.path());
      assert.ok(got.equals(bytes), `${name}: the same bytes`);
      assert.equal(sha256(got), sha256(bytes));
    }
    await previewShown(b, 'attachments', '现场 照片.png');
    // A viewer may not attach.
    assert.ok(await b.field('attachments').getByTestId('attach-file').isDisabled());
    await saveScreens(b.page, 'attachments-uploaded-en-US');

    // Chen removes the contract: it leaves Zhao's screen, and the relay no
    // longer hands it out through this document.
    const contractUrl = await attachment(b, 'attachments', '合同 草案.txt')
      .getByTestId('attachment-download')
      .getAttribute('href');
    await attachment(a, 'attachments', '合同 草案.txt').getByTestId('attachment-remove').click();
    await a.expectSavedOnRelay();
    await attachment(b, 'attachments', '合同 草案.txt').waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(await b.field('attachments').getByTestId('attachment').count(), 1);
    const gone = await zhao.context.request.get(new URL(contractUrl, relay.url).href);
    assert.equal(gone.status(), 404);
    assert.equal((await gone.json()).error, 'no-such-file');

    assert.deepEqual(chen.context.pageErrors, []);
    assert.deepEqual(zhao.context.pageErrors, []);
    await chen.context.close();
    await zhao.context.close();
  });
});
