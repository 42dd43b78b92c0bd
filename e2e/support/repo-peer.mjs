// An automerge-repo 2.x Repo that syncs with one websocket server, as a
// JavaScript app using the npm packages would.
import { Repo } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';

/** How long a peer waits for a document to reach a wanted state. */
export const SYNC_TIMEOUT_MS = 10_000;

/** Repo options (storage, peerId, …) may be added; call `shutdown()` when done. */
export function connectRepo(url, options = {}) {
  return new Repo({ network: [new WebSocketClientAdapter(url)], ...options });
}

/** Resolves once `predicate(doc)` holds for the handle's document. */
export function until(handle, predicate, what) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const doc = handle.doc();
      if (doc && predicate(doc)) {
        handle.off('change', check);
        clearTimeout(timer);
        resolve(doc);
      }
    };
    const timer = setTimeout(() => {
      handle.off('change', check);
      reject(new Error(`timed out after ${SYNC_TIMEOUT_MS} ms waiting for ${what}`));
    }, SYNC_TIMEOUT_MS);
    handle.on('change', check);
    check();
  });
}
