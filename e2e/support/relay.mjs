// Starts the real relay binary on a free port with a temporary data directory.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e suite through \`cargo xtask test\``);
  return value;
}

export async function startRelay() {
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-e2e-'));
  const child = spawn(
    required('CONCORD_RELAY_BIN'),
    ['--addr', '127.0.0.1:0', '--data', dataDir, '--app-dir', required('CONCORD_APP_DIR')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' } },
  );
  const logs = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => logs.push(chunk));

  const url = await new Promise((resolve, reject) => {
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

  return {
    url,
    dataDir,
    logs: () => logs.join(''),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
