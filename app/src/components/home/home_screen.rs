use concord_model::Localized as L;
use leptos::prelude::*;

use super::{my_documents::MyDocuments, open_by_link::OpenByLink};
use crate::{components::TemplateLibrary, i18n::I18n, repo::RepoSlot, session::Session};

/// `/`: where a person starts. Partners may not create documents, so
/// they see only what was shared with them (no template library).
#[component]
pub fn HomeScreen() -> impl IntoView {
    let session = Session::expect();
    let staff = move || session.me().is_some_and(|me| !me.is_partner());
    view! {
        <div class="home" data-testid="home">
            <PersistenceNote />
            <crate::components::HomeSearch />
            <crate::components::HomeDashboardLink />
            <MyDocuments />
            <OpenByLink />
            <Show when=staff>
                <TemplateLibrary />
            </Show>
        </div>
    }
}

/// Where it is noted that the person was told about storage, so they are
/// told once in this browser, not at every visit.
pub const PERSIST_NOTE_KEY: &str = "concord.persist-note-seen";

/// Said once, and only when the browser refused to keep this site's
/// storage for good: then it may clear documents not yet on the relay when
/// the disk fills up. In plain words, with what to do about it.
#[component]
fn PersistenceNote() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    let refused = move || {
        slot.repo()
            .is_some_and(|repo| repo.persisted().get() == Some(false))
    };
    // Decided once per visit: the note stays while the person reads it.
    let told_before = note_seen();
    let dismissed = RwSignal::new(false);
    let shown = move || refused() && !told_before && !dismissed.get();
    Effect::new(move || {
        if shown() {
            mark_note_seen();
        }
    });
    view! {
        <Show when=shown>
            <div class="persist-note" role="note" data-testid="persist-denied">
                <p>
                    {move || i18n.pick(L::new(
                        "您的内容保存在这个浏览器里，没有网络时也能继续工作。但如果设备存储空间不足，浏览器可能会清理这些内容，还没上传到服务器的修改就会丢失。",
                        "Your work is kept in this browser, so you can go on without a network. If the device runs short of space, though, the browser may clear it, and changes not yet on the server would be lost.",
                    ))}
                </p>
                <p>
                    {move || i18n.pick(L::new(
                        "建议：经常联网，让修改及时上传；在手机上把 Concord 添加到主屏幕，浏览器就会长期保留它的数据。",
                        "What to do: go online now and then so your changes reach the server; on a phone, add Concord to the home screen, and the browser keeps its data for good.",
                    ))}
                </p>
                <button type="button" data-testid="persist-denied-dismiss" on:click=move |_| dismissed.set(true)>
                    {move || i18n.pick(L::new("知道了", "Got it"))}
                </button>
            </div>
        </Show>
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn note_seen() -> bool {
    local_storage()
        .and_then(|s| s.get_item(PERSIST_NOTE_KEY).ok().flatten())
        .is_some()
}

fn mark_note_seen() {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(PERSIST_NOTE_KEY, "1");
    }
}
