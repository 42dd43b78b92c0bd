//! The ways to the dashboard: in the top bar on a desktop, on the home
//! screen on a phone, whose top bar has no room for one more icon.

use concord_model::Localized as L;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{i18n::I18n, session::Session};

/// Three rising bars: the dashboard.
fn chart_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="M3 17h14M5.5 14.5v-4M10 14.5v-8M14.5 14.5v-11"
                stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round" />
        </svg>
    }
}

#[component]
pub fn DashboardLink() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    view! {
        <Show when=move || session.person().is_some()>
            <A href="/dashboard" attr:class="tasks-link dashboard-link" attr:data-testid="dashboard-link"
                attr:aria-label=move || i18n.pick(L::new("仪表盘", "Dashboard"))>
                {chart_icon()}
                <span class="tasks-label">{move || i18n.pick(L::new("仪表盘", "Dashboard"))}</span>
            </A>
        </Show>
    }
}

/// On the home screen, shown on a phone only (`dashboard.css`).
#[component]
pub fn HomeDashboardLink() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <A href="/dashboard" attr:class="home-dashboard-link" attr:data-testid="home-dashboard-link">
            {chart_icon()}
            <span>{move || i18n.pick(L::new("仪表盘：完成率与逾期率", "Dashboard: completion and overdue rates"))}</span>
        </A>
    }
}
