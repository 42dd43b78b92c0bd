use leptos::prelude::*;

use crate::{
    components::{LanguageSwitch, TemplateLibrary},
    i18n::I18n,
};

/// The whole app: the top bar and the current screen.
#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <div class="shell" data-testid="app">
            <header class="topbar">
                <span class="brand">"Concord"</span>
                <LanguageSwitch />
            </header>
            <main class="page">
                <TemplateLibrary />
            </main>
        </div>
    }
}
