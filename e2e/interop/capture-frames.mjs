// Records the frames JavaScript automerge-repo peers exchange, as fixtures for
// the Rust codec's tests (sync/tests/js_frames.rs). Run it again after
// changing the pinned npm versions: `node interop/capture-frames.mjs`.
//
// Two sessions, each through a recording proxy:
// - `sync-server/`: two automerge-repo 2.x clients and the npm sync server
//   (join, peer, request, sync, ephemeral, doc-unavailable), and a join with
//   an unknown protocol version (error);
// - `gossip-hub/`: clients with storage and a 2.x hub repo with remote-heads
//   gossiping on (remote-subscription-change, remote-heads-changed).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Repo, generateAutomergeUrl } from '@automerge/automerge-repo';
import { WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { WebSocket, WebSocketServer } from 'ws';

import { startFrameRecorder } from '../support/frame-recorder.mjs';
import { connectRepo, until, untilServerHas } from '../support/repo-peer.mjs';
import { startSyncServer } from '../support/sync-server.mjs';
import { cbor } from '@automerge/automerge-repo/slim';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../sync/tests/fixtures/js-frames');
const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A creates a document, B finds it, both edit, A sends an ephemeral message, B may ask for a missing one. */
async function editTogether(url, options = {}) {
  const a = connectRepo(url, options.a);
  const b = connectRepo(url, options.b);
  await options.beforeEdits?.(a, b);
  const created = a.create({ title: 'interop', items: ['one'] });
  created.change((doc) => doc.items.push('two'));
  await untilServerHas(a, created);
  const found = await b.find(created.url);
  await until(found, (doc) => doc.items?.length === 2, 'B to see A\'s items');
  const heard = new Promise((resolve) => found.on('ephemeral-message', resolve));
  found.change((doc) => {
    doc.title = 'interop, edited by B';
  });
  await until(created, (doc) => doc.title.endsWith('by B'), 'A to see B\'s title');
  created.broadcast({ cursor: 3 });
  await heard;
  // Repos with storage fail to shut down after a failed find (automerge-repo
  // 2.5.6 flushes the unavailable handle), so only storage-less peers ask.
  if (!options.b?.storage) await b.find(generateAutomergeUrl()).then(
    () => { throw new Error('a document nobody has was found'); },
    () => {},
  );
  await settle(300);
  await a.shutdown();
  await b.shutdown();
}

/** A peer that speaks only a protocol version the server does not: it gets an `error`. */
async function joinWithUnknownVersion(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve) => socket.once('open', resolve));
  const answered = new Promise((resolve) => {
    socket.once('message', resolve);
    socket.once('close', resolve);
  });
  socket.send(
    cbor.encode({
      type: 'join',
      senderId: 'peer-from-the-future',
      peerMetadata: { isEphemeral: true },
      supportedProtocolVersions: ['99'],
    }),
  );
  await answered;
  socket.terminate();
}

async function throughSyncServer() {
  const server = await startSyncServer();
  const recorder = await startFrameRecorder(server.url);
  try {
    await editTogether(recorder.url);
    await joinWithUnknownVersion(recorder.url);
    await settle(100);
    return recorder.frames;
  } finally {
    await recorder.stop();
    await server.stop();
  }
}

async function throughGossipHub() {
  const dir = await mkdtemp(join(tmpdir(), 'concord-capture-'));
  const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => sockets.once('listening', resolve));
  const hub = new Repo({
    network: [new WebSocketServerAdapter(sockets)],
    storage: new NodeFSStorageAdapter(join(dir, 'hub')),
    enableRemoteHeadsGossiping: true,
    sharePolicy: async () => false,
  });
  const hubStorage = await hub.storageId();
  const recorder = await startFrameRecorder(`ws://127.0.0.1:${sockets.address().port}`);
  const peer = (name) => ({
    storage: new NodeFSStorageAdapter(join(dir, name)),
    enableRemoteHeadsGossiping: true,
  });
  try {
    await editTogether(recorder.url, {
      a: peer('a'),
      b: peer('b'),
      beforeEdits: async (a, b) => {
        // The hub tells each peer where the other's storage is.
        a.subscribeToRemotes([hubStorage, await b.storageId()]);
        b.subscribeToRemotes([hubStorage, await a.storageId()]);
        await settle(300);
      },
    });
    return recorder.frames;
  } finally {
    await recorder.stop();
    await hub.shutdown();
    sockets.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function save(session, frames) {
  const dir = join(FIXTURES, session);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const seen = new Map();
  let saved = 0;
  for (const { from, bytes } of frames) {
    const { type } = cbor.decode(bytes);
    // A few of each kind and direction is enough; sync messages are many.
    const key = `${from}-${type}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 3) continue;
    saved += 1;
    const name = `${String(saved).padStart(2, '0')}-${from}-${type}.cbor`;
    await writeFile(join(dir, name), bytes);
  }
  console.log(`${session}: ${frames.length} frames, ${saved} saved: ${[...seen.keys()].join(', ')}`);
}

await save('sync-server', await throughSyncServer());
await save('gossip-hub', await throughGossipHub());
process.exit(0);
