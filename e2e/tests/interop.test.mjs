// Interoperability with the JavaScript automerge-repo 2.x: two Node clients
// using the npm packages and their websocket client adapter sync a document
// through a server. The npm sync server run is the control that the clients
// and the scenario are right; the same scenario then runs against our relay.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { connectRepo, until, untilServerHas, within } from '../support/repo-peer.mjs';
import { startRelay } from '../support/relay.mjs';
import { startSyncServer } from '../support/sync-server.mjs';

/** A creates a document, B finds it by URL and sees A's change, B's change reaches A; a later C finds both. */
async function twoClientsEditOneDocument(url) {
  const a = connectRepo(url);
  const b = connectRepo(url);
  try {
    const created = a.create({ title: 'Interop', items: [] });
    created.change((doc) => doc.items.push('from A'));
    await untilServerHas(a, created);

    const found = await b.find(created.url);
    const seenByB = await until(found, (doc) => doc.items?.includes('from A'), "B to see A's item");
    assert.equal(seenByB.title, 'Interop');

    found.change((doc) => doc.items.push('from B'));
    const seenByA = await until(created, (doc) => doc.items.includes('from B'), "A to see B's item");
    assert.deepEqual([...seenByA.items].sort(), ['from A', 'from B']);

    // A client that was never online with A or B gets the document from the server alone.
    const c = connectRepo(url);
    try {
      const late = await c.find(created.url);
      const seenByC = await until(late, (doc) => doc.items?.length === 2, 'C to get both items');
      assert.deepEqual([...seenByC.items].sort(), ['from A', 'from B']);
      assert.deepEqual(late.heads(), created.heads(), 'C has the same heads as A');
    } finally {
      await c.shutdown();
    }
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
}

/** An ephemeral message (presence, a cursor) from A reaches B, who has the document open. */
async function presenceReachesTheOtherClient(url) {
  const a = connectRepo(url);
  const b = connectRepo(url);
  try {
    const created = a.create({ title: 'Presence' });
    await untilServerHas(a, created);
    const found = await b.find(created.url);
    await until(found, (doc) => doc.title === 'Presence', 'B to open the document');
    const heard = new Promise((resolve) => found.on('ephemeral-message', ({ message }) => resolve(message)));
    // B's sync with the server may still be settling; A repeats until B hears.
    const timer = setInterval(() => created.broadcast({ cursor: 7, who: 'A' }), 200);
    try {
      assert.deepEqual(await within(heard, 'B to hear A'), { cursor: 7, who: 'A' });
    } finally {
      clearInterval(timer);
    }
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
}

describe('automerge-repo 2.x clients through the npm sync server', () => {
  let server;
  before(async () => {
    server = await startSyncServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('A creates a document, B finds it and sees the change, and B’s change reaches A', async () => {
    await twoClientsEditOneDocument(server.url);
  });

  test('an ephemeral message from A reaches B', async () => {
    await presenceReachesTheOtherClient(server.url);
  });
});

describe('automerge-repo 2.x clients through the Concord relay', () => {
  let relay;
  before(async () => {
    // Node peers have no session cookie: the relay admits them with --open-sync.
    relay = await startRelay({ openSync: true });
  });
  after(async () => {
    await relay?.stop();
  });

  const syncUrl = () => `${relay.url.replace(/^http/, 'ws')}/sync`;

  test('A creates a document, B finds it and sees the change, and B’s change reaches A', async () => {
    await twoClientsEditOneDocument(syncUrl());
  });

  test('an ephemeral message from A reaches B', async () => {
    await presenceReachesTheOtherClient(syncUrl());
  });
});
