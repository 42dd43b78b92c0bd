// Runs the npm package @automerge/automerge-repo-sync-server unchanged, but
// bound to 127.0.0.1 on a free port, and announces its URL once it answers.
//
// The package takes its port from PORT and its data directory from DATA_DIR,
// yet always listens on every interface and logs the port it was asked for
// (0 here), not the one it got. So before loading it we make listening
// sockets bind loopback only. And it listens before its repo has attached
// to the websocket server: a connection made in between is never answered
// and is dropped by the keepalive 5 s later. So the URL is printed (the way
// the relay prints its own) only once a `join` gets its `peer` answer.
//
// Usage: DATA_DIR=/tmp/x node support/npm-sync-server.mjs
import net from 'node:net';

import { cbor } from '@automerge/automerge-repo/slim';
import { WebSocket } from 'ws';

const LOOPBACK = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
// A first probe waits briefly (an unready server never answers); later ones
// wait longer, so a slow machine still gets its answer in time.
const FIRST_PROBE_WAIT_MS = 250;
const LAST_PROBE_WAIT_MS = 4_000;

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [port, host] = args;
  // `listen(port[, callback])`, the only form the server uses: a bare port.
  if (typeof port === 'number' && typeof host !== 'string') {
    args.splice(1, 0, LOOPBACK);
    this.once('listening', () => announceWhenAnswering(`ws://${LOOPBACK}:${this.address().port}`));
  }
  return listen.apply(this, args);
};

/** One websocket that joins and waits briefly for the server's `peer`. */
function answersJoin(url, waitMs) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (answered) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('open', () =>
      socket.send(
        cbor.encode({
          type: 'join',
          senderId: `readiness-probe-${process.pid}`,
          peerMetadata: { isEphemeral: true },
          supportedProtocolVersions: ['1'],
        }),
      ),
    );
    socket.on('message', (data) => done(cbor.decode(new Uint8Array(data)).type === 'peer'));
    socket.on('error', () => done(false));
  });
}

async function announceWhenAnswering(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let waitMs = FIRST_PROBE_WAIT_MS;
  while (!(await answersJoin(url, waitMs))) {
    waitMs = Math.min(waitMs * 2, LAST_PROBE_WAIT_MS);
    if (Date.now() > deadline) {
      console.error(`the sync server at ${url} never answered a join`);
      process.exit(1);
    }
  }
  console.log(`automerge-repo-sync-server listening on ${url}/`);
}

process.env.PORT ??= '0';
if (!process.env.DATA_DIR) {
  console.error('DATA_DIR is not set: the sync server would write into the working directory');
  process.exit(2);
}
await import('@automerge/automerge-repo-sync-server');
