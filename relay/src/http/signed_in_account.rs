use std::sync::Arc;

use axum::{extract::FromRequestParts, http::request::Parts};
use axum_extra::extract::cookie::CookieJar;

use super::{ApiError, Shared, blocking, session_cookie::session_of};
use crate::{
    accounts::{Account, Accounts},
    clock::now_ms,
};

/// The signed-in account of a request; answers 401 `signed-out` itself.
pub(crate) struct SignedInAccount(pub Account);

impl FromRequestParts<Shared> for SignedInAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, ApiError> {
        let jar = CookieJar::from_headers(&parts.headers);
        signed_in_account(&shared.accounts, &jar)
            .await?
            .map(Self)
            .ok_or(ApiError::SignedOut)
    }
}

/// The account behind the request's session cookie, if it is a live session.
pub(crate) async fn signed_in_account(
    accounts: &Arc<Accounts>,
    jar: &CookieJar,
) -> Result<Option<Account>, ApiError> {
    let Some(cookie) = session_of(jar) else {
        return Ok(None);
    };
    let accounts = accounts.clone();
    let now = now_ms();
    blocking(move || accounts.session(&cookie, now)).await
}
