//! Concord's sync engine as a client of the npm automerge-repo sync server
//! (`@automerge/automerge-repo-sync-server`, pinned in e2e/package.json):
//! it stores what our client sends and returns it to another client.

use std::time::Duration;

use automerge::{Automerge, ChangeHash, ObjType, ROOT, ReadDoc, transaction::Transactable};
use concord_interop::{NpmSyncServer, WsClient, e2e_dir_or_skip};
use concord_sync::{
    DocumentId, PeerId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};

const SYNC_LIMIT: Duration = Duration::from_secs(15);

fn fresh_client(name: &str) -> Client {
    let peer_id: PeerId = format!("concord-{name}-{:016x}", rand::random::<u64>())
        .parse()
        .expect("a non-empty peer id");
    // No storage id: the server then keeps no sync state for us between connections.
    Client::new(peer_id, PeerMetadata::default())
}

/// A document as an app would write it: a title and a list with two items.
fn new_document() -> Automerge {
    let mut doc = Automerge::new();
    doc.transact::<_, _, automerge::AutomergeError>(|tx| {
        tx.put(ROOT, "title", "Made by Concord")?;
        let items = tx.put_object(ROOT, "items", ObjType::List)?;
        tx.insert(&items, 0, "first")?;
        tx.insert(&items, 1, "second")?;
        Ok(())
    })
    .expect("a fresh document takes a change");
    doc
}

fn title_and_items(doc: &Automerge) -> (String, Vec<String>) {
    let text = |value: Option<(automerge::Value<'_>, automerge::ObjId)>| {
        value
            .and_then(|(v, _)| v.into_string().ok())
            .unwrap_or_default()
    };
    let title = text(doc.get(ROOT, "title").unwrap());
    let items = match doc.get(ROOT, "items").unwrap() {
        Some((_, list)) => (0..doc.length(&list))
            .map(|i| text(doc.get(&list, i).unwrap()))
            .collect(),
        None => Vec::new(),
    };
    (title, items)
}

/// Creates the document on one client and syncs until the server's heads
/// include it; returns its heads.
async fn upload(
    server: &NpmSyncServer,
    document_id: DocumentId,
    doc: Automerge,
) -> Vec<ChangeHash> {
    let heads = doc.get_heads();
    let mut client = fresh_client("writer");
    client.create(document_id, doc);
    let mut writer = WsClient::connect(server.url(), client).await.unwrap();
    writer
        .run_until(SYNC_LIMIT, |out| {
            matches!(out, ClientOutput::RelayHeads { document_id: id, heads: h }
                if *id == document_id && *h == heads)
        })
        .await
        .expect("the server acknowledges our heads");
    assert!(
        writer.stored_chunks() > 0,
        "the client stored its document before sending it"
    );
    writer.close().await.unwrap();
    heads
}

/// A fresh client finds the document; returns its copy once it has `heads`.
async fn download(
    server: &NpmSyncServer,
    document_id: DocumentId,
    heads: &[ChangeHash],
) -> Automerge {
    let mut client = fresh_client("reader");
    client.find(document_id);
    let mut reader = WsClient::connect(server.url(), client).await.unwrap();
    let outcome = reader
        .run_until(SYNC_LIMIT, |out| match out {
            ClientOutput::DocChanged {
                document_id: id,
                heads: h,
            } => *id == document_id && h == heads,
            ClientOutput::DocUnavailable { document_id: id } => *id == document_id,
            _ => false,
        })
        .await
        .expect("the server answers the request");
    assert!(
        matches!(outcome, ClientOutput::DocChanged { .. }),
        "the server said the document is unavailable"
    );
    let doc = reader
        .client()
        .doc(&document_id)
        .expect("the found document")
        .clone();
    reader.close().await.unwrap();
    doc
}

#[tokio::test]
async fn the_sync_server_returns_a_document_our_client_created() {
    let Some(e2e) = e2e_dir_or_skip("the_sync_server_returns_a_document_our_client_created") else {
        return;
    };
    let server = NpmSyncServer::start(&e2e).await.unwrap();
    let document_id = DocumentId::new_v4(rand::random());
    let doc = new_document();
    let expected = title_and_items(&doc);

    let heads = upload(&server, document_id, doc).await;
    let found = download(&server, document_id, &heads).await;

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

    let heads = upload(&server, document_id, doc).await;
    wait_until_stored(&server, document_id).await;
    let server = server.restart().await.unwrap();
    let found = download(&server, document_id, &heads).await;

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
