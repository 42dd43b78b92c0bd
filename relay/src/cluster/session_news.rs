use concord_model::PersonId;

/// Subjects of news about people's sessions: `concord.session.<kind>`.
pub(crate) const SESSION_SUBJECTS: &str = "concord.session.*";
const ENDED: &str = "concord.session.ended";
const PERSON: &str = "concord.session.person";

/// A broker message that makes every relay close some open sockets, so a
/// person signed out or disabled on one relay is out on all of them at
/// once. (Each relay also checks its sockets' sessions against the
/// accounts database every few seconds, without any broker.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SessionNews {
    /// The session with this digest was signed out.
    Ended([u8; 32]),
    /// The person was changed (disabled, moved, made admin): their sockets
    /// close and they are judged afresh when they reconnect.
    PersonChanged(PersonId),
}

impl SessionNews {
    pub fn subject(&self) -> &'static str {
        match self {
            Self::Ended(_) => ENDED,
            Self::PersonChanged(_) => PERSON,
        }
    }

    pub fn payload(&self) -> Vec<u8> {
        match self {
            Self::Ended(digest) => digest.to_vec(),
            Self::PersonChanged(person) => person.as_str().as_bytes().to_vec(),
        }
    }

    /// Reads a message off the broker; `None` for anything else.
    pub fn read(subject: &str, payload: &[u8]) -> Option<Self> {
        match subject {
            ENDED => Some(Self::Ended(payload.try_into().ok()?)),
            PERSON => Some(Self::PersonChanged(
                std::str::from_utf8(payload).ok()?.parse().ok()?,
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_news_reads_back_and_nothing_else_does() {
        let ended = SessionNews::Ended([3; 32]);
        let changed = SessionNews::PersonChanged("vic".parse().unwrap());
        for news in [ended, changed] {
            assert_eq!(
                SessionNews::read(news.subject(), &news.payload()),
                Some(news.clone())
            );
        }
        assert_eq!(SessionNews::read(ENDED, &[1, 2, 3]), None);
        assert_eq!(SessionNews::read("concord.session.other", b"vic"), None);
        assert_eq!(SessionNews::read(PERSON, &[0xff, 0xfe]), None);
    }
}
