// Issue 20, the message centre: Zhou gives Bob a task and mentions him in a
// comment, in a tracker Bob never opened; Bob, signing in on a phone, sees
// both with an unread count; opening one marks it read, and his laptop
// shows it read too; "mark all read" clears the count; the centre opens
// offline after a reload.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ensurePerson } from '../support/accounts.mjs';
import { PHONE } from '../support/browser.mjs';
import { person, ZHOU } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const BOB = { id: 'bob', displayName: 'Bob Chen' };

function messages(app) {
  return app.page.getByTestId('message');
}

async function unreadIs(app, n) {
  await app.page.waitForFunction(
    (n) => {
      const badge = document.querySelector('[data-testid="messages-unread"]');
      return n === 0 ? badge === null : badge?.textContent.trim() === String(n);
    },
    n,
    { timeout: 30_000 },
  );
}

describe('the message centre', () => {
  const live = relayAndBrowser();

  test('tells me of a task and a mention in a document I never opened, read marks follow me', async () => {
    const { relay, browser } = live;
    await ensurePerson(relay.url, BOB.id, { displayName: BOB.displayName, departments: ['rd'] });
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });

    const id = await zhou.app.createDocument('task-tracker', '发布会筹备');
    await zhou.app.setField('project', '发布会');
    await zhou.app.addRow('tasks', { task: '订会场', owner: BOB.id, deadline: '2099-12-31' });
    await zhou.app.expectRowText('tasks', '订会场');
    await zhou.app.page.getByTestId('comment-input').fill('@bob 请确认会场预算');
    await zhou.app.page.getByTestId('comment-submit').click();
    await zhou.app.page.getByTestId('comment').first().waitFor();
    await zhou.app.expectSavedOnRelay();
    // Nothing is news to the one who did it.
    await zhou.app.page.getByTestId('messages-link').click();
    await zhou.app.page.getByTestId('messages-empty').waitFor({ timeout: 30_000 });

    // Bob's phone: both, unread.
    const phone = await person(browser, relay, BOB, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    await unreadIs(phone.app, 2);
    await phone.app.page.getByTestId('messages-link').click();
    await messages(phone.app).nth(1).waitFor();
    const kinds = await messages(phone.app).evaluateAll((ms) => ms.map((m) => m.dataset.kind).sort());
    assert.deepEqual(kinds, ['assigned', 'mention']);
    const mention = phone.app.page.locator('[data-testid="message"][data-kind="mention"]');
    assert.match(await mention.innerText(), /周敏 提到了您：@bob 请确认会场预算/);
    await saveScreens(phone.app.page, 'message-centre-zh-CN');

    // Opening the mention marks it read and opens the tracker.
    await mention.getByTestId('message-open').click();
    await phone.app.page.waitForURL(new RegExp(`/d/${id}$`));
    await unreadIs(phone.app, 1);

    // His laptop, in English: the mention is read there too.
    const laptop = await person(browser, relay, BOB, { context: { locale: 'en-US' } });
    await laptop.app.page.getByTestId('messages-link').click();
    await laptop.app.page.locator('[data-testid="message"][data-kind="mention"][data-read="true"]').waitFor({ timeout: 30_000 });
    await unreadIs(laptop.app, 1);
    assert.match(
      await laptop.app.page.locator('[data-testid="message"][data-kind="assigned"]').innerText(),
      /周敏 gave you the task “订会场”/,
    );
    await saveScreens(laptop.app.page, 'message-centre-en-US');
    await laptop.app.page.getByTestId('messages-read-all').click();
    await unreadIs(laptop.app, 0);

    // The phone, offline after a reload: the centre opens from what it kept.
    await phone.app.underServiceWorker(30_000);
    await phone.app.goto('/messages');
    await unreadIs(phone.app, 0);
    await phone.context.setOffline(true);
    await phone.app.page.reload();
    await messages(phone.app).nth(1).waitFor({ timeout: 30_000 });
    await phone.context.setOffline(false);

    for (const p of [zhou, phone, laptop]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });

  test('a document I follow tells me of others\' changes, grouped by the hour, until I stop', async () => {
    const { relay, browser } = live;
    const dan = { id: 'dan', displayName: '丁一' };
    await ensurePerson(relay.url, dan.id, { displayName: dan.displayName, departments: ['rd'] });
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });
    const id = await zhou.app.createDocument('task-tracker', '官网改版');
    await zhou.app.setField('project', '官网');
    await zhou.app.addRow('tasks', { task: '首页设计', owner: dan.id, deadline: '2099-12-31' });
    await zhou.app.expectRowText('tasks', '首页设计');
    await zhou.app.expectSavedOnRelay();

    // Dan opens the tracker from his assignment and follows it.
    const laptop = await person(browser, relay, dan, { context: { locale: 'en-US' }, account: { departments: ['rd'] } });
    await laptop.app.openDocument(id);
    const toggle = laptop.app.page.getByTestId('follow-toggle');
    await toggle.click();
    await laptop.app.page.locator('[data-testid="follow-toggle"][data-following="true"]').waitFor();
    await saveScreens(laptop.app.page, 'document-followed-en-US');

    // Zhou edits three times; Dan edits once (not news to him).
    for (const project of ['官网 2.0', '官网 2.1', '官网 2.2']) {
      await zhou.app.setField('project', project);
      await zhou.app.expectSavedOnRelay();
    }
    await laptop.app.setField('notes', 'Drafts by Friday');
    await laptop.app.expectSavedOnRelay();

    await laptop.app.page.getByTestId('messages-link').click();
    const followed = laptop.app.page.locator('[data-testid="message"][data-kind="followed"]');
    await followed.first().waitFor({ timeout: 30_000 });
    assert.equal(await followed.count(), 1, 'one message for the hour, not one per edit');
    assert.match(await followed.innerText(), /“官网改版” was changed \d+ times? by 周敏/);
    assert.doesNotMatch(await followed.innerText(), /丁一/, 'his own edits are not news');
    await saveScreens(laptop.app.page, 'message-centre-followed-en-US');

    // He stops following: the message goes.
    await laptop.app.openDocument(id);
    await laptop.app.page.locator('[data-testid="follow-toggle"][data-following="true"]').click();
    await laptop.app.page.locator('[data-testid="follow-toggle"][data-following="false"]').waitFor();
    await laptop.app.goto('/messages');
    await laptop.app.page.getByTestId('message').first().waitFor({ timeout: 30_000 });
    await laptop.app.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="message"][data-kind="followed"]').length === 0,
      null,
      { timeout: 30_000 },
    );

    for (const p of [zhou, laptop]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });

  // Last: it moves the relay's clock, which ends idle sessions.
  test("a deadline reminder comes when the relay's clock passes 3 days before it", async () => {
    const { relay, browser } = live;
    const DAY = 24 * 3600 * 1000;
    // The deadline, ten days on in the workspace's zone (Asia/Shanghai).
    const shanghai = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const deadline = shanghai(Date.now() + 10 * DAY);
    const carol = { id: 'carol', displayName: '林可' };
    await ensurePerson(relay.url, carol.id, { displayName: carol.displayName, departments: ['rd'] });
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });
    await zhou.app.createDocument('task-tracker', '年会筹备');
    await zhou.app.setField('project', '年会');
    await zhou.app.addRow('tasks', { task: '定年会场地', owner: carol.id, deadline });
    await zhou.app.expectRowText('tasks', '定年会场地');
    await zhou.app.expectSavedOnRelay();

    const phone = await person(browser, relay, carol, {
      context: { locale: 'zh-CN', viewport: PHONE },
      account: { departments: ['rd'] },
    });
    await phone.app.page.getByTestId('messages-link').click();
    await messages(phone.app).first().waitFor({ timeout: 30_000 });
    assert.equal(await phone.app.page.locator('[data-testid="message"][data-kind="due-soon"]').count(), 0);

    // Eight days later on the relay's clock the deadline is two days off.
    // Four days at a time: a session idle for seven days ends.
    for (let step = 0; step < 2; step++) {
      await relay.moveClock(4 * DAY);
      await phone.app.page.reload();
      await phone.app.page.getByTestId('message-centre').waitFor();
    }
    const reminder = phone.app.page.locator('[data-testid="message"][data-kind="due-soon"]');
    await reminder.waitFor({ timeout: 30_000 });
    assert.match(await reminder.innerText(), /任务「定年会场地」3 天内到期/);
    assert.equal(await reminder.count(), 1, 'one reminder for one task');
    await saveScreens(phone.app.page, 'message-centre-reminder-zh-CN');

    for (const p of [zhou, phone]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
