use concord_sync::DocumentId;
use leptos::prelude::*;
use leptos_router::{
    components::{A, Route, Router, Routes},
    hooks::{use_location, use_params_map},
    path,
};

use crate::{
    components::{
        AccountMenu, AdminScreen, ArchiveScreen, Calendar, DocumentScreen, Freshness, HomeScreen,
        InviteScreen, LanguageSwitch, LoginScreen, MessageCentreScreen, Messages, MessagesLink,
        Names, SearchLink, SearchScreen, SetupScreen, SignedInOnly, StorageAlert, SyncStatus,
        TaskCentreScreen, Tasks, TasksLink,
    },
    i18n::I18n,
    relay_session::follow_session,
    repo::RepoSlot,
    session::Session,
};
use concord_model::Localized as L;

/// The whole app: the top bar and the current screen. Every screen but
/// setting up the workspace and accepting an invite needs a signed-in person.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let session = Session::provide();
    let slot = RepoSlot::provide();
    follow_session(session, slot);
    Freshness::provide();
    Names::provide();
    Calendar::provide();
    Tasks::provide();
    Messages::provide();
    crate::files::PendingFiles::provide();
    view! {
        <Router>
            <HandOverOffDocuments />
            <div class="shell" data-testid="app">
                <header class="topbar">
                    <A href="/" attr:class="brand" attr:data-testid="home-link">"Concord"</A>
                    <div class="topbar-end">
                        <SearchLink />
                        <crate::components::DashboardLink />
                        <TasksLink />
                        <MessagesLink />
                        <SyncStatus />
                        <AccountMenu />
                        <LanguageSwitch />
                    </div>
                </header>
                <StorageAlert />
                <main class="page">
                    <Routes fallback=move || view! {
                        <p class="not-found" data-testid="not-found">
                            {move || i18n.pick(L::new("页面不存在。", "There is no such page."))}
                        </p>
                    }>
                        <Route path=path!("/setup") view=SetupScreen />
                        <Route path=path!("/invite") view=InviteScreen />
                        <Route path=path!("/login") view=LoginScreen />
                        <Route path=path!("/") view=|| view! { <SignedInOnly><HomeScreen /></SignedInOnly> } />
                        <Route path=path!("/messages") view=|| view! { <SignedInOnly><MessageCentreScreen /></SignedInOnly> } />
                        <Route path=path!("/tasks") view=|| view! { <SignedInOnly><TaskCentreScreen /></SignedInOnly> } />
                        <Route path=path!("/dashboard") view=|| view! { <SignedInOnly><crate::components::DashboardScreen /></SignedInOnly> } />
                        <Route path=path!("/search") view=|| view! { <SignedInOnly><SearchScreen /></SignedInOnly> } />
                        <Route path=path!("/archive") view=|| view! { <SignedInOnly><ArchiveScreen /></SignedInOnly> } />
                        <Route path=path!("/admin") view=|| view! { <SignedInOnly><AdminScreen /></SignedInOnly> } />
                        <Route path=path!("/d/:id") view=|| view! { <SignedInOnly><DocumentRoute /></SignedInOnly> } />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

/// Only a document's own screen replaces its kept first screen
/// (`first_screen`); any other screen hands over at once.
#[component]
fn HandOverOffDocuments() -> impl IntoView {
    let location = use_location();
    Effect::new(move || {
        if !location.pathname.read().starts_with("/d/") {
            crate::first_screen::hand_over();
        }
    });
}

/// `/d/<document id>`: one document; a mistyped id says so.
#[component]
fn DocumentRoute() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<DocumentId>().ok())
    });
    move || match id.get() {
        Some(id) => view! { <DocumentScreen id /> }.into_any(),
        None => {
            crate::first_screen::hand_over();
            view! {
                <p class="not-found" data-testid="bad-document-link">
                    {move || i18n.pick(L::new("文档链接无效。", "This document link is not valid."))}
                </p>
            }
            .into_any()
        }
    }
}
