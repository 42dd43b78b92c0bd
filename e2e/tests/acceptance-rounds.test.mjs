// Issue 19, the acceptance to its end, each person in their own browser:
// an acceptor fails it with revision comments and a re-acceptance date (a
// date past 3 working days is refused on screen, before anything is sent),
// the deliverer resubmits, both acceptors sign in round 2 and it passes;
// then the deliverer sends each acceptor a feedback form, which the acceptor
// finds on their home screen, rates and submits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE } from '../support/browser.mjs';
import { person, transition } from '../support/people.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

const ZHOU = { id: 'zhou', displayName: '周敏' };
const BOB = { id: 'bob', displayName: 'Bob Chen' };
const CAROL = { id: 'carol', displayName: '林可' };

async function expectStatus(app, status) {
  await app.page
    .locator(`[data-testid="workflow-status"][data-status="${status}"]`)
    .waitFor({ timeout: 30_000 });
}

/** Today in Shanghai, and the day `n` working days (Mon–Fri) after it, as YYYY-MM-DD. */
function shanghaiDays(n) {
  const today = new Date(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()) + 'T00:00:00Z',
  );
  const day = new Date(today);
  for (let left = n; left > 0; ) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left -= 1;
  }
  const text = (d) => d.toISOString().slice(0, 10);
  const far = new Date(today);
  far.setUTCDate(far.getUTCDate() + 20);
  return { within: text(day), tooLate: text(far) };
}

describe('a deliverable acceptance', () => {
  const live = relayAndBrowser();

  test('fails with a re-acceptance date, passes in round 2, and asks the acceptors for feedback', async () => {
    const { relay, browser } = live;
    const zhou = await person(browser, relay, ZHOU, { context: { locale: 'zh-CN' }, account: { departments: ['rd'] } });
    const bob = await person(browser, relay, BOB, {
      context: { locale: 'en-US', viewport: PHONE },
      account: { departments: ['qa'] },
    });
    const carol = await person(browser, relay, CAROL, { context: { locale: 'zh-CN' }, account: { departments: ['ops'] } });

    // Zhou delivers and names the acceptors.
    const id = await zhou.app.createDocument('deliverable-acceptance', '报表导出 验收');
    await zhou.app.setField('deliverable', '报表导出');
    await zhou.app.setField('version', 'V2');
    await zhou.app.setField('delivered_at', '2026-12-03 10:00');
    await zhou.app.setField('delivered_by', ZHOU.id);
    await zhou.app.setField('self_check', '全部用例通过');
    await zhou.app.setField('acceptors', `${BOB.id}, ${CAROL.id}`);
    await transition(zhou.app, 'submit').click();
    await expectStatus(zhou.app, 'in_acceptance');
    await zhou.app.expectSavedOnRelay();

    // Bob fails it; a re-acceptance date past 3 working days is refused on screen.
    const { within, tooLate } = shanghaiDays(3);
    await bob.app.openDocument(id);
    await expectStatus(bob.app, 'in_acceptance');
    await bob.app.setField('revision_comments', 'Totals are off by one cent');
    await bob.app.setField('reacceptance_date', tooLate);
    const said = bob.app.field('reacceptance_date').getByTestId('field-problem');
    await said.waitFor();
    assert.match(await said.innerText(), /Re-acceptance date.*2026|working day/);
    await saveScreens(bob.app.page, 'acceptance-date-refused-en-US');
    await bob.app.setField('reacceptance_date', within);
    await bob.app.page.getByTestId('field-problem').waitFor({ state: 'detached' });
    await transition(bob.app, 'fail').click();
    await bob.app.page.getByTestId('reason-input').fill('Rounding is wrong');
    await bob.app.page.getByTestId('reason-submit').click();
    await expectStatus(bob.app, 'revision');
    await bob.app.expectSavedOnRelay();

    // Zhou reads what to change and by when, revises and resubmits: round 2.
    await expectStatus(zhou.app, 'revision');
    await zhou.app.expectField('revision_comments', 'Totals are off by one cent');
    await zhou.app.expectField('reacceptance_date', within);
    await saveScreens(zhou.app.page, 'acceptance-revision-zh-CN');
    await zhou.app.setField('version', 'V2.1');
    await transition(zhou.app, 'resubmit').click();
    await expectStatus(zhou.app, 'in_acceptance');
    await zhou.app.expectSavedOnRelay();

    // Both acceptors sign; the last signature passes it.
    for (const p of [bob, carol]) {
      await p.app.openDocument(id);
      await expectStatus(p.app, 'in_acceptance');
      await transition(p.app, 'sign').click();
      await p.app.page.getByTestId('step-confirm').click();
      await p.app.page.locator(`[data-testid="signoff"][data-by="${p === bob ? BOB.id : CAROL.id}"]`).waitFor();
      await p.app.expectSavedOnRelay();
    }
    await expectStatus(carol.app, 'accepted');
    // The signatures that passed it stay on the page, with names and times.
    assert.equal(await carol.app.page.getByTestId('signoff').count(), 2);
    await saveScreens(carol.app.page, 'acceptance-accepted-zh-CN');
    assert.equal(await carol.app.page.getByTestId('feedback-offer').count(), 0, 'only the deliverer sends feedback forms');

    // Zhou is offered the feedback forms and sends them.
    await expectStatus(zhou.app, 'accepted');
    const offer = zhou.app.page.getByTestId('feedback-offer');
    await offer.waitFor({ timeout: 30_000 });
    await saveScreens(zhou.app.page, 'acceptance-feedback-offer-zh-CN');
    await zhou.app.page.getByTestId('send-feedback').click();
    const sent = zhou.app.page.getByTestId('feedback-sent');
    await sent.nth(1).waitFor();
    assert.deepEqual(await sent.evaluateAll((li) => li.map((l) => l.dataset.person)), [BOB.id, CAROL.id]);
    assert.equal(await zhou.app.page.getByTestId('send-feedback').count(), 0, 'sent once');
    await zhou.app.expectSavedOnRelay();

    // Bob finds his form on his home screen, rates and submits it.
    await bob.app.goto('/');
    const form = bob.app.page.locator('[data-testid="doc-link"]', { hasText: '报表导出' }).filter({ hasText: /沟通反馈|feedback/i });
    await form.first().waitFor({ timeout: 30_000 });
    await form.first().click();
    await bob.app.document.waitFor();
    await bob.app.field('process_rating').locator('[data-score="4"]').click();
    await bob.app.field('communication_rating').locator('[data-score="5"]').click();
    await bob.app.setField('suggestions', 'Share test data earlier');
    await transition(bob.app, 'submit').click();
    await bob.app.page.getByTestId('step-confirm').click();
    await expectStatus(bob.app, 'submitted');
    await bob.app.expectSavedOnRelay();
    await saveScreens(bob.app.page, 'feedback-submitted-en-US');

    // Zhou's list says Bob's is in.
    await zhou.app.page
      .locator(`[data-testid="feedback-sent"][data-person="${BOB.id}"][data-status="submitted"]`)
      .waitFor({ timeout: 30_000 });
    await saveScreens(zhou.app.page, 'acceptance-feedback-sent-zh-CN');

    for (const p of [zhou, bob, carol]) {
      assert.deepEqual(p.context.pageErrors, [], 'no page errors');
      await p.context.close();
    }
  });
});
