use automerge::sync::{ChunkList, Message, MessageVersion};
use concord_sync::{
    PeerId,
    engine::{decode_sync_message, hub::RoomInput},
};

/// The room inputs that apply `chunks` (what other relays stored) as the
/// feed's one sync message, then take the feed out of the room again so
/// that no sync state is kept or answered for it, then tick.
pub(super) fn feed_inputs(feed: &PeerId, chunks: Vec<Vec<u8>>) -> Vec<RoomInput> {
    let message = Message {
        heads: Vec::new(),
        need: Vec::new(),
        have: Vec::new(),
        changes: ChunkList::from(chunks),
        flags: None,
        version: MessageVersion::V1,
    };
    vec![
        RoomInput::Sync {
            peer: feed.clone(),
            data: message.encode(),
        },
        RoomInput::PeerLeft { peer: feed.clone() },
        RoomInput::Tick,
    ]
}

/// Whether any of `inputs` brings changes to judge and store: only those
/// ticks take the document's lock. A message that does not decode counts,
/// so the room (which refuses it) is never judged outside the lock.
pub(super) fn carries_changes(inputs: &[RoomInput]) -> bool {
    inputs.iter().any(|input| match input {
        RoomInput::Request { data, .. } | RoomInput::Sync { data, .. } => {
            decode_sync_message(data).map_or(true, |message| !message.changes.is_empty())
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use automerge::{AutoCommit, ROOT, transaction::Transactable as _};

    use super::*;

    #[test]
    fn a_feed_message_carries_the_stored_chunks_and_counts_as_changes() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "a", 1).unwrap();
        let chunk = doc.save_incremental();
        let feed: PeerId = "feed".parse().unwrap();
        let inputs = feed_inputs(&feed, vec![chunk.clone()]);
        assert!(carries_changes(&inputs));
        let RoomInput::Sync { data, .. } = &inputs[0] else {
            panic!("a sync message first")
        };
        let decoded = decode_sync_message(data).unwrap();
        assert_eq!(decoded.changes.iter().next().unwrap(), chunk.as_slice());
        assert_eq!(inputs[1], RoomInput::PeerLeft { peer: feed });
        assert_eq!(inputs[2], RoomInput::Tick);
        let empty = Message {
            heads: Vec::new(),
            need: Vec::new(),
            have: Vec::new(),
            changes: ChunkList::empty(),
            flags: None,
            version: MessageVersion::V1,
        };
        let acknowledgement = RoomInput::Sync {
            peer: "p".parse().unwrap(),
            data: empty.encode(),
        };
        assert!(!carries_changes(&[acknowledgement, RoomInput::Tick]));
        let garbage = RoomInput::Sync {
            peer: "p".parse().unwrap(),
            data: vec![1, 2, 3],
        };
        assert!(carries_changes(&[garbage]));
    }
}
