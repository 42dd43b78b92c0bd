//! The app mounted in a real browser (Chromium through wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use concord_app::{
    App, I18n, LOCALE_STORAGE_KEY, StorageAlert,
    repo::{DB_NAME, IdbStoreError, Repo, RepoSlot},
    session::SIGNED_IN_KEY,
};
use concord_model::{Locale, find_template, library};
use concord_sync::DocumentId;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, Storage};

mod support;

use support::document;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Lets scheduled effects and renders run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The relay's last answer to `/api/me`, kept for starting offline: the test
/// server has no relay API, so the app signs in from this.
const SIGNED_IN_AS_LI: &str = r#"{"id":"li","display_name":"Li Na","is_admin":false,"org":null,"org_name":null,"departments":["sales"],"heads":[]}"#;

/// Mounts a fresh app, signed in as Li, into its own element and returns that element.
async fn mount_app() -> HtmlElement {
    storage().set_item(SIGNED_IN_KEY, SIGNED_IN_AS_LI).unwrap();
    let root = mount_signed_out_or_not().await;
    until("signed in", || {
        find(&root, "[data-testid=account]").is_some()
    })
    .await;
    root
}

/// Mounts a fresh app as whatever the stored session says.
async fn mount_signed_out_or_not() -> HtmlElement {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), App).forget();
    settle().await;
    root
}

/// The `lang` of the page, which the app keeps in step with the interface language.
fn html_lang() -> Option<String> {
    document().document_element()?.get_attribute("lang")
}

fn card_names(root: &HtmlElement) -> Vec<String> {
    let nodes = root
        .query_selector_all("[data-testid=template-name]")
        .unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

fn names_in(locale: Locale) -> Vec<String> {
    library()
        .iter()
        .map(|t| t.name.get(locale).to_owned())
        .collect()
}

fn button(root: &HtmlElement, test_id: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {test_id}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_library_shows_every_template_in_the_stored_language() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    let root = mount_app().await;
    assert_eq!(card_names(&root), names_in(Locale::En));
    assert!(card_names(&root).contains(&"Task tracker".to_owned()));
    assert_eq!(html_lang().as_deref(), Some("en"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_language_switch_relabels_everything_and_is_remembered() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    let root = mount_app().await;
    let zh = button(&root, "lang-zh-CN");
    assert_eq!(zh.get_attribute("aria-pressed").as_deref(), Some("false"));

    zh.click();
    settle().await;
    assert_eq!(card_names(&root), names_in(Locale::ZhCn));
    assert!(card_names(&root).contains(&"协作任务跟踪表".to_owned()));
    assert_eq!(zh.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        button(&root, "lang-en")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    assert_eq!(html_lang().as_deref(), Some("zh-CN"));
    assert_eq!(
        storage().get_item(LOCALE_STORAGE_KEY).unwrap().as_deref(),
        Some("\"zh-CN\"")
    );
    root.remove();

    // A fresh start (a reload) keeps the choice.
    let root = mount_app().await;
    assert_eq!(card_names(&root), names_in(Locale::ZhCn));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_corrupt_stored_choice_falls_back_to_the_browser_language() {
    storage().set_item(LOCALE_STORAGE_KEY, "{not json").unwrap();
    let root = mount_app().await;
    let browser = Locale::negotiate(
        web_sys::window()
            .unwrap()
            .navigator()
            .languages()
            .iter()
            .filter_map(|l| l.as_string())
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    assert_eq!(card_names(&root), names_in(browser));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_top_bar_says_whether_the_relay_is_reachable() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    let root = mount_app().await;
    let chip = || button(&root, "sync-status");
    // The test server has no relay: once the store is open, the tab is offline.
    for _ in 0..200 {
        if chip().get_attribute("data-state").as_deref() == Some("offline") {
            break;
        }
        settle().await;
    }
    assert_eq!(
        chip().get_attribute("data-state").as_deref(),
        Some("offline")
    );
    assert_eq!(chip().text_content().unwrap_or_default().trim(), "Offline");
    button(&root, "lang-zh-CN").click();
    settle().await;
    assert_eq!(chip().text_content().unwrap_or_default().trim(), "离线");
    root.remove();
}

fn find(root: &HtmlElement, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(JsCast::unchecked_into)
}

/// Waits (up to five seconds) for `done`.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        settle().await;
    }
    panic!("timed out waiting for {what}");
}

/// Types into an input as a person would: the value, then an `input` event.
fn type_into(input: &HtmlElement, text: &str) {
    input
        .unchecked_ref::<web_sys::HtmlInputElement>()
        .set_value(text);
    // Bubbling, as a typed one does: leptos listens at the document.
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let constructor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"Event".into())
        .unwrap()
        .unchecked_into();
    let event =
        js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&"input".into(), &init))
            .unwrap();
    input
        .dispatch_event(event.unchecked_ref::<web_sys::Event>())
        .unwrap();
}

#[wasm_bindgen_test]
async fn signed_out_the_app_shows_the_sign_in_screen() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    storage().remove_item(SIGNED_IN_KEY).unwrap();
    let root = mount_signed_out_or_not().await;
    until("the sign-in screen", || {
        find(&root, "[data-testid=login]").is_some()
    })
    .await;
    assert!(find(&root, "[data-testid=template-library]").is_none());
    assert!(find(&root, "[data-testid=account]").is_none());
    // The test server has no relay API: a sign-in fails, says so, and
    // leaves the person where they were.
    type_into(&button(&root, "login-id"), "li");
    type_into(&button(&root, "login-password"), "ten chars or more");
    button(&root, "login-submit").click();
    until("the sign-in error", || {
        find(&root, "[data-testid=login-error]").is_some()
    })
    .await;
    assert!(find(&root, "[data-testid=account]").is_none());
    assert!(storage().get_item(SIGNED_IN_KEY).unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_signed_in_person_is_named_in_the_top_bar() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    let root = mount_app().await;
    assert_eq!(
        button(&root, "me-name").text_content().unwrap_or_default(),
        "Li Na"
    );
    assert!(find(&root, "[data-testid=sign-out]").is_some());
    // Not an admin: no way to the admin screen.
    assert!(find(&root, "[data-testid=admin-link]").is_none());
    assert!(find(&root, "[data-testid=template-library]").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn my_documents_lists_what_this_browser_keeps() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    let template = find_template("meeting-minutes").unwrap();
    let repo = Repo::open_store(DB_NAME).await.unwrap();
    let title = format!("Minutes {}", js_sys::Math::random());
    let doc = repo
        .create(template, &title, &"alice".parse().unwrap())
        .unwrap();
    until("the listing", || {
        repo.documents().get_untracked().iter().any(|e| e.id == doc)
    })
    .await;

    let root = mount_app().await;
    let selector = format!("[data-testid=doc-link][data-doc-id=\"{doc}\"]");
    until("the document on the home screen", || {
        find(&root, &selector).is_some()
    })
    .await;
    let link = find(&root, &selector).unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(format!("/d/{doc}").as_str())
    );
    let text = link.text_content().unwrap_or_default();
    assert!(text.contains(&title), "{text}");
    assert!(
        text.contains("Meeting minutes"),
        "the template's name: {text}"
    );
    // Opened by the home screen, so its save state shows.
    until("the save state", || {
        find(&root, &selector)
            .and_then(|l| l.query_selector("[data-testid=doc-save]").ok().flatten())
            .and_then(|s| s.get_attribute("data-save"))
            .is_some_and(|s| s == "device" || s == "waiting")
    })
    .await;
    root.remove();
}

/// Mounts only the storage alert, over a repo the test holds.
fn mount_alert(repo: Repo) -> HtmlElement {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), move || {
        I18n::provide();
        RepoSlot::provide_ready(repo);
        view! { <StorageAlert /> }
    })
    .forget();
    root
}

#[wasm_bindgen_test]
async fn a_storage_problem_shows_with_a_way_out() {
    storage().set_item(LOCALE_STORAGE_KEY, "\"en\"").unwrap();
    let repo = Repo::open_store(&format!("alert-{}", js_sys::Math::random()))
        .await
        .unwrap();
    let root = mount_alert(repo.clone());
    settle().await;
    assert!(find(&root, "[data-testid=storage-error]").is_none());

    repo.report_problem(IdbStoreError::QuotaExceeded);
    settle().await;
    let alert = button(&root, "storage-error");
    assert_eq!(alert.get_attribute("data-kind").as_deref(), Some("quota"));
    assert!(alert.text_content().unwrap().contains("no room left"));
    button(&root, "storage-error-dismiss").click();
    settle().await;
    assert!(find(&root, "[data-testid=storage-error]").is_none());

    // A damaged document offers its local copy, and the reset asks once more first.
    let doc = DocumentId::from_bytes([5; 16]);
    repo.report_problem(IdbStoreError::Corrupt {
        doc,
        detail: "stored piece x does not load".into(),
    });
    settle().await;
    assert_eq!(
        button(&root, "storage-error")
            .get_attribute("data-kind")
            .as_deref(),
        Some("corrupt")
    );
    assert!(find(&root, "[data-testid=download-local-copy]").is_some());
    button(&root, "reset-from-relay").click();
    settle().await;
    assert!(
        find(&root, "[data-testid=reset-confirm-note]").is_some(),
        "a reset before the download warns first"
    );
    button(&root, "reset-from-relay").click();
    until("the reset", || {
        find(&root, "[data-testid=storage-error]").is_none()
    })
    .await;
    until("asking the relay again", || repo.is_open(doc)).await;
    root.remove();
}
