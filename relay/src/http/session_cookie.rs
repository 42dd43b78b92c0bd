use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "concord_session";

/// The session cookie's value in a request, if it has one.
pub(crate) fn session_of(jar: &CookieJar) -> Option<String> {
    jar.get(SESSION_COOKIE).map(|c| c.value().to_owned())
}

/// HttpOnly (no script reads it), SameSite=Strict (no other site's page
/// sends it), Secure when the relay is reached over TLS. Without Max-Age it
/// would end with the browser; the relay's own lifetimes decide validity.
pub(crate) fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    cookie(value, secure, time::Duration::days(30))
}

/// The cookie that makes the browser forget the session.
pub(crate) fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    cookie(String::new(), secure, time::Duration::ZERO)
}

fn cookie(value: String, secure: bool, max_age: time::Duration) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(max_age)
        .build()
}
