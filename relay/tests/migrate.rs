//! `concord-relay migrate --from <data dir> --to <postgres url>`: an embedded
//! workspace's documents moved into PostgreSQL, each checked by its heads.

use std::process::{Command, Output};

use automerge::transaction::Transactable as _;
use concord_local_postgres::LocalPostgres;
use concord_relay::store::{LoadedDoc, NewChunk, PostgresStore, SqliteStore, Store};
use concord_sync::DocumentId;

fn migrate(from: &std::path::Path, to: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord-relay"))
        .arg("migrate")
        .arg("--from")
        .arg(from)
        .args(["--to", to])
        .env("RUST_LOG", "error")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the relay binary runs")
}

fn heads(store: &dyn Store, doc: &DocumentId) -> Vec<automerge::ChangeHash> {
    let stored = store.load(doc).unwrap().expect("stored");
    let loaded = LoadedDoc::from_stored(&stored);
    assert!(loaded.damaged.is_empty());
    loaded.doc.get_heads()
}

#[test]
fn an_embedded_workspace_moves_to_postgres_with_the_same_heads() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let docs = [
        DocumentId::from_bytes([1; 16]),
        DocumentId::from_bytes([2; 16]),
    ];
    {
        let sqlite = SqliteStore::open(data.path()).unwrap();
        for (n, id) in docs.iter().enumerate() {
            let mut doc = automerge::AutoCommit::new();
            for edit in 0..=n {
                doc.put(automerge::ROOT, format!("k{edit}"), edit as i64)
                    .unwrap();
                sqlite
                    .append(&[NewChunk {
                        doc: *id,
                        data: doc.save_incremental(),
                    }])
                    .unwrap();
            }
        }
    }

    let first = migrate(data.path(), &url);
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        said.starts_with("2 documents copied, 0 already there"),
        "{said}"
    );

    let sqlite = SqliteStore::open(data.path()).unwrap();
    let postgres = PostgresStore::open(&url).unwrap();
    assert_eq!(postgres.list().unwrap(), docs);
    for id in &docs {
        assert_eq!(heads(&postgres, id), heads(&sqlite, id));
    }

    let again = migrate(data.path(), &url);
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success());
    assert!(
        said.starts_with("0 documents copied, 2 already there"),
        "{said}"
    );
}

#[test]
fn a_directory_without_a_store_is_refused_before_anything_is_written() {
    let empty = tempfile::tempdir().unwrap();
    let refused = migrate(empty.path(), "postgres://nobody@127.0.0.1:1/none");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("holds no Concord store"), "{stderr}");
    assert!(
        std::fs::read_dir(empty.path()).unwrap().next().is_none(),
        "nothing was created in the source directory"
    );
}
