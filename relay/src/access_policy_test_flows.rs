//! A hostile client's moves on the requirement approval's flow, at the
//! relay's engine: self-approval, signing for another, skipping review,
//! approving without freezing the version, editing a frozen version. Each
//! is refused whole: the relay's heads do not move and the sender is told.

use std::sync::Arc;

use automerge::{AutoCommit, ROOT, ReadDoc, transaction::Transactable};
use concord_model::{ConcordDoc, Person};

use super::documents::{
    self, DocState, MatrixPerson, boss, freeze_v1_0, head_of_sales, judged_step, peer, replica,
    shared_requirement, sign_for_sales,
};
use super::relay::InMemoryRelay;
use super::{SHARED, policy_with_everyone};
use crate::access_policy::AccessPolicy;

/// Alice's requirement as the head of sales reviews it.
fn in_review() -> Vec<u8> {
    let bytes = shared_requirement(DocState::Draft);
    let mut doc = ConcordDoc::from_automerge(AutoCommit::load(&bytes).unwrap()).unwrap();
    let alice = MatrixPerson::Owner.person();
    judged_step(&mut doc, &alice, documents::actor(3), |d| {
        d.set_direct_superior(&"boss".parse().unwrap()).unwrap();
        d.set_status("submitted").unwrap();
    });
    judged_step(&mut doc, &boss(), documents::actor(4), |d| {
        d.set_status("in_review").unwrap();
    });
    doc.save()
}

/// `who` sends `edit`, made on their own replica of `bytes`; answers the
/// reason the relay closed with, having checked nothing was kept.
fn hostile(bytes: &[u8], who: Person, n: u8, edit: impl FnOnce(&mut ConcordDoc)) -> String {
    let policy: Arc<AccessPolicy> = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(bytes));
    let before = relay.doc().get_heads();
    let sender = peer(&format!("hostile-{n}"));
    policy.bind_peer(sender.clone(), who);
    let mut typed = ConcordDoc::from_automerge(replica(bytes, documents::actor(n))).unwrap();
    edit(&mut typed);
    typed.commit(documents::NOW, None);
    relay.connect(&sender, std::mem::take(typed.automerge_mut()), &policy);
    relay.sync(&sender);
    assert_eq!(relay.doc().get_heads(), before, "nothing kept");
    relay.client(&sender).closed.clone().expect("refused")
}

fn approve_as_sales(d: &mut ConcordDoc) {
    sign_for_sales(d);
    d.set_status("approved").unwrap();
    freeze_v1_0(d, "hsales");
}

#[test]
fn the_initiator_cannot_approve_her_own_request() {
    let alice = MatrixPerson::Owner.person();
    let closed = hostile(&in_review(), alice, 60, |d| {
        d.set_status("approved").unwrap();
        freeze_v1_0(d, "alice");
    });
    assert!(
        closed.contains("cannot go from in_review to approved"),
        "{closed}"
    );
}

#[test]
fn nobody_signs_for_another() {
    // Bob, an editor, writes the head of sales's signature.
    let closed = hostile(
        &in_review(),
        MatrixPerson::Editor.person(),
        61,
        sign_for_sales,
    );
    assert!(
        closed.contains("only bob may write signoffs.s1.by"),
        "{closed}"
    );
    // And with the approval and its version too.
    let closed = hostile(
        &in_review(),
        MatrixPerson::Editor.person(),
        66,
        approve_as_sales,
    );
    assert!(
        closed.contains("cannot go from in_review to approved"),
        "{closed}"
    );
}

#[test]
fn review_is_not_skipped() {
    // Alice moves her draft straight to approved, version and all.
    let draft = shared_requirement(DocState::Draft);
    let closed = hostile(&draft, MatrixPerson::Owner.person(), 62, |d| {
        d.set_status("approved").unwrap();
        freeze_v1_0(d, "alice");
    });
    assert!(
        closed.contains("cannot go from draft to approved"),
        "{closed}"
    );
}

#[test]
fn an_approval_freezes_its_version_or_is_refused() {
    let closed = hostile(&in_review(), head_of_sales(), 63, |d| {
        sign_for_sales(d);
        d.set_status("approved").unwrap();
    });
    assert!(closed.contains("names version V1.0"), "{closed}");
}

#[test]
fn a_frozen_version_is_never_edited_or_removed() {
    let approved = shared_requirement(DocState::Approved);
    let alice = MatrixPerson::Owner.person();
    let edited = hostile(&approved, alice.clone(), 64, |d| {
        let am = d.automerge_mut();
        let (_, versions) = am.get(ROOT, "versions").unwrap().unwrap();
        let (_, v1) = am.get(&versions, "v1").unwrap().unwrap();
        am.put(&v1, "note", "what we meant").unwrap();
    });
    assert!(edited.contains("versions.v1 cannot be changed"), "{edited}");
    let removed = hostile(&approved, alice, 65, |d| {
        let am = d.automerge_mut();
        let (_, versions) = am.get(ROOT, "versions").unwrap().unwrap();
        am.delete(&versions, "v1").unwrap();
    });
    assert!(
        removed.contains("versions.v1 cannot be changed"),
        "{removed}"
    );
}
