use concord_model::Localized as L;
use concord_sync::DocumentId;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::i18n::I18n;

/// Opens a document from a link or id a colleague sent.
#[component]
pub fn OpenByLink() -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match document_in(&text.get_untracked()) {
            Some(id) => {
                invalid.set(false);
                navigate(&format!("/d/{id}"), Default::default());
            }
            None => invalid.set(true),
        }
    };
    view! {
        <section class="open-link" aria-labelledby="open-link-title">
            <h2 id="open-link-title">{move || i18n.pick(L::new("打开链接", "Open a link"))}</h2>
            <form class="open-link-form" on:submit=go>
                <input type="text" data-testid="open-link-input"
                    placeholder=move || i18n.pick(L::new("粘贴文档链接或编号", "Paste a document link or id"))
                    aria-label=move || i18n.pick(L::new("文档链接或编号", "Document link or id"))
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
                <button type="submit" data-testid="open-link-go">
                    {move || i18n.pick(L::new("打开", "Open"))}
                </button>
            </form>
            <Show when=move || invalid.get()>
                <p class="form-error" role="alert" data-testid="open-link-invalid">
                    {move || i18n.pick(L::new("这不是有效的文档链接。", "That is not a document link."))}
                </p>
            </Show>
        </section>
    }
}

/// The document a pasted text names: a bare id, an `automerge:` URL, or a
/// link to this app (`https://host/d/<id>`, with or without a query).
pub(crate) fn document_in(text: &str) -> Option<DocumentId> {
    let text = text.trim();
    let last = text
        .split(['?', '#'])
        .next()
        .unwrap_or(text)
        .trim_end_matches('/')
        .rsplit("/d/")
        .next()
        .unwrap_or(text);
    DocumentId::parse_url_or_id(last)
        .or_else(|_| DocumentId::parse_url_or_id(text))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_urls_and_bare_ids_all_name_the_document() {
        let id = DocumentId::from_bytes([9; 16]);
        assert_eq!(document_in(&id.to_string()), Some(id));
        assert_eq!(document_in(&format!("  {}  ", id.url())), Some(id));
        assert_eq!(
            document_in(&format!("https://concord.example/d/{id}")),
            Some(id)
        );
        assert_eq!(
            document_in(&format!("http://127.0.0.1:8080/d/{id}/?x=1#top")),
            Some(id)
        );
        assert_eq!(document_in("https://concord.example/d/nonsense"), None);
        assert_eq!(document_in(""), None);
    }
}
