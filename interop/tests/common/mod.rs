//! What the interop tests share: a fresh engine client, a document as an app
//! would write it, and one client uploading it or downloading it.

use std::time::Duration;

use automerge::{
    Automerge, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, Value, transaction::Transactable,
};
use concord_interop::WsClient;
use concord_sync::{
    DocumentId, PeerId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};

/// How long one sync exchange with a server may take.
pub const SYNC_LIMIT: Duration = Duration::from_secs(15);

pub fn fresh_client(name: &str) -> Client {
    let peer_id: PeerId = format!("concord-{name}-{:016x}", rand::random::<u64>())
        .parse()
        .expect("a non-empty peer id");
    // No storage id: the server then keeps no sync state for us between connections.
    Client::new(peer_id, PeerMetadata::default())
}

/// A document as an app would write it: a title and a list with two items.
pub fn new_document() -> Automerge {
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

pub fn title_and_items(doc: &Automerge) -> (String, Vec<String>) {
    let title = text(doc, doc.get(ROOT, "title").unwrap());
    let items = match doc.get(ROOT, "items").unwrap() {
        Some((_, list)) => (0..doc.length(&list))
            .map(|i| text(doc, doc.get(&list, i).unwrap()))
            .collect(),
        None => Vec::new(),
    };
    (title, items)
}

/// A string whether written as a scalar (as we write short fields) or as
/// Text (as JavaScript automerge 3 writes every string by default).
fn text(doc: &Automerge, value: Option<(Value<'_>, ObjId)>) -> String {
    match value {
        Some((Value::Object(ObjType::Text), text)) => doc.text(&text).unwrap(),
        Some((value, _)) => value.into_string().unwrap_or_default(),
        None => String::new(),
    }
}

/// Creates the document on one client and syncs until the server's heads
/// include it; returns its heads.
pub async fn upload(url: &str, document_id: DocumentId, doc: Automerge) -> Vec<ChangeHash> {
    let heads = doc.get_heads();
    let mut client = fresh_client("writer");
    client.create(document_id, doc);
    let mut writer = WsClient::connect(url, client).await.unwrap();
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
pub async fn download(url: &str, document_id: DocumentId, heads: &[ChangeHash]) -> Automerge {
    let mut client = fresh_client("reader");
    client.find(document_id);
    let mut reader = WsClient::connect(url, client).await.unwrap();
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
