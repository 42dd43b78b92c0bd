//! `concord-relay migrate --from <data dir> --to <postgres url>`: an embedded
//! workspace's documents moved into PostgreSQL, each checked by its heads,
//! and its accounts with them, each record read back.

use std::process::{Command, Output};

use automerge::transaction::Transactable as _;
use concord_api::{NewStaff, PersonChange};
use concord_local_postgres::LocalPostgres;
use concord_relay::{
    accounts::{Accounts, SessionLifetimes},
    actor_registry::{ActorRegistry, Claim},
    store::{LoadedDoc, NewChunk, PostgresStore, SqliteStore, Store},
};
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

#[test]
fn the_accounts_move_too_and_sessions_made_before_still_work() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    SqliteStore::open(data.path()).unwrap();
    let password = "a long enough password";
    let (session, staff_session) = {
        let accounts = Accounts::open(
            &data.path().join("accounts.sqlite"),
            SessionLifetimes::default(),
        )
        .unwrap();
        let secret = accounts.setup_secret().unwrap();
        let (session, admin) = accounts
            .set_up(&secret, "alice", "Alice", password, 1)
            .unwrap();
        accounts
            .add_department(&admin, "ops", "Operations", 2)
            .unwrap();
        let new = NewStaff {
            id: "bob".into(),
            display_name: "Bob".into(),
            password: password.into(),
            is_admin: false,
            departments: vec!["ops".into()],
            heads: vec![],
        };
        accounts.add_staff(&admin, &new, 3).unwrap();
        let change = PersonChange {
            superior: Some("alice".into()),
            ..PersonChange::default()
        };
        accounts.change_person(&admin, "bob", &change).unwrap();
        accounts
            .mark_day(&admin, "2026-10-01", concord_api::DayMark::Holiday, 4)
            .unwrap();
        assert_eq!(
            accounts.claim("ab12", &"bob".parse().unwrap(), 5),
            Claim::New
        );
        let (bob, _) = accounts.log_in("bob", password, "c", 6).unwrap();
        (session.to_text(), bob.to_text())
    };

    let first = migrate(data.path(), &url);
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(said.contains("accounts: 2 people, 1 departments"), "{said}");

    let postgres = PostgresStore::open(&url).unwrap();
    let moved = Accounts::on_postgres(postgres.database(), SessionLifetimes::default()).unwrap();
    assert_eq!(moved.setup_secret(), None, "the workspace has its admin");
    let alice = moved
        .session(&session, 7)
        .unwrap()
        .expect("alice still signed in");
    let bob = moved
        .session(&staff_session, 7)
        .unwrap()
        .expect("bob still signed in");
    assert_eq!(bob.person.departments, ["ops".parse().unwrap()]);
    assert_eq!(bob.person.superior, Some("alice".parse().unwrap()));
    assert!(moved.directory(&alice).is_ok());
    assert_eq!(
        moved.claim("ab12", &"alice".parse().unwrap(), 8),
        Claim::Other("bob".parse().unwrap()),
        "the actor stays bob's"
    );
    assert_eq!(moved.work_calendar(9).unwrap().holidays.len(), 1);

    let again = migrate(data.path(), &url);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
