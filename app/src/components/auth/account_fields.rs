use concord_model::Localized as L;
use leptos::prelude::*;

use crate::i18n::I18n;

/// What a new account is made of: sign-in name, display name, password.
#[derive(Debug, Clone, Copy)]
pub struct AccountFields {
    pub id: RwSignal<String>,
    pub display_name: RwSignal<String>,
    pub password: RwSignal<String>,
}

impl AccountFields {
    pub fn new() -> Self {
        Self {
            id: RwSignal::new(String::new()),
            display_name: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
        }
    }
}

/// The three inputs of a new account, with the rules the relay applies
/// said up front (no blanks in the name, at least 10 characters).
#[component]
pub fn AccountInputs(fields: AccountFields) -> impl IntoView {
    let i18n = I18n::expect();
    let AccountFields {
        id,
        display_name,
        password,
    } = fields;
    view! {
        <label>
            <span>{move || i18n.pick(L::new("登录名（不含空格）", "Sign-in name (no blanks)"))}</span>
            <input type="text" name="username" autocomplete="username" required
                autocapitalize="off" spellcheck="false" pattern="\\S+" data-testid="account-id"
                prop:value=id on:input=move |ev| id.set(event_target_value(&ev)) />
        </label>
        <label>
            <span>{move || i18n.pick(L::new("显示名称", "Display name"))}</span>
            <input type="text" name="name" autocomplete="name" required data-testid="account-name"
                prop:value=display_name on:input=move |ev| display_name.set(event_target_value(&ev)) />
        </label>
        <label>
            <span>{move || i18n.pick(L::new("密码（至少 10 个字符）", "Password (at least 10 characters)"))}</span>
            <input type="password" name="new-password" autocomplete="new-password" required
                minlength="10" data-testid="account-password"
                prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
        </label>
    }
}
