// An automerge-repo 2.x Repo that syncs with one websocket server, as a
// JavaScript app using the npm packages would.
import * as Automerge from '@automerge/automerge';
import { Repo } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';

/** How long a peer waits for a document to reach a wanted state. */
export const SYNC_TIMEOUT_MS = 20_000;

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

/**
 * Resolves once the server has the handle's current changes (call it right
 * after the change; sync messages go out asynchronously): one of its sync
 * messages about the document names heads that include them. A server may
 * answer a `request` for a document it has not received yet with
 * doc-unavailable, so a test shares a URL only after this, as an app would
 * only after it showed "saved".
 */
export function untilServerHas(repo, handle) {
  const wanted = Automerge.getHeads(handle.doc());
  return new Promise((resolve, reject) => {
    const check = (message) => {
      if (message.type !== 'sync' || message.documentId !== handle.documentId) return;
      const { heads } = Automerge.decodeSyncMessage(message.data);
      if (wanted.every((head) => heads.includes(head))) {
        repo.networkSubsystem.off('message', check);
        clearTimeout(timer);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      repo.networkSubsystem.off('message', check);
      reject(new Error(`timed out after ${SYNC_TIMEOUT_MS} ms waiting for the server to have ${handle.url}`));
    }, SYNC_TIMEOUT_MS);
    repo.networkSubsystem.on('message', check);
  });
}

/** `promise`, or a rejection naming `what` after SYNC_TIMEOUT_MS. */
export function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${SYNC_TIMEOUT_MS} ms waiting for ${what}`)), SYNC_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
