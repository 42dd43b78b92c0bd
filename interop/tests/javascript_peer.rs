//! Documents cross between Concord's engine and a JavaScript automerge-repo
//! 2.x peer (`e2e/interop/js-peer.mjs`), through the npm sync server and
//! through our relay: what one writes, the other reads with the same content
//! and the same heads.

mod common;

use std::{path::Path, str::FromStr};

use automerge::ChangeHash;
use common::{download, new_document, title_and_items, upload};
use concord_interop::{ConcordRelay, NpmSyncServer, e2e_dir_or_skip, run_js_peer};
use concord_sync::DocumentId;
use serde_json::{Value, json};

fn hex_heads(heads: &[ChangeHash]) -> Vec<String> {
    heads.iter().map(ChangeHash::to_string).collect()
}

fn heads_of(answer: &Value) -> Vec<String> {
    let mut heads: Vec<String> = answer["heads"]
        .as_array()
        .expect("heads in the peer's answer")
        .iter()
        .map(|head| head.as_str().expect("a hex head").to_owned())
        .collect();
    heads.sort();
    heads
}

/// Our engine uploads a document; the JavaScript peer finds it at `url`.
async fn javascript_reads_what_our_engine_wrote(e2e: &Path, url: &str) {
    let document_id = DocumentId::new_v4(rand::random());
    let heads = upload(url, document_id, new_document()).await;

    let wanted = hex_heads(&heads).join(",");
    let answer = run_js_peer(e2e, &["find", url, &document_id.url(), &wanted])
        .await
        .unwrap();

    assert_eq!(
        answer["doc"],
        json!({ "title": "Made by Concord", "items": ["first", "second"] })
    );
    let mut ours = hex_heads(&heads);
    ours.sort();
    assert_eq!(heads_of(&answer), ours);
}

/// The JavaScript peer creates a document at `url`; our engine finds it.
async fn our_engine_reads_what_javascript_wrote(e2e: &Path, url: &str) {
    let answer = run_js_peer(e2e, &["create", url]).await.unwrap();
    let document_url = answer["url"].as_str().expect("the document's URL");
    let document_id = DocumentId::parse_url_or_id(document_url).unwrap();
    let heads: Vec<ChangeHash> = heads_of(&answer)
        .iter()
        .map(|head| ChangeHash::from_str(head).unwrap())
        .collect();

    let found = download(url, document_id, &heads).await;

    assert_eq!(
        title_and_items(&found),
        (
            "Made in JavaScript".to_owned(),
            vec!["alpha".to_owned(), "beta".to_owned()]
        )
    );
}

#[tokio::test]
async fn through_the_npm_sync_server_javascript_reads_what_our_engine_wrote() {
    let Some(e2e) =
        e2e_dir_or_skip("through_the_npm_sync_server_javascript_reads_what_our_engine_wrote")
    else {
        return;
    };
    let server = NpmSyncServer::start(&e2e).await.unwrap();
    javascript_reads_what_our_engine_wrote(&e2e, server.url()).await;
}

#[tokio::test]
async fn through_the_npm_sync_server_our_engine_reads_what_javascript_wrote() {
    let Some(e2e) =
        e2e_dir_or_skip("through_the_npm_sync_server_our_engine_reads_what_javascript_wrote")
    else {
        return;
    };
    let server = NpmSyncServer::start(&e2e).await.unwrap();
    our_engine_reads_what_javascript_wrote(&e2e, server.url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_our_relay_javascript_reads_what_our_engine_wrote() {
    let Some(e2e) = e2e_dir_or_skip("through_our_relay_javascript_reads_what_our_engine_wrote")
    else {
        return;
    };
    let relay = ConcordRelay::start().await.unwrap();
    javascript_reads_what_our_engine_wrote(&e2e, relay.sync_url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_our_relay_our_engine_reads_what_javascript_wrote() {
    let Some(e2e) = e2e_dir_or_skip("through_our_relay_our_engine_reads_what_javascript_wrote")
    else {
        return;
    };
    let relay = ConcordRelay::start().await.unwrap();
    our_engine_reads_what_javascript_wrote(&e2e, relay.sync_url()).await;
}
