// A JavaScript automerge-repo 2.x peer for the Rust interop tests
// (interop/tests/javascript_peer.rs); prints one JSON line on stdout.
//
//   node interop/js-peer.mjs create WS_URL          → {"url", "heads"} once the server has it
//   node interop/js-peer.mjs find WS_URL DOC_URL HEADS → {"doc", "heads"} once it has HEADS
//     (comma-separated: a found document may arrive over more than one round)
//
// Heads are hex change hashes, as automerge (Rust and JS) writes them.
import * as Automerge from '@automerge/automerge';

import { connectRepo, until, untilServerHas } from '../support/repo-peer.mjs';

const [command, serverUrl, documentUrl, heads] = process.argv.slice(2);
const repo = connectRepo(serverUrl);
let result;
if (command === 'create') {
  const handle = repo.create({ title: 'Made in JavaScript', items: ['alpha'] });
  handle.change((doc) => doc.items.push('beta'));
  await untilServerHas(repo, handle);
  result = { url: handle.url, heads: Automerge.getHeads(handle.doc()) };
} else if (command === 'find' && documentUrl && heads) {
  const handle = await repo.find(documentUrl);
  const wanted = heads.split(',');
  const doc = await until(
    handle,
    (d) => wanted.every((head) => Automerge.getHeads(d).includes(head)),
    `heads ${heads}`,
  );
  result = { doc, heads: Automerge.getHeads(doc) };
} else {
  console.error('usage: js-peer.mjs create WS_URL | find WS_URL DOC_URL HEADS');
  process.exit(2);
}
console.log(JSON.stringify(result));
await repo.shutdown();
process.exit(0);
