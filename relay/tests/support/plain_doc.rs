//! Plain Automerge documents in a test client's hands (relays with `--open-sync`).

use automerge::{ReadDoc as _, transaction::Transactable as _};
use concord_sync::DocumentId;

use super::sync_client::SyncClient;

/// Puts `key: value` at the root of `client`'s copy of `doc`, as one change.
pub fn put(client: &mut SyncClient, doc: &DocumentId, key: &str, value: &str) {
    let doc = client.client.doc_mut(doc).unwrap();
    let mut tx = doc.transaction();
    tx.put(automerge::ROOT, key, value).unwrap();
    tx.commit();
}

/// The text at `key` in `client`'s copy of `doc`, if there is any.
pub fn read(client: &SyncClient, doc: &DocumentId, key: &str) -> Option<String> {
    let doc = client.client.doc(doc)?;
    let (value, _) = doc.get(automerge::ROOT, key).ok()??;
    value.into_string().ok()
}
