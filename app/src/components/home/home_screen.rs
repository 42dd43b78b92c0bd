use leptos::prelude::*;

use crate::components::TemplateLibrary;

/// `/`: where a person starts.
#[component]
pub fn HomeScreen() -> impl IntoView {
    view! {
        <div class="home" data-testid="home">
            <TemplateLibrary />
        </div>
    }
}
