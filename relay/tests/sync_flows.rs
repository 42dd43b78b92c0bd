//! Issue 19's flows against a hostile client, over real websockets: what a
//! modified client sends that the rules forbid is refused, neither kept nor
//! forwarded (the relay's heads stay where they were).
//!
//! One body, two deployments (issue 24): one relay on SQLite, and two
//! relays sharing PostgreSQL and NATS. There every forbidden move is sent
//! to A and again to B, and alice watches on both: each is refused the same
//! way on either, reaches no client on either relay, is not in PostgreSQL,
//! and both relays serve the document as before.

mod support;

use automerge::{ActorId, Automerge, ChangeHash, ReadDoc as _};
use concord_model::{CommentTarget, ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use concord_relay::SyncLimits;
use concord_sync::DocumentId;
use support::{
    counter::Counter,
    deployment::{Deployed, Deployment},
    sync_client::SyncClient,
    workspace::{self, edit, fetch, relay_heads, signed_in, unique},
};

const NOW: i64 = 1_700_000_000_000;
const INTAKE: DocumentId = DocumentId::from_bytes([11; 16]);
const TRACKER: DocumentId = DocumentId::from_bytes([12; 16]);
const PLAN: DocumentId = DocumentId::from_bytes([13; 16]);
const DOCS: [DocumentId; 3] = [INTAKE, TRACKER, PLAN];

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// Alice (admin), bob (staff) and li (a partner of acme, the customer),
/// each with a session cookie; alice following every document on every
/// relay.
struct Workspace {
    relays: Deployed,
    alice: String,
    bob: String,
    li: String,
    /// Alice's clients, one per relay, each following the three documents:
    /// what reaches any client reaches these.
    observers: Vec<SyncClient>,
}

impl Workspace {
    async fn new(deployment: Deployment) -> Option<Self> {
        let relays = deployment.start(SyncLimits::default(), false).await?;
        let secret = relays.secret.clone().expect("a new workspace offers setup");
        let addr = relays.a;
        let alice = workspace::admin(addr, &secret, "alice", "Alice").await;
        let bob = workspace::staff(addr, &alice, "bob", "Bob").await;
        let li = workspace::partner(addr, &alice, "li", "acme", "customer").await;
        Some(Self {
            relays,
            alice,
            bob,
            li,
            observers: Vec::new(),
        })
    }

    /// Alice starts following the documents on every relay.
    async fn observe(&mut self) {
        for (n, relay) in self.relays.relays().into_iter().enumerate() {
            let mut observer = signed_in(relay, &format!("alice-watching-{n}"), &self.alice).await;
            for id in DOCS {
                assert!(fetch(&mut observer, id).await, "{id} on {relay}");
            }
            self.observers.push(observer);
        }
    }

    /// Waits until every observer has `heads` of `id`: every relay has
    /// served everything up to them.
    async fn observed(&mut self, id: DocumentId, heads: &[ChangeHash], what: &str) {
        for observer in &mut self.observers {
            let reached = observer
                .until(|c| c.client.doc(&id).is_some_and(|d| d.get_heads() == heads))
                .await
                .expect("the observer stays connected");
            assert!(reached, "{what}: {heads:?} reaches every relay's client");
        }
    }

    /// The document's heads, the same on every relay (a fresh connection
    /// to each) and in the store.
    async fn agreed_heads(&self, id: DocumentId, what: &str) -> Vec<ChangeHash> {
        let stored = self.relays.stored_heads(id).await;
        for relay in self.relays.relays() {
            assert_eq!(
                relay_heads(relay, &self.alice, id).await,
                stored,
                "{what}: the relay at {relay} serves what is stored"
            );
        }
        stored
    }
}

fn created(template: &str, title: &str, make: impl FnOnce(&mut ConcordDoc)) -> Automerge {
    let template = find_template(template).unwrap();
    let mut doc =
        ConcordDoc::create(template, title, &pid("alice"), NOW, ActorId::random()).unwrap();
    doc.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
    make(&mut doc);
    doc.commit(NOW, None);
    Automerge::load(&doc.save()).unwrap()
}

/// `cookie`'s person makes an allowed change on B; the relay keeps it, and
/// it reaches alice on every relay.
async fn allowed(
    ws: &mut Workspace,
    cookie: &str,
    id: DocumentId,
    change: impl FnOnce(&mut ConcordDoc),
) {
    let mut client = signed_in(ws.relays.b, &format!("ok-{}", unique()), cookie).await;
    assert!(fetch(&mut client, id).await, "{id} arrived");
    edit(&mut client, id, ActorId::random(), NOW + 1, change);
    let kept = client
        .until(|c| c.client.saved_on_relay(&id))
        .await
        .expect("stays connected");
    assert!(kept && client.refused.is_empty(), "{:?}", client.refused);
    let heads = client.client.doc(&id).unwrap().get_heads();
    ws.observed(id, &heads, "an allowed change").await;
}

/// `cookie`'s person makes a forbidden change, on each relay in turn:
/// refused with `code` on every one, and then, once alice's next change
/// made on that relay has reached alice on every relay, neither any
/// observer nor any relay nor the store has anything of it.
async fn forbidden(
    ws: &mut Workspace,
    what: &str,
    cookie: &str,
    id: DocumentId,
    code: &str,
    change: impl Fn(&mut ConcordDoc),
) {
    for relay in ws.relays.relays() {
        let what = format!("{what} (on {relay})");
        let before = ws.agreed_heads(id, &what).await;
        let mut hostile = signed_in(relay, &format!("hostile-{}", unique()), cookie).await;
        assert!(fetch(&mut hostile, id).await, "{id} arrived");
        edit(&mut hostile, id, ActorId::random(), NOW + 1, &change);
        let sent = hostile.client.doc(&id).unwrap().get_heads();
        let _ = hostile.until(|_| false).await;
        let [(document, notice)] = &hostile.refused[..] else {
            panic!("{what}: one refusal, not {:?}", hostile.refused);
        };
        assert_eq!(*document, id, "{what}");
        assert_eq!(notice.code, code, "{what}: {notice:?}");

        // Alice's comment through the same relay: whatever it had kept of
        // the refused batch would be under it, and would reach the
        // observers and the store no later than the comment does.
        let mut fence = signed_in(relay, &format!("fence-{}", unique()), &ws.alice).await;
        assert!(fetch(&mut fence, id).await);
        assert_eq!(
            fence.client.doc(&id).unwrap().get_heads(),
            before,
            "{what}: kept by the relay"
        );
        edit(&mut fence, id, ActorId::random(), NOW + 2, |d| {
            d.add_comment(
                &pid("alice"),
                &CommentTarget::Doc,
                "after a refused change",
                NOW + 2,
                &mut Counter(unique()),
            )
            .unwrap();
        });
        let kept = fence
            .until(|c| c.client.saved_on_relay(&id))
            .await
            .expect("stays connected");
        assert!(kept && fence.refused.is_empty(), "{:?}", fence.refused);
        let after = fence.client.doc(&id).unwrap().get_heads();
        ws.observed(id, &after, &what).await;
        for observer in &ws.observers {
            let seen = observer.client.doc(&id).unwrap();
            for hash in &sent {
                assert!(
                    seen.get_change_by_hash(hash).is_none(),
                    "{what}: forwarded to {:?}",
                    observer.client.relay_id()
                );
            }
        }
        assert_eq!(
            ws.agreed_heads(id, &what).await,
            after,
            "{what}: kept by a relay or stored"
        );
    }
}

/// Moves the document by `step`, writing what it records, as the app does.
fn take(step: &'static str) -> impl Fn(&mut ConcordDoc) {
    move |d: &mut ConcordDoc| {
        let status = d.meta().unwrap().status;
        let workflow = &d.template().workflow;
        let t = *workflow.from(&status).find(|t| t.id == step).unwrap();
        d.record_step(&t, NOW).unwrap();
        d.set_status(t.to).unwrap();
        if t.requires == concord_model::Requires::Reason {
            d.set_status_reason("because").unwrap();
        }
    }
}

#[tokio::test]
async fn the_flows_refuse_what_their_rules_forbid_and_keep_nothing_of_it() {
    flows(Deployment::OneRelay).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_two_relays_either_refuses_what_the_flows_forbid_and_neither_keeps_or_forwards_it() {
    flows(Deployment::TwoRelays).await;
}

async fn flows(deployment: Deployment) {
    let Some(mut ws) = Workspace::new(deployment).await else {
        return;
    };
    let mut alices_row: Option<RowId> = None;
    let intake = created("customer-requirement-intake", "ACME export", |d| {
        d.set_member_role(&pid("li"), DocRole::Editor).unwrap();
        d.set_field("customer", Value::Text("ACME".into())).unwrap();
        d.set_field("requirement", Value::Text("export".into()))
            .unwrap();
        d.set_field("owner", Value::Person("bob".into())).unwrap();
        d.set_field("reviewers", Value::People(vec!["alice".into()]))
            .unwrap();
    });
    let tracker = created("task-tracker", "Q4", |d| {
        let row = d.add_row("tasks", None, &mut Counter(3)).unwrap();
        d.set_cell("tasks", &row, "task", Value::Text("quote".into()))
            .unwrap();
        d.set_cell("tasks", &row, "owner", Value::Person("alice".into()))
            .unwrap();
        alices_row = Some(row);
    });
    let alices_row = alices_row.unwrap();
    let plan = created("emergency-response", "Flood", |_| {});
    let mut laptop = signed_in(ws.relays.b, "alice-laptop", &ws.alice).await;
    laptop.client.create(INTAKE, intake);
    laptop.client.create(TRACKER, tracker);
    laptop.client.create(PLAN, plan);
    let stored = laptop
        .until(|c| {
            [INTAKE, TRACKER, PLAN]
                .iter()
                .all(|id| c.client.saved_on_relay(id))
        })
        .await
        .unwrap();
    assert!(stored);
    ws.observe().await;
    let (alice, bob, li) = (ws.alice.clone(), ws.bob.clone(), ws.li.clone());
    // The intake: reviewed by its named reviewer, delivered by staff.
    allowed(&mut ws, &alice, INTAKE, take("submit")).await;
    forbidden(
        &mut ws,
        "bob reviews, not named",
        &bob,
        INTAKE,
        "transition-not-allowed",
        take("accept"),
    )
    .await;
    allowed(&mut ws, &alice, INTAKE, take("accept")).await;
    allowed(&mut ws, &bob, INTAKE, take("deliver")).await;
    // Staff giving the customer's acceptance or score: refused.
    forbidden(
        &mut ws,
        "bob accepts for the customer",
        &bob,
        INTAKE,
        "transition-not-allowed",
        take("close"),
    )
    .await;
    forbidden(
        &mut ws,
        "alice (owner) scores for the customer",
        &alice,
        INTAKE,
        "field-not-writable",
        |d| d.set_field("satisfaction", Value::Rating(5)).unwrap(),
    )
    .await;
    // The customer does both.
    allowed(&mut ws, &li, INTAKE, |d| {
        d.set_field("satisfaction", Value::Rating(4)).unwrap()
    })
    .await;
    allowed(&mut ws, &li, INTAKE, take("close")).await;

    // The tracker: bob confirming alice's row is refused; alice confirms it.
    let row = alices_row.clone();
    forbidden(
        &mut ws,
        "bob confirms alice's row",
        &bob,
        TRACKER,
        "transition-not-allowed",
        move |d| {
            d.confirm_row(
                &pid("bob"),
                "confirm_row",
                "tasks",
                &row,
                NOW,
                &mut Counter(9),
            )
            .unwrap();
        },
    )
    .await;
    let row = alices_row.clone();
    allowed(&mut ws, &alice, TRACKER, move |d| {
        d.confirm_row(
            &pid("alice"),
            "confirm_row",
            "tasks",
            &row,
            NOW,
            &mut Counter(10),
        )
        .unwrap();
    })
    .await;

    // The plan: a log entry before it is triggered is refused.
    let log = |d: &mut ConcordDoc| {
        let row = d.add_row("log", None, &mut Counter(11)).unwrap();
        d.set_cell("log", &row, "time", Value::DateTime(NOW))
            .unwrap();
        d.set_cell("log", &row, "reporter", Value::Person("bob".into()))
            .unwrap();
        d.set_cell("log", &row, "status", Value::Text("on site".into()))
            .unwrap();
    };
    forbidden(
        &mut ws,
        "bob logs in a prepared plan",
        &bob,
        PLAN,
        "field-not-writable",
        log,
    )
    .await;
}
