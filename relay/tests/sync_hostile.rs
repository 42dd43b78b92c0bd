//! Hostile and broken clients on `/sync`: each is closed with a clear code,
//! and the relay and its other peers carry on.

mod support;

use std::time::Duration;

use concord_relay::SyncLimits;
use concord_sync::{DocumentId, Message};
use futures_util::{SinkExt as _, StreamExt as _};
use support::*;
use tokio_tungstenite::tungstenite;

fn small_frames() -> SyncLimits {
    SyncLimits {
        max_frame_bytes: 64 * 1024,
        ..SyncLimits::default()
    }
}

/// A peer that joined before the trouble and must not notice it.
async fn bystander(relay: &TestRelay) -> Socket {
    let mut socket = connect(relay.addr).await;
    join(&mut socket, "bystander").await;
    socket
}

async fn still_serves(relay: &TestRelay, bystander: &mut Socket, name: &str) {
    // The bystander's connection still answers: a request for an unknown
    // document gets doc-unavailable.
    let relay_peer = {
        let mut fresh = connect(relay.addr).await;
        join(&mut fresh, "late-comer").await
    };
    let document_id = DocumentId::from_bytes([9; 16]);
    send(
        bystander,
        &Message::Request {
            sender_id: peer(name),
            target_id: relay_peer,
            document_id,
            data: empty_sync_message(),
        },
    )
    .await;
    match receive(bystander).await {
        Message::DocUnavailable {
            document_id: unavailable,
            ..
        } => assert_eq!(unavailable, document_id),
        other => panic!("expected doc-unavailable, got {other:?}"),
    }
}

fn empty_sync_message() -> Vec<u8> {
    use automerge::sync::SyncDoc as _;
    automerge::Automerge::new()
        .generate_sync_message(&mut automerge::sync::State::new())
        .map(|message| message.encode())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_oversized_frame_is_closed_with_1009() {
    let relay = start_relay(small_frames()).await;
    let mut others = bystander(&relay).await;
    let mut socket = connect(relay.addr).await;
    join(&mut socket, "big").await;
    socket
        .send(tungstenite::Message::binary(vec![0u8; 100 * 1024]))
        .await
        .unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("too long"), "{reason}");
    still_serves(&relay, &mut others, "bystander").await;
}

#[tokio::test]
async fn a_text_frame_is_a_protocol_error() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut others = bystander(&relay).await;
    let mut socket = connect(relay.addr).await;
    join(&mut socket, "texter").await;
    socket
        .send(tungstenite::Message::text("{\"type\":\"join\"}"))
        .await
        .unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1002);
    assert!(reason.contains("text frames"), "{reason}");
    still_serves(&relay, &mut others, "bystander").await;
}

#[tokio::test]
async fn garbage_before_and_after_the_handshake_is_a_protocol_error() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut others = bystander(&relay).await;

    let mut before = connect(relay.addr).await;
    before
        .send(tungstenite::Message::binary(b"\xff\x00garbage".to_vec()))
        .await
        .unwrap();
    let (code, reason) = closed(&mut before).await;
    assert_eq!(code, 1002);
    assert!(reason.starts_with("malformed"), "{reason}");

    // A CBOR map whose `type` is a number, then truncated CBOR.
    for garbage in [
        vec![0xa1, 0x64, b't', b'y', b'p', b'e', 0x01],
        vec![0xbf, 0x61],
    ] {
        let mut socket = connect(relay.addr).await;
        join(&mut socket, "garbler").await;
        socket
            .send(tungstenite::Message::binary(garbage))
            .await
            .unwrap();
        let (code, reason) = closed(&mut socket).await;
        assert_eq!(code, 1002, "{reason}");
    }
    still_serves(&relay, &mut others, "bystander").await;
}

#[tokio::test]
async fn a_first_message_other_than_join_is_a_protocol_error() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut socket = connect(relay.addr).await;
    send(
        &mut socket,
        &Message::Leave {
            sender_id: peer("rude"),
        },
    )
    .await;
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1002);
    assert!(reason.contains("join"), "{reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_joins_is_served_and_the_relay_stays_up() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut others = bystander(&relay).await;
    let joins: Vec<_> = (0..500)
        .map(|n| {
            let addr = relay.addr;
            tokio::spawn(async move {
                let mut socket = connect(addr).await;
                join(&mut socket, &format!("flood-{n}")).await;
                socket
            })
        })
        .collect();
    let mut sockets = Vec::new();
    for join in joins {
        sockets.push(join.await.unwrap());
    }
    assert_eq!(sockets.len(), 500);
    still_serves(&relay, &mut others, "bystander").await;
}

#[tokio::test]
async fn a_silent_peer_is_closed_after_the_idle_timeout_and_a_live_one_is_not() {
    let relay = start_relay(SyncLimits {
        idle_timeout_secs: 2,
        ..SyncLimits::default()
    })
    .await;
    let mut silent = connect(relay.addr).await;
    join(&mut silent, "silent").await;
    let mut live = connect(relay.addr).await;
    join(&mut live, "live").await;
    let live_peer = tokio::spawn(async move {
        for _ in 0..8 {
            live.send(tungstenite::Message::Ping(Default::default()))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        live
    });
    let (code, reason) = closed(&mut silent).await;
    assert_eq!(code, 1001, "{reason}");
    let mut live = live_peer.await.unwrap();
    still_serves(&relay, &mut live, "live").await;
}

#[tokio::test]
async fn the_relay_pings_an_open_connection() {
    let relay = start_relay(SyncLimits {
        keepalive_secs: 1,
        ..SyncLimits::default()
    })
    .await;
    let mut socket = connect(relay.addr).await;
    join(&mut socket, "pinged").await;
    let pinged = tokio::time::timeout(Duration::from_secs(3), async {
        loop {
            match socket.next().await {
                Some(Ok(tungstenite::Message::Ping(_))) => return,
                Some(Ok(_)) => {}
                other => panic!("expected a ping, got {other:?}"),
            }
        }
    })
    .await;
    assert!(pinged.is_ok(), "no ping within 3 s");
}

#[tokio::test]
async fn a_frame_past_the_default_limit_is_closed_with_1009() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut socket = connect(relay.addr).await;
    join(&mut socket, "huge").await;
    let limit = SyncLimits::default().max_frame_bytes;
    // The relay stops reading at the frame's header, so the client may not
    // manage to send it all; the close frame still reaches it.
    let _ = socket
        .send(tungstenite::Message::binary(vec![0u8; limit + 1024 * 1024]))
        .await;
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1009, "{reason}");
}

#[tokio::test]
async fn a_second_connection_with_the_same_peer_id_closes_the_first() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut older = connect(relay.addr).await;
    join(&mut older, "twice").await;
    let mut newer = connect(relay.addr).await;
    join(&mut newer, "twice").await;
    let (code, reason) = closed(&mut older).await;
    assert_eq!(code, 1008, "{reason}");
    assert!(reason.contains("connected again"), "{reason}");
    still_serves(&relay, &mut newer, "twice").await;
}
