// Issue 7's partner flow, end to end: an admin invites a partner by link,
// the partner joins and sees only the one document shared with their
// organisation, edits what they may and cannot edit the rest in the UI; a
// modified client's write under the partner's session is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as Automerge from '@automerge/automerge';

import { ConcordPage } from '../pages/concord-page.mjs';
import { ensurePerson } from '../support/accounts.mjs';
import { newContext } from '../support/browser.mjs';
import { RawSyncClient } from '../support/raw-sync.mjs';
import { saveScreens } from '../support/screens.mjs';
import { relayAndBrowser } from '../support/suite.mjs';

describe('a partner joins by invite', () => {
  const live = relayAndBrowser();

  test('sees only what was shared, edits what they may, and a forged write is refused', async () => {
    const { relay, browser } = live;
    // The owner, a staff member (the admin is made on the way).
    await ensurePerson(relay.url, 'wang');

    // The admin signs in through the sign-in screen and invites acme.
    const adminContext = await newContext(browser);
    const admin = new ConcordPage(await adminContext.newPage(), relay.url);
    await admin.goto('/login');
    await admin.page.getByTestId('login-id').fill('e2e-admin');
    await admin.page.getByTestId('login-password').fill('e2e-admin-password');
    await admin.page.getByTestId('login-submit').click();
    await admin.page.getByTestId('me-name').waitFor();
    await admin.goto('/admin');
    await admin.page.getByTestId('org-id').fill('acme');
    await admin.page.getByTestId('org-name').fill('Acme 供应商');
    await admin.page.getByTestId('org-kind').selectOption('supplier');
    await admin.page.getByTestId('org-add').click();
    await admin.page.locator('[data-testid="admin-org"][data-id="acme"]').waitFor();
    await admin.page.getByTestId('invite-org').selectOption('acme');
    await admin.page.getByTestId('invite-create').click();
    const link = await admin.page.getByTestId('invite-link').inputValue();
    assert.match(link, /^http:\/\/.+\/invite#[\w-]{20,}$/, 'an absolute, single-use link');
    await saveScreens(admin.page, 'admin-invite');

    // The owner makes two documents and shares one with acme as editor.
    const ownerContext = await newContext(browser);
    const owner = new ConcordPage(await ownerContext.newPage(), relay.url);
    await owner.signIn('wang');
    const internal = await owner.createDocument('task-tracker', 'Internal plan');
    await owner.expectSavedOnRelay();
    const shared = await owner.createDocument('customer-requirement-intake', 'Acme intake');
    await owner.setField('customer', 'Acme');
    await owner.page.getByTestId('org-grant-select').selectOption('acme');
    await owner.page.getByTestId('org-grant-role').selectOption('editor');
    await owner.page.getByTestId('org-grant-add').click();
    await owner.page.locator('[data-testid="org-grant"][data-id="acme"]').waitFor();
    await owner.expectSavedOnRelay();

    // The partner opens the link in a fresh browser and signs up.
    const partnerContext = await newContext(browser);
    const partner = new ConcordPage(await partnerContext.newPage(), relay.url);
    await partner.page.goto(link);
    await partner.page.getByTestId('invite').filter({ hasText: 'Acme 供应商' }).waitFor();
    await partner.page.getByTestId('account-id').fill('li');
    await partner.page.getByTestId('account-name').fill('李雷');
    await partner.page.getByTestId('account-password').fill('li-long-password');
    await saveScreens(partner.page, 'invite-accept');
    await partner.page.getByTestId('invite-accept').click();
    await partner.page.getByTestId('me-name').waitFor();

    // Their portal lists exactly the shared document, and no library.
    await partner.goto('/');
    const links = partner.page.getByTestId('doc-link');
    await links.first().waitFor();
    await partner.page.locator(`[data-testid="doc-link"][data-doc-id="${shared}"]`).waitFor();
    assert.deepEqual(
      await links.evaluateAll((all) => all.map((a) => a.dataset.docId)),
      [shared],
      'exactly the shared document',
    );
    assert.equal(
      (await links.getByTestId('doc-title').textContent()).trim(),
      'Acme intake',
    );
    assert.equal(await partner.page.getByTestId('template-card').count(), 0, 'partners create nothing');
    await saveScreens(partner.page, 'partner-portal');

    // The other document is not theirs even by its link.
    await partner.goto(`/d/${internal}`);
    await partner.page.getByTestId('doc-unavailable').waitFor({ timeout: 20_000 });

    // In the shared one they edit the customer and cannot touch the review.
    await partner.openDocument(shared);
    await partner.expectField('customer', 'Acme');
    await partner.setField('customer', 'Acme Ltd.');
    await owner.expectField('customer', 'Acme Ltd.');
    const editor = (fieldId) => partner.field(fieldId).locator('.field-editor');
    assert.match(await editor('review_comments').getAttribute('class'), /read-only/, "the review is the reviewer's");
    assert.ok(await partner.fieldInput('review_comments').isDisabled(), 'its input takes no typing');
    assert.doesNotMatch(await editor('customer').getAttribute('class'), /read-only/);
    assert.equal(await partner.page.getByTestId('org-grant-add').count(), 0, 'only owners share');
    await saveScreens(partner.page, 'partner-document');

    // The owner mentions li in both documents. Li's centres tell only of
    // the shared one. (Naming li a row's owner would share the plan with
    // li: whoever is named to act is made an editor.)
    await owner.page.getByTestId('comment-input').fill('@li 请补充验收标准');
    await owner.page.getByTestId('comment-submit').click();
    await owner.page.getByTestId('comment').first().waitFor();
    await owner.expectSavedOnRelay();
    await owner.openDocument(internal);
    await owner.page.getByTestId('comment-input').fill('@li 内部预算不要外传');
    await owner.page.getByTestId('comment-submit').click();
    await owner.page.getByTestId('comment').first().waitFor();
    await owner.expectSavedOnRelay();
    await partner.goto('/');
    await partner.page.getByTestId('messages-link').click();
    const told = partner.page.getByTestId('message');
    await told.first().waitFor({ timeout: 30_000 });
    assert.deepEqual(
      await told.evaluateAll((ms) => ms.map((m) => [m.dataset.kind, m.innerText.includes('验收标准')])),
      [['mention', true]],
    );
    await saveScreens(partner.page, 'partner-messages');
    await partner.page.getByTestId('tasks-link').click();
    await partner.page.getByTestId('task-centre').waitFor();
    await partner.page.getByTestId('tasks-empty').waitFor({ timeout: 30_000 });
    assert.equal(await partner.page.getByTestId('task-item').count(), 0, 'nothing from the internal plan');

    // A modified client under the partner's session makes the partner an owner.
    const session = (await partnerContext.cookies()).find((c) => c.name === 'concord_session');
    const raw = await RawSyncClient.connect(relay.url, `concord_session=${session.value}`);
    const doc = await raw.fetch(shared);
    const forged = Automerge.change(doc, (d) => {
      d.acl.members.li = 'owner';
    });
    raw.sendChanges(shared, forged);
    const answer = await raw.next((m) => m.type === 'error');
    assert.equal(answer.type, 'error', 'the relay names the refusal');
    assert.match(answer.message, /owner/);
    const closed = await raw.next(() => false);
    assert.equal(closed.code, 1008);

    // Nothing of it reached the owner or stayed on the relay.
    await owner.page.waitForTimeout(1_000);
    assert.equal(
      await owner.page.locator('[data-testid="member"]').filter({ hasText: 'li' }).count(),
      0,
      'the owner never sees li made an owner',
    );
    const listed = await partnerContext.request.get(`${relay.url}/api/documents`);
    assert.deepEqual(
      (await listed.json()).map((d) => [d.title, d.role]),
      [['Acme intake', 'editor']],
    );

    // Signed out, the app's `/api/me` answers 401 by design, and Chromium
    // logs every 4xx answer as a console error; nothing else may appear.
    const signedOutCheck = /Failed to load resource: the server responded with a status of 401/;
    for (const context of [adminContext, ownerContext, partnerContext]) {
      assert.deepEqual(context.pageErrors.filter((e) => !signedOutCheck.test(e)), []);
      await context.close();
    }
  });
});
