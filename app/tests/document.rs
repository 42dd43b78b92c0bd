//! The document screen in a real browser (Chromium through wasm-bindgen-test):
//! its editors write the document, show concurrent values and refuse where
//! the model's rules do.
#![cfg(target_arch = "wasm32")]

use concord_app::{DocContext, DocumentBody, I18n, LOCALE_STORAGE_KEY, repo::Repo};
use concord_model::{
    ActorId, CustomField, CustomKind, DocRole, Label, Person, PersonId, Value, find_template,
};
use concord_sync::DocumentId;
use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

mod support;

use support::{document, sleep, until};

wasm_bindgen_test_configure!(run_in_browser);

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// A requirement approval created by alice in a fresh store, with a custom
/// number field, and the element its screen is mounted in for `viewer`.
async fn mounted(viewer: &str) -> (Repo, DocumentId, HtmlElement) {
    mounted_as(Person::staff(pid(viewer), Vec::new())).await
}

/// As `mounted`, for any person (a partner, say).
async fn mounted_as(person: Person) -> (Repo, DocumentId, HtmlElement) {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(LOCALE_STORAGE_KEY, "\"en\"")
        .unwrap();
    let db = format!("docview-{}", js_sys::Math::random().to_bits());
    let repo = Repo::open_store(&db).await.unwrap();
    let template = find_template("requirement-approval").unwrap();
    let id = repo.create(template, "Q3 portal", &pid("alice")).unwrap();
    repo.change_as(id, Some(&pid("alice")), |doc| {
        doc.add_custom_field(&CustomField {
            id: "cf-hours".into(),
            label: Label::new("工时", "Hours"),
            kind: CustomKind::Number,
            required: false,
            table: None,
        })?;
        doc.set_member_role(&pid("vic"), DocRole::Viewer)
    })
    .unwrap();
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let shown = repo.clone();
    leptos::mount::mount_to(root.clone(), move || {
        I18n::provide();
        let revisions = shown.subscribe(id).unwrap();
        let ctx = DocContext::new(id, shown, revisions, person).provide();
        view! { <DocumentBody ctx /> }
    })
    .forget();
    until("the form", || {
        find(&root, "[data-field-id=title]").is_some()
    })
    .await;
    (repo, id, root)
}

fn find(root: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).unwrap()
}

fn input_of(root: &HtmlElement, field: &str) -> web_sys::Element {
    find(
        root,
        &format!("[data-field-id=\"{field}\"] [data-testid=field-input]"),
    )
    .unwrap_or_else(|| panic!("no input for {field}"))
}

/// Fires `kind` as the browser does after typing (it bubbles to Leptos' delegated handlers).
fn fire(el: &web_sys::Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

fn type_into(root: &HtmlElement, field: &str, text: &str) {
    let input = input_of(root, field);
    input.unchecked_ref::<HtmlInputElement>().set_value(text);
    fire(&input, "change");
}

fn field(repo: &Repo, id: DocumentId, field: &str) -> Option<Value> {
    repo.read(id, |d| d.field(field).ok().flatten()).flatten()
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn typed_fields_are_written_to_the_document() {
    let (repo, id, root) = mounted("alice").await;

    type_into(&root, "title", "Customer portal");
    until("the text field", || {
        field(&repo, id, "title") == Some(Value::Text("Customer portal".into()))
    })
    .await;

    let select = input_of(&root, "priority");
    select
        .unchecked_ref::<HtmlSelectElement>()
        .set_value("high");
    fire(&select, "change");
    until("the choice", || {
        field(&repo, id, "priority") == Some(Value::Choice("high".into()))
    })
    .await;

    // A number that is not one is refused in place, and nothing is written.
    type_into(&root, "cf-hours", "abc");
    sleep(20).await;
    assert_eq!(field(&repo, id, "cf-hours"), None);
    let problem = find(
        &root,
        "[data-field-id=cf-hours] [data-testid=field-problem]",
    )
    .expect("the number's problem is shown");
    assert!(problem.text_content().unwrap().contains("number"));
    type_into(&root, "cf-hours", "12.5");
    until("the number", || {
        field(&repo, id, "cf-hours") == Some(Value::Number(12.5))
    })
    .await;
    until("the problem to go", || {
        find(
            &root,
            "[data-field-id=cf-hours] [data-testid=field-problem]",
        )
        .is_none()
    })
    .await;

    type_into(&root, "budget", "1999.5");
    until("the money", || {
        field(&repo, id, "budget")
            == Some(Value::Money {
                minor: 199_950,
                currency: "CNY".into(),
            })
    })
    .await;
}

#[wasm_bindgen_test]
async fn long_text_is_spliced_and_others_edits_keep_the_caret() {
    let (repo, id, root) = mounted("alice").await;
    let area: HtmlTextAreaElement = input_of(&root, "background").unchecked_into();
    assert_eq!(area.tag_name(), "TEXTAREA");
    area.set_value("abc");
    fire(&area, "input");
    until("the first words", || {
        field(&repo, id, "background") == Some(Value::Text("abc".into()))
    })
    .await;
    area.focus().unwrap();
    area.set_value("abXc");
    area.set_selection_range(3, 3).unwrap();
    fire(&area, "input");
    until("the keystroke", || {
        field(&repo, id, "background") == Some(Value::Text("abXc".into()))
    })
    .await;

    // Someone else types at the start: the text arrives, the caret stays after "X".
    repo.change_as(id, Some(&pid("bob")), |d| {
        d.splice_text("background", 0, 0, "新")
    })
    .unwrap();
    for _ in 0..300 {
        if area.value() == "新abXc" {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(
        (
            area.value(),
            area.is_connected(),
            field(&repo, id, "background")
        ),
        (
            "新abXc".to_owned(),
            true,
            Some(Value::Text("新abXc".into()))
        )
    );
    assert_eq!(area.selection_start().unwrap(), Some(4));
}

#[wasm_bindgen_test]
async fn concurrent_values_are_shown_with_their_authors_and_one_is_chosen() {
    let (repo, id, root) = mounted("alice").await;
    // A second replica (bob's device) and this one set the title concurrently.
    let mut bob = None;
    repo.change(id, |d| {
        bob = Some(d.fork(ActorId::from(vec![0xb0; 16])));
        Ok(())
    })
    .unwrap();
    let mut bob = bob.unwrap();
    bob.set_field("title", Value::Text("Portal B".into()))
        .unwrap();
    bob.commit(1_000, Some("bob"));
    repo.change_as(id, Some(&pid("alice")), |d| {
        d.set_field("title", Value::Text("Portal A".into()))
    })
    .unwrap();
    repo.change_as(id, Some(&pid("alice")), |d| {
        d.merge(&mut bob)?;
        d.set_field("cf-hours", Value::Number(1.0))
    })
    .unwrap();

    until("the conflict", || {
        count(&root, "[data-field-id=title] [data-testid=conflict-value]") == 2
    })
    .await;
    let conflict = find(&root, "[data-field-id=title] [data-testid=conflict]").unwrap();
    let text = conflict.text_content().unwrap();
    assert!(text.contains("bob") && text.contains("alice"), "{text}");
    let choose: HtmlElement = find(
        &root,
        "[data-field-id=title] [data-value=\"Portal B\"] [data-testid=conflict-choose]",
    )
    .unwrap()
    .unchecked_into();
    choose.click();
    until("the conflict to settle", || {
        find(&root, "[data-field-id=title] [data-testid=conflict]").is_none()
    })
    .await;
    assert_eq!(
        field(&repo, id, "title"),
        Some(Value::Text("Portal B".into()))
    );
    assert!(
        repo.read(id, |d| d.conflicts().unwrap().is_empty())
            .unwrap()
    );
}

#[wasm_bindgen_test]
async fn a_viewer_sees_read_only_inputs_and_why() {
    let (repo, id, root) = mounted("vic").await;
    let inputs = root
        .query_selector_all("[data-testid=field] [data-testid=field-input]")
        .unwrap();
    assert!(inputs.length() > 5);
    for i in 0..inputs.length() {
        let el: web_sys::Element = inputs.item(i).unwrap().unchecked_into();
        assert!(
            el.has_attribute("disabled"),
            "{} is editable",
            el.outer_html()
        );
    }
    let title_field = find(&root, "[data-field-id=title] .field-editor").unwrap();
    assert!(
        title_field
            .get_attribute("title")
            .unwrap_or_default()
            .contains("iewer"),
        "the refusal is given on hover"
    );
    assert!(
        find(&root, "[data-testid=doc-title]")
            .unwrap()
            .has_attribute("readonly")
    );
    assert_eq!(count(&root, "[data-testid=transition]"), 0);
    // Typing is not possible, so nothing changes.
    assert_eq!(field(&repo, id, "title"), None);
}

/// Whether every form input on screen is disabled.
fn all_disabled(root: &HtmlElement) -> bool {
    let inputs = root
        .query_selector_all("[data-testid=field] [data-testid=field-input]")
        .unwrap();
    (0..inputs.length()).all(|i| {
        let el: web_sys::Element = inputs.item(i).unwrap().unchecked_into();
        el.has_attribute("disabled")
    })
}

#[wasm_bindgen_test]
async fn a_partner_reads_only_until_their_organisation_may_edit() {
    let partner = Person::partner(pid("li"), "acme".parse().unwrap());
    let (repo, id, root) = mounted_as(partner).await;
    assert!(all_disabled(&root), "no grant: nothing to edit");
    repo.change_as(id, Some(&pid("alice")), |doc| {
        doc.set_org_role(&"acme".parse().unwrap(), DocRole::Viewer)
    })
    .unwrap();
    sleep(50).await;
    assert!(all_disabled(&root), "a viewer's grant: still read-only");
    assert!(
        find(&root, "[data-testid=doc-title]")
            .unwrap()
            .has_attribute("readonly")
    );
    repo.change_as(id, Some(&pid("alice")), |doc| {
        doc.set_org_role(&"acme".parse().unwrap(), DocRole::Editor)
    })
    .unwrap();
    until("the title editable", || {
        !find(&root, "[data-testid=doc-title]")
            .unwrap()
            .has_attribute("readonly")
    })
    .await;
    assert!(!all_disabled(&root), "an editor's grant opens the form");
}

#[wasm_bindgen_test]
async fn comments_are_added_with_mentions_and_the_workflow_moves() {
    // The directory records boss as alice's superior: she may submit.
    let alice = Person::staff(pid("alice"), Vec::new()).reporting_to(pid("boss"));
    let (repo, id, root) = mounted_as(alice).await;
    let input: HtmlTextAreaElement = find(&root, "[data-testid=comment-input]")
        .unwrap()
        .unchecked_into();
    input.set_value("请 @bob 看一下");
    fire(&input, "input");
    sleep(20).await;
    let submit: HtmlElement = find(&root, "[data-testid=comment-submit]")
        .unwrap()
        .unchecked_into();
    submit.click();
    until("the comment", || count(&root, "[data-testid=comment]") == 1).await;
    assert_eq!(
        find(&root, "[data-testid=comment] .mention")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("@bob")
    );
    let stored = repo.read(id, |d| d.comments(None).unwrap()).unwrap();
    assert_eq!(stored[0].mentions, [pid("bob")]);

    let status = find(&root, "[data-testid=workflow-status]").unwrap();
    assert_eq!(status.text_content().as_deref(), Some("Draft"));
    assert!(find(&root, "[data-testid=transition][data-transition=submit]").is_some());
}
