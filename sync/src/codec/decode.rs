use std::collections::BTreeMap;

use minicbor::data::Type;

use super::{DecodeError, fields::Fields, reader::Reader};
use crate::{DocumentId, Message, PeerId, PeerMetadata, RefusedDocument, RemoteHeads, StorageId};

/// Every top-level key any message type uses.
const MESSAGE_KEYS: &[&str] = &[
    "type",
    "senderId",
    "targetId",
    "documentId",
    "data",
    "count",
    "sessionId",
    "message",
    "supportedProtocolVersions",
    "selectedProtocolVersion",
    "peerMetadata",
    "add",
    "remove",
    "newHeads",
    "code",
    "params",
];
const PEER_METADATA_KEYS: &[&str] = &["storageId", "isEphemeral"];
const REMOTE_HEADS_KEYS: &[&str] = &["heads", "timestamp"];

/// How much of an unknown `type` an error keeps: enough to recognise it in a
/// log, not enough to let a peer fill the log.
const UNKNOWN_TYPE_SHOWN: usize = 64;

pub(crate) fn decode(frame: &[u8]) -> Result<Message, DecodeError> {
    let mut reader = Reader::new(frame, "frame");
    if !matches!(reader.datatype()?, Type::Map | Type::MapIndef) {
        return Err(DecodeError::NotAMap);
    }
    let fields = Fields::read(&mut reader, MESSAGE_KEYS)?;
    // cbor-x refuses a buffer with bytes after its value, and so do we: two
    // readers must never see different messages in one frame.
    if reader.remaining() > 0 {
        return Err(DecodeError::TrailingBytes(reader.remaining()));
    }
    let f = &fields;
    let message = match fields.required("type")?.text()? {
        "join" => Message::Join {
            sender_id: peer_id(f, "senderId")?,
            supported_protocol_versions: texts(f, "supportedProtocolVersions")?,
            peer_metadata: peer_metadata(f)?,
        },
        "peer" => Message::Peer {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            selected_protocol_version: text(f, "selectedProtocolVersion")?,
            peer_metadata: peer_metadata(f)?,
        },
        "leave" => Message::Leave {
            sender_id: peer_id(f, "senderId")?,
        },
        "error" => Message::Error {
            sender_id: optional_peer_id(f, "senderId")?,
            target_id: optional_peer_id(f, "targetId")?,
            message: text(f, "message")?,
            refused: refused_document(f)?,
        },
        "request" => Message::Request {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            document_id: document_id(f)?,
            data: bytes(f, "data")?,
        },
        "sync" => Message::Sync {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            document_id: document_id(f)?,
            data: bytes(f, "data")?,
        },
        "doc-unavailable" => Message::DocUnavailable {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            document_id: document_id(f)?,
        },
        "ephemeral" => Message::Ephemeral {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            document_id: document_id(f)?,
            session_id: text(f, "sessionId")?,
            count: f.required("count")?.integer()?,
            data: bytes(f, "data")?,
        },
        "remote-subscription-change" => Message::RemoteSubscriptionChange {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            add: storage_ids(f, "add")?,
            remove: storage_ids(f, "remove")?,
        },
        "remote-heads-changed" => Message::RemoteHeadsChanged {
            sender_id: peer_id(f, "senderId")?,
            target_id: peer_id(f, "targetId")?,
            document_id: document_id(f)?,
            new_heads: new_heads(f)?,
        },
        // An error, not a catch-all variant: the caller decides whether an
        // unknown message is worth dropping the connection, and nothing that
        // could not be checked ends up in a `Message`.
        other => return Err(DecodeError::UnknownType(shorten(other))),
    };
    Ok(message)
}

fn text(fields: &Fields<'_>, name: &'static str) -> Result<String, DecodeError> {
    Ok(fields.required(name)?.text()?.to_owned())
}

fn texts(fields: &Fields<'_>, name: &'static str) -> Result<Vec<String>, DecodeError> {
    let texts = fields.required(name)?.texts()?;
    Ok(texts.into_iter().map(str::to_owned).collect())
}

fn bytes(fields: &Fields<'_>, name: &'static str) -> Result<Vec<u8>, DecodeError> {
    Ok(fields.required(name)?.bytes()?.to_vec())
}

fn peer_id(fields: &Fields<'_>, name: &'static str) -> Result<PeerId, DecodeError> {
    parse_peer_id(fields.required(name)?, name)
}

fn optional_peer_id(
    fields: &Fields<'_>,
    name: &'static str,
) -> Result<Option<PeerId>, DecodeError> {
    fields
        .get(name)
        .map(|reader| parse_peer_id(reader, name))
        .transpose()
}

fn parse_peer_id(mut reader: Reader<'_>, name: &'static str) -> Result<PeerId, DecodeError> {
    reader
        .text()?
        .parse()
        .map_err(|_| DecodeError::EmptyId(name))
}

fn document_id(fields: &Fields<'_>) -> Result<DocumentId, DecodeError> {
    let text = fields.required("documentId")?.text()?;
    text.parse().map_err(DecodeError::BadDocumentId)
}

/// `add` and `remove` are each optional; a missing list changes nothing, as
/// an empty one does.
fn storage_ids(fields: &Fields<'_>, name: &'static str) -> Result<Vec<StorageId>, DecodeError> {
    let Some(mut reader) = fields.get(name) else {
        return Ok(Vec::new());
    };
    reader
        .texts()?
        .into_iter()
        .map(|text| text.parse().map_err(|_| DecodeError::EmptyId(name)))
        .collect()
}

fn peer_metadata(fields: &Fields<'_>) -> Result<PeerMetadata, DecodeError> {
    let Some(mut reader) = fields.get("peerMetadata") else {
        return Ok(PeerMetadata::default());
    };
    let metadata = Fields::read(&mut reader, PEER_METADATA_KEYS)?;
    let storage_id = match metadata.get("storageId") {
        Some(mut reader) => Some(
            reader
                .text()?
                .parse()
                .map_err(|_| DecodeError::EmptyId("storageId"))?,
        ),
        None => None,
    };
    let is_ephemeral = match metadata.get("isEphemeral") {
        Some(mut reader) => reader.bool()?,
        None => false,
    };
    Ok(PeerMetadata {
        storage_id,
        is_ephemeral,
    })
}

/// An `error` that refuses a document has a `code`, and then the document
/// and its parameters (`params`, text to text; none when absent).
fn refused_document(fields: &Fields<'_>) -> Result<Option<RefusedDocument>, DecodeError> {
    let Some(mut code) = fields.get("code") else {
        return Ok(None);
    };
    let code = code.text()?.to_owned();
    let document_id = document_id(fields)?;
    let mut params = BTreeMap::new();
    if let Some(mut reader) = fields.get("params") {
        for _ in 0..reader.map_len()? {
            let key = reader.text()?.to_owned();
            let value = reader.text()?.to_owned();
            if params.insert(key, value).is_some() {
                return Err(DecodeError::DuplicateField("params"));
            }
        }
    }
    Ok(Some(RefusedDocument {
        document_id,
        code,
        params,
    }))
}

fn new_heads(fields: &Fields<'_>) -> Result<BTreeMap<StorageId, RemoteHeads>, DecodeError> {
    let mut reader = fields.required("newHeads")?;
    let mut new_heads = BTreeMap::new();
    for _ in 0..reader.map_len()? {
        let storage_id: StorageId = reader
            .text()?
            .parse()
            .map_err(|_| DecodeError::EmptyId("newHeads"))?;
        let mut entry = Reader::new(reader.skip("newHeads")?, "newHeads");
        let entry = Fields::read(&mut entry, REMOTE_HEADS_KEYS)?;
        let heads = RemoteHeads {
            heads: texts(&entry, "heads")?,
            timestamp: entry.required("timestamp")?.integer()?,
        };
        if new_heads.insert(storage_id, heads).is_some() {
            return Err(DecodeError::DuplicateField("newHeads"));
        }
    }
    Ok(new_heads)
}

fn shorten(text: &str) -> String {
    let mut end = text.len().min(UNKNOWN_TYPE_SHOWN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests;
