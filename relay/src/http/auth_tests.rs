use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::{
    accounts::{Accounts, SessionToken},
    http::{AppFiles, SESSION_COOKIE, router, test_shared},
};

pub(in crate::http) const PASSWORD: &str = "a long enough password";

pub(in crate::http) fn app(secure: bool) -> (tempfile::TempDir, Router, Arc<Accounts>) {
    let tmp = tempfile::tempdir().unwrap();
    let (shared, accounts) = test_shared(&tmp.path().join("data"), secure);
    let router = router(shared, AppFiles::new(tmp.path().join("app")));
    (tmp, router, accounts)
}

pub(in crate::http) async fn call(
    router: &Router,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    json: Option<serde_json::Value>,
) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    let body = match json {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (parts.status, parts.headers, value)
}

/// The session cookie a response set, and its attributes.
pub(in crate::http) fn set_cookie(headers: &axum::http::HeaderMap) -> (String, String) {
    let line = headers
        .get(header::SET_COOKIE)
        .expect("a Set-Cookie header")
        .to_str()
        .unwrap()
        .to_owned();
    let value = line
        .strip_prefix(&format!("{SESSION_COOKIE}="))
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned();
    (value, line)
}

pub(in crate::http) async fn set_up_admin(router: &Router, accounts: &Accounts) -> String {
    let secret = accounts.setup_secret().unwrap();
    let form = serde_json::json!({
        "secret": secret, "id": "admin", "display_name": "管理员", "password": PASSWORD
    });
    let (status, headers, body) = call(router, "POST", "/api/setup", None, Some(form)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    set_cookie(&headers).0
}

#[tokio::test]
async fn setup_works_once_and_signs_the_admin_in() {
    let (_tmp, router, accounts) = app(false);
    let (_, _, state) = call(&router, "GET", "/api/setup", None, None).await;
    assert_eq!(state["needed"], true);
    let wrong = serde_json::json!({
        "secret": SessionToken::random().to_text(), "id": "admin",
        "display_name": "A", "password": PASSWORD
    });
    let (status, _, body) = call(&router, "POST", "/api/setup", None, Some(wrong.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "bad-setup-token");

    let secret = accounts.setup_secret().unwrap();
    let form = serde_json::json!({
        "secret": secret, "id": "admin", "display_name": "管理员", "password": PASSWORD
    });
    let (status, headers, body) =
        call(&router, "POST", "/api/setup", None, Some(form.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["id"], "admin");
    assert_eq!(body["is_admin"], true);
    let (cookie, line) = set_cookie(&headers);
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(line.contains(attribute), "{line}");
    }
    assert!(!line.contains("Secure"), "no TLS here: {line}");

    let (_, _, state) = call(&router, "GET", "/api/setup", None, None).await;
    assert_eq!(state["needed"], false);
    let (status, _, _) = call(&router, "POST", "/api/setup", None, Some(form)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, _, me_body) = call(&router, "GET", "/api/me", Some(&cookie), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me_body["display_name"], "管理员");
}

#[tokio::test]
async fn a_session_cookie_is_needed_and_tampering_is_refused() {
    let (_tmp, router, accounts) = app(false);
    let cookie = set_up_admin(&router, &accounts).await;
    let (status, _, body) = call(&router, "GET", "/api/me", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "signed-out");
    let mut tampered = cookie.clone().into_bytes();
    tampered[10] = if tampered[10] == b'x' { b'y' } else { b'x' };
    let tampered = String::from_utf8(tampered).unwrap();
    let (status, _, _) = call(&router, "GET", "/api/me", Some(&tampered), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_in_sign_out_and_throttling() {
    let (_tmp, router, accounts) = app(true);
    set_up_admin(&router, &accounts).await;
    let good = serde_json::json!({ "id": "admin", "password": PASSWORD });
    let (status, headers, _) = call(&router, "POST", "/api/login", None, Some(good.clone())).await;
    assert_eq!(status, StatusCode::OK);
    let (cookie, line) = set_cookie(&headers);
    assert!(line.contains("Secure"), "behind TLS: {line}");

    let (status, headers, _) = call(&router, "POST", "/api/logout", Some(&cookie), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(
        set_cookie(&headers).1.contains("Max-Age=0"),
        "the browser drops it"
    );
    let (status, _, _) = call(&router, "GET", "/api/me", Some(&cookie), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out for good");

    let bad = serde_json::json!({ "id": "admin", "password": "not the password" });
    for _ in 0..5 {
        let (status, _, body) = call(&router, "POST", "/api/login", None, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"], "wrong-credentials");
    }
    let (status, headers, body) = call(&router, "POST", "/api/login", None, Some(good)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"], "throttled");
    assert_eq!(headers.get(header::RETRY_AFTER).unwrap(), "1");
}
