use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::header,
    routing::{delete, get, patch, post, put},
};
use concord_api::paths;
use concord_model::import::MAX_IMPORT_BYTES;
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer};

use super::{
    AppFiles, Shared, admin, auth, calendar, centres, dashboard, document_export, documents,
    export::{self, MAX_EXPORT_BYTES},
    files, health, import, invites, people, search, subtemplates,
};
use crate::sync_socket;

/// The API routes, `/sync`, then the app's static files.
pub(crate) fn router(shared: Shared, app: AppFiles) -> Router {
    let router = Router::new()
        .route(paths::HEALTH, get(health::health))
        .route(paths::SETUP, get(auth::setup_state).post(auth::set_up))
        .route(paths::LOGIN, post(auth::log_in))
        .route(paths::LOGOUT, post(auth::log_out))
        .route(paths::ME, get(auth::me))
        .route(paths::INVITE_CHECK, post(invites::check))
        .route(paths::INVITE_ACCEPT, post(invites::accept))
        .route(paths::ADMIN_DIRECTORY, get(admin::directory))
        .route(paths::ADMIN_PEOPLE, post(admin::add_person))
        .route(paths::ADMIN_PERSON, patch(admin::change_person))
        .route(paths::ADMIN_DEPARTMENTS, post(admin::add_department))
        .route(paths::ADMIN_ORGS, post(admin::add_org))
        .route(paths::ADMIN_INVITES, post(admin::create_invite))
        .route(paths::ADMIN_INVITE, delete(admin::revoke_invite))
        .route(paths::DOCUMENTS, get(documents::documents))
        .route(paths::TASKS, get(centres::tasks))
        .route(paths::MESSAGES, get(centres::messages))
        .route(paths::MESSAGES_READ, post(centres::mark_read))
        .route(paths::FOLLOWS, get(centres::follows))
        .route(
            paths::FOLLOW,
            put(centres::follow).delete(centres::unfollow),
        )
        .route(paths::PEOPLE, get(people::people))
        .route(paths::SEARCH, get(search::search))
        .route(paths::DASHBOARD, get(dashboard::dashboard))
        .route(paths::CALENDAR, get(calendar::calendar))
        .route(
            paths::SUBTEMPLATES,
            get(subtemplates::subtemplates).post(subtemplates::share),
        )
        .route(paths::ADMIN_CALENDAR_DAYS, post(calendar::mark_day))
        .route(paths::ADMIN_CALENDAR_DAY, delete(calendar::unmark_day))
        .route(paths::ADMIN_CALENDAR_ZONE, put(calendar::set_zone))
        .route(
            paths::EXPORT_XLSX,
            post(export::xlsx).layer(DefaultBodyLimit::max(MAX_EXPORT_BYTES)),
        )
        .route(
            paths::IMPORT_GRID,
            post(import::grid).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
        .route(paths::DOCUMENT_XLSX, get(document_export::document_xlsx))
        .route(
            paths::DOCUMENT_FILE,
            put(files::put_file).get(files::get_file),
        )
        .route("/sync", get(sync_socket::sync_route));
    #[cfg(feature = "test-clock")]
    let router = router.route(paths::TEST_CLOCK, post(super::test_clock::move_clock));
    router
        .with_state(shared)
        .fallback_service(app.service())
        // File names are not content-hashed, so browsers must revalidate every
        // time; Last-Modified keeps that to a 304 when nothing changed.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-cache"),
        ))
        .layer(CompressionLayer::new())
}

#[cfg(test)]
#[path = "router_tests.rs"]
mod tests;
