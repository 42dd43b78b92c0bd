//! Two peers sync one document through the relay, and it survives a restart.

mod support;

use automerge::transaction::Transactable as _;
use concord_relay::{
    SyncLimits,
    store::{NewChunk, SqliteStore, Store as _},
};
use concord_sync::DocumentId;
use support::{
    plain_doc::{put as edit, read},
    sync_client::SyncClient,
    *,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_one_peer_creates_reaches_another_and_back() {
    let relay = start_relay(SyncLimits::default()).await;
    let document_id = DocumentId::from_bytes([21; 16]);

    let mut alice = SyncClient::new("alice");
    alice.connect(relay.addr).await.unwrap();
    alice
        .client
        .create(document_id, automerge::Automerge::new());
    edit(&mut alice, &document_id, "title", "minutes");
    assert!(
        alice
            .until(|a| a.client.saved_on_relay(&document_id))
            .await
            .unwrap(),
        "the relay acknowledges alice's new document"
    );

    let mut bob = SyncClient::new("bob");
    bob.connect(relay.addr).await.unwrap();
    bob.client.find(document_id);
    assert!(
        bob.until(|b| read(b, &document_id, "title").is_some())
            .await
            .unwrap()
    );
    assert_eq!(
        read(&bob, &document_id, "title").as_deref(),
        Some("minutes")
    );

    edit(&mut bob, &document_id, "decision", "ship it");
    bob.flush().await.unwrap();
    assert!(
        alice
            .until(|a| read(a, &document_id, "decision").is_some())
            .await
            .unwrap(),
        "bob's change reaches alice"
    );
    assert_eq!(
        alice.client.doc(&document_id).unwrap().get_heads(),
        bob.client.doc(&document_id).unwrap().get_heads()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_document_is_unavailable() {
    let relay = start_relay(SyncLimits::default()).await;
    let mut carol = SyncClient::new("carol");
    carol.connect(relay.addr).await.unwrap();
    let missing = DocumentId::from_bytes([22; 16]);
    carol.client.find(missing);
    assert!(
        carol
            .until(|c| c.unavailable.contains(&missing))
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_unloaded_when_idle_is_loaded_again_from_the_store() {
    let relay = start_relay(SyncLimits {
        room_idle_secs: 1,
        ..SyncLimits::default()
    })
    .await;
    let document_id = DocumentId::from_bytes([23; 16]);
    let mut alice = SyncClient::new("alice");
    alice.connect(relay.addr).await.unwrap();
    alice
        .client
        .create(document_id, automerge::Automerge::new());
    edit(&mut alice, &document_id, "kept", "on disk");
    assert!(
        alice
            .until(|a| a.client.saved_on_relay(&document_id))
            .await
            .unwrap()
    );
    // A change written straight into the store: only a room that loads the
    // document again, rather than one kept in memory, can know it.
    let mut offline = alice.client.doc(&document_id).unwrap().fork();
    let before = offline.get_heads();
    let mut tx = offline.transaction();
    tx.put(automerge::ROOT, "offline", "from the store")
        .unwrap();
    tx.commit();
    drop(alice);
    // Long enough for the room to have no peers for its idle time and unload.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let store = SqliteStore::open(&relay.tmp.path().join("data")).unwrap();
    store
        .append(&[NewChunk {
            doc: document_id,
            data: offline.save_after(&before),
        }])
        .unwrap();
    let mut dave = SyncClient::new("dave");
    dave.connect(relay.addr).await.unwrap();
    dave.client.find(document_id);
    assert!(
        dave.until(|d| read(d, &document_id, "offline").is_some())
            .await
            .unwrap(),
        "the room was unloaded and loaded again"
    );
    assert_eq!(
        read(&dave, &document_id, "kept").as_deref(),
        Some("on disk")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_open_sync_connections_with_1001() {
    let tmp = tempfile::tempdir().unwrap();
    let config = concord_relay::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: tmp.path().join("data"),
        database_url: None,
        broker_url: None,
        app_dir: tmp.path().join("app"),
        secure_cookies: false,
        open_sync: true,
        max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
        limits: SyncLimits::default(),
    };
    let relay = concord_relay::Relay::bind(&config).await.unwrap();
    let addr = relay.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(relay.serve(async {
        let _ = stopped.await;
    }));
    let mut socket = connect(addr).await;
    join(&mut socket, "staying").await;
    stop.send(()).unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, 1001, "{reason}");
    tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .expect("the relay stops while a sync connection was open")
        .unwrap()
        .unwrap();
}
