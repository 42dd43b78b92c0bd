//! An admin renames a person and sets a new password for them, through the
//! HTTP API as the app calls it.

use axum::http::StatusCode;
use serde_json::json;

use super::super::auth::tests::{PASSWORD, app, call, set_cookie, set_up_admin};

const NEW_PASSWORD: &str = "a brand new password";

/// Signs `id` in with `password`; the session cookie, or the refusal's status.
async fn sign_in(router: &axum::Router, id: &str, password: &str) -> Result<String, StatusCode> {
    let form = json!({ "id": id, "password": password });
    let (status, headers, _) = call(router, "POST", "/api/login", None, Some(form)).await;
    if status == StatusCode::OK {
        Ok(set_cookie(&headers).0)
    } else {
        Err(status)
    }
}

/// The workspace's admin and a staff member, li.na, signed in on two devices.
async fn admin_and_li_na(router: &axum::Router, admin: &str) -> (String, String) {
    let new = json!({ "id": "li.na", "display_name": "李娜", "password": PASSWORD });
    let (status, _, body) = call(router, "POST", "/api/admin/people", Some(admin), Some(new)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let phone = sign_in(router, "li.na", PASSWORD).await.unwrap();
    let desktop = sign_in(router, "li.na", PASSWORD).await.unwrap();
    (phone, desktop)
}

#[tokio::test]
async fn an_admin_renames_a_person_and_their_sessions_go_on() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let (phone, _) = admin_and_li_na(&router, &admin).await;

    let rename = json!({ "display_name": "  李娜（销售）  " });
    let path = "/api/admin/people/li.na";
    let (status, _, body) = call(&router, "PATCH", path, Some(&admin), Some(rename)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["display_name"], "李娜（销售）", "trimmed");
    let (status, _, me) = call(&router, "GET", "/api/me", Some(&phone), None).await;
    assert_eq!(status, StatusCode::OK, "a new name signs nobody out");
    assert_eq!(me["display_name"], "李娜（销售）");

    let blank = json!({ "display_name": "   " });
    let (status, _, body) = call(&router, "PATCH", path, Some(&admin), Some(blank)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "no-display-name");
}

#[tokio::test]
async fn a_new_password_signs_the_person_out_everywhere_and_the_old_one_stops_working() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let (phone, desktop) = admin_and_li_na(&router, &admin).await;

    let change = json!({ "password": NEW_PASSWORD });
    let path = "/api/admin/people/li.na";
    let (status, _, body) = call(&router, "PATCH", path, Some(&admin), Some(change)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("password").is_none(), "no password comes back");
    for session in [&phone, &desktop] {
        let (status, _, body) = call(&router, "GET", "/api/me", Some(session), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    assert_eq!(
        sign_in(&router, "li.na", PASSWORD).await,
        Err(StatusCode::UNAUTHORIZED),
        "the old password is gone"
    );
    let fresh = sign_in(&router, "li.na", NEW_PASSWORD).await.unwrap();
    let (status, _, me) = call(&router, "GET", "/api/me", Some(&fresh), None).await;
    assert_eq!((status, me["id"].as_str()), (StatusCode::OK, Some("li.na")));
    let (status, _, _) = call(&router, "GET", "/api/me", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK, "the admin stays signed in");
}

#[tokio::test]
async fn a_too_short_password_is_refused_with_its_code_and_changes_nothing() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let (phone, _) = admin_and_li_na(&router, &admin).await;

    let change = json!({ "password": "short", "display_name": "Li Na" });
    let path = "/api/admin/people/li.na";
    let (status, _, body) = call(&router, "PATCH", path, Some(&admin), Some(change)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "weak-password");
    assert!(body["message"].as_str().unwrap().contains("10"), "{body}");
    let (status, _, me) = call(&router, "GET", "/api/me", Some(&phone), None).await;
    assert_eq!(status, StatusCode::OK, "still signed in");
    assert_eq!(me["display_name"], "李娜", "nothing of the change was kept");
    assert!(sign_in(&router, "li.na", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn only_an_admin_renames_or_sets_passwords() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let (li_na, _) = admin_and_li_na(&router, &admin).await;
    let other = json!({ "id": "bo", "display_name": "Bo", "password": PASSWORD });
    call(
        &router,
        "POST",
        "/api/admin/people",
        Some(&admin),
        Some(other),
    )
    .await;

    for (path, change) in [
        ("/api/admin/people/bo", json!({ "password": NEW_PASSWORD })),
        ("/api/admin/people/bo", json!({ "display_name": "Bob" })),
        (
            "/api/admin/people/li.na",
            json!({ "password": NEW_PASSWORD }),
        ),
    ] {
        let (status, _, body) = call(&router, "PATCH", path, Some(&li_na), Some(change)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert_eq!(body["error"], "forbidden");
    }
    let (status, _, _) = call(
        &router,
        "PATCH",
        "/api/admin/people/bo",
        None,
        Some(json!({ "display_name": "Bob" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "nobody signed in");
    assert!(
        sign_in(&router, "bo", PASSWORD).await.is_ok(),
        "bo's password stands"
    );
}
