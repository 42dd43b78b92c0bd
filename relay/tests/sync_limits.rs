//! The relay's per-connection limits: each closes only the connection that
//! crossed it, with a code saying why; every other peer carries on.

mod support;

use std::time::Duration;

use concord_relay::SyncLimits;
use concord_sync::{DocumentId, Message};
use futures_util::StreamExt as _;
use support::{
    plain_doc::{put, read},
    sync_client::SyncClient,
    *,
};
use tokio_tungstenite::tungstenite;

fn has(client: &SyncClient, doc: &DocumentId, key: &str) -> bool {
    read(client, doc, key).is_some()
}

/// `alice` creates a document and `bob` has it too.
async fn two_peers_on_one_doc(relay: &TestRelay, doc: DocumentId) -> (SyncClient, SyncClient) {
    let mut alice = SyncClient::new("alice");
    alice.connect(relay.addr).await.unwrap();
    alice.client.create(doc, automerge::Automerge::new());
    put(&mut alice, &doc, "created", "yes");
    assert!(
        alice
            .until(|a| a.client.saved_on_relay(&doc))
            .await
            .unwrap()
    );
    let mut bob = SyncClient::new("bob");
    bob.connect(relay.addr).await.unwrap();
    bob.client.find(doc);
    assert!(bob.until(|b| has(b, &doc, "created")).await.unwrap());
    (alice, bob)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_falls_behind_is_dropped_and_the_others_go_on() {
    let relay = start_relay(SyncLimits {
        outbound_queue_frames: 8,
        ..SyncLimits::default()
    })
    .await;
    let doc = DocumentId::from_bytes([31; 16]);
    let (mut alice, mut bob) = two_peers_on_one_doc(&relay, doc).await;
    let mut slow = SyncClient::new("slow");
    slow.connect(relay.addr).await.unwrap();
    slow.client.find(doc);
    assert!(slow.until(|s| has(s, &doc, "created")).await.unwrap());
    // From here on `slow` reads nothing, while alice floods the room with
    // presence data the relay must forward to it.
    let mut slow_socket = slow.take_socket().unwrap();
    let relay_id = alice.client.relay_id().unwrap().clone();
    for count in 0..400u64 {
        alice
            .send_raw(&Message::Ephemeral {
                sender_id: "alice".parse().unwrap(),
                target_id: relay_id.clone(),
                document_id: doc,
                session_id: "flood".into(),
                count,
                data: vec![7; 64 * 1024],
            })
            .await
            .unwrap();
        // bob reads each one before the next is sent, so only `slow` falls
        // behind (reading whatever happened to be there let bob's own
        // queue of 8 fill up on a busy machine, and the relay dropped him too).
        let seen = bob.frames_received;
        let deadline = tokio::time::Instant::now() + WAIT;
        while bob.frames_received == seen {
            assert!(tokio::time::Instant::now() < deadline, "bob hears alice");
            bob.receive_for(Duration::from_millis(20)).await.unwrap();
        }
    }
    // alice and bob still sync through the same room.
    put(&mut alice, &doc, "after-flood", "still here");
    alice.flush().await.unwrap();
    assert!(bob.until(|b| has(b, &doc, "after-flood")).await.unwrap());

    // The slow reader's connection ends; a close frame, if it got through
    // the full socket, says 1013 (try again later).
    let ended = tokio::time::timeout(WAIT, async {
        loop {
            match slow_socket.next().await {
                Some(Ok(tungstenite::Message::Close(frame))) => {
                    return frame.map(|f| u16::from(f.code));
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return None,
            }
        }
    })
    .await
    .expect("the slow reader's connection ends");
    println!("slow reader ended with close code {ended:?}");
    assert!(matches!(ended, None | Some(1013)), "{ended:?}");
    // It may come back and resync.
    let mut again = SyncClient::new("slow");
    again.connect(relay.addr).await.unwrap();
    again.client.find(doc);
    assert!(again.until(|s| has(s, &doc, "after-flood")).await.unwrap());
}

fn first_sync_message() -> Vec<u8> {
    use automerge::sync::SyncDoc as _;
    automerge::Automerge::new()
        .generate_sync_message(&mut automerge::sync::State::new())
        .map(|message| message.encode())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_documents_on_one_connection_is_closed_with_1008() {
    let relay = start_relay(SyncLimits {
        max_docs_per_connection: 3,
        ..SyncLimits::default()
    })
    .await;
    let doc = DocumentId::from_bytes([32; 16]);
    let (mut alice, mut bob) = two_peers_on_one_doc(&relay, doc).await;
    let mut greedy = connect(relay.addr).await;
    let relay_id = join(&mut greedy, "greedy").await;
    for n in 0..4u8 {
        send(
            &mut greedy,
            &Message::Request {
                sender_id: peer("greedy"),
                target_id: relay_id.clone(),
                document_id: DocumentId::from_bytes([100 + n; 16]),
                data: first_sync_message(),
            },
        )
        .await;
    }
    let (code, reason) = closed(&mut greedy).await;
    assert_eq!(code, 1008, "{reason}");
    assert!(reason.contains("more than 3 documents"), "{reason}");
    put(&mut alice, &doc, "later", "fine");
    alice.flush().await.unwrap();
    assert!(bob.until(|b| has(b, &doc, "later")).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_past_the_size_limit_is_refused_and_not_stored() {
    let relay = start_relay(SyncLimits {
        max_doc_bytes: 4096,
        ..SyncLimits::default()
    })
    .await;
    let doc = DocumentId::from_bytes([33; 16]);
    let mut big = SyncClient::new("big");
    big.connect(relay.addr).await.unwrap();
    big.client.create(doc, automerge::Automerge::new());
    // Random letters: incompressible, so the change stays bigger than the limit.
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(33);
    let noise: String = (0..20_000)
        .map(|_| char::from(b'a' + rand::RngExt::random_range(&mut rng, 0..26u8)))
        .collect();
    put(&mut big, &doc, "noise", &noise);
    let outcome = big.until(|b| b.client.saved_on_relay(&doc)).await;
    assert!(
        outcome.is_err(),
        "the relay closes the connection: {outcome:?}"
    );
    let reason = big.closed_with.clone().unwrap_or_default();
    assert!(reason.contains("exceed"), "{reason}");

    let mut other = SyncClient::new("other");
    other.connect(relay.addr).await.unwrap();
    other.client.find(doc);
    assert!(
        other.until(|o| o.unavailable.contains(&doc)).await.unwrap(),
        "nothing of the refused document was kept"
    );
}
