// Starts the real relay binary on a free port with a temporary data directory;
// it can be killed (SIGKILL, as a crash would) and started again on the same
// port and data, so the browsers see the same origin come back.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { forgetRelay, registerSetupSecret, setupSecretIn } from './accounts.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e suite through \`cargo xtask test\``);
  return value;
}

function spawnRelay(addr, dataDir, logs, openSync) {
  const child = spawn(
    required('CONCORD_RELAY_BIN'),
    ['--addr', addr, '--data', dataDir, '--app-dir', required('CONCORD_APP_DIR'), ...(openSync ? ['--open-sync'] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' } },
  );
  // The first start prints the setup link (once, on stderr); a restart on
  // the same data has an admin already and prints none.
  const secret = new Promise((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      logs.push(chunk);
      const found = setupSecretIn(logs.join(''));
      if (found) resolve(found);
    });
    child.once('exit', () => resolve(null));
  });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start in 30 s:\n${logs.join('')}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code} before listening:\n${logs.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
  });
  return { child, url, secret };
}

async function stopChild(child, signal) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/**
 * `openSync`: /sync admits peers without a session (the relay's --open-sync),
 * for tests whose peers are not signed-in browsers (automerge-repo in Node).
 */
export async function startRelay({ openSync = false } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-e2e-'));
  const logs = [];
  let { child, url: starting, secret } = spawnRelay('127.0.0.1:0', dataDir, logs, openSync);
  const url = await starting;
  const setupSecret = await Promise.race([
    secret,
    new Promise((resolve) => setTimeout(() => resolve(null), 10_000)),
  ]);
  if (!setupSecret) throw new Error(`the relay printed no setup link:\n${logs.join('')}`);
  registerSetupSecret(url, setupSecret);
  const addr = new URL(url).host;

  return {
    url,
    dataDir,
    logs: () => logs.join(''),
    /** Moves the relay's clock forward by `ms` (its test-only
     * `POST /api/test/clock`); a restart sets it back to the real time.
     * Returns the relay's new time, ms since the epoch. */
    async moveClock(ms) {
      const answer = await fetch(`${url}/api/test/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ forward_ms: ms }),
      });
      if (!answer.ok) throw new Error(`the relay's clock did not move: ${answer.status}`);
      return (await answer.json()).now_ms;
    },
    /** Kills the relay as a crash would: no clean shutdown. */
    async kill() {
      await stopChild(child, 'SIGKILL');
    },
    /** Starts it again on the same address with the same data. */
    async restart() {
      await stopChild(child, 'SIGKILL');
      ({ child, url: starting } = spawnRelay(addr, dataDir, logs, openSync));
      await starting;
    },
    async stop() {
      await forgetRelay(url);
      await stopChild(child, 'SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
