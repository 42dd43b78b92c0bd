//! Concord's sync engine as a client of the npm automerge-repo sync server
//! (`@automerge/automerge-repo-sync-server`, pinned in e2e/package.json):
//! it stores what our client sends and returns it to another client.

mod common;

use std::time::Duration;

use common::{SYNC_LIMIT, download, fresh_client, new_document, title_and_items, upload};
use concord_interop::{NpmSyncServer, WsClient, e2e_dir_or_skip};
use concord_sync::{DocumentId, engine::client::ClientOutput};

#[tokio::test]
async fn the_sync_server_returns_a_document_our_client_created() {
    let Some(e2e) = e2e_dir_or_skip("the_sync_server_returns_a_document_our_client_created") else {
        return;
    };
    let server = NpmSyncServer::start(&e2e).await.unwrap();
    let document_id = DocumentId::new_v4(rand::random());
    let doc = new_document();
    let expected = title_and_items(&doc);

    let heads = upload(server.url(), document_id, doc).await;
    let found = download(server.url(), document_id, &heads).await;

    assert_eq!(found.get_heads(), heads);
    assert_eq!(title_and_items(&found), expected);
}

#[tokio::test]
async fn the_sync_server_keeps_the_document_across_a_restart() {
    let Some(e2e) = e2e_dir_or_skip("the_sync_server_keeps_the_document_across_a_restart") else {
        return;
    };
    let server = NpmSyncServer::start(&e2e).await.unwrap();
    let document_id = DocumentId::new_v4(rand::random());
    let doc = new_document();
    let expected = title_and_items(&doc);

    let heads = upload(server.url(), document_id, doc).await;
    wait_until_stored(&server, document_id).await;
    let server = server.restart().await.unwrap();
    let found = download(server.url(), document_id, &heads).await;

    assert_eq!(found.get_heads(), heads);
    assert_eq!(title_and_items(&found), expected);
}

/// The server writes documents to disk a little after it has them, and only
/// then may it be killed. Its storage keeps a document under
/// `DATA_DIR/<first two characters of the id>/<the rest>/`.
async fn wait_until_stored(server: &NpmSyncServer, document_id: DocumentId) {
    let id = document_id.to_string();
    let (head, rest) = id.split_at(2);
    let dir = server.data_dir().join(head).join(rest);
    let stored = || {
        ["snapshot", "incremental"].iter().any(|kind| {
            std::fs::read_dir(dir.join(kind)).is_ok_and(|mut files| {
                files.any(|f| f.is_ok_and(|f| f.metadata().is_ok_and(|m| m.len() > 0)))
            })
        })
    };
    let deadline = tokio::time::Instant::now() + SYNC_LIMIT;
    while !stored() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the server never wrote {}",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The file exists once its write has begun; give the write time to end.
    tokio::time::sleep(Duration::from_millis(500)).await;
}

#[tokio::test]
async fn the_sync_server_answers_doc_unavailable_for_an_unknown_document() {
    let Some(e2e) =
        e2e_dir_or_skip("the_sync_server_answers_doc_unavailable_for_an_unknown_document")
    else {
        return;
    };
    let server = NpmSyncServer::start(&e2e).await.unwrap();
    let document_id = DocumentId::new_v4(rand::random());
    let mut client = fresh_client("seeker");
    client.find(document_id);
    let mut seeker = WsClient::connect(server.url(), client).await.unwrap();
    let outcome = seeker
        .run_until(SYNC_LIMIT, |out| {
            matches!(
                out,
                ClientOutput::DocUnavailable { .. } | ClientOutput::DocChanged { .. }
            )
        })
        .await
        .unwrap();
    assert_eq!(outcome, ClientOutput::DocUnavailable { document_id });
    seeker.close().await.unwrap();
}
