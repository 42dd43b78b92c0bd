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
            <MyDocuments />
            <OpenByLink />
            <Show when=staff>
                <TemplateLibrary />
            </Show>
        </div>
    }
}

/// Said only when the browser refused to keep this site's storage: then it
/// may clear documents not yet on the relay when the disk fills up.
#[component]
fn PersistenceNote() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    let refused = move || {
        slot.repo()
            .is_some_and(|repo| repo.persisted().get() == Some(false))
    };
    view! {
        <Show when=refused>
            <p class="persist-note" data-testid="persist-denied">
                {move || i18n.pick(L::new(
                    "浏览器未授予持久存储：磁盘空间不足时，尚未上传到服务器的更改可能被清除。保持在线可避免。",
                    "This browser did not grant persistent storage: if the disk fills up, changes not yet on the relay may be cleared. Staying online avoids this.",
                ))}
            </p>
        </Show>
    }
}
