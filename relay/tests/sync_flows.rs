//! Issue 19's flows against a hostile client, over real websockets: what a
//! modified client sends that the rules forbid is refused, neither kept nor
//! forwarded (the relay's heads stay where they were).

mod support;

use std::net::SocketAddr;

use automerge::{ActorId, Automerge};
use concord_model::{ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use concord_sync::DocumentId;
use support::{
    TestRelay,
    counter::Counter,
    start_guarded_relay,
    workspace::{self, edit, fetch, relay_heads, signed_in, unique},
};

const NOW: i64 = 1_700_000_000_000;
const INTAKE: DocumentId = DocumentId::from_bytes([11; 16]);
const TRACKER: DocumentId = DocumentId::from_bytes([12; 16]);
const PLAN: DocumentId = DocumentId::from_bytes([13; 16]);

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// Alice (admin), bob (staff) and li (a partner of acme, the customer),
/// each with a session cookie.
struct Workspace {
    relay: TestRelay,
    alice: String,
    bob: String,
    li: String,
}

impl Workspace {
    async fn new() -> Self {
        let (relay, secret) = start_guarded_relay().await;
        let addr = relay.addr;
        let alice = workspace::admin(addr, &secret, "alice", "Alice").await;
        let bob = workspace::staff(addr, &alice, "bob", "Bob").await;
        let li = workspace::partner(addr, &alice, "li", "acme", "customer").await;
        Self {
            relay,
            alice,
            bob,
            li,
        }
    }

    fn addr(&self) -> SocketAddr {
        self.relay.addr
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

/// `cookie`'s person makes an allowed change; the relay keeps it.
async fn allowed(
    ws: &Workspace,
    cookie: &str,
    id: DocumentId,
    change: impl FnOnce(&mut ConcordDoc),
) {
    let mut client = signed_in(ws.addr(), &format!("ok-{}", unique()), cookie).await;
    assert!(fetch(&mut client, id).await, "{id} arrived");
    edit(&mut client, id, ActorId::random(), NOW + 1, change);
    let kept = client
        .until(|c| c.client.saved_on_relay(&id))
        .await
        .expect("stays connected");
    assert!(kept && client.refused.is_empty(), "{:?}", client.refused);
}

/// `cookie`'s person makes a forbidden change: refused with `code`, and the
/// relay's heads are what they were.
async fn forbidden(
    ws: &Workspace,
    what: &str,
    cookie: &str,
    id: DocumentId,
    code: &str,
    change: impl FnOnce(&mut ConcordDoc),
) {
    let before = relay_heads(ws.addr(), &ws.alice, id).await;
    let mut hostile = signed_in(ws.addr(), &format!("hostile-{}", unique()), cookie).await;
    assert!(fetch(&mut hostile, id).await, "{id} arrived");
    edit(&mut hostile, id, ActorId::random(), NOW + 1, change);
    let _ = hostile.until(|_| false).await;
    let [(document, notice)] = &hostile.refused[..] else {
        panic!("{what}: one refusal, not {:?}", hostile.refused);
    };
    assert_eq!(*document, id, "{what}");
    assert_eq!(notice.code, code, "{what}: {notice:?}");
    assert_eq!(
        relay_heads(ws.addr(), &ws.alice, id).await,
        before,
        "{what}: kept by the relay"
    );
}

/// Moves the document by `step`, writing what it records, as the app does.
fn take(step: &'static str) -> impl FnOnce(&mut ConcordDoc) {
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
    let ws = Workspace::new().await;
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
    let mut alice = signed_in(ws.addr(), "alice-laptop", &ws.alice).await;
    alice.client.create(INTAKE, intake);
    alice.client.create(TRACKER, tracker);
    alice.client.create(PLAN, plan);
    let stored = alice
        .until(|c| {
            [INTAKE, TRACKER, PLAN]
                .iter()
                .all(|id| c.client.saved_on_relay(id))
        })
        .await
        .unwrap();
    assert!(stored);
    // The intake: reviewed by its named reviewer, delivered by staff.
    allowed(&ws, &ws.alice, INTAKE, take("submit")).await;
    forbidden(
        &ws,
        "bob reviews, not named",
        &ws.bob,
        INTAKE,
        "transition-not-allowed",
        take("accept"),
    )
    .await;
    allowed(&ws, &ws.alice, INTAKE, take("accept")).await;
    allowed(&ws, &ws.bob, INTAKE, take("deliver")).await;
    // Staff giving the customer's acceptance or score: refused.
    forbidden(
        &ws,
        "bob accepts for the customer",
        &ws.bob,
        INTAKE,
        "transition-not-allowed",
        take("close"),
    )
    .await;
    forbidden(
        &ws,
        "alice (owner) scores for the customer",
        &ws.alice,
        INTAKE,
        "field-not-writable",
        |d| d.set_field("satisfaction", Value::Rating(5)).unwrap(),
    )
    .await;
    // The customer does both.
    allowed(&ws, &ws.li, INTAKE, |d| {
        d.set_field("satisfaction", Value::Rating(4)).unwrap()
    })
    .await;
    allowed(&ws, &ws.li, INTAKE, take("close")).await;

    // The tracker: bob confirming alice's row is refused; alice confirms it.
    let row = alices_row.clone();
    forbidden(
        &ws,
        "bob confirms alice's row",
        &ws.bob,
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
    allowed(&ws, &ws.alice, TRACKER, move |d| {
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
        &ws,
        "bob logs in a prepared plan",
        &ws.bob,
        PLAN,
        "field-not-writable",
        log,
    )
    .await;
}
