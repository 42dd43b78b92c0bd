use std::sync::Arc;

use automerge::{Automerge, ROOT, ReadDoc, transaction::Transactable};

use super::network::{Network, heads_of, load};
use crate::{
    DocumentId,
    engine::{AllowAll, Limits, client::ClientOutput, hub::RoomOutput},
};

pub fn doc_id(n: u8) -> DocumentId {
    DocumentId::from_bytes([n; 16])
}

pub fn network() -> Network {
    Network::new(Limits::default(), Arc::new(AllowAll))
}

/// A new document holding `key = value`.
pub fn new_doc(key: &str, value: &str) -> Automerge {
    let mut doc = Automerge::new();
    put(&mut doc, key, value);
    doc
}

pub fn put(doc: &mut Automerge, key: &str, value: &str) {
    let mut tx = doc.transaction();
    tx.put(ROOT, key, value).unwrap();
    tx.commit();
}

pub fn value(doc: &Automerge, key: &str) -> Option<String> {
    let (value, _) = doc.get(ROOT, key).unwrap()?;
    value.into_string().ok()
}

/// Every client's copy and the relay's stored copy have the same heads.
pub fn assert_converged(network: &mut Network, document_id: &DocumentId) {
    let relay = network
        .relay_stored_doc(document_id)
        .expect("relay stored it");
    for index in 0..network.endpoints.len() {
        assert_eq!(
            heads_of(network, index, document_id),
            relay.get_heads(),
            "client {index} and the relay differ"
        );
        assert!(network.endpoints[index].client.saved_on_relay(document_id));
    }
}

#[test]
fn two_peers_sync_through_the_hub() {
    let mut net = network();
    let (alice, bob) = (net.add_client(), net.add_client());
    net.connect(alice);
    net.connect(bob);
    net.client(alice)
        .create(doc_id(1), new_doc("title", "plan"));
    net.settle_in_order();
    net.client(bob).find(doc_id(1));
    net.settle_in_order();

    assert_converged(&mut net, &doc_id(1));
    let bob_doc = net.client(bob).doc(&doc_id(1)).unwrap();
    assert_eq!(value(bob_doc, "title").as_deref(), Some("plan"));
    assert!(
        net.endpoints[bob]
            .events
            .iter()
            .any(|e| matches!(e, ClientOutput::DocChanged { .. }))
    );

    put(
        net.client(bob).doc_mut(&doc_id(1)).unwrap(),
        "title",
        "plan B",
    );
    net.settle_in_order();
    assert_converged(&mut net, &doc_id(1));
    let alice_doc = net.client(alice).doc(&doc_id(1)).unwrap();
    assert_eq!(value(alice_doc, "title").as_deref(), Some("plan B"));
}

#[test]
fn twenty_peers_editing_at_once_converge() {
    let mut net = network();
    let clients: Vec<usize> = (0..20).map(|_| net.add_client()).collect();
    for &c in &clients {
        net.connect(c);
    }
    net.client(0).create(doc_id(2), new_doc("seed", "0"));
    net.settle_in_order();
    for &c in &clients[1..] {
        net.client(c).find(doc_id(2));
    }
    net.settle_in_order();
    for round in 0..3 {
        for &c in &clients {
            let doc = net.client(c).doc_mut(&doc_id(2)).unwrap();
            put(doc, &format!("k{c}"), &format!("round {round}"));
            put(doc, "shared", &format!("{c}/{round}"));
        }
        // Ticks between deliveries let edits and syncs cross in flight.
        net.tick();
    }
    net.settle_in_order();

    assert_converged(&mut net, &doc_id(2));
    let relay = net.relay_stored_doc(&doc_id(2)).unwrap();
    for &c in &clients {
        assert_eq!(value(&relay, &format!("k{c}")).as_deref(), Some("round 2"));
    }
}

#[test]
fn a_reconnecting_peer_catches_up_both_ways() {
    let mut net = network();
    let (alice, bob) = (net.add_client(), net.add_client());
    net.connect(alice);
    net.connect(bob);
    net.client(alice).create(doc_id(3), new_doc("a", "1"));
    net.settle_in_order();
    net.client(bob).find(doc_id(3));
    net.settle_in_order();

    net.disconnect(bob);
    put(net.client(alice).doc_mut(&doc_id(3)).unwrap(), "a", "2");
    put(net.client(bob).doc_mut(&doc_id(3)).unwrap(), "b", "offline");
    net.settle_in_order();
    assert!(!net.client(bob).saved_on_relay(&doc_id(3)));

    net.connect(bob);
    net.settle_in_order();
    assert_converged(&mut net, &doc_id(3));
    let alice_doc = net.client(alice).doc(&doc_id(3)).unwrap();
    assert_eq!(value(alice_doc, "b").as_deref(), Some("offline"));
}

#[test]
fn a_document_nobody_has_is_unavailable_until_someone_brings_it() {
    let mut net = network();
    let (alice, bob) = (net.add_client(), net.add_client());
    net.connect(alice);
    net.connect(bob);
    net.client(bob).find(doc_id(4));
    net.settle_in_order();
    assert!(
        net.endpoints[bob]
            .events
            .contains(&ClientOutput::DocUnavailable {
                document_id: doc_id(4)
            })
    );
    assert!(!net.relay_storage.contains_key(&doc_id(4)));

    net.client(alice).create(doc_id(4), new_doc("late", "yes"));
    net.settle_in_order();
    assert_converged(&mut net, &doc_id(4));
}

#[test]
fn a_client_created_document_is_stored_and_outlives_the_room() {
    let mut net = network();
    let alice = net.add_client();
    net.connect(alice);
    net.client(alice).create(doc_id(5), new_doc("kept", "yes"));
    net.settle_in_order();
    let stored = net.relay_stored_doc(&doc_id(5)).unwrap();
    assert_eq!(value(&stored, "kept").as_deref(), Some("yes"));

    // The relay restarts: rooms are gone, storage stays.
    net.disconnect(alice);
    assert!(net.rooms.values().all(|room| room.is_idle()));
    net.rooms.clear();
    let carol = net.add_client();
    net.connect(carol);
    net.client(carol).find(doc_id(5));
    net.settle_in_order();
    let carol_doc = net.client(carol).doc(&doc_id(5)).unwrap();
    assert_eq!(value(carol_doc, "kept").as_deref(), Some("yes"));
}

#[test]
fn clients_store_local_changes_before_sending_them() {
    let mut net = network();
    let alice = net.add_client();
    net.connect(alice);
    net.settle_in_order();
    net.client(alice).create(doc_id(6), new_doc("x", "1"));
    let outputs = net.client(alice).tick();
    let store = outputs
        .iter()
        .position(|o| matches!(o, ClientOutput::Store { .. }));
    let send = outputs
        .iter()
        .position(|o| matches!(o, ClientOutput::Send(_)));
    assert!(store.unwrap() < send.unwrap(), "{outputs:?}");
    // What was stored opens again on a fresh client.
    let ClientOutput::Store { chunk, .. } = &outputs[store.unwrap()] else {
        unreachable!()
    };
    assert_eq!(
        value(&load(std::slice::from_ref(chunk)), "x").as_deref(),
        Some("1")
    );
}

#[test]
fn large_histories_are_compacted_into_one_snapshot() {
    let mut net = network();
    net.set_compact_floor(2_000);
    let alice = net.add_client();
    net.connect(alice);
    net.client(alice).create(doc_id(7), new_doc("n", "0"));
    net.settle_in_order();
    for n in 1..60 {
        put(
            net.client(alice).doc_mut(&doc_id(7)).unwrap(),
            "n",
            &n.to_string(),
        );
        net.settle_in_order();
    }
    let compactions = net
        .room_log
        .iter()
        .filter(|(_, o)| matches!(o, RoomOutput::Compact { .. }))
        .count();
    assert!(compactions >= 1);
    let chunks = net.relay_storage[&doc_id(7)].len();
    assert!(chunks < 60, "{chunks} chunks were never compacted");
    assert_converged(&mut net, &doc_id(7));
}

#[test]
fn ephemeral_messages_reach_the_other_peers_and_are_not_stored() {
    let mut net = network();
    let (alice, bob, carol) = (net.add_client(), net.add_client(), net.add_client());
    for c in [alice, bob, carol] {
        net.connect(c);
    }
    net.client(alice).create(doc_id(8), new_doc("x", "1"));
    net.settle_in_order();
    net.client(bob).find(doc_id(8));
    net.settle_in_order();
    let before = net.relay_storage[&doc_id(8)].clone();
    let ephemeral = crate::Message::Ephemeral {
        sender_id: "peer-0".parse().unwrap(),
        target_id: net.relay_id.clone(),
        document_id: doc_id(8),
        session_id: "s".into(),
        count: 1,
        data: vec![0xa0],
    };
    net.send_raw(alice, ephemeral.encode());
    net.settle_in_order();
    let forwarded: Vec<_> = net
        .room_log
        .iter()
        .filter_map(|(_, o)| match o {
            RoomOutput::Send {
                to,
                message: crate::Message::Ephemeral { sender_id, .. },
            } => Some((to.to_string(), sender_id.to_string())),
            _ => None,
        })
        .collect();
    // Bob is in the room; Carol never opened the document.
    assert_eq!(forwarded, vec![("peer-1".into(), "peer-0".into())]);
    assert_eq!(net.relay_storage[&doc_id(8)], before);
}

/// Refuses changes by anyone but `peer-0`, as a viewer's edits would be.
struct OnlyFirstPeerWrites;

impl crate::engine::Policy for OnlyFirstPeerWrites {
    fn admit(&self, _: &crate::PeerId, _: &crate::Message) -> crate::engine::Verdict {
        crate::engine::Verdict::Allow
    }

    fn check_changes(
        &self,
        peer: &crate::PeerId,
        _: &DocumentId,
        _: &crate::engine::ChangeBatch<'_>,
    ) -> Result<(), crate::RefusalNotice> {
        if peer.as_str() == "peer-0" {
            Ok(())
        } else {
            Err(crate::RefusalNotice::new(
                "viewer-cannot-edit",
                "viewers cannot edit",
            ))
        }
    }
}

#[test]
fn a_refused_edit_reaches_nobody_and_its_sender_is_told() {
    let mut net = Network::new(Limits::default(), Arc::new(OnlyFirstPeerWrites));
    let (owner, viewer, other) = (net.add_client(), net.add_client(), net.add_client());
    for c in [owner, viewer, other] {
        net.connect(c);
    }
    net.client(owner).create(doc_id(11), new_doc("title", "v1"));
    net.settle_in_order();
    net.client(viewer).find(doc_id(11));
    net.client(other).find(doc_id(11));
    net.settle_in_order();
    let agreed = net.relay_stored_doc(&doc_id(11)).unwrap().get_heads();

    put(
        net.client(viewer).doc_mut(&doc_id(11)).unwrap(),
        "title",
        "hacked",
    );
    net.settle_in_order();

    assert!(
        net.errors.iter().any(|e| e.contains("viewers cannot edit")),
        "{:?}",
        net.errors
    );
    assert!(
        net.endpoints[viewer].events.iter().any(|e| matches!(
            e,
            ClientOutput::Refused { document_id, reason }
                if *document_id == doc_id(11) && reason.code == "viewer-cannot-edit"
        )),
        "the viewer's client hands the refusal on as data"
    );
    assert!(
        net.endpoints[viewer]
            .events
            .iter()
            .any(|e| matches!(e, ClientOutput::Close { .. }))
    );
    assert_eq!(
        net.relay_stored_doc(&doc_id(11)).unwrap().get_heads(),
        agreed
    );
    for c in [owner, other] {
        assert_eq!(heads_of(&net, c, &doc_id(11)), agreed);
    }
    assert!(!net.client(viewer).saved_on_relay(&doc_id(11)));
}

#[test]
fn a_client_past_the_document_limit_is_closed_and_others_carry_on() {
    let limits = Limits {
        max_documents_per_connection: 2,
        ..Limits::default()
    };
    let mut net = Network::new(limits, Arc::new(AllowAll));
    let (greedy, calm) = (net.add_client(), net.add_client());
    net.connect(greedy);
    net.connect(calm);
    for n in 20..23 {
        net.client(greedy)
            .create(doc_id(n), new_doc("n", &n.to_string()));
    }
    net.client(calm).create(doc_id(30), new_doc("calm", "yes"));
    net.settle_in_order();

    assert!(
        net.errors
            .iter()
            .any(|e| e.contains("more than 2 documents")),
        "{:?}",
        net.errors
    );
    assert!(
        net.client(greedy).relay_id().is_none(),
        "the greedy client was disconnected"
    );
    assert!(!net.relay_storage.contains_key(&doc_id(22)));
    assert!(net.client(calm).saved_on_relay(&doc_id(30)));
}
