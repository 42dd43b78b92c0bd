//! `/api/invite/*`: a partner opens their invite link and joins.

use axum::{Json, extract::State, http::StatusCode};
use axum_extra::extract::cookie::CookieJar;
use concord_api::{AcceptInvite, InviteInfo, InviteToken, Me};

use super::{ApiError, Shared, auth::new_account, blocking};
use crate::clock::now_ms;

pub(crate) async fn check(
    State(shared): State<Shared>,
    Json(form): Json<InviteToken>,
) -> Result<Json<InviteInfo>, ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let (invite, org) = blocking(move || accounts.check_invite(&form.token, now)).await?;
    Ok(Json(InviteInfo {
        org: org.id,
        org_name: org.name,
        org_kind: org.kind,
        expires_ms: invite.expires_ms,
    }))
}

pub(crate) async fn accept(
    State(shared): State<Shared>,
    jar: CookieJar,
    Json(form): Json<AcceptInvite>,
) -> Result<(StatusCode, CookieJar, Json<Me>), ApiError> {
    new_account(&shared, jar, move |accounts, now| {
        accounts.accept_invite(
            &form.token,
            &form.id,
            &form.display_name,
            &form.password,
            now,
        )
    })
    .await
}
