//! `POST /api/import/grid` through the router: a file in, a grid or a
//! reason out, and nothing stored either way.

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use concord_api::{ErrorCode, Failure, ImportGrid};
use concord_model::import::{MAX_IMPORT_BYTES, MAX_IMPORT_COLUMNS};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::http::{SESSION_COOKIE, test_router_as_admin as app};

async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Vec<u8>) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    (
        status,
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
}

async fn import(router: &Router, cookie: Option<&str>, file: Vec<u8>) -> (StatusCode, Vec<u8>) {
    call(router, "POST", "/api/import/grid", cookie, file).await
}

fn failure(body: &[u8]) -> Failure {
    serde_json::from_slice(body).expect("a Failure")
}

/// What the relay stores: still nothing after any import.
async fn documents(router: &Router, cookie: &str) -> serde_json::Value {
    let (status, body) = call(router, "GET", "/api/documents", Some(cookie), Vec::new()).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test]
async fn a_signed_in_person_gets_the_files_cells() {
    let (_tmp, router, cookie) = app();
    let csv = "\u{feff}任务,截止日期\n写方案,2026-03-05\n"
        .as_bytes()
        .to_vec();
    let (status, body) = import(&router, Some(&cookie), csv).await;
    assert_eq!(status, StatusCode::OK);
    let grid: ImportGrid = serde_json::from_slice(&body).unwrap();
    assert_eq!(grid.rows, [["任务", "截止日期"], ["写方案", "2026-03-05"]]);
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("一")
        .unwrap()
        .write(0, 0, "a")
        .unwrap();
    book.add_worksheet()
        .set_name("二")
        .unwrap()
        .write(0, 0, "b")
        .unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    let second = format!("/api/import/grid?sheet={}", "%E4%BA%8C");
    let (status, body) = call(&router, "POST", &second, Some(&cookie), xlsx).await;
    assert_eq!(status, StatusCode::OK);
    let grid: ImportGrid = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (grid.sheet.as_str(), grid.rows),
        ("二", vec![vec!["b".to_owned()]])
    );
}

#[tokio::test]
async fn only_a_signed_in_person_may_import() {
    let (_tmp, router, _) = app();
    for cookie in [None, Some("not-a-session")] {
        let (status, body) = import(&router, cookie, b"a,b\n".to_vec()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{cookie:?}");
        assert_eq!(failure(&body).error, ErrorCode::SignedOut);
    }
}

#[tokio::test]
async fn bad_files_get_a_clear_code_and_nothing_is_written() {
    let (_tmp, router, cookie) = app();
    let before = documents(&router, &cookie).await;
    let huge = vec![b'x'; MAX_IMPORT_BYTES + 1];
    let wide = format!("{}\n", vec!["x"; MAX_IMPORT_COLUMNS + 1].join(","));
    let tall = "x\n".repeat(6_000);
    let mut damaged = rust_xlsxwriter::Workbook::new();
    damaged.add_worksheet().write(0, 0, "a").unwrap();
    let mut damaged = damaged.save_to_buffer().unwrap();
    damaged.truncate(damaged.len() / 2);
    let cases: [(&str, Vec<u8>, StatusCode, ErrorCode); 6] = [
        (
            "huge",
            huge,
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
        ),
        (
            "wide",
            wide.into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyColumns,
        ),
        (
            "tall",
            tall.into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyRows,
        ),
        (
            "damaged",
            damaged,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotASpreadsheet,
        ),
        (
            "binary",
            b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotASpreadsheet,
        ),
        (
            "empty",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::EmptyFile,
        ),
    ];
    for (name, file, status, code) in cases {
        let (got, body) = import(&router, Some(&cookie), file).await;
        assert_eq!(got, status, "{name}");
        let said = failure(&body);
        assert_eq!(said.error, code, "{name}: {}", said.message);
        assert!(!said.message.is_empty());
    }
    let mut ole = vec![0u8; 1536];
    ole[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let (status, body) = import(&router, Some(&cookie), ole).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(failure(&body).error, ErrorCode::NotASpreadsheet);
    let (status, body) = call(
        &router,
        "POST",
        "/api/import/grid?sheet=nope",
        Some(&cookie),
        b"a\n".to_vec(),
    )
    .await;
    // A CSV file has no sheets to ask for: the one it has is read.
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(documents(&router, &cookie).await, before);
}
