use concord_model::Locale;
use leptos::prelude::*;

use crate::i18n::{I18n, Msg, native_name};

/// Buttons to switch the interface language; the current one is pressed.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(Msg::Language)>
            {Locale::ALL
                .map(|locale| {
                    view! {
                        <button
                            type="button"
                            lang=locale.tag()
                            data-testid=format!("lang-{}", locale.tag())
                            aria-pressed=move || (i18n.locale() == locale).to_string()
                            on:click=move |_| i18n.choose(locale)
                        >
                            {native_name(locale)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
