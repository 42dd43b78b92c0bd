use concord_model::Locale;
use leptos::prelude::*;

use crate::i18n::{I18n, Msg, native_name};

fn short_name(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "中",
        Locale::En => "EN",
    }
}

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
                            aria-label=native_name(locale)
                            on:click=move |_| i18n.choose(locale)
                        >
                            <span class="lang-long">{native_name(locale)}</span>
                            // A phone's bar has room for two letters only.
                            <span class="lang-short" aria-hidden="true">{short_name(locale)}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
