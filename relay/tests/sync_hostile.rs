//! Hostile and broken clients on `/sync`: each is closed with a clear code,
//! and the relay and its other peers carry on.
//!
//! One body, two deployments (issue 24): one relay, and two relays sharing
//! PostgreSQL and NATS. The trouble is made on relay A; bystanders on A and
//! on B, sharing a document, must not notice it, and each relay still
//! serves newcomers.

mod support;

use std::time::Duration;

use automerge::Automerge;
use concord_relay::SyncLimits;
use concord_sync::{DocumentId, Message};
use futures_util::{SinkExt as _, StreamExt as _};
use support::{
    deployment::{Deployed, Deployment},
    plain_doc::{put, read},
    sync_client::SyncClient,
    workspace::{fetch, unique},
    *,
};
use tokio_tungstenite::tungstenite;

const SHARED: DocumentId = DocumentId::from_bytes([5; 16]);

fn small_frames() -> SyncLimits {
    SyncLimits {
        max_frame_bytes: 64 * 1024,
        ..SyncLimits::default()
    }
}

/// `--open-sync` relays with `limits`, or `None` (printed) where two
/// relays need what is not installed.
async fn relays(deployment: Deployment, limits: SyncLimits) -> Option<Deployed> {
    deployment.start(limits, true).await
}

/// Peers that joined before the trouble, one on A and one on B (both on
/// the one relay), editing one document; they must not notice it.
struct Bystanders {
    on_a: SyncClient,
    on_b: SyncClient,
}

async fn bystanders(relays: &Deployed) -> Bystanders {
    let mut on_a = SyncClient::new("bystander-a");
    on_a.connect(relays.a).await.unwrap();
    on_a.client.create(SHARED, Automerge::new());
    put(&mut on_a, &SHARED, "before", "a");
    assert!(
        on_a.until(|c| c.client.saved_on_relay(&SHARED))
            .await
            .unwrap()
    );
    let mut on_b = SyncClient::new("bystander-b");
    on_b.connect(relays.b).await.unwrap();
    assert!(fetch(&mut on_b, SHARED).await);
    Bystanders { on_a, on_b }
}

impl Bystanders {
    /// Both still connected, and an edit of each reaches the other (across
    /// the relays, on two); then every relay still takes a newcomer, who
    /// reads the document as they left it.
    async fn carry_on(&mut self, relays: &Deployed) {
        let round = unique();
        let (from_a, from_b) = (format!("a-{round}"), format!("b-{round}"));
        put(&mut self.on_a, &SHARED, &from_a, "a");
        put(&mut self.on_b, &SHARED, &from_b, "b");
        self.on_a
            .flush()
            .await
            .expect("the bystander on A stays connected");
        self.on_b
            .flush()
            .await
            .expect("the bystander on B stays connected");
        for (bystander, other) in [(&mut self.on_a, &from_b), (&mut self.on_b, &from_a)] {
            let reached = bystander
                .until(|c| read(c, &SHARED, other).is_some())
                .await
                .expect("the bystander stays connected");
            assert!(reached, "{other} reaches the other bystander");
        }
        let heads = self.on_a.client.doc(&SHARED).unwrap().get_heads();
        for relay in relays.relays() {
            let mut newcomer = SyncClient::new(&format!("newcomer-{}", unique()));
            newcomer.connect(relay).await.unwrap();
            assert!(fetch(&mut newcomer, SHARED).await, "{relay} serves it");
            let same = newcomer
                .until(|c| c.client.doc(&SHARED).unwrap().get_heads() == heads)
                .await
                .unwrap();
            assert!(same, "{relay} serves the bystanders' edits");
        }
    }
}

/// A raw socket's connection still answers: a request for an unknown
/// document gets doc-unavailable.
async fn still_serves(relay: std::net::SocketAddr, bystander: &mut Socket, name: &str) {
    let relay_peer = {
        let mut fresh = connect(relay).await;
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

/// Each test body runs on one relay and on two: `on_both!(one, two, body)`
/// makes a test of each name, `body` taking the [`Deployment`].
macro_rules! on_both {
    ($one:ident, $two:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $one() {
            $body(Deployment::OneRelay).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $two() {
            $body(Deployment::TwoRelays).await;
        }
    };
}

on_both!(
    an_oversized_frame_is_closed_with_1009,
    on_two_relays_an_oversized_frame_is_closed_with_1009,
    oversized_frame
);

async fn oversized_frame(deployment: Deployment) {
    let Some(relays) = relays(deployment, small_frames()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let mut socket = connect(relays.a).await;
    join(&mut socket, "big").await;
    socket
        .send(tungstenite::Message::binary(vec![0u8; 100 * 1024]))
        .await
        .unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("too long"), "{reason}");
    others.carry_on(&relays).await;
}

on_both!(
    a_text_frame_is_a_protocol_error,
    on_two_relays_a_text_frame_is_a_protocol_error,
    text_frame
);

async fn text_frame(deployment: Deployment) {
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let mut socket = connect(relays.a).await;
    join(&mut socket, "texter").await;
    socket
        .send(tungstenite::Message::text("{\"type\":\"join\"}"))
        .await
        .unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1002);
    assert!(reason.contains("text frames"), "{reason}");
    others.carry_on(&relays).await;
}

on_both!(
    garbage_before_and_after_the_handshake_is_a_protocol_error,
    on_two_relays_garbage_before_and_after_the_handshake_is_a_protocol_error,
    garbage
);

async fn garbage(deployment: Deployment) {
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;

    let mut before = connect(relays.a).await;
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
        let mut socket = connect(relays.a).await;
        join(&mut socket, "garbler").await;
        socket
            .send(tungstenite::Message::binary(garbage))
            .await
            .unwrap();
        let (code, reason) = closed(&mut socket).await;
        assert_eq!(code, 1002, "{reason}");
    }
    others.carry_on(&relays).await;
}

on_both!(
    a_first_message_other_than_join_is_a_protocol_error,
    on_two_relays_a_first_message_other_than_join_is_a_protocol_error,
    first_message_not_join
);

async fn first_message_not_join(deployment: Deployment) {
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let mut socket = connect(relays.a).await;
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
    others.carry_on(&relays).await;
}

on_both!(
    a_flood_of_joins_is_served_and_the_relay_stays_up,
    on_two_relays_a_flood_of_joins_on_both_is_served_and_both_stay_up,
    flood_of_joins
);

async fn flood_of_joins(deployment: Deployment) {
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let targets = relays.relays();
    let joins: Vec<_> = (0..500)
        .map(|n| {
            let addr = targets[n % targets.len()];
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
    others.carry_on(&relays).await;
}

on_both!(
    a_silent_peer_is_closed_after_the_idle_timeout_and_a_live_one_is_not,
    on_two_relays_a_silent_peer_on_a_is_closed_and_live_ones_on_both_are_not,
    idle_timeout
);

async fn idle_timeout(deployment: Deployment) {
    let limits = SyncLimits {
        idle_timeout_secs: 2,
        ..SyncLimits::default()
    };
    let Some(relays) = relays(deployment, limits).await else {
        return;
    };
    let mut silent = connect(relays.a).await;
    join(&mut silent, "silent").await;
    // One live peer on each relay (both on the one relay).
    let mut live_peers = Vec::new();
    for (n, relay) in [relays.a, relays.b].into_iter().enumerate() {
        let name = format!("live-{n}");
        let mut live = connect(relay).await;
        join(&mut live, &name).await;
        live_peers.push(tokio::spawn(async move {
            for _ in 0..8 {
                live.send(tungstenite::Message::Ping(Default::default()))
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            (relay, name, live)
        }));
    }
    let (code, reason) = closed(&mut silent).await;
    assert_eq!(code, 1001, "{reason}");
    for live in live_peers {
        let (relay, name, mut live) = live.await.unwrap();
        still_serves(relay, &mut live, &name).await;
    }
}

on_both!(
    the_relay_pings_an_open_connection,
    on_two_relays_each_relay_pings_an_open_connection,
    pings
);

async fn pings(deployment: Deployment) {
    let limits = SyncLimits {
        keepalive_secs: 1,
        ..SyncLimits::default()
    };
    let Some(relays) = relays(deployment, limits).await else {
        return;
    };
    for relay in relays.relays() {
        let mut socket = connect(relay).await;
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
        assert!(pinged.is_ok(), "no ping from {relay} within 3 s");
    }
}

on_both!(
    a_frame_past_the_default_limit_is_closed_with_1009,
    on_two_relays_a_frame_past_the_default_limit_is_closed_with_1009,
    past_the_default_limit
);

async fn past_the_default_limit(deployment: Deployment) {
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let mut socket = connect(relays.a).await;
    join(&mut socket, "huge").await;
    let limit = SyncLimits::default().max_frame_bytes;
    // The relay stops reading at the frame's header, so the client may not
    // manage to send it all; the close frame still reaches it.
    let _ = socket
        .send(tungstenite::Message::binary(vec![0u8; limit + 1024 * 1024]))
        .await;
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1009, "{reason}");
    others.carry_on(&relays).await;
}

on_both!(
    a_second_connection_with_the_same_peer_id_closes_the_first,
    on_two_relays_a_second_connection_with_the_same_peer_id_closes_the_first,
    same_peer_id_twice
);

async fn same_peer_id_twice(deployment: Deployment) {
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let mut older = connect(relays.a).await;
    join(&mut older, "twice").await;
    let mut newer = connect(relays.a).await;
    join(&mut newer, "twice").await;
    let (code, reason) = closed(&mut older).await;
    assert_eq!(code, 1008, "{reason}");
    assert!(reason.contains("connected again"), "{reason}");
    still_serves(relays.a, &mut newer, "twice").await;
    others.carry_on(&relays).await;
}

on_both!(
    broken_sync_data_is_refused_or_skipped_and_kept_nowhere,
    on_two_relays_broken_sync_data_sent_to_a_is_kept_nowhere,
    broken_changes
);

/// A well-formed frame whose sync data is broken: not a sync message at
/// all, which is refused (the sender closed), or one whose changes are not
/// Automerge changes, which Automerge skips (the sender's next real change
/// is kept). Either way nothing of it is stored or reaches a bystander.
async fn broken_changes(deployment: Deployment) {
    use automerge::sync::{ChunkList, Message as SyncMessage, MessageVersion};
    let Some(relays) = relays(deployment, SyncLimits::default()).await else {
        return;
    };
    let mut others = bystanders(&relays).await;
    let not_changes = SyncMessage {
        heads: Vec::new(),
        need: Vec::new(),
        have: Vec::new(),
        changes: ChunkList::from(vec![b"\x85\x6f\x4a\x83 not a change".to_vec()]),
        flags: None,
        version: MessageVersion::V1,
    }
    .encode();
    let cases = [
        (
            "not a sync message",
            b"\x42 not sync".to_vec(),
            Some("malformed-changes"),
        ),
        ("changes that are not changes", not_changes, None),
    ];
    for (what, data, refused) in cases {
        let before = relays.stored_heads(SHARED).await;
        let mut hostile = SyncClient::new(&format!("breaker-{}", unique()));
        hostile.connect(relays.a).await.unwrap();
        assert!(fetch(&mut hostile, SHARED).await, "{what}");
        let relay = hostile.client.relay_id().unwrap().clone();
        let sent = hostile
            .send_raw(&Message::Sync {
                sender_id: hostile.client.peer_id().clone(),
                target_id: relay,
                document_id: SHARED,
                data,
            })
            .await;
        assert!(sent.is_ok(), "{what}");
        match refused {
            Some(code) => {
                let _ = hostile.until(|_| false).await;
                let [(document, notice)] = &hostile.refused[..] else {
                    panic!("{what}: one refusal, not {:?}", hostile.refused);
                };
                assert_eq!(*document, SHARED, "{what}");
                assert_eq!(notice.code, code, "{what}: {notice:?}");
                assert_eq!(relays.stored_heads(SHARED).await, before, "{what}: stored");
            }
            None => {
                // Taken after the broken message on the same connection.
                put(&mut hostile, &SHARED, "after", "real");
                let kept = hostile
                    .until(|c| c.client.saved_on_relay(&SHARED))
                    .await
                    .expect("the sender stays connected");
                assert!(kept && hostile.refused.is_empty(), "{what}");
                let heads = hostile.client.doc(&SHARED).unwrap().get_heads();
                assert_eq!(relays.stored_heads(SHARED).await, heads, "{what}: stored");
            }
        }
        others.carry_on(&relays).await;
    }
}
