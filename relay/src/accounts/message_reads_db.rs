//! Which messages each person has read, in SQLite.

use concord_model::PersonId;
use rusqlite::params;

use super::{AccountError, AccountsDb, MessageReadStore};

impl MessageReadStore for AccountsDb {
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
}
