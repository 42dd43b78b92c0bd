use std::{cell::RefCell, fmt, str::FromStr};

/// The id of one shared document, as automerge-repo writes it: 16 random bytes
/// in base58check, shown to people and other peers as an `automerge:` URL.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

const URL_PREFIX: &str = "automerge:";

/// Far more than the 28 characters 20 bytes (the id and its checksum) take in
/// base58. Longer text is refused before decoding, so an error about it never
/// holds more than this much of what a peer sent.
const MAX_TEXT_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentIdError {
    #[error("document id {0:?} is not base58check: {1}")]
    NotBase58Check(String, String),
    #[error("document id {text:?} holds {len} bytes; a document id holds 16")]
    WrongLength { text: String, len: usize },
    #[error("a document id of {0} characters is far too long")]
    TooLong(usize),
}

impl DocumentId {
    /// The id of a new document: 16 bytes the caller drew from a cryptographic
    /// random source, shaped as a version-4 UUID as automerge-repo makes them.
    ///
    /// Six of the 128 bits are fixed (version 4, RFC 4122 variant): the npm
    /// sync server (its automerge-repo 1.x) refuses an id that is not a valid
    /// UUID and silently drops every message about it.
    pub const fn new_v4(mut random: [u8; 16]) -> Self {
        random[6] = (random[6] & 0x0f) | 0x40;
        random[8] = (random[8] & 0x3f) | 0x80;
        Self(random)
    }

    /// An id as it is: for ids read from elsewhere. New documents take
    /// [`DocumentId::new_v4`].
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The `automerge:` URL automerge-repo clients use to find this document.
    pub fn url(&self) -> String {
        format!("{URL_PREFIX}{self}")
    }

    /// Parses an id given either bare or as an `automerge:` URL.
    pub fn parse_url_or_id(text: &str) -> Result<Self, DocumentIdError> {
        text.strip_prefix(URL_PREFIX).unwrap_or(text).parse()
    }
}

thread_local! {
    /// The last id written or read as text on this thread. A relay room
    /// encodes the same id into every message it sends and a connection reads
    /// it from every message it receives; bs58check (a double SHA-256 each
    /// way) would otherwise cost more than the rest of the envelope.
    static LAST_TEXT: RefCell<Option<(DocumentId, String)>> = const { RefCell::new(None) };
}

fn remember(id: DocumentId, text: &str) {
    LAST_TEXT.with_borrow_mut(|last| match last {
        Some((known, known_text)) => {
            *known = id;
            known_text.clear();
            known_text.push_str(text);
        }
        None => *last = Some((id, text.to_owned())),
    });
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = LAST_TEXT.with_borrow(|last| match last {
            Some((id, text)) if id == self => f.write_str(text).map(Some),
            _ => Ok(None),
        })?;
        if known.is_some() {
            return Ok(());
        }
        let text = bs58::encode(self.0).with_check().into_string();
        remember(*self, &text);
        f.write_str(&text)
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentId({self})")
    }
}

impl FromStr for DocumentId {
    type Err = DocumentIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() > MAX_TEXT_LEN {
            return Err(DocumentIdError::TooLong(text.len()));
        }
        let known = LAST_TEXT.with_borrow(|last| match last {
            Some((id, known)) if known == text => Some(*id),
            _ => None,
        });
        if let Some(id) = known {
            return Ok(id);
        }
        let bytes = bs58::decode(text)
            .with_check(None)
            .into_vec()
            .map_err(|e| DocumentIdError::NotBase58Check(text.to_owned(), e.to_string()))?;
        let len = bytes.len();
        let bytes: [u8; 16] = bytes.try_into().map_err(|_| DocumentIdError::WrongLength {
            text: text.to_owned(),
            len,
        })?;
        remember(Self(bytes), text);
        Ok(Self(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remembered_text_never_stands_for_another_id() {
        let a = DocumentId::from_bytes([1; 16]);
        let b = DocumentId::from_bytes([2; 16]);
        let a_text = bs58::encode([1u8; 16]).with_check().into_string();
        let b_text = bs58::encode([2u8; 16]).with_check().into_string();
        for _ in 0..2 {
            assert_eq!(a.to_string(), a_text);
            assert_eq!(b_text.parse::<DocumentId>(), Ok(b));
            assert_eq!(a_text.parse::<DocumentId>(), Ok(a));
            assert_eq!(b.to_string(), b_text);
            assert!(format!("{b_text}x").parse::<DocumentId>().is_err());
        }
    }

    #[test]
    fn round_trips_through_text_and_url() {
        let id = DocumentId::from_bytes(*b"0123456789abcdef");
        assert_eq!(id.to_string().parse::<DocumentId>(), Ok(id));
        assert!(id.url().starts_with("automerge:"));
        assert_eq!(DocumentId::parse_url_or_id(&id.url()), Ok(id));
        assert_eq!(DocumentId::parse_url_or_id(&id.to_string()), Ok(id));
    }

    #[test]
    fn matches_automerge_repo_encoding() {
        // automerge-repo uses bs58check (base58 of the bytes and the first four bytes of
        // their double SHA-256); these were computed independently of bs58.
        let id = DocumentId::from_bytes([0; 16]);
        assert_eq!(id.to_string(), "11111111111111114Ki9Gx");
        let id = DocumentId::from_bytes([255; 16]);
        assert_eq!(id.to_string(), "4ZrjxJnU1LA5xSyrWMNuXTozYEvA");
    }

    #[test]
    fn new_ids_are_version_4_uuids_whatever_the_random_bytes() {
        for random in [[0u8; 16], [0xff; 16], *b"0123456789abcdef"] {
            let bytes = *DocumentId::new_v4(random).as_bytes();
            assert_eq!(bytes[6] >> 4, 4, "version nibble of {random:?}");
            assert_eq!(bytes[8] >> 6, 0b10, "variant bits of {random:?}");
            let unchanged = |i: usize| i != 6 && i != 8;
            assert!(
                (0..16)
                    .filter(|&i| unchanged(i))
                    .all(|i| bytes[i] == random[i])
            );
            assert_eq!(bytes[6] & 0x0f, random[6] & 0x0f);
            assert_eq!(bytes[8] & 0x3f, random[8] & 0x3f);
        }
    }

    #[test]
    fn rejects_a_changed_character() {
        let text = DocumentId::from_bytes([7; 16]).to_string();
        let mut broken = text.clone().into_bytes();
        broken[3] = if broken[3] == b'2' { b'3' } else { b'2' };
        let broken = String::from_utf8(broken).unwrap();
        assert!(matches!(
            broken.parse::<DocumentId>(),
            Err(DocumentIdError::NotBase58Check(..))
        ));
    }

    #[test]
    fn rejects_other_lengths_and_non_base58() {
        let short = bs58::encode([1u8; 8]).with_check().into_string();
        assert_eq!(
            short.parse::<DocumentId>(),
            Err(DocumentIdError::WrongLength {
                text: short.clone(),
                len: 8
            })
        );
        assert!("0OIl".parse::<DocumentId>().is_err());
        assert!("".parse::<DocumentId>().is_err());
        assert!("automerge:".parse::<DocumentId>().is_err());
        let long = "1".repeat(65);
        assert_eq!(
            long.parse::<DocumentId>(),
            Err(DocumentIdError::TooLong(65))
        );
    }
}
