// Starts the npm automerge-repo sync server (support/npm-sync-server.mjs) on
// a free loopback port with a temporary data directory.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { announcedUrl } from './announced-url.mjs';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'npm-sync-server.mjs');

export async function startSyncServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-sync-server-'));
  const child = spawn(process.execPath, [LAUNCHER], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0' },
  });
  const url = await announcedUrl(child, /listening on (ws:\/\/\S+)/, 'the npm sync server');
  return {
    url,
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
