use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use super::*;
use crate::http::{SESSION_COOKIE, test_router_as_admin as app};

async fn export(
    router: &Router,
    cookie: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, String, Vec<u8>) {
    let mut request = Request::builder()
        .method("POST")
        .uri("/api/export/xlsx")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        parts.status,
        kind,
        body.collect().await.unwrap().to_bytes().to_vec(),
    )
}

fn error_code(body: &[u8]) -> String {
    let json: serde_json::Value = serde_json::from_slice(body).expect("a JSON error");
    json["error"].as_str().unwrap().to_owned()
}

const SHEET: &str = r#"{"name":"refused","preamble":[["document","automerge:x"]],
    "columns":[{"title":"path","width":30},{"title":"seq"}],
    "rows":[["fields.notes",3],["meta.title",4]]}"#;

#[tokio::test]
async fn a_signed_in_person_gets_the_sheet_as_an_xlsx_file() {
    let (_tmp, router, cookie) = app();
    let (status, kind, body) = export(&router, Some(&cookie), SHEET.into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, concord_model::export::XLSX_MIME);
    assert_eq!(&body[..2], b"PK", "an xlsx file is a zip");
}

#[tokio::test]
async fn only_a_signed_in_person_may_export() {
    let (_tmp, router, _) = app();
    for cookie in [None, Some("not-a-session")] {
        let (status, _, body) = export(&router, cookie, SHEET.into()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{cookie:?}");
        assert!(!body.starts_with(b"PK"));
    }
}

#[tokio::test]
async fn a_bad_sheet_is_refused_with_a_reason() {
    let (_tmp, router, cookie) = app();
    let bad_name = SHEET.replace(r#""name":"refused""#, r#""name":"a/b""#);
    let ragged = SHEET.replace(r#"["meta.title",4]"#, r#"["meta.title",4,"extra"]"#);
    for body in ["not json", "{}", &bad_name, &ragged] {
        let (status, kind, answer) = export(&router, Some(&cookie), body.into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(kind, "application/json");
        assert_eq!(error_code(&answer), "bad-sheet", "{body}");
    }
    let (_, _, answer) = export(&router, Some(&cookie), bad_name.into()).await;
    let json: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    assert!(
        json["message"].as_str().unwrap().contains("sheet name"),
        "{json}"
    );
}

#[tokio::test]
async fn an_oversized_sheet_is_refused_before_it_is_read() {
    let (_tmp, router, cookie) = app();
    let huge = vec![b' '; MAX_EXPORT_BYTES + 1];
    let (status, _, answer) = export(&router, Some(&cookie), huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&answer), "too-large");
}

#[tokio::test]
async fn typed_cells_travel_as_json_and_come_out_typed() {
    use calamine::{Data, Reader, Xlsx};
    let (_tmp, router, cookie) = app();
    let sheet = r#"{"name":"任务","columns":[{"title":"截止"},{"title":"预算"},{"title":"备注"}],
        "rows":[[{"date":"2026-03-01"},{"minor":123456,"currency":"CNY"},"=1+1"]]}"#;
    let (status, _, bytes) = export(&router, Some(&cookie), sheet.as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::OK);
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("任务").unwrap();
    assert!(matches!(range.get_value((1, 0)), Some(Data::DateTime(d)) if d.as_f64() == 46_082.0));
    assert_eq!(range.get_value((1, 1)), Some(&Data::Float(1234.56)));
    assert_eq!(range.get_value((1, 2)), Some(&Data::String("=1+1".into())));
    // A day that is not one is refused whole, with the reason.
    let bad = sheet.replace("2026-03-01", "2026-02-30");
    let (status, _, _) = export(&router, Some(&cookie), bad.into_bytes()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
