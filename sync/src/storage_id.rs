use std::{fmt, str::FromStr};

/// The id of one peer's persistent storage (an IndexedDB, the relay's database),
/// shared by every peer id that uses it; automerge-repo keeps sync state per
/// storage id so that a reconnecting tab does not start from nothing.
///
/// JavaScript peers use a random UUID, but nothing relies on that shape, so any
/// non-empty string is accepted.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StorageId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a storage id cannot be empty")]
pub struct EmptyStorageId;

impl StorageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StorageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StorageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StorageId({:?})", self.0)
    }
}

impl FromStr for StorageId {
    type Err = EmptyStorageId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err(EmptyStorageId);
        }
        Ok(Self(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_uuid() {
        let text = "0c4a3e5e-8e0b-4b9f-9a43-2f1e6f3f4b11";
        let id: StorageId = text.parse().unwrap();
        assert_eq!(id.to_string(), text);
        assert_eq!(id.as_str(), text);
    }

    #[test]
    fn rejects_empty_text() {
        assert_eq!("".parse::<StorageId>(), Err(EmptyStorageId));
    }
}
