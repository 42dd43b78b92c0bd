//! Frames in the exact shapes JavaScript automerge-repo 2.x writes with cbor-x
//! (every object a map with a 16-bit header, keys in the order the JavaScript
//! builds the object, `undefined` for unset options, large numbers as doubles),
//! and frames that must be refused.

use super::super::cbor_bytes::{
    FALSE, TEXT, TRUE, UNDEFINED, array, bytes, double, head, head16, object, text, text16, uint,
};
use super::*;
use crate::DocumentIdError;

/// base58check of the bytes 1..=16, computed apart from this crate.
const DOC: &str = "pEbmSWqJdBuPadRGm8tDZXgWR6";
const STORAGE: &str = "3760df37-a4c6-4f66-9ecd-732039a9e6ba";

fn peer(text: &str) -> PeerId {
    text.parse().unwrap()
}

fn doc() -> DocumentId {
    DocumentId::from_bytes(std::array::from_fn(|i| i as u8 + 1))
}

fn storage() -> StorageId {
    STORAGE.parse().unwrap()
}

/// A `sync` frame as the JavaScript repo sends it: the synchronizer builds
/// `{type, targetId, documentId, data}` and the network subsystem appends `senderId`.
fn js_sync(data: Vec<u8>) -> Vec<u8> {
    object(&[
        ("type", text("sync")),
        ("targetId", text("relay")),
        ("documentId", text(DOC)),
        ("data", data),
        ("senderId", text("peer-abc")),
    ])
}

fn sync_message() -> Message {
    Message::Sync {
        sender_id: peer("peer-abc"),
        target_id: peer("relay"),
        document_id: doc(),
        data: vec![0x42, 0x01, 0x02],
    }
}

#[test]
fn decodes_a_join_byte_for_byte_as_the_websocket_client_writes_it() {
    let frame: Vec<u8> = [
        &[0xb9, 0x00, 0x04][..],
        &[0x64],
        b"type",
        &[0x64],
        b"join",
        &[0x68],
        b"senderId",
        &[0x68],
        b"peer-abc",
        &[0x6c],
        b"peerMetadata",
        &[0xb9, 0x00, 0x02],
        &[0x69],
        b"storageId",
        &[0x78, 0x24],
        STORAGE.as_bytes(),
        &[0x6b],
        b"isEphemeral",
        &[0xf4],
        &[0x78, 0x19],
        b"supportedProtocolVersions",
        &[0x81, 0x61, b'1'],
    ]
    .concat();
    assert_eq!(
        decode(&frame),
        Ok(Message::Join {
            sender_id: peer("peer-abc"),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: PeerMetadata {
                storage_id: Some(storage()),
                is_ephemeral: false,
            },
        })
    );
}

#[test]
fn decodes_a_join_from_a_peer_without_storage() {
    // The repo builds `{storageId: await storage?.id(), isEphemeral}`, so a
    // peer without storage sends the key with `undefined`.
    let frame = object(&[
        ("type", text("join")),
        ("senderId", text("peer-abc")),
        (
            "peerMetadata",
            object(&[("storageId", vec![UNDEFINED]), ("isEphemeral", vec![TRUE])]),
        ),
        ("supportedProtocolVersions", array(&[text("1")])),
    ]);
    let Ok(Message::Join { peer_metadata, .. }) = decode(&frame) else {
        panic!("{:?}", decode(&frame));
    };
    assert_eq!(
        peer_metadata,
        PeerMetadata {
            storage_id: None,
            is_ephemeral: true
        }
    );
}

#[test]
fn reads_empty_or_missing_peer_metadata_as_the_default() {
    // `connect(peerId)` without metadata makes the client send `{}`.
    for metadata in [Some(object(&[])), Some(vec![UNDEFINED]), None] {
        let mut entries = vec![
            ("type", text("join")),
            ("senderId", text("peer-abc")),
            ("supportedProtocolVersions", array(&[text("1")])),
        ];
        entries.extend(metadata.map(|m| ("peerMetadata", m)));
        let Ok(Message::Join { peer_metadata, .. }) = decode(&object(&entries)) else {
            panic!("{entries:?}");
        };
        assert_eq!(peer_metadata, PeerMetadata::default());
    }
}

#[test]
fn decodes_the_servers_peer_and_error_replies() {
    let peer_frame = object(&[
        ("type", text("peer")),
        ("senderId", text("relay")),
        (
            "peerMetadata",
            object(&[("storageId", text(STORAGE)), ("isEphemeral", vec![FALSE])]),
        ),
        ("selectedProtocolVersion", text("1")),
        ("targetId", text("peer-abc")),
    ]);
    assert_eq!(
        decode(&peer_frame),
        Ok(Message::Peer {
            sender_id: peer("relay"),
            target_id: peer("peer-abc"),
            selected_protocol_version: "1".into(),
            peer_metadata: PeerMetadata {
                storage_id: Some(storage()),
                is_ephemeral: false
            },
        })
    );
    let error_frame = object(&[
        ("type", text("error")),
        ("senderId", text("relay")),
        ("message", text("unsupported protocol version")),
        ("targetId", text("peer-abc")),
    ]);
    assert_eq!(
        decode(&error_frame),
        Ok(Message::Error {
            sender_id: Some(peer("relay")),
            target_id: Some(peer("peer-abc")),
            message: "unsupported protocol version".into(),
            refused: None,
        })
    );
    let bare_error = object(&[("type", text("error")), ("message", text("no"))]);
    assert_eq!(
        decode(&bare_error),
        Ok(Message::Error {
            sender_id: None,
            target_id: None,
            message: "no".into(),
            refused: None,
        })
    );
}

#[test]
fn an_error_that_refuses_a_document_says_which_and_why() {
    let id = DocumentId::from_bytes([9; 16]);
    let params = object(&[("row_owner", text("ann"))]);
    let frame = object(&[
        ("type", text("error")),
        (
            "message",
            text("only the row's owner ann may write this cell"),
        ),
        ("documentId", text(&id.to_string())),
        ("code", text("not-row-owner")),
        ("params", params),
    ]);
    let Ok(Message::Error {
        refused: Some(refused),
        ..
    }) = decode(&frame)
    else {
        panic!("no refusal in {:?}", decode(&frame));
    };
    assert_eq!(refused.document_id, id);
    assert_eq!(refused.code, "not-row-owner");
    assert_eq!(refused.params["row_owner"], "ann");
    let without_document = object(&[
        ("type", text("error")),
        ("message", text("x")),
        ("code", text("not-row-owner")),
    ]);
    assert_eq!(
        decode(&without_document),
        Err(DecodeError::MissingField("documentId"))
    );
    let twice = object(&[
        ("type", text("error")),
        ("message", text("x")),
        ("documentId", text(&id.to_string())),
        ("code", text("c")),
        ("params", object(&[("k", text("1")), ("k", text("2"))])),
    ]);
    assert_eq!(decode(&twice), Err(DecodeError::DuplicateField("params")));
}

#[test]
fn decodes_sync_and_request() {
    assert_eq!(decode(&js_sync(bytes(&[0x42, 1, 2]))), Ok(sync_message()));
    let request = object(&[
        ("type", text("request")),
        ("targetId", text("relay")),
        ("documentId", text(DOC)),
        ("data", bytes(&[9])),
        ("senderId", text("peer-abc")),
    ]);
    assert_eq!(
        decode(&request),
        Ok(Message::Request {
            sender_id: peer("peer-abc"),
            target_id: peer("relay"),
            document_id: doc(),
            data: vec![9],
        })
    );
}

#[test]
fn accepts_16_bit_lengths_where_8_bits_or_fewer_would_do() {
    let frame = object(&[
        ("type", text16("sync")),
        ("targetId", text16("relay")),
        ("documentId", text16(DOC)),
        ("data", [&head16(2, 3)[..], &[0x42, 1, 2]].concat()),
        ("senderId", text16("peer-abc")),
    ]);
    assert_eq!(frame[..3], [0xb9, 0x00, 0x05]);
    assert_eq!(decode(&frame), Ok(sync_message()));
    // A 32-bit map header and a 64-bit string length are no different.
    let mut wide = js_sync(bytes(&[0x42, 1, 2]));
    wide.splice(..3, [0xba, 0, 0, 0, 5]);
    assert_eq!(decode(&wide), Ok(sync_message()));
    let type_at = 5 + text("type").len();
    wide.splice(type_at..type_at + 1, [0x7b, 0, 0, 0, 0, 0, 0, 0, 4]);
    assert_eq!(decode(&wide), Ok(sync_message()));
}

#[test]
fn accepts_data_tagged_as_a_uint8array() {
    // cbor-x's default `tagUint8Array` writes tag 64 before the bytes.
    let tagged = [&[0xd8, 64][..], &bytes(&[0x42, 1, 2])].concat();
    assert_eq!(decode(&js_sync(tagged)), Ok(sync_message()));
}

#[test]
fn decodes_doc_unavailable_and_leave() {
    let frame = object(&[
        ("type", text("doc-unavailable")),
        ("documentId", text(DOC)),
        ("targetId", text("peer-abc")),
        ("senderId", text("relay")),
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::DocUnavailable {
            sender_id: peer("relay"),
            target_id: peer("peer-abc"),
            document_id: doc(),
        })
    );
    let leave = object(&[("type", text("leave")), ("senderId", text("peer-abc"))]);
    assert_eq!(
        decode(&leave),
        Ok(Message::Leave {
            sender_id: peer("peer-abc")
        })
    );
}

#[test]
fn decodes_ephemeral_with_its_count_as_integer_or_double() {
    for count in [uint(3), double(3.0)] {
        let frame = object(&[
            ("type", text("ephemeral")),
            ("targetId", text("relay")),
            ("documentId", text(DOC)),
            ("data", bytes(&[0xa1, 0x61, b'x', 0x01])),
            ("count", count),
            ("sessionId", text("k2j3h4l5")),
            ("senderId", text("peer-abc")),
        ]);
        assert_eq!(
            decode(&frame),
            Ok(Message::Ephemeral {
                sender_id: peer("peer-abc"),
                target_id: peer("relay"),
                document_id: doc(),
                session_id: "k2j3h4l5".into(),
                count: 3,
                data: vec![0xa1, 0x61, b'x', 0x01],
            })
        );
    }
}

#[test]
fn decodes_a_subscription_change_with_one_list_undefined() {
    // The repo sends `{type, targetId, add, remove}` with one of the two unset.
    let frame = object(&[
        ("type", text("remote-subscription-change")),
        ("targetId", text("relay")),
        ("add", array(&[text(STORAGE)])),
        ("remove", vec![UNDEFINED]),
        ("senderId", text("peer-abc")),
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::RemoteSubscriptionChange {
            sender_id: peer("peer-abc"),
            target_id: peer("relay"),
            add: vec![storage()],
            remove: vec![],
        })
    );
}

#[test]
fn decodes_remote_heads_with_a_date_now_timestamp() {
    let head_hash = "6c1ae5b2f1a8c6f0e5f2b8c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6";
    let frame = object(&[
        ("type", text("remote-heads-changed")),
        ("targetId", text("peer-abc")),
        ("documentId", text(DOC)),
        (
            "newHeads",
            object(&[(
                STORAGE,
                object(&[
                    ("heads", array(&[text(head_hash)])),
                    ("timestamp", double(1_717_171_717_171.0)),
                ]),
            )]),
        ),
        ("senderId", text("relay")),
    ]);
    let expected = RemoteHeads {
        heads: vec![head_hash.into()],
        timestamp: 1_717_171_717_171,
    };
    assert_eq!(
        decode(&frame),
        Ok(Message::RemoteHeadsChanged {
            sender_id: peer("relay"),
            target_id: peer("peer-abc"),
            document_id: doc(),
            new_heads: BTreeMap::from([(storage(), expected)]),
        })
    );
}

#[test]
fn ignores_keys_it_does_not_know_and_keys_of_other_message_types() {
    let frame = object(&[
        ("type", text("sync")),
        (
            "traceparent",
            object(&[("id", array(&[uint(1), double(0.5)]))]),
        ),
        ("targetId", text("relay")),
        // `count` belongs to ephemeral messages; here its type does not matter.
        ("count", text("not a number")),
        ("documentId", text(DOC)),
        ("data", bytes(&[0x42, 1, 2])),
        ("senderId", text("peer-abc")),
    ]);
    assert_eq!(decode(&frame), Ok(sync_message()));
    // A non-text key is just another extra entry.
    let mut with_int_key = js_sync(bytes(&[0x42, 1, 2]));
    with_int_key[2] += 1;
    with_int_key.extend([0x07, 0xf6]);
    assert_eq!(decode(&with_int_key), Ok(sync_message()));
}

#[test]
fn refuses_every_truncation() {
    let frame = js_sync(bytes(&[0x42, 1, 2]));
    for end in 0..frame.len() {
        let result = decode(&frame[..end]);
        assert!(
            matches!(
                result,
                Err(DecodeError::Truncated | DecodeError::TooLarge { .. })
            ),
            "{end}: {result:?}"
        );
    }
    assert_eq!(decode(&[]), Err(DecodeError::Truncated));
}

#[test]
fn refuses_bytes_after_the_message() {
    let frame = js_sync(bytes(&[0x42, 1, 2]));
    assert_eq!(
        decode(&[&frame[..], &[0x00]].concat()),
        Err(DecodeError::TrailingBytes(1))
    );
    assert_eq!(
        decode(&frame.repeat(2)),
        Err(DecodeError::TrailingBytes(frame.len()))
    );
}

#[test]
fn refuses_a_frame_that_is_not_one_definite_map() {
    for frame in [array(&[text("sync")]), text("sync"), uint(1), vec![0xf6]] {
        assert_eq!(decode(&frame), Err(DecodeError::NotAMap), "{frame:?}");
    }
    let indefinite = [&[0xbf][..], &text("type"), &text("leave"), &[0xff]].concat();
    assert_eq!(
        decode(&indefinite),
        Err(DecodeError::IndefiniteLength { field: "frame" })
    );
}

#[test]
fn refuses_fields_of_the_wrong_type() {
    let wrong_type = |field, expected| Err(DecodeError::WrongType { field, expected });
    assert_eq!(decode(&js_sync(text("AAEC"))), wrong_type("data", "bytes"));
    assert_eq!(
        decode(&js_sync([&[0xc2][..], &bytes(&[1])].concat())),
        wrong_type("data", "bytes"),
        "a bignum tag is not a Uint8Array"
    );
    let mut frame = js_sync(bytes(&[1]));
    let sender_at = frame.len() - text("peer-abc").len();
    frame.truncate(sender_at);
    frame.extend(uint(7));
    assert_eq!(decode(&frame), wrong_type("senderId", "text"));

    let type_as_number = object(&[("type", uint(1))]);
    assert_eq!(decode(&type_as_number), wrong_type("type", "text"));

    let ephemeral = |count: Vec<u8>| {
        object(&[
            ("type", text("ephemeral")),
            ("targetId", text("relay")),
            ("documentId", text(DOC)),
            ("data", bytes(&[1])),
            ("count", count),
            ("sessionId", text("s")),
            ("senderId", text("peer-abc")),
        ])
    };
    let integer = wrong_type("count", "a non-negative integer");
    assert_eq!(decode(&ephemeral(vec![0x20])), integer, "-1");
    assert_eq!(decode(&ephemeral(double(1.5))), integer);
    assert_eq!(decode(&ephemeral(double(-2.0))), integer);
    assert_eq!(decode(&ephemeral(text("3"))), integer);

    let join = |metadata: Vec<u8>, versions: Vec<u8>| {
        object(&[
            ("type", text("join")),
            ("senderId", text("peer-abc")),
            ("peerMetadata", metadata),
            ("supportedProtocolVersions", versions),
        ])
    };
    let versions = array(&[text("1")]);
    assert_eq!(
        decode(&join(text("{}"), versions.clone())),
        wrong_type("peerMetadata", "a map")
    );
    assert_eq!(
        decode(&join(object(&[("isEphemeral", uint(1))]), versions.clone())),
        wrong_type("isEphemeral", "true or false")
    );
    assert_eq!(
        decode(&join(object(&[]), text("1"))),
        wrong_type("supportedProtocolVersions", "an array of text")
    );
    assert_eq!(
        decode(&join(object(&[]), array(&[uint(1)]))),
        wrong_type("supportedProtocolVersions", "text")
    );
}

#[test]
fn refuses_text_that_is_not_utf8() {
    let mut frame = js_sync(bytes(&[1]));
    let last = frame.len() - 1;
    frame[last] = 0xff;
    assert_eq!(decode(&frame), Err(DecodeError::InvalidUtf8("senderId")));
}

#[test]
fn refuses_missing_fields() {
    let without = |skip: &str| {
        let entries: Vec<_> = [
            ("type", text("sync")),
            ("targetId", text("relay")),
            ("documentId", text(DOC)),
            ("data", bytes(&[1])),
            ("senderId", text("peer-abc")),
        ]
        .into_iter()
        .filter(|(key, _)| *key != skip)
        .collect();
        decode(&object(&entries))
    };
    for field in ["type", "targetId", "documentId", "data", "senderId"] {
        assert_eq!(without(field), Err(DecodeError::MissingField(field)));
    }
    // `undefined` where a value is required is as good as missing.
    let frame = object(&[("type", text("leave")), ("senderId", vec![UNDEFINED])]);
    assert_eq!(decode(&frame), Err(DecodeError::MissingField("senderId")));
    let heads = object(&[
        ("type", text("remote-heads-changed")),
        ("targetId", text("relay")),
        ("documentId", text(DOC)),
        (
            "newHeads",
            object(&[(STORAGE, object(&[("heads", array(&[]))]))]),
        ),
        ("senderId", text("peer-abc")),
    ]);
    assert_eq!(decode(&heads), Err(DecodeError::MissingField("timestamp")));
}

#[test]
fn refuses_a_key_given_twice() {
    let frame = object(&[
        ("type", text("sync")),
        ("targetId", text("relay")),
        ("documentId", text(DOC)),
        ("data", bytes(&[1])),
        ("senderId", text("peer-abc")),
        ("documentId", text(DOC)),
    ]);
    assert_eq!(
        decode(&frame),
        Err(DecodeError::DuplicateField("documentId"))
    );
    let metadata = object(&[("isEphemeral", vec![TRUE]), ("isEphemeral", vec![FALSE])]);
    let join = object(&[
        ("type", text("join")),
        ("senderId", text("peer-abc")),
        ("peerMetadata", metadata),
        ("supportedProtocolVersions", array(&[])),
    ]);
    assert_eq!(
        decode(&join),
        Err(DecodeError::DuplicateField("isEphemeral"))
    );
}

#[test]
fn refuses_bad_document_ids() {
    let with_document_id = |id: &str| {
        decode(&object(&[
            ("type", text("doc-unavailable")),
            ("documentId", text(id)),
            ("targetId", text("peer-abc")),
            ("senderId", text("relay")),
        ]))
    };
    let bad = |result| matches!(result, Err(DecodeError::BadDocumentId(_)));
    assert!(bad(with_document_id("not base58 0OIl")));
    assert!(bad(with_document_id(&DOC.replace('p', "q"))), "checksum");
    assert_eq!(
        with_document_id("26ysEDTvDr2tK2RZ"),
        Err(DecodeError::BadDocumentId(DocumentIdError::WrongLength {
            text: "26ysEDTvDr2tK2RZ".into(),
            len: 8
        }))
    );
    assert_eq!(
        with_document_id(&"z".repeat(5000)),
        Err(DecodeError::BadDocumentId(DocumentIdError::TooLong(5000)))
    );
    assert!(bad(with_document_id(&format!("automerge:{DOC}"))), "a URL");
}

#[test]
fn refuses_empty_peer_and_storage_ids() {
    let leave = object(&[("type", text("leave")), ("senderId", text(""))]);
    assert_eq!(decode(&leave), Err(DecodeError::EmptyId("senderId")));
    let change = object(&[
        ("type", text("remote-subscription-change")),
        ("targetId", text("relay")),
        ("remove", array(&[text("")])),
        ("senderId", text("peer-abc")),
    ]);
    assert_eq!(decode(&change), Err(DecodeError::EmptyId("remove")));
}

#[test]
fn refuses_unknown_types_keeping_only_the_start_of_the_name() {
    let frame = object(&[("type", text("subduction")), ("senderId", text("x"))]);
    assert_eq!(
        decode(&frame),
        Err(DecodeError::UnknownType("subduction".into()))
    );
    let long = "é".repeat(100);
    let Err(DecodeError::UnknownType(shown)) = decode(&object(&[("type", text(&long))])) else {
        panic!()
    };
    assert_eq!(shown, "é".repeat(32));
}

#[test]
fn refuses_declared_lengths_beyond_the_frame_without_allocating_them() {
    let huge_text = [&head(TEXT, u64::MAX)[..], b"peer"].concat();
    let frame = object(&[("type", text("leave")), ("senderId", huge_text)]);
    assert_eq!(
        decode(&frame),
        Err(DecodeError::TooLarge {
            field: "senderId",
            declared: u64::MAX,
            remaining: 4
        })
    );
    let huge_data = [&[0x5a, 0xff, 0xff, 0xff, 0xff][..], &[1, 2]].concat();
    assert!(matches!(
        decode(&js_sync(huge_data)),
        Err(DecodeError::TooLarge {
            field: "data",
            declared: 0xffff_ffff,
            ..
        })
    ));
    let huge_map = [&[0xbb][..], &u64::MAX.to_be_bytes(), &text("type")].concat();
    assert!(matches!(
        decode(&huge_map),
        Err(DecodeError::TooLarge { field: "frame", .. })
    ));
    let huge_array = [&[0x9b][..], &(1u64 << 40).to_be_bytes()].concat();
    let join = object(&[
        ("type", text("join")),
        ("senderId", text("peer-abc")),
        ("supportedProtocolVersions", huge_array),
    ]);
    assert!(matches!(
        decode(&join),
        Err(DecodeError::TooLarge {
            field: "supportedProtocolVersions",
            ..
        })
    ));
    // A value that is only skipped is checked the same way, and nested ones
    // by minicbor, which refuses to read past the end.
    let extra = [&[0x5b][..], &u64::MAX.to_be_bytes()].concat();
    let frame = object(&[("type", text("leave")), ("extra", extra.clone())]);
    assert!(matches!(
        decode(&frame),
        Err(DecodeError::TooLarge { field: "frame", .. })
    ));
    let frame = object(&[("type", text("leave")), ("extra", array(&[extra]))]);
    assert_eq!(decode(&frame), Err(DecodeError::Truncated));
}

#[test]
fn refuses_bytes_cbor_leaves_undefined() {
    // Additional information 28 to 30 is reserved in every major type.
    for reserved in [0x1c, 0x5d, 0x7e, 0xbe] {
        let frame = object(&[("type", text("leave")), ("extra", vec![reserved])]);
        assert!(
            matches!(decode(&frame), Err(DecodeError::Malformed(_))),
            "{reserved:#x}"
        );
    }
}
