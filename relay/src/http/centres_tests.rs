//! The message centre over days of the relay's clock, passed in: each
//! reminder reaches its person once, across a restart of the relay, and a
//! reader who loses a document loses its messages.

use std::{collections::BTreeMap, sync::Arc};

use automerge::Automerge;
use concord_model::{
    ActorId, ConcordDoc, DocCard, DocRole, LocalDateTime, Offset, Person, PersonId, Today, Value,
    WorkingDays, find_template, views::WEEKLY_TEMPLATE,
};
use concord_sync::DocumentId;

use super::person_messages;
use crate::{
    accounts::{Accounts, SessionLifetimes},
    doc_catalog::Listed,
    doc_digests::DocDigests,
    http::test_counter::Counter,
    store::{NewChunk, SqliteStore, Store},
};

fn pid(id: &str) -> PersonId {
    id.parse().unwrap()
}

/// `day` at `hour`:`minute` in Shanghai, ms since the epoch.
fn at(day: &str, hour: u8, minute: u8) -> i64 {
    LocalDateTime::new(day.parse().unwrap(), hour, minute, 0)
        .unwrap()
        .instant(&Offset::CHINA)
}

/// The relay's parts a restart makes anew, over one data directory.
struct RelayState {
    store: SqliteStore,
    accounts: Accounts,
    digests: DocDigests,
}

impl RelayState {
    fn open(dir: &std::path::Path) -> Self {
        Self {
            store: SqliteStore::open(dir).unwrap(),
            accounts: Accounts::open(&dir.join("accounts.db"), SessionLifetimes::default())
                .unwrap(),
            digests: DocDigests::default(),
        }
    }

    /// Stores the document as it now stands (as an accepted batch would).
    fn keep(&self, id: DocumentId, doc: &mut ConcordDoc) {
        self.store
            .append(&[NewChunk {
                doc: id,
                data: doc.save(),
            }])
            .unwrap();
    }

    /// What `who` is told at `now` about those of `docs` they may read
    /// (the documents as the relay last accepted them).
    fn told(
        &self,
        who: &Person,
        docs: &BTreeMap<DocumentId, Automerge>,
        now: i64,
    ) -> Vec<concord_api::MessageItem> {
        let listed: Vec<Listed> = docs
            .iter()
            .filter_map(|(id, doc)| {
                let card = DocCard::read(doc).ok()?;
                let role = card.role_of(who).ok()?;
                Some(Listed {
                    id: *id,
                    card,
                    role,
                })
            })
            .collect();
        let today = Today::at(now, &Offset::CHINA, WorkingDays::new()).unwrap();
        let digests: Vec<Option<Arc<_>>> = self
            .digests
            .of(
                &listed,
                |id| docs.get(id).map(Automerge::get_heads),
                &self.store,
                &today,
                &Offset::CHINA,
            )
            .unwrap();
        let reads = self.accounts.message_reads(&who.id).unwrap();
        let follows = self.accounts.follows(&who.id).unwrap();
        person_messages(&listed, &digests, &reads, &follows, who, now)
    }
}

/// Alice's task tracker, made at `written`, which bob edits.
fn alices_tracker(written: i64) -> ConcordDoc {
    let t = find_template("task-tracker").unwrap();
    let mut tracker =
        ConcordDoc::create(t, "Tracker", &pid("alice"), written, ActorId::random()).unwrap();
    tracker
        .set_member_role(&pid("bob"), DocRole::Editor)
        .unwrap();
    tracker
}

fn as_automerge(doc: &mut ConcordDoc) -> Automerge {
    Automerge::load(&doc.save()).unwrap()
}

#[test]
fn each_reminder_reaches_its_person_once_across_a_restart_and_leaves_with_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut relay = RelayState::open(dir.path());
    let (tracker_id, report_id) = (
        DocumentId::from_bytes([1; 16]),
        DocumentId::from_bytes([2; 16]),
    );
    let mut rng = Counter(7);

    // Alice's tracker, written Tuesday 1 December at 10:00: bob's task is
    // due Thursday the 10th.
    let written = at("2026-12-01", 10, 0);
    let mut tracker = alices_tracker(written);
    let row = tracker.add_row("tasks", None, &mut rng).unwrap();
    for (field, value) in [
        ("task", Value::Text("quote".into())),
        ("owner", Value::Person("bob".into())),
        ("deadline", Value::Date("2026-12-10".into())),
        ("status", Value::Choice("in_progress".into())),
    ] {
        tracker.set_cell("tasks", &row, field, value).unwrap();
    }
    tracker.commit(written, Some("alice"));
    // Alice's weekly report, started Monday the 7th; bob reports for ops.
    let w = find_template(WEEKLY_TEMPLATE).unwrap();
    let started = at("2026-12-07", 9, 0);
    let mut report =
        ConcordDoc::create(w, "第 50 周", &pid("alice"), started, ActorId::random()).unwrap();
    report
        .set_member_role(&pid("bob"), DocRole::Editor)
        .unwrap();
    let line = report.add_row("departments", None, &mut rng).unwrap();
    report
        .set_cell(
            "departments",
            &line,
            "department",
            Value::Department("ops".into()),
        )
        .unwrap();
    report
        .set_cell(
            "departments",
            &line,
            "reporter",
            Value::Person("bob".into()),
        )
        .unwrap();
    report.commit(started, Some("alice"));

    let mut docs = BTreeMap::new();
    let bob = Person::staff(pid("bob"), vec![]);
    let carol = Person::staff(pid("carol"), vec![]);
    // How many times each message was shown to bob unread.
    let mut shown: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for day in 1..=12 {
        let day = format!("2026-12-{day:02}");
        if day == "2026-12-07" {
            // The report exists from Monday; the relay restarts that morning.
            relay.keep(report_id, &mut report);
            docs.insert(report_id, as_automerge(&mut report));
            drop(relay);
            relay = RelayState::open(dir.path());
        }
        if day == "2026-12-01" {
            relay.keep(tracker_id, &mut tracker);
            docs.insert(tracker_id, as_automerge(&mut tracker));
        }
        for (hour, minute) in [(10, 0), (17, 30), (23, 0)] {
            let now = at(&day, hour, minute);
            let told = relay.told(&bob, &docs, now);
            assert!(
                relay.told(&carol, &docs, now).is_empty(),
                "carol reads neither"
            );
            let unread: Vec<String> = told
                .iter()
                .filter(|m| !m.read)
                .map(|m| m.key.clone())
                .collect();
            for m in told.iter().filter(|m| !m.read) {
                shown.entry(m.key.clone()).or_insert((m.kind.clone(), 0)).1 += 1;
            }
            relay
                .accounts
                .mark_messages_read(&bob.id, &unread, now)
                .unwrap();
        }
    }
    let twice: Vec<_> = shown.iter().filter(|(_, (_, n))| *n != 1).collect();
    assert!(twice.is_empty(), "shown more than once: {twice:?}");
    let mut kinds: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, (kind, _)) in &shown {
        kinds.entry(kind).or_default().push(key);
    }
    let count = |kind: &str| kinds.get(kind).map_or(0, Vec::len);
    assert_eq!(count("assigned"), 1, "{kinds:?}");
    assert_eq!(count("due-soon"), 1, "{kinds:?}");
    assert_eq!(count("overdue"), 1, "{kinds:?}");
    // Not written since the 1st: Wednesday to Friday, then Monday to
    // Friday; never on the weekend.
    assert_eq!(count("daily-update"), 8, "{kinds:?}");
    assert!(
        kinds["daily-update"]
            .iter()
            .all(|k| !k.ends_with("2026-12-05") && !k.ends_with("2026-12-06"))
    );
    assert_eq!(count("report-due"), 1, "{kinds:?}");
    assert_eq!(kinds.len(), 5, "{kinds:?}");

    // Bob loses the tracker: nothing about it is listed for him any more,
    // read or not.
    tracker.remove_member(&pid("bob")).unwrap();
    tracker.commit(at("2026-12-12", 9, 0), Some("alice"));
    relay.keep(tracker_id, &mut tracker);
    docs.insert(tracker_id, as_automerge(&mut tracker));
    let told = relay.told(&bob, &docs, at("2026-12-12", 10, 0));
    assert!(!told.is_empty(), "the report's news stays");
    assert!(
        told.iter().all(|m| m.doc == report_id),
        "{:?}",
        told.iter().map(|m| &m.key).collect::<Vec<_>>()
    );
}

#[test]
fn a_follower_hears_of_others_changes_made_since_they_followed_an_hour_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let relay = RelayState::open(dir.path());
    let id = DocumentId::from_bytes([3; 16]);
    let t = find_template("task-tracker").unwrap();
    let mut doc = ConcordDoc::create(
        t,
        "Tracker",
        &pid("alice"),
        at("2026-12-01", 9, 0),
        ActorId::random(),
    )
    .unwrap();
    doc.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
    doc.commit(at("2026-12-01", 9, 0), Some("alice"));
    let edit = |doc: &mut ConcordDoc, text: &str, when: i64, by: &str| {
        doc.set_field("notes", Value::Text(text.into())).unwrap();
        doc.commit(when, Some(by));
    };
    // Before bob follows: not news to him.
    edit(&mut doc, "a", at("2026-12-01", 10, 0), "alice");
    relay
        .accounts
        .set_follow(
            &pid("bob"),
            &id.to_string(),
            Some(at("2026-12-01", 12, 0) + 500),
        )
        .unwrap();
    // In the same second, just after: change times are whole seconds.
    edit(
        &mut doc,
        "same second",
        at("2026-12-01", 12, 0) + 900,
        "alice",
    );
    // Three edits by alice and one by bob in one hour; bob's alone in the next.
    for (minute, by) in [(5, "alice"), (20, "alice"), (30, "bob"), (50, "alice")] {
        edit(
            &mut doc,
            &format!("{by} {minute}"),
            at("2026-12-01", 14, minute),
            by,
        );
    }
    edit(&mut doc, "mine", at("2026-12-01", 15, 10), "bob");
    relay.keep(id, &mut doc);
    let docs = BTreeMap::from([(id, as_automerge(&mut doc))]);
    let bob = Person::staff(pid("bob"), vec![]);
    let now = at("2026-12-01", 16, 0);
    let followed: Vec<_> = relay
        .told(&bob, &docs, now)
        .into_iter()
        .filter(|m| m.kind == "followed")
        .collect();
    assert_eq!(followed.len(), 2, "{followed:?}");
    // Newest first: the 14:00 hour, then the one change at 12:00.
    assert_eq!(followed[0].changed_by, vec![("alice".to_owned(), 3)]);
    assert_eq!(followed[1].changed_by, vec![("alice".to_owned(), 1)]);
    // Alice follows nothing: she hears nothing of bob's edits.
    let alice = Person::staff(pid("alice"), vec![]);
    assert!(
        relay
            .told(&alice, &docs, now)
            .iter()
            .all(|m| m.kind != "followed")
    );
    // Bob stops following: the changes are no longer told.
    relay
        .accounts
        .set_follow(&pid("bob"), &id.to_string(), None)
        .unwrap();
    assert!(
        relay
            .told(&bob, &docs, now)
            .iter()
            .all(|m| m.kind != "followed")
    );
}

/// A room's accepted batch brings the kept digest up to date from the
/// room's own document, reading again only the rows it touched: the store
/// is not read again (here it still holds the document before the batch).
/// A batch that touched more than task rows drops the digest instead, and
/// the next request reads the document whole.
#[test]
fn an_accepted_batch_keeps_the_digest_current_from_the_room() {
    let dir = tempfile::tempdir().unwrap();
    let relay = RelayState::open(dir.path());
    let id = DocumentId::from_bytes([3; 16]);
    let written = at("2026-12-01", 10, 0);
    let mut tracker = alices_tracker(written);
    tracker
        .set_field("project", Value::Text("Q4".into()))
        .unwrap();
    tracker.commit(written, Some("alice"));
    relay.keep(id, &mut tracker);
    let mut docs = BTreeMap::from([(id, as_automerge(&mut tracker))]);
    let bob = Person::staff(pid("bob"), vec![]);
    let alice = Person::staff(pid("alice"), vec![]);
    let now = at("2026-12-02", 10, 0);
    let assigned = |told: &[concord_api::MessageItem]| {
        told.iter()
            .filter(|m| m.kind == "assigned")
            .map(|m| m.about.clone())
            .collect::<Vec<_>>()
    };
    assert!(assigned(&relay.told(&bob, &docs, now)).is_empty());

    // Alice gives bob a task; the room judges and accepts it.
    let mut accept = |edit: &dyn Fn(&mut ConcordDoc), docs: &mut BTreeMap<_, _>| {
        let before = tracker.heads();
        edit(&mut tracker);
        tracker.commit(now - 60_000, Some("alice"));
        let room = as_automerge(&mut tracker);
        let after = room.get_heads();
        let changes: Vec<_> = room.get_changes(&before);
        let today = Today::at(now, &Offset::CHINA, WorkingDays::new()).unwrap();
        let mut paths = concord_model::ObjectPaths::default();
        let touched = concord_model::check_applied_with(
            &room, &before, &after, &changes, &alice, &today, &mut paths,
        )
        .unwrap();
        let zone = Offset::CHINA;
        relay
            .digests
            .accepted(&id, &room, &before, &touched, &changes, &today, &zone);
        docs.insert(id, room);
    };
    accept(
        &|d| {
            let row = d.add_row("tasks", None, &mut Counter(5)).unwrap();
            for (field, value) in [
                ("task", Value::Text("plan".into())),
                ("owner", Value::Person("bob".into())),
                ("deadline", Value::Date("2026-12-20".into())),
            ] {
                d.set_cell("tasks", &row, field, value).unwrap();
            }
        },
        &mut docs,
    );
    assert_eq!(assigned(&relay.told(&bob, &docs, now)), ["plan"]);

    // A field of the form is more than task rows: read whole, from the store.
    accept(
        &|d| d.set_field("project", Value::Text("Q1".into())).unwrap(),
        &mut docs,
    );
    assert!(assigned(&relay.told(&bob, &docs, now)).is_empty());
}
