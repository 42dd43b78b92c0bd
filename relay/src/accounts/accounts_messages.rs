//! Message read marks and followed documents: each person keeps their
//! own, on any device.

use concord_model::PersonId;

use super::{AccountError, Accounts};
use crate::locks::lock;

impl Accounts {
    /// The message keys `person` has read, with when.
    pub fn message_reads(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError> {
        lock(&self.db).message_reads(person)
    }

    /// Marks `keys` read for `person`: only ever their own marks.
    pub fn mark_messages_read(
        &self,
        person: &PersonId,
        keys: &[String],
        now_ms: i64,
    ) -> Result<(), AccountError> {
        lock(&self.db).mark_messages_read(person, keys, now_ms)
    }

    /// The documents `person` follows, with since when.
    pub fn follows(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError> {
        lock(&self.db).follows(person)
    }

    /// Follows `doc` from `since_ms`, or stops following it (`None`).
    pub fn set_follow(
        &self,
        person: &PersonId,
        doc: &str,
        since_ms: Option<i64>,
    ) -> Result<(), AccountError> {
        lock(&self.db).set_follow(person, doc, since_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{
        SessionLifetimes,
        accounts_backends::{Backend, on_both_backends},
    };

    on_both_backends!(
        read_marks_are_each_persons_own_and_survive_a_restart,
        follows_are_each_persons_own_keep_their_first_time_and_survive_a_restart,
    );

    fn follows_are_each_persons_own_keep_their_first_time_and_survive_a_restart(
        backend: &dyn Backend,
    ) {
        let accounts = backend.open(SessionLifetimes::default());
        let (bob, li): (PersonId, PersonId) = ("bob".parse().unwrap(), "li".parse().unwrap());
        accounts.set_follow(&bob, "d1", Some(10)).unwrap();
        accounts.set_follow(&bob, "d2", Some(15)).unwrap();
        accounts.set_follow(&bob, "d1", Some(20)).unwrap();
        let mut follows = accounts.follows(&bob).unwrap();
        follows.sort();
        assert_eq!(follows, vec![("d1".to_owned(), 10), ("d2".to_owned(), 15)]);
        assert!(accounts.follows(&li).unwrap().is_empty());
        accounts.set_follow(&bob, "d2", None).unwrap();
        // Stopping what one does not follow is no error.
        accounts.set_follow(&li, "d2", None).unwrap();
        drop(accounts);
        let again = backend.open(SessionLifetimes::default());
        assert_eq!(again.follows(&bob).unwrap(), vec![("d1".to_owned(), 10)]);
    }

    fn read_marks_are_each_persons_own_and_survive_a_restart(backend: &dyn Backend) {
        let accounts = backend.open(SessionLifetimes::default());
        let (bob, li): (PersonId, PersonId) = ("bob".parse().unwrap(), "li".parse().unwrap());
        let keys = [
            "d1/mention:c1".to_owned(),
            "d1/assigned:tasks:r1:bob".to_owned(),
        ];
        accounts.mark_messages_read(&bob, &keys, 10).unwrap();
        // Marked again later: the first time stands; duplicates are one mark.
        accounts.mark_messages_read(&bob, &keys[..1], 20).unwrap();
        let mut marks = accounts.message_reads(&bob).unwrap();
        marks.sort();
        assert_eq!(marks, vec![(keys[1].clone(), 10), (keys[0].clone(), 10)]);
        assert!(accounts.message_reads(&li).unwrap().is_empty());
        drop(accounts);
        let again = backend.open(SessionLifetimes::default());
        assert_eq!(again.message_reads(&bob).unwrap().len(), 2);
    }
}
