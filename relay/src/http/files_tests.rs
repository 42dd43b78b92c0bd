//! `/api/documents/{id}/files/{sha256}` through the router, over the
//! readers and documents of `readers_fixture`: document 1 (zhang's) names
//! a photo and a contract in a task row.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Request, StatusCode, header},
};
use concord_model::{Attachment, FileHash, FileRef, RowId, Value};
use sha2::{Digest as _, Sha256};

use crate::{
    clock::now_ms,
    http::{
        AppFiles, Shared,
        readers_fixture::{Readers, doc},
        router,
    },
    store::{SqliteStore, Store as _},
};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR the rest of a picture";
const CONTRACT: &[u8] = "合同 第一版\n".as_bytes();

fn hash(bytes: &[u8]) -> FileHash {
    FileHash::from_digest(&Sha256::digest(bytes).into())
}

fn path(n: u8, hash: &FileHash) -> String {
    concord_api::paths::document_file(&doc(n).to_string(), hash.as_str())
}

/// Readers whose document 1 names the photo and the contract (under a
/// Chinese name) in its first task row.
async fn readers() -> Readers {
    let readers = Readers::new().await;
    let mut one = readers
        .shared
        .store
        .load(&doc(1))
        .unwrap()
        .map(|stored| crate::store::LoadedDoc::to_read(&stored).1.unwrap())
        .map(|doc| concord_model::ConcordDoc::from_automerge(doc).unwrap())
        .unwrap();
    let row = RowId(readers.first_row.clone());
    let files = vec![
        Attachment::File(FileRef::new(
            hash(PNG),
            "现场.png",
            PNG.len() as u64,
            "image/png",
        )),
        Attachment::File(FileRef::new(
            hash(CONTRACT),
            "合同.txt",
            CONTRACT.len() as u64,
            "text/plain",
        )),
    ];
    one.set_cell("tasks", &row, "attachments", Value::Attachments(files))
        .unwrap();
    readers.keep(1, &mut one, now_ms());
    readers
}

async fn put(
    router: &Router,
    cookie: &str,
    path: &str,
    bytes: &[u8],
) -> (StatusCode, serde_json::Value) {
    let request = Request::builder()
        .method("PUT")
        .uri(path)
        .header(header::CONTENT_LENGTH, bytes.len());
    let (status, _, body) =
        Readers::send(router, cookie, request, Body::from(bytes.to_vec())).await;
    (status, serde_json::from_slice(&body).unwrap_or_default())
}

async fn get(router: &Router, cookie: &str, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let request = Request::builder().method("GET").uri(path);
    Readers::send(router, cookie, request, Body::empty()).await
}

#[tokio::test]
async fn an_editor_uploads_and_a_reader_downloads_the_same_bytes() {
    let readers = readers().await;
    let (status, body) = put(&readers.router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["sha256"], hash(PNG).as_str());
    assert_eq!(body["size"], PNG.len());
    // Again: the same bytes, kept once.
    let (status, _) = put(&readers.router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, headers, bytes) = get(&readers.router, &readers.zhang, &path(1, &hash(PNG))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, PNG);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png", "sniffed");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"file.png\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.png"
    );
    // Text is never served as what it claims, only as bytes to save.
    put(
        &readers.router,
        &readers.zhang,
        &path(1, &hash(CONTRACT)),
        CONTRACT,
    )
    .await;
    let (_, headers, bytes) = get(&readers.router, &readers.zhang, &path(1, &hash(CONTRACT))).await;
    assert_eq!(bytes, CONTRACT);
    assert_eq!(headers[header::CONTENT_TYPE], "application/octet-stream");
    // Asked again with its tag: nothing to send.
    let request = Request::builder()
        .method("GET")
        .uri(path(1, &hash(PNG)))
        .header(header::IF_NONE_MATCH, format!("\"{}\"", hash(PNG)));
    let (status, _, bytes) =
        Readers::send(&readers.router, &readers.zhang, request, Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(bytes.is_empty());
}

#[tokio::test]
async fn a_forged_hash_is_refused_and_nothing_kept() {
    let readers = readers().await;
    let (status, body) = put(
        &readers.router,
        &readers.zhang,
        &path(1, &hash(PNG)),
        b"other bytes",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "hash-mismatch");
    assert!(!readers.shared.files.has(&hash(PNG)));
    assert!(!readers.shared.files.has(&hash(b"other bytes")));
    let (status, _, _) = get(&readers.router, &readers.zhang, &path(1, &hash(PNG))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A hash that is no hash names no file either.
    let bad = format!("/api/documents/{}/files/..%2F..%2Faccounts.sqlite", doc(1));
    let (status, body) = put(&readers.router, &readers.zhang, &bad, PNG).await;
    assert_eq!(body["error"], "hash-mismatch", "{status}");
    let (status, _, _) = get(&readers.router, &readers.zhang, &bad).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused() {
    let readers = readers().await;
    let small = Shared {
        max_file_bytes: 16,
        ..readers.shared.clone()
    };
    let router = router(small, AppFiles::new(readers.data_dir().join("app")));
    let (status, body) = put(&router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"], "too-large");
    // Sent without saying its length, it is cut off at the limit all the same.
    let request = Request::builder().method("PUT").uri(path(1, &hash(PNG)));
    let stream =
        futures_util::stream::iter(PNG.chunks(8).map(|c| Ok::<_, std::io::Error>(c.to_vec())));
    let (status, _, body) =
        Readers::send(&router, &readers.zhang, request, Body::from_stream(stream)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert!(!readers.shared.files.has(&hash(PNG)));
    // At the limit, it goes in.
    let (status, _) = put(
        &router,
        &readers.zhang,
        &path(1, &hash(&PNG[..16])),
        &PNG[..16],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_photo_of_several_megabytes_goes_in_whole() {
    let readers = readers().await;
    // Past the 2 MB axum gives a body by default, well within 25 MiB.
    let big: Vec<u8> = (0..5_000_000_u32).map(|i| (i % 251) as u8).collect();
    let (status, body) = put(&readers.router, &readers.zhang, &path(1, &hash(&big)), &big).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["size"], big.len());
    assert!(readers.shared.files.has(&hash(&big)));
}

#[tokio::test]
async fn only_an_editor_of_an_open_document_uploads() {
    let readers = readers().await;
    // Zhang views document 6; document 5 is his but archived.
    for n in [6, 5] {
        let (status, body) = put(&readers.router, &readers.zhang, &path(n, &hash(PNG)), PNG).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{n}: {body}");
        assert_eq!(body["error"], "forbidden");
    }
    assert!(!readers.shared.files.has(&hash(PNG)));
}

#[tokio::test]
async fn a_document_one_may_not_read_looks_missing() {
    let readers = readers().await;
    put(&readers.router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    // Li reads documents 3 and 6, not 1; 2 is li's and confidential; 99 is none.
    for (cookie, n) in [(&readers.li, 1), (&readers.zhang, 2), (&readers.zhang, 99)] {
        let (status, body) = put(&readers.router, cookie, &path(n, &hash(PNG)), PNG).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{n}");
        assert_eq!(body["error"], "no-such-document");
        let (status, _, bytes) = get(&readers.router, cookie, &path(n, &hash(PNG))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{n}");
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["error"], "no-such-document");
    }
}

#[tokio::test]
async fn a_file_the_document_does_not_name_is_not_served() {
    let readers = readers().await;
    let stray: &[u8] = b"not named by document 1";
    let (status, _) = put(
        &readers.router,
        &readers.zhang,
        &path(1, &hash(stray)),
        stray,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "an editor may send a file before the edit naming it"
    );
    let (status, _, bytes) = get(&readers.router, &readers.zhang, &path(1, &hash(stray))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["error"], "no-such-file");
    // Nor through another document one reads: document 6 names nothing.
    put(&readers.router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    let (status, _, _) = get(&readers.router, &readers.zhang, &path(6, &hash(PNG))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_file_name_asked_for_is_made_harmless() {
    let readers = readers().await;
    put(&readers.router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    let asked = format!(
        "{}?name=..%2F..%2Fetc%2Fpasswd%0D%0AX-Evil%3A%201",
        path(1, &hash(PNG))
    );
    let (status, headers, _) = get(&readers.router, &readers.zhang, &asked).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"_.._etc_passwdX-Evil_ 1\"; filename*=UTF-8''_.._etc_passwdX-Evil_%201"
    );
    assert!(headers.get("x-evil").is_none());
}

#[tokio::test]
async fn files_outlive_the_relay_that_received_them() {
    let readers = readers().await;
    put(&readers.router, &readers.zhang, &path(1, &hash(PNG)), PNG).await;
    // Another relay over the same data directory (the same accounts, so the
    // same session is still signed in).
    let data = readers.data_dir();
    let store = SqliteStore::open(&data).unwrap();
    let storage_id = store.storage_id().unwrap();
    let config = crate::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: data.clone(),
        database_url: None,
        broker_url: None,
        app_dir: data.join("app"),
        secure_cookies: false,
        open_sync: false,
        max_file_bytes: crate::DEFAULT_MAX_FILE_BYTES,
        limits: Default::default(),
    };
    let shared = Shared::start(
        Arc::new(store),
        None,
        None,
        storage_id,
        readers.accounts.clone(),
        &config,
    )
    .unwrap();
    let again = router(shared, AppFiles::new(data.join("app")));
    let (status, _, bytes) = get(&again, &readers.zhang, &path(1, &hash(PNG))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, PNG);
}
