use automerge::{AutoCommit, Automerge, AutomergeError, ChangeHash, sync, sync::SyncDoc};

/// A document as a [`Client`](super::Client) holds it: plain [`Automerge`],
/// [`AutoCommit`], or an application's own type around one. The app keeps
/// its typed document here, so local edits are made once, in the document
/// the sync protocol reads, rather than copied into a second replica (in
/// Automerge 0.12, applying a change to a large document walks all its ops).
///
/// Everything takes `&mut self` because `AutoCommit` closes its pending
/// transaction first.
pub trait Replica {
    /// A document with nothing in it, for one asked of the relay.
    fn empty() -> Self;
    fn heads(&mut self) -> Vec<ChangeHash>;
    /// The changes not among `heads` or their ancestors, as one chunk of bytes.
    fn changes_after(&mut self, heads: &[ChangeHash]) -> Vec<u8>;
    /// How many changes are not among `heads` or their ancestors (without building them).
    fn count_changes_after(&mut self, heads: &[ChangeHash]) -> usize;
    fn knows_change(&mut self, hash: &ChangeHash) -> bool;
    fn load_chunk(&mut self, chunk: &[u8]) -> Result<usize, AutomergeError>;
    /// The whole document, compacted.
    fn save_all(&mut self) -> Vec<u8>;
    fn sync_message(&mut self, state: &mut sync::State) -> Option<sync::Message>;
    fn receive_sync(
        &mut self,
        state: &mut sync::State,
        message: sync::Message,
    ) -> Result<(), AutomergeError>;
}

/// The two Automerge types answer alike; they differ only in how a sync
/// message reaches them (`AutoCommit` closes its transaction first, in `sync()`).
macro_rules! replica_for {
    ($doc_type:ty, $doc:ident => $syncing:expr) => {
        impl Replica for $doc_type {
            fn empty() -> Self {
                <$doc_type>::new()
            }

            fn heads(&mut self) -> Vec<ChangeHash> {
                self.get_heads()
            }

            fn changes_after(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
                self.save_after(heads)
            }

            fn count_changes_after(&mut self, heads: &[ChangeHash]) -> usize {
                self.get_changes_meta(heads).len()
            }

            fn knows_change(&mut self, hash: &ChangeHash) -> bool {
                self.get_change_meta_by_hash(hash).is_some()
            }

            fn load_chunk(&mut self, chunk: &[u8]) -> Result<usize, AutomergeError> {
                self.load_incremental(chunk)
            }

            fn save_all(&mut self) -> Vec<u8> {
                self.save()
            }

            fn sync_message(&mut self, state: &mut sync::State) -> Option<sync::Message> {
                let $doc = self;
                $syncing.generate_sync_message(state)
            }

            fn receive_sync(
                &mut self,
                state: &mut sync::State,
                message: sync::Message,
            ) -> Result<(), AutomergeError> {
                let $doc = self;
                $syncing.receive_sync_message(state, message)
            }
        }
    };
}

replica_for!(Automerge, doc => doc);
replica_for!(AutoCommit, doc => doc.sync());

#[cfg(test)]
mod tests {
    use automerge::{ROOT, transaction::Transactable};

    use super::*;

    fn with_changes<R: Replica>(mut doc: R, more: impl FnOnce(&mut R)) -> (R, Vec<ChangeHash>) {
        let before = doc.heads();
        more(&mut doc);
        (doc, before)
    }

    #[test]
    fn both_kinds_count_and_export_the_same_changes() {
        let mut plain = Automerge::new();
        plain
            .transact::<_, _, AutomergeError>(|tx| tx.put(ROOT, "a", 1).map(|_| ()))
            .unwrap();
        let mut auto = AutoCommit::new();
        auto.load_incremental(&plain.save()).unwrap();
        let (mut plain, base) = with_changes(plain, |d| {
            d.transact::<_, _, AutomergeError>(|tx| tx.put(ROOT, "b", 2).map(|_| ()))
                .unwrap();
        });
        let (mut auto, auto_base) = with_changes(auto, |d| {
            d.put(ROOT, "b", 2).unwrap();
            d.commit();
        });
        assert_eq!(base, auto_base);
        assert_eq!(plain.count_changes_after(&base), 1);
        assert_eq!(auto.count_changes_after(&auto_base), 1);
        let now = plain.heads();
        assert_eq!(plain.count_changes_after(&now), 0);
        let head = auto.heads()[0];
        assert!(auto.knows_change(&head));
        assert!(
            !plain.knows_change(&head),
            "different actors, different changes"
        );
        let chunk = auto.changes_after(&auto_base);
        let mut other = Automerge::empty();
        other.load_chunk(&plain.save_all()).unwrap();
        other.load_chunk(&chunk).unwrap();
        assert!(other.knows_change(&head));
        assert_eq!(other.heads().len(), 2);
    }
}
