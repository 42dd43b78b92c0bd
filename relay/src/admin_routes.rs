//! `/api/admin/*`: the directory for admins. Who may call them is decided
//! in `Accounts` (every method takes the acting account).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use crate::{
    accounts::{Invite, NewStaff, OrgKind, PersonChange},
    auth_routes::{SignedInAccount, blocking, failure},
    clock::now_ms,
    relay::Shared,
};

pub(crate) async fn directory(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
) -> Response {
    let accounts = shared.accounts.clone();
    match blocking(move || accounts.directory(&by)).await {
        Ok(directory) => Json(directory).into_response(),
        Err(e) => failure(&e),
    }
}

pub(crate) async fn add_person(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewStaff>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    match blocking(move || accounts.add_staff(&by, &new, now)).await {
        Ok(person) => (StatusCode::CREATED, Json(person)).into_response(),
        Err(e) => failure(&e),
    }
}

/// Any change to a person closes their open websockets: the app reconnects
/// and its access is judged afresh (a disabled person's sessions are gone,
/// so they stay out).
pub(crate) async fn change_person(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Path(id): Path<String>,
    Json(change): Json<PersonChange>,
) -> Response {
    let accounts = shared.accounts.clone();
    match blocking(move || accounts.change_person(&by, &id, &change)).await {
        Ok(person) => {
            if let Ok(person_id) = person.id.parse() {
                if let Some(access) = shared.hub.access() {
                    access.unbind_person(&person_id);
                }
                shared
                    .hub
                    .signed_in()
                    .close_person(&person_id, "your account was changed; reconnect");
            }
            Json(person).into_response()
        }
        Err(e) => failure(&e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewNamed {
    id: String,
    name: String,
}

pub(crate) async fn add_department(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewNamed>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    match blocking(move || accounts.add_department(&by, &new.id, &new.name, now)).await {
        Ok(dept) => (StatusCode::CREATED, Json(dept)).into_response(),
        Err(e) => failure(&e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewOrg {
    id: String,
    name: String,
    kind: OrgKind,
}

pub(crate) async fn add_org(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewOrg>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    match blocking(move || accounts.add_org(&by, &new.id, &new.name, new.kind, now)).await {
        Ok(org) => (StatusCode::CREATED, Json(org)).into_response(),
        Err(e) => failure(&e),
    }
}

/// Three days, unless the admin says otherwise.
const DEFAULT_INVITE_HOURS: i64 = 72;

#[derive(Debug, Deserialize)]
pub(crate) struct NewInvite {
    org: String,
    valid_hours: Option<i64>,
}

#[derive(Debug, Serialize)]
struct CreatedInvite {
    invite: Invite,
    /// The only time the token is shown.
    link: String,
}

pub(crate) async fn create_invite(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewInvite>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let hours = new.valid_hours.unwrap_or(DEFAULT_INVITE_HOURS);
    match blocking(move || accounts.create_invite(&by, &new.org, hours, now)).await {
        Ok((invite, token)) => {
            let link = format!("/invite#{}", token.to_text());
            (StatusCode::CREATED, Json(CreatedInvite { invite, link })).into_response()
        }
        Err(e) => failure(&e),
    }
}

pub(crate) async fn revoke_invite(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Path(id): Path<String>,
) -> Response {
    let accounts = shared.accounts.clone();
    match blocking(move || accounts.revoke_invite(&by, &id)).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => failure(&e),
    }
}
