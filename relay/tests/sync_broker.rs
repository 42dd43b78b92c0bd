//! Relays sharing PostgreSQL and a NATS broker (`--broker-url`): commits
//! reach the other relays' clients through the broker at once, and when
//! the broker hangs or dies, through PostgreSQL at the periodic check.

mod support;

use std::time::{Duration, Instant};

use automerge::{Automerge, ChangeHash};
use concord_local_nats::LocalNats;
use concord_local_postgres::LocalPostgres;
use concord_relay::{BrokerError, Config, Relay, RelayError, SyncLimits};
use concord_sync::DocumentId;
use serde_json::json;
use support::{
    closed, connect_with,
    http::call,
    instances::{CATCH_UP, Instances, Shared},
    join,
    plain_doc::{put, read},
    sync_client::SyncClient,
    workspace,
};

fn heads(client: &SyncClient, doc: &DocumentId) -> Vec<ChangeHash> {
    client
        .client
        .doc(doc)
        .map(|d| d.get_heads())
        .unwrap_or_default()
}

/// PostgreSQL and a broker, or `None` (printed) when either is not installed.
fn servers() -> Option<(String, LocalNats)> {
    let url = LocalPostgres::database_for_test()?;
    let nats = LocalNats::for_test()?;
    Some((url, nats))
}

/// Ann on relay A has made `doc`; ben on relay B has it too.
async fn ann_and_ben(relays: &Instances, doc: DocumentId) -> (SyncClient, SyncClient) {
    let mut ann = SyncClient::new("ann");
    ann.connect(relays.addr(0)).await.unwrap();
    ann.client.create(doc, Automerge::new());
    put(&mut ann, &doc, "title", "minutes");
    assert!(ann.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());
    let mut ben = SyncClient::new("ben");
    ben.connect(relays.addr(1)).await.unwrap();
    ben.client.find(doc);
    assert!(
        ben.until(|c| read(c, &doc, "title").is_some())
            .await
            .unwrap()
    );
    (ann, ben)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_reach_the_other_relay_through_the_broker() {
    let Some((url, nats)) = servers() else {
        return;
    };
    // No periodic check within the test: only the broker can carry news.
    let relays = Instances::start(
        3,
        Shared {
            database_url: &url,
            broker_url: Some(&nats.url()),
            open_sync: true,
            catch_up: Duration::from_secs(600),
        },
    )
    .await;
    let doc = DocumentId::from_bytes([41; 16]);
    let (mut ann, mut ben) = ann_and_ben(&relays, doc).await;
    for round in 0..10 {
        let key = format!("ann-{round}");
        put(&mut ann, &doc, &key, "a");
        ann.flush().await.unwrap();
        let sent = Instant::now();
        assert!(
            ben.until(|c| read(c, &doc, &key).is_some()).await.unwrap(),
            "ann's edit {round} reaches ben on the other relay"
        );
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "{:?}",
            sent.elapsed()
        );
        let key = format!("ben-{round}");
        put(&mut ben, &doc, &key, "b");
        ben.flush().await.unwrap();
        assert!(
            ann.until(|c| read(c, &doc, &key).is_some()).await.unwrap(),
            "ben's edit {round} reaches ann"
        );
    }
    assert!(
        ann.until(|c| heads(c, &doc) == heads(&ben, &doc))
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_broker_paused_then_killed_everything_converges_from_postgres() {
    let Some((url, nats)) = servers() else {
        return;
    };
    let relays = Instances::start(
        2,
        Shared {
            database_url: &url,
            broker_url: Some(&nats.url()),
            open_sync: true,
            catch_up: CATCH_UP,
        },
    )
    .await;
    let doc = DocumentId::from_bytes([42; 16]);
    let (mut ann, mut ben) = ann_and_ben(&relays, doc).await;
    let mut written = 0;
    let mut write = async |ann: &mut SyncClient, ben: &mut SyncClient, n: usize| {
        for _ in 0..n {
            put(ann, &doc, &format!("ann-{written}"), "a");
            put(ben, &doc, &format!("ben-{written}"), "b");
            written += 1;
            ann.flush().await.unwrap();
            ben.flush().await.unwrap();
            ann.receive_for(Duration::from_millis(20)).await.unwrap();
            ben.receive_for(Duration::from_millis(20)).await.unwrap();
        }
        written
    };
    write(&mut ann, &mut ben, 5).await;
    // A hung broker: connections stay open, nothing is delivered.
    nats.pause().unwrap();
    write(&mut ann, &mut ben, 5).await;
    // Then dead: every relay loses its connection.
    nats.kill();
    let last = write(&mut ann, &mut ben, 5).await - 1;
    let everything = |c: &mut SyncClient| {
        (0..=last).all(|n| {
            read(c, &doc, &format!("ann-{n}")).is_some()
                && read(c, &doc, &format!("ben-{n}")).is_some()
        })
    };
    assert!(ann.until(everything).await.unwrap(), "ann has every edit");
    assert!(ben.until(everything).await.unwrap(), "ben has every edit");
    assert!(
        ann.until(|c| heads(c, &doc) == heads(&ben, &doc))
            .await
            .unwrap()
    );
    assert!(ann.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());

    // The broker comes back; the relays reconnect and carry news again.
    nats.start_again().unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    put(&mut ann, &doc, "after", "back");
    ann.flush().await.unwrap();
    assert!(
        ben.until(|c| read(c, &doc, "after").is_some())
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_the_relay_cannot_use_stops_it_at_start() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let free_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let cases = [
        (
            Some(url.clone()),
            "http://127.0.0.1:4222".to_owned(),
            "nats://host:port",
        ),
        (
            Some(url.clone()),
            format!("nats://relay:secret-word@127.0.0.1:{free_port}"),
            "cannot connect to the NATS server nats://127.0.0.1:",
        ),
        (None, "nats://127.0.0.1:4222".to_owned(), "--database-url"),
    ];
    for (database_url, broker_url, says) in cases {
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            data: tmp.path().join("data"),
            database_url,
            broker_url: Some(broker_url.clone()),
            app_dir: tmp.path().join("app"),
            secure_cookies: false,
            open_sync: true,
            max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
            limits: SyncLimits::default(),
        };
        let Err(error) = Relay::bind(&config).await else {
            panic!("{broker_url}: the relay started");
        };
        assert!(
            matches!(
                error,
                RelayError::Broker(
                    BrokerError::BadUrl { .. }
                        | BrokerError::CannotConnect { .. }
                        | BrokerError::NeedsDatabase
                )
            ),
            "{error}"
        );
        let text = error.to_string();
        assert!(text.contains(says), "{broker_url}: {text}");
        assert!(!text.contains("secret-word"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_or_being_disabled_on_one_relay_closes_sockets_on_the_others() {
    let Some((url, nats)) = servers() else {
        return;
    };
    let relays = Instances::start(
        2,
        Shared {
            database_url: &url,
            broker_url: Some(&nats.url()),
            open_sync: false,
            catch_up: CATCH_UP,
        },
    )
    .await;
    let (a, b) = (relays.addr(0), relays.addr(1));
    let secret = relays.secret.clone().expect("a new workspace offers setup");
    let alice = workspace::admin(a, &secret, "alice", "Alice").await;
    let bob = workspace::staff(a, &alice, "bob", "bob").await;
    let vic = workspace::staff(a, &alice, "vic", "vic").await;
    let mut bob_on_b = connect_with(b, Some(&bob)).await.unwrap();
    join(&mut bob_on_b, "bob-tab").await;
    let mut vic_on_b = connect_with(b, Some(&vic)).await.unwrap();
    join(&mut vic_on_b, "vic-tab").await;

    // Well before B's own check of its sockets' sessions (every 15 s).
    let soon = Duration::from_secs(3);
    let asked = Instant::now();
    call(a, "POST", "/api/logout", Some(&bob), None).await;
    let (code, reason) = closed(&mut bob_on_b).await;
    assert_eq!((code, reason.as_str()), (1008, "signed out"));
    assert!(asked.elapsed() < soon, "{:?}", asked.elapsed());

    let asked = Instant::now();
    let disabled = call(
        a,
        "PATCH",
        "/api/admin/people/vic",
        Some(&alice),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.json);
    assert_eq!(closed(&mut vic_on_b).await.0, 1008);
    assert!(asked.elapsed() < soon, "{:?}", asked.elapsed());
    assert_eq!(connect_with(b, Some(&vic)).await.err(), Some(401));
}

/// Anyone who can publish on the broker can send news of a commit. A relay
/// takes such news only as a hint to read PostgreSQL: changes carried in a
/// forged message, whatever sequence numbers it claims, never reach a room,
/// its clients or the store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_in_a_forged_broker_message_never_reach_anyone() {
    use automerge::transaction::Transactable as _;
    let Some((url, nats)) = servers() else {
        return;
    };
    // No periodic check within the test: only the broker can carry news.
    let relays = Instances::start(
        2,
        Shared {
            database_url: &url,
            broker_url: Some(&nats.url()),
            open_sync: true,
            catch_up: Duration::from_secs(600),
        },
    )
    .await;
    let doc = DocumentId::from_bytes([43; 16]);
    let (mut ann, mut ben) = ann_and_ben(&relays, doc).await;

    // A change nobody sent to a relay, on top of what ben has.
    let mut fork = ben.client.doc(&doc).unwrap().fork();
    let mut tx = fork.transaction();
    tx.put(automerge::ROOT, "forged", "yes").unwrap();
    tx.commit();
    let forged = fork.get_last_local_change().unwrap().raw_bytes().to_vec();
    let publisher = async_nats::connect(nats.url()).await.unwrap();
    // Whatever the relays hold, one of these claims to follow it.
    for seq in 1i64..=20 {
        let mut payload = Vec::new();
        payload.extend_from_slice(&seq.to_be_bytes());
        payload.extend_from_slice(&seq.to_be_bytes());
        payload.extend_from_slice(&forged);
        publisher
            .publish(format!("concord.doc.{doc}"), payload.into())
            .await
            .unwrap();
    }
    publisher.flush().await.unwrap();
    ben.receive_for(Duration::from_millis(500)).await.unwrap();
    ann.receive_for(Duration::from_millis(100)).await.unwrap();
    assert_eq!(
        read(&ben, &doc, "forged"),
        None,
        "ben got the forged change"
    );
    assert_eq!(
        read(&ann, &doc, "forged"),
        None,
        "ann got the forged change"
    );

    // The control: real news still arrives through the broker at once.
    put(&mut ann, &doc, "real", "yes");
    ann.flush().await.unwrap();
    assert!(
        ben.until(|c| read(c, &doc, "real").is_some())
            .await
            .unwrap()
    );
    let mut fresh = SyncClient::new("fresh");
    fresh.connect(relays.addr(1)).await.unwrap();
    fresh.client.find(doc);
    assert!(
        fresh
            .until(|c| read(c, &doc, "real").is_some())
            .await
            .unwrap()
    );
    assert_eq!(read(&fresh, &doc, "forged"), None, "the relay kept it");
}
