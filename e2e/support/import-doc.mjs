// Puts a document on the relay as another automerge-repo client would: a
// JavaScript repo imports Automerge bytes written by `cargo xtask fixture`
// and syncs them to the relay; resolves to the document's id.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { connectRepo, untilServerHas } from './repo-peer.mjs';

const run = promisify(execFile);

/** Writes a fixture (`tracker` rows or `typed` changes) and returns its bytes. */
export async function fixtureBytes(kind, size, creator) {
  const xtask = process.env.CONCORD_XTASK;
  if (!xtask) throw new Error('CONCORD_XTASK is not set: run through `cargo xtask test` or `cargo xtask bench`');
  const out = join(tmpdir(), `concord-fixture-${kind}-${size}-${creator}-${process.pid}.bin`);
  await run(xtask, ['fixture', kind, '--size', String(size), '--creator', creator, '--out', out], {
    maxBuffer: 1 << 20,
  });
  return new Uint8Array(await readFile(out));
}

/** Syncs `bytes` to the relay at `httpUrl`; returns the new document's id. */
export async function importToRelay(httpUrl, bytes) {
  const repo = connectRepo(httpUrl.replace(/^http/, 'ws') + '/sync');
  try {
    const handle = repo.import(bytes);
    await untilServerHas(repo, handle);
    return handle.documentId;
  } finally {
    await repo.shutdown();
  }
}
