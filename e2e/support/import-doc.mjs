// Puts a document on the relay as another automerge-repo client would: a
// JavaScript repo imports Automerge bytes written by `cargo xtask fixture`
// and syncs them to the relay; resolves to the document's id.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { connectRepo, untilServerHas } from './repo-peer.mjs';

const run = promisify(execFile);

function xtaskBin() {
  const xtask = process.env.CONCORD_XTASK;
  if (!xtask) throw new Error('CONCORD_XTASK is not set: run through `cargo xtask test` or `cargo xtask bench`');
  return xtask;
}

/** Writes a fixture (`tracker` rows or `typed` changes) and returns its bytes. */
export async function fixtureBytes(kind, size, creator) {
  const xtask = xtaskBin();
  const out = join(tmpdir(), `concord-fixture-${kind}-${size}-${creator}-${process.pid}.bin`);
  await run(xtask, ['fixture', kind, '--size', String(size), '--creator', creator, '--out', out], {
    maxBuffer: 1 << 20,
  });
  return new Uint8Array(await readFile(out));
}

/**
 * The trackers of `reader`'s task centre, `rows` rows in all (`cargo xtask
 * fixture centre`), as bytes in a stable order. Making them takes the model
 * some 20 s, so they are kept in the temporary directory for the xtask
 * binary that made them: a rebuilt xtask makes them again.
 */
export async function centreFixtures(rows, reader) {
  const xtask = xtaskBin();
  const dir = join(tmpdir(), `concord-fixture-centre-${rows}-${reader}`);
  const madeBy = `${xtask} ${(await stat(xtask)).mtimeMs}`;
  const marker = join(dir, 'made-by');
  const kept = await readFile(marker, 'utf8').catch(() => null);
  if (kept !== madeBy) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await run(xtask, ['fixture', 'centre', '--size', String(rows), '--creator', reader, '--out', dir], {
      maxBuffer: 1 << 20,
    });
    await writeFile(marker, madeBy);
  }
  const names = (await readdir(dir)).filter((name) => name.endsWith('.automerge')).sort();
  return Promise.all(names.map(async (name) => new Uint8Array(await readFile(join(dir, name)))));
}

/**
 * Syncs each of `documents` (bytes) to the relay at `httpUrl` over one
 * connection, one after another; returns their ids in the same order.
 */
export async function importAllToRelay(httpUrl, documents) {
  const repo = connectRepo(httpUrl.replace(/^http/, 'ws') + '/sync');
  try {
    const ids = [];
    for (const bytes of documents) {
      const handle = repo.import(bytes);
      await untilServerHas(repo, handle);
      ids.push(handle.documentId);
    }
    return ids;
  } finally {
    await repo.shutdown();
  }
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
