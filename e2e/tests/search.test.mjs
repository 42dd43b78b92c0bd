// Issue 21, search: a two-character Chinese word and a one-character name
// find their documents across everything the person may read, with where
// they matched, and open there; offline too. A document the person may not
// read is never found, whatever the query.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DESKTOP, PHONE } from '../support/browser.mjs';
import { LINA, WANG, person } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

async function found(app, n) {
  await app.page.locator(`[data-testid="search-count"][data-found="${n}"]`).waitFor({ timeout: 30_000 });
}

describe('search', () => {
  const live = relayAndBrowser();

  test('Chinese words, names, access and offline', async () => {
    const { relay, browser } = live;
    const wang = await person(browser, relay, WANG, {
      context: { locale: 'en-US', viewport: DESKTOP },
      account: { departments: ['ops'] },
    });
    const lina = await person(browser, relay, LINA, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    // Li Na's own tracker, and one Wang Fang shares with her.
    const mine = await lina.app.createDocument('task-tracker', '二期交付');
    await lina.app.setField('project', '交付二期');
    await lina.app.addRow('tasks', { task: '准备验收材料' });
    // A tag, put on under the title; an empty one is explained, not kept.
    const tagInput = lina.app.page.getByTestId('doc-tag-input');
    await tagInput.fill('   ');
    await tagInput.press('Enter');
    await lina.app.page.getByTestId('doc-tag-problem').waitFor();
    await tagInput.fill(' 里程碑 ');
    await tagInput.press('Enter');
    await lina.app.page.locator('[data-testid="doc-tag"][data-tag="里程碑"]').waitFor();
    await lina.app.expectSavedOnRelay();
    await saveScreens(lina.app.page, 'doc-tags-zh-CN');
    const shared = await wang.app.createDocument('meeting-minutes', '周会纪要');
    await wang.app.setField('meeting', '张总主持的周会');
    await wang.app.share(LINA.id, 'viewer');
    // And one she may not read, full of the same words.
    const secret = await wang.app.createDocument('task-tracker', '验收 张 机密');
    await wang.app.setField('project', '验收张三');
    await wang.app.page.getByTestId('doc-tag-input').fill('里程碑');
    await wang.app.page.getByTestId('doc-tag-input').press('Enter');
    await wang.app.page.locator('[data-testid="doc-tag"][data-tag="里程碑"]').waitFor();
    await wang.app.expectSavedOnRelay();

    // On her phone, from the search box of the home screen.
    await lina.app.goto('/');
    await lina.app.page.getByTestId('home-search-input').fill('验收');
    await lina.app.page.getByTestId('home-search-input').press('Enter');
    const input = lina.app.page.getByTestId('search-input');
    await found(lina.app, 1);
    const result = lina.app.page.locator(`[data-testid="search-result"][data-doc-id="${mine}"]`);
    assert.match(await result.innerText(), /准备验收材料/);
    assert.equal(await result.locator('[data-testid="search-hit"][data-kind="row"]').count(), 1);
    await saveScreens(lina.app.page, 'search-zh-CN');

    // Tags are searched as titles are.
    await input.fill('里程碑');
    await found(lina.app, 1);
    assert.equal(await result.locator('[data-testid="search-hit"][data-kind="tags"]').count(), 1);

    // One character: the name in the minutes shared with her (fetched from the relay).
    await input.fill('张');
    await found(lina.app, 1);
    await lina.app.page.locator(`[data-testid="search-result"][data-doc-id="${shared}"]`).waitFor();
    // Never the document she may not read, whatever she types.
    for (const q of ['机密', '张三', '里程碑', "验收' OR 1=1 --", '%', '验收 张']) {
      await input.fill(q);
      await lina.app.page.waitForTimeout(50);
      assert.equal(
        await lina.app.page.locator(`[data-testid="search-result"][data-doc-id="${secret}"]`).count(),
        0,
        q,
      );
    }

    // Offline: what the browser holds is searched all the same.
    await lina.context.setOffline(true);
    await input.fill('验收');
    await found(lina.app, 1);
    await lina.app.page.locator('[data-testid="search-note"][data-kind="device-only"]').waitFor();
    assert.match(await lina.app.page.getByTestId('search-note').innerText(), /离线：只搜索了此设备上的 \d+ 个文档/);
    await saveScreens(lina.app.page, 'search-offline-zh-CN');
    // A result opens the row it matched.
    await result.locator('[data-testid="search-hit"][data-kind="row"] a').click();
    await lina.app.page.getByTestId('row-sheet').waitFor();
    await lina.context.setOffline(false);

    // On a desktop, from the top bar.
    await wang.app.goto('/');
    await wang.app.page.getByTestId('search-link').click();
    await wang.app.page.getByTestId('search-input').fill('验收');
    await found(wang.app, 1);
    await wang.app.page.locator(`[data-testid="search-result"][data-doc-id="${secret}"]`).waitFor();
    await saveScreens(wang.app.page, 'search-en');

    await lina.context.close();
    await wang.context.close();
  });
});
