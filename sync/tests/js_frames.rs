//! Frames recorded from the JavaScript automerge-repo peers, byte for byte
//! (`e2e/interop/capture-frames.mjs` writes `tests/fixtures/js-frames/`):
//! automerge-repo 2.x clients talking to the npm sync server (whose repo is
//! 1.x), and to a 2.x hub with remote-heads gossiping. Each file is named
//! `NN-<client|server>-<type>.cbor`. Our codec must read every one of them,
//! and what it writes back must read as the same message.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

use concord_sync::{Message, PROTOCOL_V1};

/// The peer the capture has join with protocol version "99" only.
const FUTURE_PEER: &str = "peer-from-the-future";

/// A CBOR map header with a 16-bit length (major type 5, additional info 25).
const MAP_WITH_16_BIT_LENGTH: u8 = 0xb9;

struct Frame {
    name: String,
    type_name: String,
    bytes: Vec<u8>,
}

fn session(name: &str) -> Vec<Frame> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/js-frames")
        .join(name);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // `NN-from-type.cbor`; the type itself may contain dashes.
            let type_name = name
                .trim_end_matches(".cbor")
                .splitn(3, '-')
                .nth(2)
                .unwrap_or_else(|| panic!("{name} is not named NN-from-type.cbor"))
                .to_owned();
            let bytes = fs::read(&path).unwrap();
            Frame {
                name,
                type_name,
                bytes,
            }
        })
        .collect()
}

fn decoded(frame: &Frame) -> Message {
    Message::decode(&frame.bytes).unwrap_or_else(|e| panic!("{}: {e}", frame.name))
}

/// Every frame decodes as the type it was recorded as, and our encoding of it
/// decodes to the same message.
fn assert_round_trips(frames: &[Frame]) {
    assert!(!frames.is_empty(), "no recorded frames");
    for frame in frames {
        let message = decoded(frame);
        assert_eq!(message.type_name(), frame.type_name, "{}", frame.name);
        let again = Message::decode(&message.encode())
            .unwrap_or_else(|e| panic!("{}: our own encoding does not decode: {e}", frame.name));
        assert_eq!(again, message, "{}", frame.name);
    }
}

fn types(frames: &[Frame]) -> BTreeSet<&str> {
    frames.iter().map(|f| f.type_name.as_str()).collect()
}

#[test]
fn frames_of_clients_and_the_npm_sync_server_round_trip() {
    let frames = session("sync-server");
    assert_round_trips(&frames);
    let expected = [
        "join",
        "peer",
        "request",
        "sync",
        "ephemeral",
        "doc-unavailable",
        "error",
    ];
    assert!(
        expected.iter().all(|t| types(&frames).contains(t)),
        "recorded {:?}",
        types(&frames)
    );
}

#[test]
fn frames_of_a_gossiping_hub_round_trip() {
    let frames = session("gossip-hub");
    assert_round_trips(&frames);
    let expected = ["remote-subscription-change", "remote-heads-changed"];
    assert!(
        expected.iter().all(|t| types(&frames).contains(t)),
        "recorded {:?}",
        types(&frames)
    );
}

/// cbor-x writes every map header with a 16-bit length, even for four entries:
/// a decoder that insists on minimal lengths would read none of these frames.
#[test]
fn the_javascript_encoder_writes_non_minimal_map_lengths() {
    let frames = session("sync-server");
    assert!(
        frames
            .iter()
            .all(|f| f.bytes.first() == Some(&MAP_WITH_16_BIT_LENGTH))
    );
    let ours = decoded(&frames[0]).encode();
    assert_ne!(
        ours.first(),
        Some(&MAP_WITH_16_BIT_LENGTH),
        "we write minimal lengths"
    );
}

/// The clients offer protocol "1" and the server picks it; a peer that offers
/// only another version is told why in an `error` naming both peers.
#[test]
fn handshake_speaks_protocol_one_and_refuses_other_versions() {
    let frames = session("sync-server");
    let (mut joins, mut peers, mut errors) = (0, 0, 0);
    for frame in &frames {
        match decoded(frame) {
            Message::Join {
                sender_id,
                supported_protocol_versions,
                ..
            } if sender_id.as_str() != FUTURE_PEER => {
                joins += 1;
                assert_eq!(supported_protocol_versions, [PROTOCOL_V1], "{}", frame.name);
            }
            Message::Peer {
                sender_id,
                selected_protocol_version,
                ..
            } => {
                peers += 1;
                assert_eq!(selected_protocol_version, PROTOCOL_V1, "{}", frame.name);
                assert!(
                    sender_id.as_str().starts_with("storage-server-"),
                    "{sender_id:?}"
                );
            }
            Message::Error {
                sender_id,
                target_id,
                message,
                refused,
            } => {
                assert_eq!(refused, None, "JavaScript peers send no refusal data");
                errors += 1;
                assert!(sender_id.is_some_and(|s| s.as_str().starts_with("storage-server-")));
                assert_eq!(target_id.as_ref().map(|t| t.as_str()), Some(FUTURE_PEER));
                assert_eq!(message, "unsupported protocol version");
            }
            _ => {}
        }
    }
    assert_eq!(
        (joins, peers),
        (2, 2),
        "the server answered each client's join"
    );
    assert_eq!(errors, 1, "the server refused the unknown version");
}

/// The server's doc-unavailable answers the client's request for the same document.
#[test]
fn doc_unavailable_answers_the_request_for_a_missing_document() {
    let frames = session("sync-server");
    let messages: Vec<Message> = frames.iter().map(decoded).collect();
    let unavailable = messages
        .iter()
        .find_map(|m| match m {
            Message::DocUnavailable {
                document_id,
                target_id,
                ..
            } => Some((document_id, target_id)),
            _ => None,
        })
        .expect("a doc-unavailable frame");
    let asked = messages.iter().any(|m| {
        matches!(m, Message::Request { document_id, sender_id, .. }
            if document_id == unavailable.0 && sender_id == unavailable.1)
    });
    assert!(
        asked,
        "no request from {:?} for {:?}",
        unavailable.1, unavailable.0
    );
}

/// automerge-repo makes document ids as version-4 UUIDs, and the npm sync
/// server's 1.x repo accepts no other: ours are made the same way.
#[test]
fn javascript_document_ids_are_version_4_uuids_as_ours_are() {
    let is_v4 = |bytes: &[u8; 16]| bytes[6] >> 4 == 4 && bytes[8] >> 6 == 0b10;
    let mut seen = 0;
    for frame in session("sync-server").iter().chain(&session("gossip-hub")) {
        let document_id = match decoded(frame) {
            Message::Request { document_id, .. }
            | Message::Sync { document_id, .. }
            | Message::DocUnavailable { document_id, .. }
            | Message::Ephemeral { document_id, .. }
            | Message::RemoteHeadsChanged { document_id, .. } => document_id,
            _ => continue,
        };
        seen += 1;
        assert!(
            is_v4(document_id.as_bytes()),
            "{}: {document_id}",
            frame.name
        );
    }
    assert!(seen > 0);
    assert!(is_v4(
        concord_sync::DocumentId::new_v4([0xa5; 16]).as_bytes()
    ));
}
