//! A signed-in workspace for the `/sync` tests: people made through the
//! relay's own API (an admin, staff, partners by invite), their sync
//! clients, and typed changes made in a client's copy of a document.

use std::net::SocketAddr;

use automerge::{ActorId, AutoCommit, ChangeHash};
use concord_model::ConcordDoc;
use concord_sync::DocumentId;
use serde_json::json;

use super::{http::call, sync_client::SyncClient};

pub const PASSWORD: &str = "a long enough password";

/// Sets the workspace up with `secret`: `id` becomes its admin; their session.
pub async fn admin(addr: SocketAddr, secret: &str, id: &str, name: &str) -> String {
    let setup = call(
        addr,
        "POST",
        "/api/setup",
        None,
        Some(json!({"secret": secret, "id": id, "display_name": name, "password": PASSWORD})),
    )
    .await;
    assert_eq!(setup.status, 201, "{}", setup.json);
    setup.session.expect("the admin is signed in")
}

/// The admin adds a staff member, who signs in; their session.
pub async fn staff(addr: SocketAddr, admin: &str, id: &str, name: &str) -> String {
    let added = call(
        addr,
        "POST",
        "/api/admin/people",
        Some(admin),
        Some(json!({"id": id, "display_name": name, "password": PASSWORD})),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.json);
    let login = call(
        addr,
        "POST",
        "/api/login",
        None,
        Some(json!({"id": id, "password": PASSWORD})),
    )
    .await;
    login.session.expect("signed in")
}

/// The admin makes partner organisation `org` (of `kind`) and invites `id`
/// into it, who joins by the link; their session.
pub async fn partner(addr: SocketAddr, admin: &str, id: &str, org: &str, kind: &str) -> String {
    let made = call(
        addr,
        "POST",
        "/api/admin/orgs",
        Some(admin),
        Some(json!({"id": org, "name": org, "kind": kind})),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.json);
    let invite = call(
        addr,
        "POST",
        "/api/admin/invites",
        Some(admin),
        Some(json!({"org": org})),
    )
    .await;
    let link = invite.json["link"].as_str().unwrap().to_owned();
    let token = link.split_once('#').unwrap().1;
    let joined = call(
        addr,
        "POST",
        "/api/invite/accept",
        None,
        Some(json!({"token": token, "id": id, "display_name": id, "password": PASSWORD})),
    )
    .await;
    assert_eq!(joined.status, 201, "{}", joined.json);
    joined.session.expect("the partner is signed in")
}

pub async fn signed_in(addr: SocketAddr, name: &str, cookie: &str) -> SyncClient {
    let mut client = SyncClient::new(name);
    client.connect_as(addr, cookie).await.expect("connected");
    client
}

/// Fetches a document as `client`; `true` if it arrived, `false` if the
/// relay said it is unavailable.
pub async fn fetch(client: &mut SyncClient, id: DocumentId) -> bool {
    client.client.find(id);
    let done = client
        .until(|c| {
            c.unavailable.contains(&id)
                || c.client
                    .doc(&id)
                    .is_some_and(|doc| !doc.get_heads().is_empty())
        })
        .await
        .expect("still connected");
    assert!(done, "an answer in time");
    !client.unavailable.contains(&id)
}

/// Makes a typed change at `at` in `client`'s copy of `id`, signed by `actor`.
pub fn edit(
    client: &mut SyncClient,
    id: DocumentId,
    actor: ActorId,
    at: i64,
    change: impl FnOnce(&mut ConcordDoc),
) {
    let current = client.client.doc_mut(&id).unwrap();
    let before = current.get_heads();
    let mut copy = AutoCommit::load(&current.save()).unwrap();
    copy.set_actor(actor);
    let mut typed = ConcordDoc::from_automerge(copy).unwrap();
    change(&mut typed);
    typed.commit(at, None);
    let changes = typed.automerge_mut().get_changes(&before);
    current.apply_changes(changes).unwrap();
}

/// The relay's heads of `id`, as a fresh connection of `cookie`'s person sees them.
pub async fn relay_heads(addr: SocketAddr, cookie: &str, id: DocumentId) -> Vec<ChangeHash> {
    let mut fresh = signed_in(addr, &format!("check-{}", unique()), cookie).await;
    assert!(fetch(&mut fresh, id).await);
    fresh.client.doc(&id).unwrap().get_heads()
}

/// A number no other call in this test binary gets: fresh peer names.
pub fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
