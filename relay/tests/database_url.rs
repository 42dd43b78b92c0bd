//! `--database-url` / `CONCORD_DATABASE_URL`: documents in PostgreSQL. A
//! database the relay cannot use stops it at start with a clear message.

mod support;

use std::{
    io::Read as _,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use automerge::transaction::Transactable as _;
use concord_local_postgres::LocalPostgres;
use concord_relay::{
    Config, Relay, SyncLimits,
    store::{LoadedDoc, PostgresStore, Store as _},
};
use concord_sync::DocumentId;
use support::sync_client::SyncClient;

/// What the relay binary did when it had to stop at start.
struct Refused {
    stdout: String,
    stderr: String,
}

/// Runs the relay with `database` as its environment's database URL (or as
/// `--database-url`) and expects it to exit with a failure within 30 s.
fn refused_start(database: &str, as_flag: bool) -> Refused {
    let data = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_concord-relay"));
    command
        .args(["--addr", "127.0.0.1:0", "--open-sync", "--data"])
        .arg(data.path())
        .arg("--app-dir")
        .arg(data.path().join("no-app"))
        .env_remove("CONCORD_DATABASE_URL")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if as_flag {
        command.args(["--database-url", database]);
    } else {
        command.env("CONCORD_DATABASE_URL", database);
    }
    let mut child = command.spawn().expect("the relay binary starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the relay kept running with database {database:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success(), "the relay exited successfully");
    let mut refused = Refused {
        stdout: String::new(),
        stderr: String::new(),
    };
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut refused.stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut refused.stderr)
        .unwrap();
    assert!(
        !refused.stdout.contains("listening"),
        "it announced itself: {}",
        refused.stdout
    );
    refused
}

#[test]
fn a_url_that_is_not_postgres_stops_the_relay_at_start() {
    let refused = refused_start("mysql://somewhere/db", true);
    assert!(
        refused
            .stderr
            .contains("write it as postgres://user:password@host:port/database"),
        "{}",
        refused.stderr
    );
}

#[test]
fn an_unreachable_server_stops_the_relay_at_start_without_showing_the_password() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = refused_start(
        &format!("postgres://concord:hunter2-secret@127.0.0.1:{port}/work"),
        false,
    );
    assert!(
        refused.stderr.contains(&format!(
            "cannot connect to the PostgreSQL server postgres://concord@127.0.0.1:{port}/work"
        )),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("hunter2"), "{}", refused.stderr);
}

#[test]
fn a_database_of_a_newer_relay_stops_the_relay_at_start() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    PostgresStore::open(&url).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute("UPDATE schema_version SET version = version + 1")
            .await
            .unwrap();
    });
    let refused = refused_start(&url, false);
    assert!(
        refused.stderr.contains("newer than this relay knows"),
        "{}",
        refused.stderr
    );
}

async fn relay_on(
    database_url: &str,
    data: &std::path::Path,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: data.to_owned(),
        database_url: Some(database_url.to_owned()),
        broker_url: None,
        app_dir: data.join("no-app"),
        secure_cookies: false,
        open_sync: true,
        max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
        limits: SyncLimits::default(),
    };
    let relay = Relay::bind(&config).await.unwrap();
    let addr = relay.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(relay.serve(async {
        let _ = stopped.await;
    }));
    (addr, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relays_on_one_database_serve_the_same_documents() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (first, _stop_first) = relay_on(&url, &tmp.path().join("first")).await;
    let (second, _stop_second) = relay_on(&url, &tmp.path().join("second")).await;
    let document_id = DocumentId::from_bytes([24; 16]);

    let mut alice = SyncClient::new("alice");
    alice.connect(first).await.unwrap();
    alice
        .client
        .create(document_id, automerge::Automerge::new());
    {
        let doc = alice.client.doc_mut(&document_id).unwrap();
        let mut tx = doc.transaction();
        tx.put(automerge::ROOT, "title", "in PostgreSQL").unwrap();
        tx.commit();
    }
    assert!(
        alice
            .until(|a| a.client.saved_on_relay(&document_id))
            .await
            .unwrap(),
        "the first relay acknowledges the document"
    );
    let heads = alice.client.doc(&document_id).unwrap().get_heads();

    // The second relay never saw it: it loads what the first committed.
    let mut bob = SyncClient::new("bob");
    bob.connect(second).await.unwrap();
    bob.client.find(document_id);
    assert!(
        bob.until(|b| b
            .client
            .doc(&document_id)
            .is_some_and(|d| d.get_heads() == heads))
            .await
            .unwrap(),
        "the second relay serves the document from PostgreSQL"
    );

    let store = tokio::task::spawn_blocking(move || PostgresStore::open(&url).unwrap())
        .await
        .unwrap();
    let stored = tokio::task::spawn_blocking(move || store.load(&document_id).unwrap().unwrap())
        .await
        .unwrap();
    assert_eq!(LoadedDoc::from_stored(&stored).doc.get_heads(), heads);
    for data in ["first", "second"] {
        assert!(
            !tmp.path().join(data).join("concord.sqlite3").exists(),
            "no documents in SQLite with --database-url"
        );
    }
}
