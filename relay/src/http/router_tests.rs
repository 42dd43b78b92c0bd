use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt as _;
use std::io::Read as _;
use tower::ServiceExt as _;

use super::*;
use crate::http::test_shared;

const INDEX: &str = "<!doctype html><title>Concord</title>";

struct Fixture {
    _tmp: tempfile::TempDir,
    router: Router,
}

fn fixture(built: bool) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let app_dir = tmp.path().join("app");
    std::fs::create_dir_all(&app_dir).unwrap();
    if built {
        std::fs::write(app_dir.join("index.html"), INDEX).unwrap();
        std::fs::write(app_dir.join("concord_app_bg.wasm"), vec![0u8; 4096]).unwrap();
        std::fs::write(
            app_dir.join("concord_app.js"),
            "export default 1;".repeat(20),
        )
        .unwrap();
    }
    let (shared, _) = test_shared(&tmp.path().join("data"), false);
    let router = router(shared, AppFiles::new(app_dir));
    Fixture { _tmp: tmp, router }
}

async fn get(router: &Router, path: &str, gzip: bool) -> axum::response::Response {
    let mut request = Request::get(path);
    if gzip {
        request = request.header(header::ACCEPT_ENCODING, "gzip");
    }
    router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body(response: axum::response::Response) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn serves_wasm_and_js_with_their_mime_types() {
    let f = fixture(true);
    let wasm = get(&f.router, "/concord_app_bg.wasm", false).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
    let js = get(&f.router, "/concord_app.js", false).await;
    assert_eq!(js.headers()[header::CONTENT_TYPE], "text/javascript");
    let css_missing = get(&f.router, "/style.css", false).await;
    assert_eq!(css_missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn compresses_for_clients_that_accept_it() {
    let f = fixture(true);
    let response = get(&f.router, "/concord_app_bg.wasm", true).await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = body(response).await;
    assert!(compressed.len() < 4096);
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain, vec![0u8; 4096]);
}

#[tokio::test]
async fn app_routes_get_the_index_and_browsers_revalidate() {
    let f = fixture(true);
    for path in ["/", "/docs/some-doc", "/admin"] {
        let response = get(&f.router, path, false).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-cache",
            "{path}"
        );
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(body(response).await, INDEX.as_bytes(), "{path}");
    }
}

#[tokio::test]
async fn an_unbuilt_app_says_how_to_build_it() {
    let f = fixture(false);
    let response = get(&f.router, "/", false).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = String::from_utf8(body(response).await).unwrap();
    assert!(text.contains("cargo xtask run"), "{text}");
}

#[tokio::test]
async fn health_reports_the_store() {
    let f = fixture(true);
    let response = get(&f.router, "/api/health", false).await;
    assert_eq!(response.status(), StatusCode::OK);
    let health: serde_json::Value = serde_json::from_slice(&body(response).await).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["store"], "ok");
}

#[tokio::test]
async fn path_traversal_stays_inside_the_app_directory() {
    let f = fixture(true);
    let response = get(&f.router, "/../data/concord.sqlite3", false).await;
    assert_ne!(response.status(), StatusCode::OK);
    let response = get(&f.router, "/%2e%2e/data/concord.sqlite3", false).await;
    assert_ne!(response.status(), StatusCode::OK);
}
