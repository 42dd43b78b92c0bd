use std::{collections::BTreeMap, convert::Infallible};

use minicbor::{Encoder, encode::Error};

use super::number::write_integer;
use crate::{Message, PeerId, PeerMetadata, RemoteHeads, StorageId};

type Written = Result<(), Error<Infallible>>;

/// Writes `type`, then the peers, then the rest; optional fields that are
/// unset are left out rather than written as null, as JavaScript peers expect
/// them absent.
pub(crate) fn encode(message: &Message) -> Vec<u8> {
    let mut encoder = Encoder::new(Vec::new());
    write_message(&mut encoder, message)
        .expect("writing CBOR into a Vec cannot fail: a Vec grows as needed");
    encoder.into_writer()
}

fn write_message(e: &mut Encoder<Vec<u8>>, message: &Message) -> Written {
    let type_name = message.type_name();
    match message {
        Message::Join {
            sender_id,
            supported_protocol_versions,
            peer_metadata,
        } => {
            e.map(4)?;
            e.str("type")?.str(type_name)?;
            e.str("senderId")?.str(sender_id.as_str())?;
            e.str("supportedProtocolVersions")?;
            write_texts(e, supported_protocol_versions.iter().map(String::as_str))?;
            e.str("peerMetadata")?;
            write_peer_metadata(e, peer_metadata)?;
        }
        Message::Peer {
            sender_id,
            target_id,
            selected_protocol_version,
            peer_metadata,
        } => {
            e.map(5)?;
            write_header(e, type_name, sender_id, target_id)?;
            e.str("selectedProtocolVersion")?
                .str(selected_protocol_version)?;
            e.str("peerMetadata")?;
            write_peer_metadata(e, peer_metadata)?;
        }
        Message::Leave { sender_id } => {
            e.map(2)?;
            e.str("type")?.str(type_name)?;
            e.str("senderId")?.str(sender_id.as_str())?;
        }
        Message::Error {
            sender_id,
            target_id,
            message,
            refused,
        } => {
            e.map(
                2 + u64::from(sender_id.is_some())
                    + u64::from(target_id.is_some())
                    + if refused.is_some() { 3 } else { 0 },
            )?;
            e.str("type")?.str(type_name)?;
            if let Some(sender_id) = sender_id {
                e.str("senderId")?.str(sender_id.as_str())?;
            }
            if let Some(target_id) = target_id {
                e.str("targetId")?.str(target_id.as_str())?;
            }
            e.str("message")?.str(message)?;
            if let Some(refused) = refused {
                e.str("documentId")?.str(&refused.document_id.to_string())?;
                e.str("code")?.str(&refused.code)?;
                e.str("params")?.map(refused.params.len() as u64)?;
                for (key, value) in &refused.params {
                    e.str(key)?.str(value)?;
                }
            }
        }
        Message::Request {
            sender_id,
            target_id,
            document_id,
            data,
        }
        | Message::Sync {
            sender_id,
            target_id,
            document_id,
            data,
        } => {
            e.map(5)?;
            write_header(e, type_name, sender_id, target_id)?;
            e.str("documentId")?.str(&document_id.to_string())?;
            e.str("data")?.bytes(data)?;
        }
        Message::DocUnavailable {
            sender_id,
            target_id,
            document_id,
        } => {
            e.map(4)?;
            write_header(e, type_name, sender_id, target_id)?;
            e.str("documentId")?.str(&document_id.to_string())?;
        }
        Message::Ephemeral {
            sender_id,
            target_id,
            document_id,
            session_id,
            count,
            data,
        } => {
            e.map(7)?;
            write_header(e, type_name, sender_id, target_id)?;
            e.str("documentId")?.str(&document_id.to_string())?;
            e.str("sessionId")?.str(session_id)?;
            e.str("count")?;
            write_integer(e, *count)?;
            e.str("data")?.bytes(data)?;
        }
        Message::RemoteSubscriptionChange {
            sender_id,
            target_id,
            add,
            remove,
        } => {
            e.map(5)?;
            write_header(e, type_name, sender_id, target_id)?;
            e.str("add")?;
            write_texts(e, add.iter().map(StorageId::as_str))?;
            e.str("remove")?;
            write_texts(e, remove.iter().map(StorageId::as_str))?;
        }
        Message::RemoteHeadsChanged {
            sender_id,
            target_id,
            document_id,
            new_heads,
        } => {
            e.map(5)?;
            write_header(e, type_name, sender_id, target_id)?;
            e.str("documentId")?.str(&document_id.to_string())?;
            e.str("newHeads")?;
            write_new_heads(e, new_heads)?;
        }
    }
    Ok(())
}

fn write_header(
    e: &mut Encoder<Vec<u8>>,
    type_name: &str,
    sender_id: &PeerId,
    target_id: &PeerId,
) -> Written {
    e.str("type")?.str(type_name)?;
    e.str("senderId")?.str(sender_id.as_str())?;
    e.str("targetId")?.str(target_id.as_str())?;
    Ok(())
}

fn write_texts<'t>(
    e: &mut Encoder<Vec<u8>>,
    texts: impl ExactSizeIterator<Item = &'t str>,
) -> Written {
    e.array(texts.len() as u64)?;
    for text in texts {
        e.str(text)?;
    }
    Ok(())
}

fn write_peer_metadata(e: &mut Encoder<Vec<u8>>, metadata: &PeerMetadata) -> Written {
    e.map(1 + u64::from(metadata.storage_id.is_some()))?;
    if let Some(storage_id) = &metadata.storage_id {
        e.str("storageId")?.str(storage_id.as_str())?;
    }
    e.str("isEphemeral")?.bool(metadata.is_ephemeral)?;
    Ok(())
}

fn write_new_heads(
    e: &mut Encoder<Vec<u8>>,
    new_heads: &BTreeMap<StorageId, RemoteHeads>,
) -> Written {
    e.map(new_heads.len() as u64)?;
    for (storage_id, remote) in new_heads {
        e.str(storage_id.as_str())?;
        e.map(2)?;
        e.str("heads")?;
        write_texts(e, remote.heads.iter().map(String::as_str))?;
        e.str("timestamp")?;
        write_integer(e, remote.timestamp)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::cbor_bytes::{FALSE, array, bytes, double, head, text};
    use super::*;
    use crate::DocumentId;

    fn peer(text: &str) -> PeerId {
        text.parse().unwrap()
    }

    #[test]
    fn writes_sync_as_a_map_of_text_keys_with_data_as_bytes() {
        let document_id = DocumentId::from_bytes([0; 16]);
        let message = Message::Sync {
            sender_id: peer("peer-abc"),
            target_id: peer("relay"),
            document_id,
            data: vec![0x42, 1, 2],
        };
        let expected = [
            head(5, 5),
            text("type"),
            text("sync"),
            text("senderId"),
            text("peer-abc"),
            text("targetId"),
            text("relay"),
            text("documentId"),
            text("11111111111111114Ki9Gx"),
            text("data"),
            bytes(&[0x42, 1, 2]),
        ]
        .concat();
        assert_eq!(encode(&message), expected);
    }

    #[test]
    fn leaves_out_unset_options_rather_than_writing_null() {
        let join = Message::Join {
            sender_id: peer("p"),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: PeerMetadata::default(),
        };
        let expected = [
            head(5, 4),
            text("type"),
            text("join"),
            text("senderId"),
            text("p"),
            text("supportedProtocolVersions"),
            array(&[text("1")]),
            text("peerMetadata"),
            head(5, 1),
            text("isEphemeral"),
            vec![FALSE],
        ]
        .concat();
        assert_eq!(encode(&join), expected);

        let error = Message::Error {
            sender_id: None,
            target_id: Some(peer("p")),
            message: "bye".into(),
            refused: None,
        };
        let expected = [
            head(5, 3),
            text("type"),
            text("error"),
            text("targetId"),
            text("p"),
            text("message"),
            text("bye"),
        ]
        .concat();
        assert_eq!(encode(&error), expected);
    }

    #[test]
    fn writes_a_date_now_timestamp_as_a_double_like_cbor_x() {
        let storage_id: StorageId = "s".parse().unwrap();
        let message = Message::RemoteHeadsChanged {
            sender_id: peer("a"),
            target_id: peer("b"),
            document_id: DocumentId::from_bytes([0; 16]),
            new_heads: BTreeMap::from([(
                storage_id,
                RemoteHeads {
                    heads: vec!["h".into()],
                    timestamp: 1_717_171_717_171,
                },
            )]),
        };
        let new_heads = [
            head(5, 1),
            text("s"),
            head(5, 2),
            text("heads"),
            array(&[text("h")]),
            text("timestamp"),
            double(1_717_171_717_171.0),
        ]
        .concat();
        assert!(encode(&message).ends_with(&new_heads));
    }
}
