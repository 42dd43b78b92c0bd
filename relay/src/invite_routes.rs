//! `/api/invite/*`: a partner opens their invite link and joins.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};

use crate::{
    accounts::OrgKind,
    auth_routes::{blocking, failure, signed_in},
    clock::now_ms,
    relay::Shared,
};

#[derive(Debug, Deserialize)]
pub(crate) struct TokenForm {
    token: String,
}

#[derive(Debug, Serialize)]
struct InviteInfo {
    org: String,
    org_name: String,
    org_kind: OrgKind,
    expires_ms: i64,
}

pub(crate) async fn check(State(shared): State<Shared>, Json(form): Json<TokenForm>) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    match blocking(move || accounts.check_invite(&form.token, now)).await {
        Ok((invite, org)) => Json(InviteInfo {
            org: org.id,
            org_name: org.name,
            org_kind: org.kind,
            expires_ms: invite.expires_ms,
        })
        .into_response(),
        Err(e) => failure(&e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct AcceptForm {
    token: String,
    id: String,
    display_name: String,
    password: String,
}

pub(crate) async fn accept(
    State(shared): State<Shared>,
    jar: CookieJar,
    Json(form): Json<AcceptForm>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let done = blocking(move || {
        accounts.accept_invite(
            &form.token,
            &form.id,
            &form.display_name,
            &form.password,
            now,
        )
    })
    .await;
    signed_in(done, jar, &shared, StatusCode::CREATED).await
}
