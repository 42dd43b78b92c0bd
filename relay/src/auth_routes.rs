//! `/api/setup`, `/api/login`, `/api/logout`, `/api/me`: the HTTP face of
//! `accounts`. Handlers only translate; the rules are in `Accounts`.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Json,
    extract::{ConnectInfo, FromRequestParts, State},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::{Deserialize, Serialize};

use crate::{
    accounts::{Account, AccountError, Accounts, SessionToken, whole_seconds},
    clock::now_ms,
    relay::Shared,
};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "concord_session";

#[derive(Debug, Deserialize)]
pub(crate) struct SetupForm {
    secret: String,
    id: String,
    display_name: String,
    password: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    id: String,
    password: String,
}

/// What the app learns about the signed-in person.
#[derive(Debug, Serialize)]
pub(crate) struct Me {
    id: String,
    display_name: String,
    is_admin: bool,
    /// The partner organisation, for partners.
    org: Option<String>,
    org_name: Option<String>,
    departments: Vec<String>,
    /// The departments this person heads.
    heads: Vec<String>,
}

impl Me {
    fn of(account: &Account, org_name: Option<String>) -> Self {
        Self {
            id: account.id().to_string(),
            display_name: account.display_name.clone(),
            is_admin: account.is_admin,
            org: account.org().map(ToString::to_string),
            org_name,
            departments: account
                .person
                .departments
                .iter()
                .map(ToString::to_string)
                .collect(),
            heads: account
                .person
                .heads
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }
}

/// `Me` with the organisation's name looked up.
async fn me_of(accounts: &Arc<Accounts>, account: Account) -> Result<Me, AccountError> {
    let Some(org) = account.org().map(ToString::to_string) else {
        return Ok(Me::of(&account, None));
    };
    let accounts = accounts.clone();
    let name = blocking(move || accounts.org_name(&org)).await?;
    Ok(Me::of(&account, name))
}

#[derive(Debug, Serialize)]
pub(crate) struct SetupState {
    needed: bool,
}

/// Whether the workspace still needs its first admin (the secret itself is
/// only in the link the relay printed).
pub(crate) async fn setup_state(State(shared): State<Shared>) -> Json<SetupState> {
    Json(SetupState {
        needed: shared.accounts.setup_secret().is_some(),
    })
}

pub(crate) async fn set_up(
    State(shared): State<Shared>,
    jar: CookieJar,
    Json(form): Json<SetupForm>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let done = blocking(move || {
        accounts.set_up(
            &form.secret,
            &form.id,
            &form.display_name,
            &form.password,
            now,
        )
    })
    .await;
    signed_in(done, jar, &shared, StatusCode::CREATED).await
}

pub(crate) async fn log_in(
    State(shared): State<Shared>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Json(form): Json<LoginForm>,
) -> Response {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let done = blocking(move || accounts.log_in(&form.id, &form.password, &client, now)).await;
    signed_in(done, jar, &shared, StatusCode::OK).await
}

pub(crate) async fn log_out(State(shared): State<Shared>, jar: CookieJar) -> Response {
    if let Some(cookie) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        if let Some(token) = SessionToken::parse(&cookie) {
            shared
                .hub
                .signed_in()
                .close_session(&token.digest(), "signed out");
        }
        let accounts = shared.accounts.clone();
        if let Err(e) = blocking(move || accounts.log_out(&cookie)).await {
            return failure(&e);
        }
    }
    let gone = session_cookie(String::new(), shared.secure_cookies, true);
    (StatusCode::NO_CONTENT, jar.add(gone)).into_response()
}

pub(crate) async fn me(State(shared): State<Shared>, jar: CookieJar) -> Response {
    match signed_in_account(&shared.accounts, &jar).await {
        Ok(Some(account)) => match me_of(&shared.accounts, account).await {
            Ok(me) => Json(me).into_response(),
            Err(e) => failure(&e),
        },
        Ok(None) => signed_out(),
        Err(e) => failure(&e),
    }
}

pub(crate) fn signed_out() -> Response {
    failure_with(StatusCode::UNAUTHORIZED, "signed-out", "not signed in")
}

/// The signed-in account of a request; answers 401 `signed-out` itself.
pub(crate) struct SignedInAccount(pub Account);

impl FromRequestParts<Shared> for SignedInAccount {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        match signed_in_account(&shared.accounts, &jar).await {
            Ok(Some(account)) => Ok(Self(account)),
            Ok(None) => Err(signed_out()),
            Err(e) => Err(failure(&e)),
        }
    }
}

/// The account behind the request's session cookie, if it is a live session.
pub(crate) async fn signed_in_account(
    accounts: &Arc<Accounts>,
    jar: &CookieJar,
) -> Result<Option<Account>, AccountError> {
    let Some(cookie) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    let accounts = accounts.clone();
    let now = now_ms();
    blocking(move || accounts.session(&cookie, now)).await
}

/// Answers a sign-in (setup, login, invite) with the session cookie and `Me`.
pub(crate) async fn signed_in(
    done: Result<(SessionToken, Account), AccountError>,
    jar: CookieJar,
    shared: &Shared,
    status: StatusCode,
) -> Response {
    match done {
        Ok((token, account)) => {
            let cookie = session_cookie(token.to_text(), shared.secure_cookies, false);
            match me_of(&shared.accounts, account).await {
                Ok(me) => (status, jar.add(cookie), Json(me)).into_response(),
                Err(e) => failure(&e),
            }
        }
        Err(e) => failure(&e),
    }
}

/// HttpOnly (no script reads it), SameSite=Strict (no other site's page
/// sends it), Secure when the relay is reached over TLS. Without Max-Age it
/// would end with the browser; the relay's own lifetimes decide validity.
fn session_cookie(value: String, secure: bool, expired: bool) -> Cookie<'static> {
    let max_age = if expired {
        time::Duration::ZERO
    } else {
        time::Duration::days(30)
    };
    Cookie::build((SESSION_COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(max_age)
        .build()
}

#[derive(Debug, Serialize)]
struct Failure {
    error: &'static str,
    message: String,
}

pub(crate) fn failure(e: &AccountError) -> Response {
    let status = match e {
        AccountError::WrongCredentials | AccountError::Disabled => StatusCode::UNAUTHORIZED,
        AccountError::BadSetupToken | AccountError::Forbidden => StatusCode::FORBIDDEN,
        AccountError::SetupDone | AccountError::Taken | AccountError::LastAdmin => {
            StatusCode::CONFLICT
        }
        AccountError::InviteInvalid | AccountError::NoSuchPerson(_) => StatusCode::NOT_FOUND,
        AccountError::Throttled { retry_after_ms } => {
            let secs = whole_seconds(*retry_after_ms).to_string();
            let mut response =
                failure_with(StatusCode::TOO_MANY_REQUESTS, e.code(), &e.to_string());
            if let Ok(value) = header::HeaderValue::from_str(&secs) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
        AccountError::WeakPassword
        | AccountError::PasswordTooLong
        | AccountError::BadName(_)
        | AccountError::NoDisplayName
        | AccountError::NoName
        | AccountError::BadValidity
        | AccountError::UnknownDepartment(_)
        | AccountError::UnknownOrg(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AccountError::Hash(_) | AccountError::Open { .. } | AccountError::Db(_) => {
            tracing::error!(error = %e, "accounts failed");
            return failure_with(
                StatusCode::INTERNAL_SERVER_ERROR,
                e.code(),
                "the relay could not reach its accounts; try again",
            );
        }
    };
    failure_with(status, e.code(), &e.to_string())
}

pub(crate) fn failure_with(status: StatusCode, code: &'static str, message: &str) -> Response {
    (
        status,
        Json(Failure {
            error: code,
            message: message.to_owned(),
        }),
    )
        .into_response()
}

/// Runs account work (SQLite, Argon2) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AccountError> + Send + 'static,
) -> Result<T, AccountError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(AccountError::Hash(format!("account task failed: {e}"))))
}

/// The peer address of the connection, for slowing down password guessing
/// per client. "unknown" where the server was not told (router tests).
pub(crate) struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        Ok(Self(addr))
    }
}

#[cfg(test)]
#[path = "auth_routes_tests.rs"]
mod tests;
