//! The people of the access matrix and the requirement approval they share,
//! in each state the matrix asks about. Every step that builds the shared
//! document is judged by the model as the relay would judge it, so no state
//! is one that nobody could have reached.

use automerge::{
    ActorId, AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable,
};
use concord_model::{
    Classification, ConcordDoc, DeptId, DocRole, OrgId, Person, PersonId, Value, check_change,
    find_template,
};
use concord_sync::PeerId;

pub const NOW: i64 = 1_700_000_000_000;

/// The day setting up is judged on: `NOW` in the default zone, plain weeks.
pub fn test_today() -> concord_model::Today {
    crate::accounts::WorkspaceCalendar::default()
        .today(NOW)
        .expect("a day in range")
}

/// One person of the matrix, named by what they are to the shared document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatrixPerson {
    Owner,
    Editor,
    Viewer,
    /// A partner of the organisation the document is shared with (as editor).
    PartnerOfTheOrg,
    PartnerOfAnotherOrg,
    /// An editor who signed in, and whose account was then disabled.
    Disabled,
    /// Staff the document was never shared with.
    NoAccess,
}

pub const EVERYONE: [MatrixPerson; 7] = [
    MatrixPerson::Owner,
    MatrixPerson::Editor,
    MatrixPerson::Viewer,
    MatrixPerson::PartnerOfTheOrg,
    MatrixPerson::PartnerOfAnotherOrg,
    MatrixPerson::Disabled,
    MatrixPerson::NoAccess,
];

impl MatrixPerson {
    pub fn name(self) -> &'static str {
        match self {
            MatrixPerson::Owner => "alice",
            MatrixPerson::Editor => "bob",
            MatrixPerson::Viewer => "vic",
            MatrixPerson::PartnerOfTheOrg => "li",
            MatrixPerson::PartnerOfAnotherOrg => "wu",
            MatrixPerson::Disabled => "dan",
            MatrixPerson::NoAccess => "eve",
        }
    }

    pub fn person(self) -> Person {
        let id = pid(self.name());
        match self {
            MatrixPerson::PartnerOfTheOrg => Person::partner(id, org("acme")),
            MatrixPerson::PartnerOfAnotherOrg => Person::partner(id, org("other")),
            // The directory records boss as alice's superior.
            MatrixPerson::Owner => Person::staff(id, vec![]).reporting_to(pid("boss")),
            _ => Person::staff(id, vec![]),
        }
    }

    /// The peer id of this person's connection (one per cell).
    pub fn peer(self) -> PeerId {
        peer(self.name())
    }

    /// Distinct per person, so no cell signs with somebody else's actor.
    pub fn actor(self) -> ActorId {
        let n = EVERYONE.iter().position(|w| *w == self).unwrap_or(0);
        actor(100 + n as u8)
    }
}

/// The states of the matrix: the requirement approval's open first state,
/// its closed final one, the read-only archive, and a confidential draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocState {
    Draft,
    Approved,
    Archived,
    Confidential,
}

pub const STATES: [DocState; 4] = [
    DocState::Draft,
    DocState::Approved,
    DocState::Archived,
    DocState::Confidential,
];

pub fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

pub fn peer(s: &str) -> PeerId {
    s.parse().unwrap()
}

fn org(s: &str) -> OrgId {
    s.parse().unwrap()
}

fn sales() -> DeptId {
    "sales".parse().unwrap()
}

pub fn actor(n: u8) -> ActorId {
    ActorId::from(vec![n; 16])
}

/// Alice's direct superior, who forwards her request.
pub fn boss() -> Person {
    Person::staff(pid("boss"), vec![sales()])
}

/// The head of sales, the one department involved, who signs.
pub fn head_of_sales() -> Person {
    Person::staff(pid("hsales"), vec![]).heading(sales())
}

/// Alice's requirement, shared with bob and dan (editors), vic (viewer),
/// the partner organisation acme (editor), and her reviewers (viewers),
/// in `state`.
pub fn shared_requirement(state: DocState) -> Vec<u8> {
    let alice = MatrixPerson::Owner.person();
    let mut doc = new_draft(&alice, actor(1));
    for (who, role) in [
        ("bob", DocRole::Editor),
        ("vic", DocRole::Viewer),
        ("dan", DocRole::Editor),
        ("boss", DocRole::Viewer),
        ("hsales", DocRole::Viewer),
    ] {
        doc.set_member_role(&pid(who), role).unwrap();
    }
    doc.set_org_role(&org("acme"), DocRole::Editor).unwrap();
    doc.commit(NOW, None);
    let heads = doc.heads();
    check_change(&[], &heads, &mut doc, &alice, &test_today())
        .expect("alice creates her requirement");
    match state {
        DocState::Draft => {}
        DocState::Confidential => judged_step(&mut doc, &alice, actor(2), |d| {
            d.set_classification(Classification::Confidential).unwrap()
        }),
        DocState::Approved | DocState::Archived => approve(&mut doc),
    }
    if state == DocState::Archived {
        judged_step(&mut doc, &alice, actor(6), |d| {
            d.set_status("archived").unwrap()
        });
    }
    doc.save()
}

/// Submitted by alice, forwarded by her superior, signed by the head of
/// sales, who moves it to approved in the same batch.
fn approve(doc: &mut ConcordDoc) {
    let alice = MatrixPerson::Owner.person();
    judged_step(doc, &alice, actor(3), |d| {
        d.set_direct_superior(&pid("boss")).unwrap();
        d.set_status("submitted").unwrap()
    });
    judged_step(doc, &boss(), actor(4), |d| {
        d.set_status("in_review").unwrap()
    });
    judged_step(doc, &head_of_sales(), actor(5), |d| {
        sign_for_sales(d);
        d.set_status("approved").unwrap();
        freeze_v1_0(d, "hsales");
    });
}

/// The version approval freezes, written as `ConcordDoc::freeze_version`
/// writes it: the document's heads once approved, named V1.0.
pub fn freeze_v1_0(doc: &mut ConcordDoc, by: &str) {
    doc.commit(NOW, None);
    let heads: Vec<String> = doc.heads().iter().map(ToString::to_string).collect();
    let am = doc.automerge_mut();
    let versions = match am.get(ROOT, "versions").unwrap() {
        Some((automerge::Value::Object(ObjType::Map), id)) => id,
        other => panic!("versions is a map, not {other:?}"),
    };
    let entry = am.put_object(&versions, "v1", ObjType::Map).unwrap();
    am.put(&entry, "name", "V1.0").unwrap();
    am.put(&entry, "note", "").unwrap();
    let list = am.put_object(&entry, "heads", ObjType::List).unwrap();
    for (i, head) in heads.iter().enumerate() {
        am.insert(&list, i, head.as_str()).unwrap();
    }
    am.put(&entry, "by", by).unwrap();
    am.put(&entry, "at", ScalarValue::Timestamp(NOW)).unwrap();
}

/// The head of sales's signature, written as `ConcordDoc::add_signoff`
/// writes it (which wants a random-number source this crate does not share).
pub fn sign_for_sales(doc: &mut ConcordDoc) {
    let round = doc.round().unwrap();
    let am = doc.automerge_mut();
    let signoffs = match am.get(ROOT, "signoffs").unwrap() {
        Some((automerge::Value::Object(ObjType::Map), id)) => id,
        other => panic!("signoffs is a map, not {other:?}"),
    };
    let entry = am.put_object(&signoffs, "s1", ObjType::Map).unwrap();
    am.put(&entry, "by", "hsales").unwrap();
    am.put(&entry, "transition", "sign").unwrap();
    let departments = am.put_object(&entry, "departments", ObjType::List).unwrap();
    am.insert(&departments, 0, "sales").unwrap();
    am.put(&entry, "decision", "approve").unwrap();
    am.put(&entry, "note", "ok").unwrap();
    am.put(&entry, "at", ScalarValue::Timestamp(NOW)).unwrap();
    am.put(&entry, "round", ScalarValue::Int(round)).unwrap();
}

/// `who` edits on a replica of their own; the model must allow it, as the
/// relay would before keeping it.
pub fn judged_step(
    doc: &mut ConcordDoc,
    who: &Person,
    actor: ActorId,
    edit: impl FnOnce(&mut ConcordDoc),
) {
    let before = doc.heads();
    let mut replica = doc.fork(actor);
    edit(&mut replica);
    replica.commit(NOW, None);
    doc.merge(&mut replica).unwrap();
    let after = doc.heads();
    if let Err(refusal) = check_change(&before, &after, doc, who, &test_today()) {
        panic!("setting up, {} may not: {refusal}", who.id);
    }
}

/// A filled-in requirement `who` started, with sales the department
/// involved (the superior is recorded as it is submitted); not yet committed.
fn new_draft(who: &Person, actor: ActorId) -> ConcordDoc {
    let template = find_template("requirement-approval").unwrap();
    let mut doc = ConcordDoc::create(template, "CRM", &who.id, NOW, actor).unwrap();
    doc.set_field("title", Value::Text("CRM".into())).unwrap();
    doc.set_field("background", Value::Text("why".into()))
        .unwrap();
    doc.set_field("goal", Value::Text("what".into())).unwrap();
    doc.set_field("expected_date", Value::Date("2026-12-01".into()))
        .unwrap();
    doc.set_field("departments", Value::Departments(vec!["sales".into()]))
        .unwrap();
    doc.set_field("priority", Value::Choice("high".into()))
        .unwrap();
    doc
}

/// A requirement `who` starts offline and brings to a relay that never saw
/// it, already in `state`: approved and archived ones took their steps on
/// the creator's replica alone.
pub fn new_requirement(who: MatrixPerson, state: DocState) -> AutoCommit {
    let mut doc = new_draft(&who.person(), who.actor());
    match state {
        DocState::Draft => {}
        DocState::Confidential => doc
            .set_classification(Classification::Confidential)
            .unwrap(),
        DocState::Approved | DocState::Archived => {
            for status in ["submitted", "in_review", "approved"] {
                doc.set_status(status).unwrap();
            }
        }
    }
    if state == DocState::Archived {
        doc.set_status("archived").unwrap();
    }
    doc.commit(NOW, None);
    std::mem::take(doc.automerge_mut())
}

/// A replica of `bytes` writing as `actor`, as a person's device holds it.
pub fn replica(bytes: &[u8], actor: ActorId) -> AutoCommit {
    let mut doc = AutoCommit::load(bytes).unwrap();
    doc.set_actor(actor);
    doc
}

/// `doc` with its title changed: a field any editor may write while the
/// state is open, so whether it stands is the state's and the role's call.
pub fn retitled(doc: AutoCommit, title: &str) -> AutoCommit {
    let mut typed = ConcordDoc::from_automerge(doc).unwrap();
    typed.set_field("title", Value::Text(title.into())).unwrap();
    typed.commit(NOW, None);
    std::mem::take(typed.automerge_mut())
}
