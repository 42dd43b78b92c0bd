use concord_model::{DocRole, Localized as L};
use leptos::prelude::*;

use crate::i18n::I18n;

/// Chooses the role a new grant gives (editor first: the usual case).
#[component]
pub fn RolePicker(role: RwSignal<DocRole>, testid: &'static str) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <select
            data-testid=testid
            aria-label=move || i18n.pick(L::new("角色", "Role"))
            on:change=move |ev| {
                if let Some(r) = DocRole::parse(&event_target_value(&ev)) {
                    role.set(r);
                }
            }
        >
            {[DocRole::Editor, DocRole::Viewer, DocRole::Owner]
                .iter()
                .map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == *r>
                        {move || i18n.pick(r.label())}
                    </option>
                })
                .collect_view()}
        </select>
    }
}
