use concord_model::{DeptId, Localized as L};
use leptos::prelude::*;

use crate::{
    i18n::I18n,
    identity::{Me, id_from_name},
};

/// Who is using this browser: a welcome card asking for a name until they
/// have given one, then their name with a way to change it.
#[component]
pub fn IdentityCard() -> impl IntoView {
    let i18n = I18n::expect();
    let me = Me::expect();
    let editing = RwSignal::new(false);
    move || match me.person() {
        Some(person) if !editing.get() => {
            let departments = person
                .departments
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <section class="me-card" data-testid="me-card">
                    <p>
                        {move || i18n.pick(L::new("当前身份：", "Signed in as "))}
                        <strong data-testid="me-name">{person.id.to_string()}</strong>
                        {(!departments.is_empty()).then(|| view! {
                            <span class="me-departments">" · " {departments.clone()}</span>
                        })}
                    </p>
                    <button type="button" class="link-button" data-testid="name-change"
                        on:click=move |_| editing.set(true)>
                        {move || i18n.pick(L::new("更改", "Change"))}
                    </button>
                </section>
            }
            .into_any()
        }
        known => view! { <NameForm welcome=known.is_none() editing /> }.into_any(),
    }
}

/// The name (and optional department ids) form; first visit or a change.
#[component]
fn NameForm(welcome: bool, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = I18n::expect();
    let me = Me::expect();
    let current = me.person_untracked();
    let name = RwSignal::new(
        current
            .as_ref()
            .map(|p| p.id.to_string())
            .unwrap_or_default(),
    );
    let departments = RwSignal::new(
        current
            .map(|p| {
                p.departments
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
    );
    let invalid = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match id_from_name(&name.get_untracked()) {
            Some(id) => {
                me.set(id, parse_departments(&departments.get_untracked()));
                invalid.set(false);
                editing.set(false);
            }
            None => invalid.set(true),
        }
    };
    view! {
        <section class="welcome-card" data-testid="welcome-card">
            {welcome.then(|| view! {
                <h2>{move || i18n.pick(L::new("欢迎使用 Concord", "Welcome to Concord"))}</h2>
                <p class="lead">{move || i18n.pick(L::new(
                    "请先填写您的名字：您的每一处修改都会署上这个名字。",
                    "First, your name: every change you make is signed with it.",
                ))}</p>
            })}
            <form class="name-form" on:submit=save>
                <label>
                    <span>{move || i18n.pick(L::new("名字", "Name"))}</span>
                    <input type="text" data-testid="name-input" required autocomplete="name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("部门（可选，用逗号分隔）", "Departments (optional, comma separated)"))}</span>
                    <input type="text" data-testid="departments-input"
                        prop:value=move || departments.get()
                        on:input=move |ev| departments.set(event_target_value(&ev)) />
                </label>
                <Show when=move || invalid.get()>
                    <p class="form-error" role="alert">
                        {move || i18n.pick(L::new("请填写名字。", "Please enter a name."))}
                    </p>
                </Show>
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="name-save">
                        {move || i18n.pick(L::new("保存", "Save"))}
                    </button>
                    {(!welcome).then(|| view! {
                        <button type="button" on:click=move |_| editing.set(false)>
                            {move || i18n.pick(L::new("取消", "Cancel"))}
                        </button>
                    })}
                </div>
            </form>
        </section>
    }
}

/// Department ids typed with commas (or the Chinese comma) between them;
/// what is not a valid id is left out.
pub(super) fn parse_departments(text: &str) -> Vec<DeptId> {
    text.split([',', '，', ';', '；'])
        .map(str::trim)
        .filter_map(|d| d.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_are_split_on_either_comma() {
        let parsed = parse_departments(" sales, rd ，qa;; bad id");
        let names: Vec<_> = parsed.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["sales", "rd", "qa"]);
        assert!(parse_departments("  ").is_empty());
    }
}
