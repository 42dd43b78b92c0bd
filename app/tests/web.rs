//! The app mounted in a real browser (Chromium through wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use concord_app::{App, LOCALE_STORAGE_KEY};
use concord_model::{Locale, library};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, Storage};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

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

/// Mounts a fresh app into its own element and returns that element.
async fn mount_app() -> HtmlElement {
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
