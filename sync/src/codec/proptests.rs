//! Properties over generated input: every message survives encode then
//! decode, and no input at all makes `decode` panic, whether random bytes or
//! valid frames with a few bytes changed (which reach far deeper into the
//! decoder than random bytes do).

use std::collections::BTreeMap;

use proptest::{
    collection::{btree_map, vec},
    option,
    prelude::*,
};

use super::{decode, encode};
use crate::{DocumentId, Message, PeerId, PeerMetadata, RefusedDocument, RemoteHeads, StorageId};

fn peer_id() -> impl Strategy<Value = PeerId> {
    "\\PC{1,12}".prop_map(|text| text.parse().unwrap())
}

fn storage_id() -> impl Strategy<Value = StorageId> {
    "\\PC{1,12}".prop_map(|text| text.parse().unwrap())
}

fn document_id() -> impl Strategy<Value = DocumentId> {
    any::<[u8; 16]>().prop_map(DocumentId::from_bytes)
}

fn data() -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..40)
}

fn peer_metadata() -> impl Strategy<Value = PeerMetadata> {
    (option::of(storage_id()), any::<bool>()).prop_map(|(storage_id, is_ephemeral)| PeerMetadata {
        storage_id,
        is_ephemeral,
    })
}

fn refused_document() -> impl Strategy<Value = RefusedDocument> {
    (
        document_id(),
        "\\PC{0,12}",
        btree_map("\\PC{0,6}", "\\PC{0,6}", 0..3),
    )
        .prop_map(|(document_id, code, params)| RefusedDocument {
            document_id,
            code,
            params,
        })
}

fn remote_heads() -> impl Strategy<Value = RemoteHeads> {
    (vec("[0-9a-f]{0,64}", 0..3), any::<u64>())
        .prop_map(|(heads, timestamp)| RemoteHeads { heads, timestamp })
}

/// Sender, target and document, which most messages carry.
fn about_a_document() -> impl Strategy<Value = (PeerId, PeerId, DocumentId)> {
    (peer_id(), peer_id(), document_id())
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        (peer_id(), vec("\\PC{0,4}", 0..3), peer_metadata()).prop_map(|(s, v, m)| {
            Message::Join {
                sender_id: s,
                supported_protocol_versions: v,
                peer_metadata: m,
            }
        }),
        (peer_id(), peer_id(), "\\PC{0,4}", peer_metadata()).prop_map(|(s, t, v, m)| {
            Message::Peer {
                sender_id: s,
                target_id: t,
                selected_protocol_version: v,
                peer_metadata: m,
            }
        }),
        peer_id().prop_map(|s| Message::Leave { sender_id: s }),
        (
            option::of(peer_id()),
            option::of(peer_id()),
            "\\PC{0,20}",
            option::of(refused_document())
        )
            .prop_map(|(s, t, m, r)| Message::Error {
                sender_id: s,
                target_id: t,
                message: m,
                refused: r,
            }),
        (about_a_document(), data()).prop_map(|((s, t, d), data)| Message::Request {
            sender_id: s,
            target_id: t,
            document_id: d,
            data,
        }),
        (about_a_document(), data()).prop_map(|((s, t, d), data)| Message::Sync {
            sender_id: s,
            target_id: t,
            document_id: d,
            data,
        }),
        about_a_document().prop_map(|(s, t, d)| Message::DocUnavailable {
            sender_id: s,
            target_id: t,
            document_id: d,
        }),
        (about_a_document(), "\\PC{0,10}", any::<u64>(), data()).prop_map(
            |((s, t, d), id, n, data)| {
                Message::Ephemeral {
                    sender_id: s,
                    target_id: t,
                    document_id: d,
                    session_id: id,
                    count: n,
                    data,
                }
            }
        ),
        (
            peer_id(),
            peer_id(),
            vec(storage_id(), 0..3),
            vec(storage_id(), 0..3)
        )
            .prop_map(|(s, t, add, remove)| Message::RemoteSubscriptionChange {
                sender_id: s,
                target_id: t,
                add,
                remove,
            }),
        (
            about_a_document(),
            vec((storage_id(), remote_heads()), 0..3)
        )
            .prop_map(|((s, t, d), heads)| {
                Message::RemoteHeadsChanged {
                    sender_id: s,
                    target_id: t,
                    document_id: d,
                    new_heads: BTreeMap::from_iter(heads),
                }
            }),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set(at, byte)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(frame: &mut Vec<u8>, mutation: &Mutation) {
    let len = frame.len();
    match *mutation {
        Mutation::Set(at, byte) if len > 0 => frame[at % len] = byte,
        Mutation::Insert(at, byte) => frame.insert(at % (len + 1), byte),
        Mutation::Remove(at) if len > 0 => {
            frame.remove(at % len);
        }
        Mutation::Truncate(at) => frame.truncate(at % (len + 1)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_message_round_trips(message in message()) {
        prop_assert_eq!(decode(&encode(&message)), Ok(message));
    }

    #[test]
    fn decode_never_panics_on_random_bytes(frame in vec(any::<u8>(), 0..200)) {
        let _ = decode(&frame);
    }

    #[test]
    fn decode_never_panics_on_changed_frames(
        message in message(),
        mutations in vec(mutation(), 1..4),
    ) {
        let mut frame = encode(&message);
        for mutation in &mutations {
            mutate(&mut frame, mutation);
        }
        // Whatever a changed frame decodes to must itself be a message that
        // round-trips: nothing unchecked slips through.
        if let Ok(decoded) = decode(&frame) {
            prop_assert_eq!(decode(&encode(&decoded)), Ok(decoded));
        }
    }
}
