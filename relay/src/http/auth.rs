//! `/api/setup`, `/api/login`, `/api/logout`, `/api/me`: the HTTP face of
//! `accounts`. Handlers only translate; the rules are in `Accounts`.

use axum::{Json, extract::State, http::StatusCode};
use axum_extra::extract::cookie::CookieJar;
use concord_api::{LoginForm, Me, SetupForm, SetupState};

use super::{
    ApiError, ClientAddr, Shared, SignedInAccount, blocking,
    session_cookie::{expired_session_cookie, session_cookie, session_of},
};
use crate::{
    accounts::{Account, AccountError, Accounts, SessionToken},
    clock::now_ms,
    cluster::SessionNews,
};

/// Whether the workspace still needs its first admin.
pub(crate) async fn setup_state(
    State(shared): State<Shared>,
) -> Result<Json<SetupState>, ApiError> {
    let accounts = shared.accounts.clone();
    let needed = blocking(move || accounts.setup_needed()).await?;
    Ok(Json(SetupState { needed }))
}

pub(crate) async fn set_up(
    State(shared): State<Shared>,
    jar: CookieJar,
    Json(form): Json<SetupForm>,
) -> Result<(StatusCode, CookieJar, Json<Me>), ApiError> {
    new_account(&shared, jar, move |accounts, now| {
        accounts.set_up(
            &form.secret,
            &form.id,
            &form.display_name,
            &form.password,
            now,
        )
    })
    .await
}

pub(crate) async fn log_in(
    State(shared): State<Shared>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Json(form): Json<LoginForm>,
) -> Result<(StatusCode, CookieJar, Json<Me>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let (token, account) =
        blocking(move || accounts.log_in(&form.id, &form.password, &client, now)).await?;
    signed_in(&shared, jar, token, account, StatusCode::OK).await
}

/// Ends this session here and on its websockets; the browser forgets it.
pub(crate) async fn log_out(
    State(shared): State<Shared>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), ApiError> {
    if let Some(cookie) = session_of(&jar) {
        if let Some(token) = SessionToken::parse(&cookie) {
            shared
                .sync_service
                .signed_in()
                .close_session(&token.digest(), "signed out");
        }
        let digest = SessionToken::parse(&cookie).map(|token| token.digest());
        let accounts = shared.accounts.clone();
        blocking(move || accounts.log_out(&cookie)).await?;
        // The session's sockets on the other relays close at once too.
        if let (Some(broker), Some(digest)) = (shared.sync_service.broker(), digest) {
            broker.tell_sessions(SessionNews::Ended(digest));
        }
    }
    let gone = expired_session_cookie(shared.secure_cookies);
    Ok((StatusCode::NO_CONTENT, jar.add(gone)))
}

pub(crate) async fn me(
    State(shared): State<Shared>,
    SignedInAccount(account): SignedInAccount,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&shared, account).await?))
}

/// Answers a sign-in (setup, login, invite) with the session cookie and `Me`.
async fn signed_in(
    shared: &Shared,
    jar: CookieJar,
    token: SessionToken,
    account: Account,
    status: StatusCode,
) -> Result<(StatusCode, CookieJar, Json<Me>), ApiError> {
    let me = me_of(shared, account).await?;
    let cookie = session_cookie(token.to_text(), shared.secure_cookies);
    Ok((status, jar.add(cookie), Json(me)))
}

/// Makes an account off the async threads (`make` is given the accounts
/// and the time) and answers 201 with its session, signed in.
pub(crate) async fn new_account(
    shared: &Shared,
    jar: CookieJar,
    make: impl FnOnce(&Accounts, i64) -> Result<(SessionToken, Account), AccountError> + Send + 'static,
) -> Result<(StatusCode, CookieJar, Json<Me>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let (token, account) = blocking(move || make(&accounts, now)).await?;
    signed_in(shared, jar, token, account, StatusCode::CREATED).await
}

/// `Me` with the partner organisation's name looked up.
async fn me_of(shared: &Shared, account: Account) -> Result<Me, ApiError> {
    let org_name = match account.org().cloned() {
        None => None,
        Some(org) => {
            let accounts = shared.accounts.clone();
            blocking(move || accounts.org_name(&org)).await?
        }
    };
    Ok(Me::of(
        &account.person,
        &account.display_name,
        account.is_admin,
        org_name,
    ))
}

#[cfg(test)]
#[path = "auth_tests.rs"]
pub(super) mod tests;
