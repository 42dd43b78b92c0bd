// Runs the npm package @automerge/automerge-repo-sync-server unchanged, but
// bound to 127.0.0.1 on a free port, and announces the URL it listens on.
//
// The package takes its port from PORT and its data directory from DATA_DIR,
// yet always listens on every interface and logs the port it was asked for
// (0 here), not the one it got. So before loading it we make listening
// sockets bind loopback only, and print the bound URL the way the relay does.
//
// Usage: DATA_DIR=/tmp/x node support/npm-sync-server.mjs
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [port, host] = args;
  // `listen(port[, callback])`, the only form the server uses: a bare port.
  if (typeof port === 'number' && typeof host !== 'string') {
    args.splice(1, 0, LOOPBACK);
    this.once('listening', () => {
      console.log(`automerge-repo-sync-server listening on ws://${LOOPBACK}:${this.address().port}/`);
    });
  }
  return listen.apply(this, args);
};

process.env.PORT ??= '0';
if (!process.env.DATA_DIR) {
  console.error('DATA_DIR is not set: the sync server would write into the working directory');
  process.exit(2);
}
await import('@automerge/automerge-repo-sync-server');
