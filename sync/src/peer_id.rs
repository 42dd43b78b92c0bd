use std::{fmt, str::FromStr};

/// The id a running automerge-repo peer (a browser tab, the relay) gives itself
/// for one connection's lifetime, as in a message's `senderId` and `targetId`.
///
/// JavaScript peers choose any string (`peer-…`, `user-…`, a server's name), so
/// the only rule is that it is not empty: an empty id can route nowhere.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a peer id cannot be empty")]
pub struct EmptyPeerId;

impl PeerId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PeerId({:?})", self.0)
    }
}

impl FromStr for PeerId {
    type Err = EmptyPeerId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err(EmptyPeerId);
        }
        Ok(Self(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_non_empty_text() {
        for text in ["peer-1x2y", "storage-server-sync-automerge-org", "同事"] {
            let id: PeerId = text.parse().unwrap();
            assert_eq!(id.to_string(), text);
            assert_eq!(id.as_str(), text);
        }
    }

    #[test]
    fn rejects_empty_text() {
        assert_eq!("".parse::<PeerId>(), Err(EmptyPeerId));
    }
}
