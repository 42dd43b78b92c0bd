use std::sync::Arc;

use super::*;
use crate::{RefusalNotice, engine::AllowAll};

fn peer(text: &str) -> PeerId {
    text.parse().unwrap()
}

fn relay() -> PeerId {
    peer("relay")
}

fn doc(n: u8) -> DocumentId {
    DocumentId::from_bytes([n; 16])
}

fn connection_with(limits: Limits, policy: Arc<dyn Policy>) -> Connection {
    Connection::new(relay(), "relay-storage".parse().unwrap(), limits, policy)
}

fn connection() -> Connection {
    connection_with(Limits::default(), Arc::new(AllowAll))
}

fn join(sender: &str, versions: &[&str]) -> Vec<u8> {
    Message::Join {
        sender_id: peer(sender),
        supported_protocol_versions: versions.iter().map(|v| v.to_string()).collect(),
        peer_metadata: PeerMetadata::default(),
    }
    .encode()
}

fn sync_frame(sender: &str, document_id: DocumentId) -> Vec<u8> {
    Message::Sync {
        sender_id: peer(sender),
        target_id: relay(),
        document_id,
        data: vec![0x42],
    }
    .encode()
}

fn joined() -> Connection {
    let mut connection = connection();
    connection.receive(&join("alice", &["1"]));
    connection
}

fn closes_with_error(outputs: &[ConnectionOutput]) -> bool {
    matches!(
        outputs.first(),
        Some(ConnectionOutput::Send(Message::Error { .. }))
    ) && matches!(outputs.last(), Some(ConnectionOutput::Close { .. }))
}

#[test]
fn join_is_answered_with_peer_protocol_one_and_the_relay_storage() {
    let mut connection = connection();
    let outputs = connection.receive(&join("alice", &["0", "1"]));
    assert_eq!(
        outputs,
        vec![ConnectionOutput::Send(Message::Peer {
            sender_id: relay(),
            target_id: peer("alice"),
            selected_protocol_version: "1".into(),
            peer_metadata: PeerMetadata {
                storage_id: Some("relay-storage".parse().unwrap()),
                is_ephemeral: false,
            },
        })]
    );
    assert_eq!(connection.peer_id(), Some(&peer("alice")));
}

#[test]
fn other_protocol_versions_get_an_error_and_a_close() {
    let mut connection = connection();
    let outputs = connection.receive(&join("alice", &["2"]));
    assert!(closes_with_error(&outputs), "{outputs:?}");
    assert!(connection.is_closed());
    assert!(connection.receive(&sync_frame("alice", doc(1))).is_empty());
}

#[test]
fn anything_before_join_closes() {
    let mut connection = connection();
    let outputs = connection.receive(&sync_frame("alice", doc(1)));
    assert!(closes_with_error(&outputs), "{outputs:?}");
}

#[test]
fn a_forged_sender_closes_the_connection() {
    let mut connection = joined();
    connection.receive(&sync_frame("alice", doc(1)));
    let outputs = connection.receive(&sync_frame("mallory", doc(1)));
    assert!(closes_with_error(&outputs), "{outputs:?}");
    // The room alice was in hears she left.
    assert!(outputs.contains(&ConnectionOutput::Route {
        document_id: doc(1),
        input: RoomInput::PeerLeft {
            peer: peer("alice")
        },
    }));
}

#[test]
fn a_message_for_another_target_closes_the_connection() {
    let mut connection = joined();
    let frame = Message::Sync {
        sender_id: peer("alice"),
        target_id: peer("bob"),
        document_id: doc(1),
        data: vec![],
    }
    .encode();
    assert!(closes_with_error(&connection.receive(&frame)));
}

#[test]
fn malformed_and_oversized_frames_close_the_connection() {
    let mut connection = joined();
    assert!(closes_with_error(&connection.receive(&[0xff, 0x00])));

    let limits = Limits {
        max_frame_bytes: 10,
        ..Limits::default()
    };
    let mut connection = connection_with(limits, Arc::new(AllowAll));
    assert!(closes_with_error(
        &connection.receive(&join("alice", &["1"]))
    ));
}

#[test]
fn sync_and_request_are_routed_to_the_document_room() {
    let mut connection = joined();
    let outputs = connection.receive(&sync_frame("alice", doc(1)));
    assert_eq!(
        outputs,
        vec![ConnectionOutput::Route {
            document_id: doc(1),
            input: RoomInput::Sync {
                peer: peer("alice"),
                data: vec![0x42]
            },
        }]
    );
    assert_eq!(connection.open_documents().collect::<Vec<_>>(), [&doc(1)]);
}

#[test]
fn one_document_too_many_closes_the_connection() {
    let limits = Limits {
        max_documents_per_connection: 2,
        ..Limits::default()
    };
    let mut connection = connection_with(limits, Arc::new(AllowAll));
    connection.receive(&join("alice", &["1"]));
    connection.receive(&sync_frame("alice", doc(1)));
    connection.receive(&sync_frame("alice", doc(2)));
    // Documents already open do not count again.
    assert_eq!(connection.receive(&sync_frame("alice", doc(1))).len(), 1);
    let outputs = connection.receive(&sync_frame("alice", doc(3)));
    assert!(closes_with_error(&outputs), "{outputs:?}");
    let left = outputs
        .iter()
        .filter(|o| {
            matches!(
                o,
                ConnectionOutput::Route {
                    input: RoomInput::PeerLeft { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(left, 2);
}

#[test]
fn ephemeral_messages_only_reach_rooms_the_peer_opened() {
    let mut connection = joined();
    let ephemeral = |document_id| {
        Message::Ephemeral {
            sender_id: peer("alice"),
            target_id: relay(),
            document_id,
            session_id: "s".into(),
            count: 1,
            data: vec![],
        }
        .encode()
    };
    assert!(connection.receive(&ephemeral(doc(1))).is_empty());
    connection.receive(&sync_frame("alice", doc(1)));
    assert_eq!(connection.receive(&ephemeral(doc(1))).len(), 1);
}

/// Hides document 9 from everyone and closes on remote-heads gossip.
struct Gatekeeper;

impl Policy for Gatekeeper {
    fn admit(&self, _peer: &PeerId, message: &Message) -> Verdict {
        match message {
            Message::Sync { document_id, .. } | Message::Request { document_id, .. }
                if *document_id == doc(9) =>
            {
                Verdict::Hide
            }
            Message::RemoteSubscriptionChange { .. } => Verdict::Close("not here".into()),
            _ => Verdict::Allow,
        }
    }

    fn check_changes(
        &self,
        _: &PeerId,
        _: &DocumentId,
        _: &crate::engine::ChangeBatch<'_>,
    ) -> Result<(), RefusalNotice> {
        Ok(())
    }
}

#[test]
fn every_inbound_message_passes_the_policy() {
    let mut connection = connection_with(Limits::default(), Arc::new(Gatekeeper));
    connection.receive(&join("alice", &["1"]));
    let outputs = connection.receive(&sync_frame("alice", doc(9)));
    assert_eq!(
        outputs,
        vec![ConnectionOutput::Send(Message::DocUnavailable {
            sender_id: relay(),
            target_id: peer("alice"),
            document_id: doc(9),
        })]
    );
    assert_eq!(connection.open_documents().count(), 0);

    let gossip = Message::RemoteSubscriptionChange {
        sender_id: peer("alice"),
        target_id: relay(),
        add: vec![],
        remove: vec![],
    };
    let outputs = connection.receive(&gossip.encode());
    assert!(closes_with_error(&outputs), "{outputs:?}");
}

#[test]
fn a_refusal_tells_the_peer_why_and_closes() {
    let mut connection = joined();
    connection.receive(&sync_frame("alice", doc(1)));
    let reason = RefusalNotice::new("viewer-cannot-edit", "viewers cannot edit");
    let outputs = connection.refused(&doc(1), &reason);
    let ConnectionOutput::Send(error) = &outputs[0] else {
        panic!("{outputs:?}")
    };
    assert_eq!(RefusalNotice::of_error_frame(error), Some((doc(1), reason)));
    assert!(matches!(
        outputs.last(),
        Some(ConnectionOutput::Close { .. })
    ));
}

#[test]
fn leave_and_socket_close_release_the_rooms_once() {
    let mut connection = joined();
    connection.receive(&sync_frame("alice", doc(1)));
    let outputs = connection.receive(
        &Message::Leave {
            sender_id: peer("alice"),
        }
        .encode(),
    );
    assert_eq!(outputs.len(), 2, "{outputs:?}");
    assert!(connection.close().is_empty());
}
