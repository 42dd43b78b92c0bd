use std::sync::Arc;

use automerge::Automerge;
use concord_sync::{
    DocumentId, Message, PeerId, RefusalNotice,
    engine::{ChangeBatch, Policy, Verdict},
};

/// The relay's policy, but for one peer id, the feed: changes that other
/// relays judged and stored enter a room as the feed's sync messages, and
/// are not judged again. No connection may speak as the feed (its id is
/// random per process, and `admit` closes a connection that claims it).
pub(crate) struct FeedPolicy {
    feed: PeerId,
    inner: Arc<dyn Policy>,
}

impl FeedPolicy {
    pub fn new(feed: PeerId, inner: Arc<dyn Policy>) -> Self {
        Self { feed, inner }
    }
}

impl Policy for FeedPolicy {
    fn admit(&self, peer: &PeerId, message: &Message) -> Verdict {
        if *peer == self.feed {
            return Verdict::Close("that peer id is the relay's own".into());
        }
        self.inner.admit(peer, message)
    }

    fn check_changes(
        &self,
        peer: &PeerId,
        document_id: &DocumentId,
        batch: &ChangeBatch<'_>,
    ) -> Result<(), RefusalNotice> {
        if *peer == self.feed {
            return Ok(());
        }
        self.inner.check_changes(peer, document_id, batch)
    }

    fn may_read(&self, peer: &PeerId, document_id: &DocumentId, doc: &Automerge) -> bool {
        *peer == self.feed || self.inner.may_read(peer, document_id, doc)
    }

    fn inspects_changes(&self) -> bool {
        self.inner.inspects_changes()
    }
}

#[cfg(test)]
mod tests {
    use concord_sync::engine::AllowAll;

    use super::*;

    struct RefuseAll;

    impl Policy for RefuseAll {
        fn admit(&self, _: &PeerId, _: &Message) -> Verdict {
            Verdict::Hide
        }
        fn check_changes(
            &self,
            _: &PeerId,
            _: &DocumentId,
            _: &ChangeBatch<'_>,
        ) -> Result<(), RefusalNotice> {
            Err(RefusalNotice::too_busy())
        }
        fn may_read(&self, _: &PeerId, _: &DocumentId, _: &Automerge) -> bool {
            false
        }
    }

    #[test]
    fn only_the_feed_passes_unjudged_and_no_connection_may_claim_it() {
        let feed: PeerId = "feed-1".parse().unwrap();
        let other: PeerId = "someone".parse().unwrap();
        let policy = FeedPolicy::new(feed.clone(), Arc::new(RefuseAll));
        let doc = Automerge::new();
        let id = DocumentId::from_bytes([7; 16]);
        let batch = ChangeBatch {
            doc: &doc,
            before: &[],
            changes: &[],
        };
        assert!(policy.check_changes(&feed, &id, &batch).is_ok());
        assert!(policy.check_changes(&other, &id, &batch).is_err());
        assert!(policy.may_read(&feed, &id, &doc));
        assert!(!policy.may_read(&other, &id, &doc));
        let hello = Message::Leave {
            sender_id: feed.clone(),
        };
        assert!(matches!(policy.admit(&feed, &hello), Verdict::Close(_)));
        let open = FeedPolicy::new(feed.clone(), Arc::new(AllowAll));
        assert!(matches!(open.admit(&feed, &hello), Verdict::Close(_)));
        assert!(matches!(open.admit(&other, &hello), Verdict::Allow));
        assert!(!open.inspects_changes());
    }
}
