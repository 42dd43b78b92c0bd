//! Where a link field points, as something to click: the target document
//! (and row) by its title when this person may read it, and "no access",
//! nothing more, when they may not. What they may read is the relay's
//! answer (`GET /api/documents`, which lists only readable documents, so no
//! title of another reaches the browser), asked once per document screen.

use concord_api::{DocumentListing, paths};
use concord_model::{Locale, Localized as L, Value};
use concord_sync::DocumentId;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{api, components::home::document_in, i18n::I18n};

/// What this person may read, as the relay last said, shared by every link
/// on one document screen.
#[derive(Clone, Copy)]
pub struct LinkTargets {
    listing: RwSignal<Listing>,
}

#[derive(Debug, Clone, PartialEq)]
enum Listing {
    NotAsked,
    Asking,
    Readable(Vec<DocumentListing>),
    /// The relay could not be asked (offline): the link still opens, and
    /// the document screen says whether it may be read.
    Unknown,
}

/// What a link shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Reach {
    Checking,
    Readable { title: String },
    NoAccess,
    Unknown,
}

impl LinkTargets {
    pub fn provide() -> Self {
        let targets = Self {
            listing: RwSignal::new(Listing::NotAsked),
        };
        provide_context(targets);
        targets
    }

    pub fn expect() -> Self {
        use_context::<Self>().unwrap_or_else(Self::provide)
    }

    /// Whether `id` may be read, tracked; the first question asks the relay.
    fn reach(&self, id: DocumentId) -> Reach {
        let listing = self.listing;
        if listing.with_untracked(|l| *l == Listing::NotAsked) {
            listing.set(Listing::Asking);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = match api::get::<Vec<DocumentListing>>(paths::DOCUMENTS).await {
                    Ok(list) => Listing::Readable(list),
                    Err(_) => Listing::Unknown,
                };
                // The screen may be gone by now.
                let _ = listing.try_set(answer);
            });
        }
        listing.with(|l| reach_in(l, id))
    }
}

fn reach_in(listing: &Listing, id: DocumentId) -> Reach {
    match listing {
        Listing::NotAsked | Listing::Asking => Reach::Checking,
        Listing::Unknown => Reach::Unknown,
        Listing::Readable(docs) => docs
            .iter()
            .find(|d| d.id == id)
            .map_or(Reach::NoAccess, |d| Reach::Readable {
                title: d.title.clone(),
            }),
    }
}

/// The app's address of a link's target: the document, and the row to open.
pub fn target_href(id: DocumentId, row: Option<&str>) -> String {
    match row {
        Some(row) => format!(
            "/d/{id}?row={}",
            String::from(js_sys::encode_uri_component(row))
        ),
        None => format!("/d/{id}"),
    }
}

/// What a link reads as: its target's title and where to open it when the
/// reader may read it; otherwise words that say nothing of the target.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkLabel {
    pub text: String,
    /// Where a click goes; None when there is nothing to open.
    pub href: Option<String>,
    pub testid: &'static str,
}

impl LinkTargets {
    /// The label of a link to `doc` (and `row`), tracked.
    pub fn label(&self, doc: &str, row: Option<&str>, locale: Locale) -> LinkLabel {
        let said = |text: L, testid| LinkLabel {
            text: text.get(locale).to_owned(),
            href: None,
            testid,
        };
        let Some(id) = document_in(doc) else {
            return said(
                L::new("不是有效的文档链接", "Not a valid document link"),
                "link-bad",
            );
        };
        let open = |text: String| LinkLabel {
            text: match row {
                Some(_) => format!("{text}{}", L::new(" · 指定行", " · a row").get(locale)),
                None => text,
            },
            href: Some(target_href(id, row)),
            testid: "link-open",
        };
        match self.reach(id) {
            Reach::Readable { title } => open(title),
            Reach::Unknown => open(L::new("打开链接", "Open the link").get(locale).to_owned()),
            Reach::NoAccess => said(L::new("无权访问", "No access"), "link-no-access"),
            Reach::Checking => said(L::new("正在检查…", "Checking…"), "link-checking"),
        }
    }
}

/// A link value's target, clickable when readable.
#[component]
pub fn LinkTarget(#[prop(into)] value: Signal<Option<Value>>) -> impl IntoView {
    let i18n = I18n::expect();
    let targets = LinkTargets::expect();
    move || {
        let Some(Value::Link { doc, row }) = value.get() else {
            return None;
        };
        let LinkLabel { text, href, testid } = targets.label(&doc, row.as_deref(), i18n.locale());
        Some(match href {
            Some(href) => view! {
                <p class="link-target">
                    <A href=href attr:data-testid=testid attr:class="link-open">
                        {text}
                    </A>
                </p>
            }
            .into_any(),
            None => view! {
                <p class="link-target link-muted" data-testid=testid>
                    {text}
                </p>
            }
            .into_any(),
        })
    }
}

#[cfg(test)]
mod tests {
    use concord_model::{Classification, DocRole};

    use super::*;

    fn listed(id: DocumentId, title: &str) -> DocumentListing {
        DocumentListing {
            id,
            template_id: "task-tracker".into(),
            title: title.into(),
            state: "open".into(),
            classification: Classification::Internal,
            role: DocRole::Viewer,
            entered_at: None,
            owner: None,
        }
    }

    #[test]
    fn a_link_reads_its_title_only_when_the_relay_lists_it_as_readable() {
        let mine = DocumentId::from_bytes([1; 16]);
        let theirs = DocumentId::from_bytes([2; 16]);
        let listing = Listing::Readable(vec![listed(mine, "上线计划")]);
        assert_eq!(
            reach_in(&listing, mine),
            Reach::Readable {
                title: "上线计划".into()
            }
        );
        assert_eq!(reach_in(&listing, theirs), Reach::NoAccess);
        assert_eq!(reach_in(&Listing::Asking, mine), Reach::Checking);
        assert_eq!(reach_in(&Listing::Unknown, theirs), Reach::Unknown);
    }
}
