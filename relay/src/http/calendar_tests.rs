//! The workspace calendar through the HTTP API, as the app calls it.

use axum::http::StatusCode;
use serde_json::json;

use super::super::auth::tests::{PASSWORD, app, call, set_cookie, set_up_admin};

async fn staff_session(router: &axum::Router, admin: &str) -> String {
    let new = json!({ "id": "li.na", "display_name": "李娜", "password": PASSWORD });
    let (status, _, body) = call(router, "POST", "/api/admin/people", Some(admin), Some(new)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let form = json!({ "id": "li.na", "password": PASSWORD });
    let (status, headers, _) = call(router, "POST", "/api/login", None, Some(form)).await;
    assert_eq!(status, StatusCode::OK);
    set_cookie(&headers).0
}

#[tokio::test]
async fn signed_in_people_read_it_and_admins_change_it() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let staff = staff_session(&router, &admin).await;

    let (status, _, _) = call(&router, "GET", "/api/calendar", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, body) = call(&router, "GET", "/api/calendar", Some(&staff), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["zone"], "Asia/Shanghai");
    assert_eq!(body["offset_minutes"], 480);
    assert!(
        body["today"].as_str().is_some_and(|d| d.len() == 10),
        "{body}"
    );

    let days = "/api/admin/calendar/days";
    let holiday = json!({ "day": "2027-02-11", "kind": "holiday" });
    let (status, _, body) = call(&router, "POST", days, Some(&admin), Some(holiday)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["holidays"], json!(["2027-02-11"]));
    let make_up = json!({ "day": "2027-02-07", "kind": "make-up-day" });
    let (status, _, body) = call(&router, "POST", days, Some(&admin), Some(make_up)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["make_up_days"], json!(["2027-02-07"]));

    let (_, _, seen) = call(&router, "GET", "/api/calendar", Some(&staff), None).await;
    assert_eq!(seen["holidays"], json!(["2027-02-11"]));

    let one = format!("{days}/2027-02-11");
    let (status, _, body) = call(&router, "DELETE", &one, Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["holidays"], json!([]));

    let zone = "/api/admin/calendar/zone";
    let utc = json!({ "zone": "UTC" });
    let (status, _, body) = call(&router, "PUT", zone, Some(&admin), Some(utc)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["zone"].as_str(), body["offset_minutes"].as_i64()),
        (Some("UTC"), Some(0))
    );
}

#[tokio::test]
async fn bad_input_gets_its_code_and_loses_nothing() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let staff = staff_session(&router, &admin).await;
    let days = "/api/admin/calendar/days";
    let holiday = json!({ "day": "2027-02-11", "kind": "holiday" });
    call(&router, "POST", days, Some(&admin), Some(holiday.clone())).await;

    let cases = [
        (
            "POST",
            days.to_owned(),
            Some(json!({ "day": "2027-02-30", "kind": "holiday" })),
            Some(&admin),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad-day",
        ),
        (
            "POST",
            days.to_owned(),
            Some(json!({ "day": "2027-02-11", "kind": "make-up-day" })),
            Some(&admin),
            StatusCode::CONFLICT,
            "day-already-marked",
        ),
        (
            "POST",
            days.to_owned(),
            Some(holiday),
            Some(&staff),
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        (
            "DELETE",
            format!("{days}/2027-02-12"),
            None,
            Some(&admin),
            StatusCode::NOT_FOUND,
            "day-not-marked",
        ),
        (
            "DELETE",
            format!("{days}/tomorrow"),
            None,
            Some(&admin),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad-day",
        ),
        (
            "DELETE",
            format!("{days}/2027-02-11"),
            None,
            Some(&staff),
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        (
            "PUT",
            "/api/admin/calendar/zone".to_owned(),
            Some(json!({ "zone": "Asia/Beijing" })),
            Some(&admin),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown-zone",
        ),
    ];
    for (method, path, body, who, status, code) in cases {
        let (got, _, answer) = call(&router, method, &path, who.map(String::as_str), body).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(code)),
            "{method} {path}: {answer}"
        );
    }
    let (_, _, seen) = call(&router, "GET", "/api/calendar", Some(&staff), None).await;
    assert_eq!(seen["holidays"], json!(["2027-02-11"]));
    assert_eq!(seen["make_up_days"], json!([]));
    assert_eq!(seen["zone"], "Asia/Shanghai");
}
