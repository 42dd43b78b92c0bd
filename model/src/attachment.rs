//! What an attachment field holds: references to files the relay stores by
//! the SHA-256 of their bytes, and the rules every such reference keeps
//! (a harmless file name, a plain media type), written once for the app
//! that makes them, the relay that serves them and the rules that judge
//! documents holding them.

use std::{fmt, str::FromStr};

/// Longest file name kept, in characters: longer names are cut.
pub const FILE_NAME_MAX_CHARS: usize = 120;

/// What a file whose media type is unknown, or not one we trust, is.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// One item of an attachment field or cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// A file the relay keeps.
    File(FileRef),
    /// A name or link typed before files were stored: nothing behind it.
    Named(String),
}

impl Attachment {
    /// The name a reader sees.
    pub fn name(&self) -> &str {
        match self {
            Attachment::File(file) => &file.name,
            Attachment::Named(name) => name,
        }
    }

    pub fn file(&self) -> Option<&FileRef> {
        match self {
            Attachment::File(file) => Some(file),
            Attachment::Named(_) => None,
        }
    }
}

/// A stored file as a document names it. The relay serves the bytes whose
/// SHA-256 is `sha256`; the rest is what the uploader's browser said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub sha256: FileHash,
    /// Made harmless (`harmless_file_name`) before it is written.
    pub name: String,
    pub size: u64,
    /// What the uploader's browser said (`media_type_of`); the relay
    /// serves as an image only bytes that read as one.
    pub media_type: String,
}

impl FileRef {
    /// A reference with its name and media type made harmless.
    pub fn new(sha256: FileHash, name: &str, size: u64, media_type: &str) -> Self {
        Self {
            sha256,
            name: harmless_file_name(name),
            size,
            media_type: media_type_of(media_type),
        }
    }

    /// Why the reference is not one `new` would make, if it is not.
    pub fn misfit(&self) -> Option<&'static str> {
        if self.name != harmless_file_name(&self.name) {
            return Some("a file name with path separators or control characters");
        }
        if self.media_type != media_type_of(&self.media_type) {
            return Some("not a plain media type");
        }
        None
    }

    /// Whether a reader may see it as a picture: one of the image types a
    /// browser shows and the relay recognises (`sniff_image`), never SVG,
    /// which can carry script.
    pub fn is_image(&self) -> bool {
        IMAGE_TYPES.iter().any(|(kind, _)| *kind == self.media_type)
    }
}

/// The SHA-256 of a file's bytes as 64 lowercase hexadecimal digits: the
/// file's name on the relay, so nothing else may name one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileHash(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a file's hash is 64 hexadecimal digits (SHA-256)")]
pub struct BadFileHash;

impl FileHash {
    /// The hash of 32 digest bytes.
    pub fn from_digest(digest: &[u8; 32]) -> Self {
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for FileHash {
    type Err = BadFileHash;

    /// Upper-case digits are read too, and kept lower-case.
    fn from_str(text: &str) -> Result<Self, BadFileHash> {
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(text.to_ascii_lowercase()))
        } else {
            Err(BadFileHash)
        }
    }
}

impl fmt::Display for FileHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `name` as a file name that names no other place on anyone's disk: no
/// path separators or characters Windows refuses (each becomes `_`), no
/// control or direction-changing characters (dropped), no leading dots or
/// trailing dots and blanks, at most `FILE_NAME_MAX_CHARS` characters;
/// nothing left is `file`.
pub fn harmless_file_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let kept = kept
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let cut: String = kept.chars().take(FILE_NAME_MAX_CHARS).collect();
    let cut = cut.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if cut.is_empty() {
        "file".to_owned()
    } else {
        cut.to_owned()
    }
}

/// Characters that reorder how a name reads (`gpj.exe` shown as `exe.jpg`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A browser's media type for a file as one word `type/subtype` in lower
/// case (parameters dropped), or `OCTET_STREAM` where it is none.
pub fn media_type_of(said: &str) -> String {
    let essence = said.split(';').next().unwrap_or_default().trim();
    let token = |part: &str| {
        !part.is_empty()
            && part.len() <= 64
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => essence.to_ascii_lowercase(),
        _ => OCTET_STREAM.to_owned(),
    }
}

/// The image types a reader is shown, each by how its bytes begin.
const IMAGE_TYPES: &[(&str, &[&[u8]])] = &[
    ("image/png", &[b"\x89PNG\r\n\x1a\n"]),
    ("image/jpeg", &[b"\xff\xd8\xff"]),
    ("image/gif", &[b"GIF87a", b"GIF89a"]),
    ("image/webp", &[]),
];

/// The image type `bytes` begin as, if one of those a reader is shown:
/// the relay labels a file by this, never by what an uploader said.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    // WebP: a RIFF container whose form is `WEBP`.
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    IMAGE_TYPES
        .iter()
        .find(|(_, starts)| starts.iter().any(|start| bytes.starts_with(start)))
        .map(|(kind, _)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_way_out_of_a_folder() {
        assert_eq!(harmless_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(harmless_file_name("..\\boot.ini"), "_boot.ini");
        assert_eq!(harmless_file_name("C:\\x.txt"), "C__x.txt");
        assert_eq!(harmless_file_name("a\u{0}b\r\n.txt"), "ab.txt");
        assert_eq!(harmless_file_name("photo\u{202e}gpj.exe"), "photogpj.exe");
        assert_eq!(harmless_file_name(" .hidden "), "hidden");
        assert_eq!(harmless_file_name(".."), "file");
        assert_eq!(harmless_file_name("\u{7}"), "file");
        assert_eq!(harmless_file_name("季度 报告 v2.pdf"), "季度 报告 v2.pdf");
        let long = "长".repeat(300) + ".pdf";
        assert_eq!(
            harmless_file_name(&long).chars().count(),
            FILE_NAME_MAX_CHARS
        );
    }

    #[test]
    fn a_harmless_name_stays_as_it_is() {
        for name in [
            "../a/b",
            "a\tb",
            "  x  ",
            "名字.png",
            "...",
            "a.",
            "x".repeat(500).as_str(),
        ] {
            let once = harmless_file_name(name);
            assert_eq!(harmless_file_name(&once), once, "{name:?}");
        }
    }

    #[test]
    fn media_types_are_one_plain_word() {
        assert_eq!(media_type_of("image/PNG"), "image/png");
        assert_eq!(media_type_of("text/plain; charset=utf-8"), "text/plain");
        assert_eq!(media_type_of(""), OCTET_STREAM);
        assert_eq!(media_type_of("text/html\r\nX-Evil: 1"), OCTET_STREAM);
        assert_eq!(media_type_of("nonsense"), OCTET_STREAM);
    }

    #[test]
    fn hashes_are_sha256_hex_only() {
        let hex = "AB".repeat(32);
        assert_eq!(hex.parse::<FileHash>().unwrap().as_str(), "ab".repeat(32));
        for bad in [
            "",
            "ab",
            &"g".repeat(64),
            &"a".repeat(65),
            "../../etc/passwd",
        ] {
            assert_eq!(bad.parse::<FileHash>(), Err(BadFileHash), "{bad}");
        }
        assert_eq!(FileHash::from_digest(&[0xab; 32]).as_str(), "ab".repeat(32));
    }

    #[test]
    fn references_made_by_new_fit_and_others_do_not() {
        let hash = FileHash::from_digest(&[1; 32]);
        let made = FileRef::new(hash.clone(), "a/b.png", 3, "image/png");
        assert_eq!(made.misfit(), None);
        assert!(made.is_image());
        let forged = FileRef {
            name: "../x".into(),
            ..made.clone()
        };
        assert!(forged.misfit().is_some());
        let svg = FileRef::new(hash, "x.svg", 3, "image/svg+xml");
        assert!(!svg.is_image(), "SVG can carry script");
    }

    #[test]
    fn images_are_known_by_their_first_bytes() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(sniff_image(b"GIF89a.."), Some("image/gif"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"<svg xmlns="), None);
        assert_eq!(sniff_image(b"<html>"), None);
        assert_eq!(sniff_image(b""), None);
    }
}
