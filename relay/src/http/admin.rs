//! `/api/admin/*`: the directory for admins. Who may call them is decided
//! in `Accounts` (every method takes the acting account).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use concord_api::{
    CreatedInvite, Department, Directory, InviteId, NewDepartment, NewInvite, NewOrg, NewStaff,
    Organisation, PersonChange, PersonEntry,
};

use super::{ApiError, Shared, SignedInAccount, blocking};
use crate::{clock::now_ms, cluster::SessionNews};

/// Three days, unless the admin says otherwise.
const DEFAULT_INVITE_HOURS: i64 = 72;

pub(crate) async fn directory(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
) -> Result<Json<Directory>, ApiError> {
    let accounts = shared.accounts.clone();
    Ok(Json(blocking(move || accounts.directory(&by)).await?))
}

pub(crate) async fn add_person(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewStaff>,
) -> Result<(StatusCode, Json<PersonEntry>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let person = blocking(move || accounts.add_staff(&by, &new, now)).await?;
    Ok((StatusCode::CREATED, Json(person)))
}

/// Any change to a person closes their open websockets: the app reconnects
/// and its access is judged afresh (a disabled person's sessions are gone,
/// so they stay out).
pub(crate) async fn change_person(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Path(id): Path<String>,
    Json(change): Json<PersonChange>,
) -> Result<Json<PersonEntry>, ApiError> {
    let accounts = shared.accounts.clone();
    let person = blocking(move || accounts.change_person(&by, &id, &change)).await?;
    if let Some(access) = shared.sync_service.access() {
        access.unbind_person(&person.id);
    }
    shared
        .sync_service
        .signed_in()
        .close_person(&person.id, "your account was changed; reconnect");
    if let Some(broker) = shared.sync_service.broker() {
        broker.tell_sessions(SessionNews::PersonChanged(person.id.clone()));
    }
    Ok(Json(person))
}

pub(crate) async fn add_department(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewDepartment>,
) -> Result<(StatusCode, Json<Department>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let dept = blocking(move || accounts.add_department(&by, &new.id, &new.name, now)).await?;
    Ok((StatusCode::CREATED, Json(dept)))
}

pub(crate) async fn add_org(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewOrg>,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let org = blocking(move || accounts.add_org(&by, &new.id, &new.name, new.kind, now)).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

pub(crate) async fn create_invite(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(new): Json<NewInvite>,
) -> Result<(StatusCode, Json<CreatedInvite>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let hours = new.valid_hours.unwrap_or(DEFAULT_INVITE_HOURS);
    let (invite, token) =
        blocking(move || accounts.create_invite(&by, &new.org, hours, now)).await?;
    let link = format!("/invite#{}", token.to_text());
    Ok((StatusCode::CREATED, Json(CreatedInvite { invite, link })))
}

pub(crate) async fn revoke_invite(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Path(id): Path<InviteId>,
) -> Result<StatusCode, ApiError> {
    let accounts = shared.accounts.clone();
    blocking(move || accounts.revoke_invite(&by, &id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
#[path = "admin_tests.rs"]
mod tests;
