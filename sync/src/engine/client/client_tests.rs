use automerge::{ROOT, ReadDoc, sync::SyncDoc, transaction::Transactable};

use super::*;

fn peer(text: &str) -> PeerId {
    text.parse().unwrap()
}

const DOC: DocumentId = DocumentId::from_bytes([6; 16]);

fn client() -> Client {
    Client::new(peer("alice"), PeerMetadata::default())
}

fn peer_frame(version: &str, target: &str) -> Vec<u8> {
    Message::Peer {
        sender_id: peer("relay"),
        target_id: peer(target),
        selected_protocol_version: version.into(),
        peer_metadata: PeerMetadata::default(),
    }
    .encode()
}

fn connected() -> Client {
    let mut client = client();
    client.connect();
    assert!(client.receive(&peer_frame("1", "alice")).is_empty());
    client
}

fn doc_with(key: &str, value: &str) -> Automerge {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, key, value).unwrap();
    tx.commit();
    doc
}

fn sent(outputs: &[ClientOutput]) -> Vec<&Message> {
    outputs
        .iter()
        .filter_map(|o| match o {
            ClientOutput::Send(m) => Some(m),
            _ => None,
        })
        .collect()
}

#[test]
fn connect_sends_join_for_protocol_one() {
    let mut client = client();
    let outputs = client.connect();
    assert_eq!(
        outputs,
        vec![ClientOutput::Send(Message::Join {
            sender_id: peer("alice"),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: PeerMetadata::default(),
        })]
    );
    assert_eq!(client.relay_id(), None);
}

#[test]
fn nothing_is_sent_before_the_relay_answers() {
    let mut client = client();
    client.connect();
    client.create(DOC, doc_with("a", "1"));
    let outputs = client.tick();
    assert!(sent(&outputs).is_empty());
    assert!(
        matches!(outputs[..], [ClientOutput::Store { .. }]),
        "stored all the same"
    );
}

#[test]
fn a_relay_choosing_another_protocol_is_left() {
    let mut client = client();
    client.connect();
    let outputs = client.receive(&peer_frame("2", "alice"));
    assert!(matches!(outputs[..], [ClientOutput::Close { .. }]));
    assert_eq!(client.relay_id(), None);
}

#[test]
fn finding_asks_with_request_creating_offers_with_sync() {
    let mut client = connected();
    client.find(DOC);
    client.create(DocumentId::from_bytes([7; 16]), doc_with("a", "1"));
    let outputs = client.tick();
    let messages = sent(&outputs);
    assert!(matches!(messages[0], Message::Request { document_id, .. } if *document_id == DOC));
    assert!(matches!(messages[1], Message::Sync { .. }));
}

#[test]
fn doc_unavailable_is_reported_for_a_document_we_lack() {
    let mut client = connected();
    client.find(DOC);
    client.tick();
    let outputs = client.receive(
        &Message::DocUnavailable {
            sender_id: peer("relay"),
            target_id: peer("alice"),
            document_id: DOC,
        }
        .encode(),
    );
    assert_eq!(
        outputs,
        vec![ClientOutput::DocUnavailable { document_id: DOC }]
    );
    assert!(
        sent(&client.tick()).is_empty(),
        "no asking again until reconnected"
    );
}

#[test]
fn the_relays_heads_say_when_our_changes_are_saved_there() {
    let mut client = connected();
    client.create(DOC, doc_with("a", "1"));
    client.tick();
    assert!(!client.saved_on_relay(&DOC));

    // A relay that has our change answers with heads that contain it.
    let relay_doc = client.doc(&DOC).unwrap().clone();
    let mut relay_state = sync::State::new();
    let reply = relay_doc.generate_sync_message(&mut relay_state).unwrap();
    let outputs = client.receive(
        &Message::Sync {
            sender_id: peer("relay"),
            target_id: peer("alice"),
            document_id: DOC,
            data: reply.encode(),
        }
        .encode(),
    );
    assert!(outputs.contains(&ClientOutput::RelayHeads {
        document_id: DOC,
        heads: relay_doc.get_heads(),
    }));
    assert!(client.saved_on_relay(&DOC));

    let mut tx = client.doc_mut(&DOC).unwrap().transaction();
    tx.put(ROOT, "b", "2").unwrap();
    tx.commit();
    assert!(
        !client.saved_on_relay(&DOC),
        "a new local change is not on the relay yet"
    );
}

#[test]
fn sync_from_anyone_but_the_relay_is_ignored() {
    let mut client = connected();
    client.find(DOC);
    let data = doc_with("x", "1")
        .generate_sync_message(&mut sync::State::new())
        .unwrap()
        .encode();
    let frame = Message::Sync {
        sender_id: peer("mallory"),
        target_id: peer("alice"),
        document_id: DOC,
        data,
    };
    assert!(client.receive(&frame.encode()).is_empty());
}

#[test]
fn malformed_frames_and_relay_errors_close() {
    let mut client = connected();
    assert!(matches!(
        client.receive(&[0xff])[..],
        [ClientOutput::Close { .. }]
    ));
    let mut client = connected();
    let error = Message::Error {
        sender_id: None,
        target_id: None,
        message: "bye".into(),
        refused: None,
    };
    assert!(matches!(
        client.receive(&error.encode())[..],
        [ClientOutput::Close { .. }]
    ));
    assert_eq!(client.relay_id(), None);
}

#[test]
fn what_was_stored_opens_again() {
    let mut client = connected();
    client.create(DOC, doc_with("a", "1"));
    let chunks: Vec<Vec<u8>> = client
        .tick()
        .into_iter()
        .filter_map(|o| match o {
            ClientOutput::Store { chunk, .. } => Some(chunk),
            _ => None,
        })
        .collect();
    let mut reopened = connected();
    reopened.open(DOC, &chunks).unwrap();
    let (value, _) = reopened.doc(&DOC).unwrap().get(ROOT, "a").unwrap().unwrap();
    assert_eq!(value.into_string().ok().as_deref(), Some("1"));
    // Already stored: the reopened client stores nothing again.
    assert!(
        !reopened
            .tick()
            .iter()
            .any(|o| matches!(o, ClientOutput::Store { .. }))
    );
    assert!(reopened.open(DOC, &[vec![1, 2, 3]]).is_err());
}
