use leptos::prelude::*;

use crate::{
    components::{LanguageSwitch, SyncStatus, TemplateLibrary},
    i18n::I18n,
    repo::RepoSlot,
};

/// The whole app: the top bar and the current screen.
#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    RepoSlot::provide();
    view! {
        <div class="shell" data-testid="app">
            <header class="topbar">
                <span class="brand">"Concord"</span>
                <div class="topbar-end">
                    <SyncStatus />
                    <LanguageSwitch />
                </div>
            </header>
            <main class="page">
                <TemplateLibrary />
            </main>
        </div>
    }
}
