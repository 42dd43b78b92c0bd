//! Relays on separate data directories sharing one PostgreSQL database share
//! the workspace's people and sessions: who signs in on one relay is signed
//! in on all of them, and signing out anywhere ends the session everywhere.

mod support;

use concord_local_postgres::LocalPostgres;
use serde_json::json;
use support::{
    http::call,
    instances::{CATCH_UP, Instances, Shared},
    workspace::{self, PASSWORD},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_relay_works_on_another_until_signed_out_there() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let relays = Instances::start(
        2,
        Shared {
            database_url: &url,
            broker_url: None,
            open_sync: false,
            catch_up: CATCH_UP,
        },
    )
    .await;
    let (a, b) = (relays.addr(0), relays.addr(1));
    let secret = relays.secret.clone().expect("a new workspace offers setup");
    let admin = workspace::admin(a, &secret, "alice", "Alice").await;

    let me_on_b = call(b, "GET", "/api/me", Some(&admin), None).await;
    assert_eq!(me_on_b.status, 200, "{}", me_on_b.json);
    assert_eq!(me_on_b.json["id"], "alice");
    let setup_on_b = call(b, "GET", "/api/setup", None, None).await;
    assert_eq!(setup_on_b.json["needed"], false, "{}", setup_on_b.json);

    // Someone added through B signs in through A.
    let added = call(
        b,
        "POST",
        "/api/admin/people",
        Some(&admin),
        Some(json!({"id": "bob", "display_name": "Bob", "password": PASSWORD})),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.json);
    let bob = call(
        a,
        "POST",
        "/api/login",
        None,
        Some(json!({"id": "bob", "password": PASSWORD})),
    )
    .await
    .session
    .expect("bob signs in on a");
    assert_eq!(
        call(b, "GET", "/api/me", Some(&bob), None).await.status,
        200
    );

    let out = call(b, "POST", "/api/logout", Some(&bob), None).await;
    assert!(out.status < 300, "{}", out.json);
    assert_eq!(
        call(a, "GET", "/api/me", Some(&bob), None).await.status,
        401,
        "signed out on b is signed out on a"
    );
    assert_eq!(
        call(a, "GET", "/api/me", Some(&admin), None).await.status,
        200
    );
}
