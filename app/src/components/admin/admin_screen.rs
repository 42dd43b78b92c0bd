use concord_model::Localized as L;
use leptos::prelude::*;

use super::{
    AdminData, calendar_section::CalendarSection, departments_section::DepartmentsSection,
    invites_section::InvitesSection, orgs_section::OrgsSection, people_section::PeopleSection,
};
use crate::{i18n::I18n, session::Session};

/// `/admin`, for workspace admins only (the relay checks every call too).
#[component]
pub fn AdminScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let admin = move || session.me().is_some_and(|me| me.is_admin);
    view! {
        <Show when=admin fallback=move || view! {
            <p class="doc-error" role="alert" data-testid="admin-forbidden">
                {move || i18n.pick(L::new("只有工作区管理员可以打开此页。", "Only workspace admins may open this page."))}
            </p>
        }>
            <AdminPanels />
        </Show>
    }
}

#[component]
fn AdminPanels() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::provide();
    view! {
        <div class="admin" data-testid="admin">
            <h1>{move || i18n.pick(L::new("工作区管理", "Workspace admin"))}</h1>
            {move || data.problem.get().map(|e| view! {
                <div class="doc-edit-error" role="alert" data-testid="admin-error">
                    <p>{e.describe(i18n.locale())}</p>
                    <button type="button" class="link" on:click=move |_| data.problem.set(None)>
                        {move || i18n.pick(L::new("关闭", "Dismiss"))}
                    </button>
                </div>
            })}
            <Show when=move || data.directory.with(Option::is_some) fallback=move || view! {
                <p class="doc-loading">{move || i18n.pick(L::new("正在读取目录…", "Reading the directory…"))}</p>
            }>
                <PeopleSection />
                <DepartmentsSection />
                <OrgsSection />
                <InvitesSection />
                <CalendarSection />
            </Show>
        </div>
    }
}
