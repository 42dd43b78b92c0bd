//! Which messages each person has read and which documents they follow,
//! in SQLite.

use concord_model::PersonId;
use rusqlite::params;

use super::{AccountError, AccountsDb, MessageStore};

impl MessageStore for AccountsDb {
    fn message_reads(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT message, read_ms FROM message_reads WHERE person = ?1")?;
        let rows = statement.query_map([person.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn mark_messages_read(
        &self,
        person: &PersonId,
        keys: &[String],
        now_ms: i64,
    ) -> Result<(), AccountError> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO message_reads (person, message, read_ms) VALUES (?1, ?2, ?3)",
            )?;
            for key in keys {
                insert.execute(params![person.as_str(), key, now_ms])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn follows(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT doc, since_ms FROM follows WHERE person = ?1")?;
        let rows = statement.query_map([person.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn set_follow(
        &self,
        person: &PersonId,
        doc: &str,
        since_ms: Option<i64>,
    ) -> Result<(), AccountError> {
        match since_ms {
            Some(since) => self.conn.execute(
                "INSERT OR IGNORE INTO follows (person, doc, since_ms) VALUES (?1, ?2, ?3)",
                params![person.as_str(), doc, since],
            )?,
            None => self.conn.execute(
                "DELETE FROM follows WHERE person = ?1 AND doc = ?2",
                params![person.as_str(), doc],
            )?,
        };
        Ok(())
    }
}
