//! A button for what cannot be taken back (removing someone, deleting,
//! archiving): it looks dangerous, and acts only after the person says yes
//! once more, right where they pressed it.

use concord_model::Localized as L;
use leptos::prelude::*;

use crate::i18n::I18n;

/// `testid` names the button; its question's buttons are `<testid>-confirm`
/// and `<testid>-cancel`.
#[component]
pub fn ConfirmButton(
    /// What the button says.
    #[prop(into)]
    label: Signal<String>,
    /// What is asked once it is pressed: what will happen, as a question.
    #[prop(into)]
    question: Signal<String>,
    /// What the button that goes ahead says.
    #[prop(into)]
    confirm: Signal<String>,
    testid: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Why it is disabled, when it is.
    #[prop(optional, into)]
    title: Signal<Option<String>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <span class="confirm-action">
            <button
                type="button"
                class="danger"
                data-testid=testid
                aria-expanded=move || asking.get().to_string()
                disabled=move || disabled.get()
                title=move || title.get()
                on:click=move |_| asking.set(true)
            >
                {label}
            </button>
            <Show when=move || asking.get()>
                <ConfirmAsk
                    question
                    confirm
                    testid
                    on_cancel=Callback::new(move |()| asking.set(false))
                    on_confirm=Callback::new(move |()| {
                        asking.set(false);
                        on_confirm.run(());
                    })
                />
            </Show>
        </span>
    }
}

/// The question itself, asked in place: `<testid>-question`, with
/// `<testid>-cancel` to go back and `<testid>-confirm` to go on.
#[component]
pub fn ConfirmAsk(
    #[prop(into)] question: Signal<String>,
    /// What the button that goes ahead says.
    #[prop(into)]
    confirm: Signal<String>,
    testid: &'static str,
    on_cancel: Callback<()>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <span class="confirm-ask" role="alert" data-testid=format!("{testid}-question")>
            <span class="confirm-question">{question}</span>
            <button
                type="button"
                class="secondary"
                data-testid=format!("{testid}-cancel")
                on:click=move |_| on_cancel.run(())
            >
                {move || i18n.pick(L::new("取消", "Cancel"))}
            </button>
            <button
                type="button"
                class="danger-solid"
                data-testid=format!("{testid}-confirm")
                on:click=move |_| on_confirm.run(())
            >
                {confirm}
            </button>
        </span>
    }
}
