//! Accounts in the app (issue 7): the relay's person, one actor per person,
//! refused edits set aside, exported and reset. In Chromium through
//! wasm-bindgen-test; the relay is a stand-in sink as in `repo.rs`.
#![cfg(target_arch = "wasm32")]

use std::{cell::RefCell, rc::Rc};

use automerge::Automerge;
use concord_api::{Me, notice_of};
use concord_app::{
    DocContext, DocumentBody, I18n, LOCALE_STORAGE_KEY,
    refused::{export_json, refused_sheet},
    repo::{ActorBook, FrameSink, LinkEvent, Repo, RepoError},
};
use concord_model::{Affiliation, Locale, Person, PersonId, Refusal, Template, find_template};
use concord_sync::{DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata};
use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

mod support;

use support::{document, until};

wasm_bindgen_test_configure!(run_in_browser);

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Math::random().to_bits())
}

fn template() -> &'static Template {
    find_template("customer-communication-log").unwrap()
}

fn pid(id: &str) -> PersonId {
    id.parse().unwrap()
}

#[wasm_bindgen_test]
fn the_relays_me_becomes_a_model_person() {
    let staff: Me = serde_json::from_str(
        r#"{"id":"wang","display_name":"Wang Fang","is_admin":true,"org":null,"org_name":null,
            "departments":["sales","rd"],"heads":["rd"]}"#,
    )
    .unwrap();
    let person = staff.person();
    assert_eq!(person.affiliation, Affiliation::Staff);
    assert_eq!(person.departments.len(), 2);
    assert_eq!(person.heads[0].as_str(), "rd");
    assert_eq!(staff.shown_name(), "Wang Fang");

    let partner: Me = serde_json::from_str(
        r#"{"id":"li","display_name":"","is_admin":false,"org":"acme","org_name":"Acme",
            "departments":[],"heads":[]}"#,
    )
    .unwrap();
    let person = partner.person();
    assert_eq!(
        person.affiliation,
        Affiliation::Partner("acme".parse().unwrap())
    );
    assert!(partner.is_partner());
    assert_eq!(partner.shown_name(), "li");

    let bad = r#"{"id":"has blank","display_name":"x","is_admin":false,"org":null,
        "org_name":null,"departments":[],"heads":[]}"#;
    assert!(
        serde_json::from_str::<Me>(bad).is_err(),
        "an id that does not parse"
    );
}

#[wasm_bindgen_test]
fn each_person_keeps_one_actor_and_never_shares_it() {
    let mut book = ActorBook::default();
    let mut next = 0u8;
    let mut fresh = || -> Result<automerge::ActorId, ()> {
        next += 1;
        Ok(automerge::ActorId::from([next; 16]))
    };
    let ann = book.actor_for(&pid("ann"), &mut fresh).unwrap();
    let bob = book.actor_for(&pid("bob"), &mut fresh).unwrap();
    assert_ne!(ann, bob);
    assert_eq!(book.actor_for(&pid("ann"), &mut fresh).unwrap(), ann);
}

/// The actors that signed a document's changes, in order.
fn actors(repo: &Repo, doc: DocumentId) -> Vec<String> {
    let saved = repo.local_copy(doc).unwrap();
    let doc = Automerge::load(&saved).unwrap();
    doc.get_changes(&[])
        .iter()
        .map(|c| c.actor_id().to_hex_string())
        .collect()
}

#[wasm_bindgen_test]
async fn two_people_in_one_tab_sign_with_different_actors() {
    let repo = Repo::open_store(&unique("actors")).await.unwrap();
    repo.act_as(Some(pid("ann"))).unwrap();
    let doc = repo.create(template(), "shared", &pid("ann")).unwrap();
    repo.change_as(doc, Some(&pid("ann")), |d| d.set_title("ann's"))
        .unwrap();
    repo.act_as(Some(pid("bob"))).unwrap();
    repo.change_as(doc, Some(&pid("bob")), |d| d.set_title("bob's"))
        .unwrap();
    repo.act_as(Some(pid("ann"))).unwrap();
    repo.change_as(doc, Some(&pid("ann")), |d| d.set_title("ann again"))
        .unwrap();
    let signed = actors(&repo, doc);
    assert_eq!(signed.len(), 4);
    assert_eq!(signed[0], signed[1], "ann's creation and edit");
    assert_ne!(signed[1], signed[2], "bob has his own actor");
    assert_eq!(signed[3], signed[0], "ann keeps hers");
}

/// Records what the repo sends; counts closes.
#[derive(Default)]
struct FakeRelay {
    sent: RefCell<Vec<Message>>,
    closed: RefCell<u32>,
}

impl FrameSink for FakeRelay {
    fn send(&self, frame: &[u8]) {
        self.sent.borrow_mut().push(Message::decode(frame).unwrap());
    }

    fn close(&self) {
        *self.closed.borrow_mut() += 1;
    }
}

impl FakeRelay {
    fn synced(&self, doc: DocumentId) -> bool {
        self.sent.borrow().iter().any(|m| match m {
            Message::Sync { document_id, .. } | Message::Request { document_id, .. } => {
                *document_id == doc
            }
            _ => false,
        })
    }
}

async fn handshake(repo: &Repo, relay: &FakeRelay) -> PeerId {
    relay.sent.borrow_mut().clear();
    repo.link_event(LinkEvent::Opened);
    until("the join", || !relay.sent.borrow().is_empty()).await;
    let Message::Join { sender_id, .. } = relay.sent.borrow()[0].clone() else {
        panic!("the first frame is not a join");
    };
    let relay_id: PeerId = "relay".parse().unwrap();
    let peer = Message::Peer {
        sender_id: relay_id,
        target_id: sender_id.clone(),
        selected_protocol_version: PROTOCOL_V1.into(),
        peer_metadata: PeerMetadata::default(),
    };
    repo.link_event(LinkEvent::Frame(peer.encode()));
    sender_id
}

#[wasm_bindgen_test]
async fn a_refused_document_stops_syncing_and_its_edits_can_be_exported_and_reset() {
    let repo = Repo::open_store(&unique("refused")).await.unwrap();
    repo.act_as(Some(pid("ann"))).unwrap();
    let relay = Rc::new(FakeRelay::default());
    repo.use_sink(relay.clone());
    let refused = repo.create(template(), "refused", &pid("ann")).unwrap();
    let other = repo.create(template(), "other", &pid("ann")).unwrap();
    let me = handshake(&repo, &relay).await;
    until("both offered", || {
        relay.synced(refused) && relay.synced(other)
    })
    .await;

    let error =
        notice_of(&Refusal::ViewerCannotEdit).error_frame("relay".parse().unwrap(), me, refused);
    repo.link_event(LinkEvent::Frame(error.encode()));
    until("the close", || *relay.closed.borrow() == 1).await;
    repo.link_event(LinkEvent::Closed);
    assert_eq!(
        repo.refused()
            .get_untracked()
            .get(&refused)
            .map(|notice| notice.code.clone()),
        Some("viewer-cannot-edit".to_owned())
    );
    // Still readable here, no longer editable, and not sent again.
    assert_eq!(
        repo.read(refused, |d| d.title().unwrap()).as_deref(),
        Some("refused")
    );
    assert!(matches!(
        repo.change(refused, |d| d.set_title("again")),
        Err(RepoError::Refused(_))
    ));
    handshake(&repo, &relay).await;
    repo.change(other, |d| d.set_title("still syncing"))
        .unwrap();
    until("the other document syncs", || relay.synced(other)).await;
    assert!(
        !relay.synced(refused),
        "the refused document is not offered again"
    );

    // The relay never acknowledged anything: every change is a refused edit.
    let changes = repo.refused_changes(refused).unwrap();
    assert!(!changes.is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&export_json(refused, "a viewer may not edit", &changes, 7)).unwrap();
    assert_eq!(json["document"], refused.url());
    assert_eq!(json["refused_because"], "a viewer may not edit");
    let first = &json["changes"][0];
    for key in ["hash", "actor", "time", "message", "effects"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert!(
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["effects"].as_array().unwrap())
            .any(|e| e["path"] == "meta.title"),
        "{json}"
    );
    // The .xlsx file is the relay's to write (e2e/tests/refused.test.mjs);
    // the app hands it this sheet: the document, the reason, a line per effect.
    let sheet = refused_sheet(refused, "a viewer may not edit", &changes);
    assert_eq!(sheet.check(), Ok(()));
    assert_eq!(sheet.preamble[0].1, refused.url());
    assert_eq!(sheet.preamble[1].1, "a viewer may not edit");
    let effects: usize = changes.iter().map(|c| c.effects.len().max(1)).sum();
    assert_eq!(sheet.rows.len(), effects);
    assert!(
        sheet
            .rows
            .iter()
            .any(|row| row[5] == concord_model::export::Cell::Text("meta.title".into())),
        "{sheet:?}"
    );

    // Reset: the refusal is forgotten and the document is asked of the relay
    // afresh; a screen subscribed before the reset still hears of it.
    let revisions = repo.subscribe(refused).unwrap();
    let before = revisions.any.get_untracked();
    repo.reset_from_relay(refused).await.unwrap();
    assert!(
        revisions.any.get_untracked() > before,
        "the open screen is told"
    );
    assert!(repo.refused().get_untracked().is_empty());
    assert!(repo.refused_changes(refused).is_none());
    handshake(&repo, &relay).await;
    until("the document is requested again", || relay.synced(refused)).await;
}

#[wasm_bindgen_test]
async fn a_refused_edit_is_explained_in_the_readers_language() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(LOCALE_STORAGE_KEY, "\"zh-CN\"")
        .unwrap();
    let repo = Repo::open_store(&unique("refused-zh")).await.unwrap();
    repo.act_as(Some(pid("zhao"))).unwrap();
    let relay = Rc::new(FakeRelay::default());
    repo.use_sink(relay.clone());
    let doc = repo.create(template(), "上线计划", &pid("zhao")).unwrap();
    let me = handshake(&repo, &relay).await;
    until("offered", || relay.synced(doc)).await;
    let refusal = Refusal::NotRowOwner {
        row_owner: "wang".into(),
    };
    let error = notice_of(&refusal).error_frame("relay".parse().unwrap(), me, doc);
    repo.link_event(LinkEvent::Frame(error.encode()));
    until("set aside", || {
        repo.refused().with_untracked(|r| r.contains_key(&doc))
    })
    .await;

    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let shown = repo.clone();
    leptos::mount::mount_to(root.clone(), move || {
        I18n::provide();
        let revisions = shown.subscribe(doc).unwrap();
        let ctx = DocContext::new(
            doc,
            shown,
            revisions,
            Person::staff(pid("zhao"), Vec::new()),
        )
        .provide();
        view! { <DocumentBody ctx /> }
    })
    .forget();
    let reason = || {
        root.query_selector("[data-testid=doc-refused-reason]")
            .unwrap()
    };
    until("the banner", || reason().is_some()).await;
    let reason = reason().unwrap();
    assert_eq!(
        reason.text_content().unwrap(),
        "只有该行负责人 wang 或文档所有者可以修改此单元格"
    );
    assert_eq!(
        reason.text_content().unwrap(),
        refusal.message(Locale::ZhCn)
    );
    assert_eq!(reason.get_attribute("data-code").unwrap(), "not-row-owner");
    root.remove();
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item(LOCALE_STORAGE_KEY)
        .unwrap();
}
