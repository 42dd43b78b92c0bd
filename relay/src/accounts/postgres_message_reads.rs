//! Which messages each person has read and which documents they follow,
//! in PostgreSQL (shared by relays).

use concord_model::PersonId;

use super::{
    AccountError, MessageStore, PostgresAccounts,
    postgres_accounts::{get, param},
};

impl MessageStore for PostgresAccounts {
    fn message_reads(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError> {
        let rows = self.query(
            "SELECT message, read_ms FROM message_reads WHERE person = $1",
            vec![param(person.to_string())],
        )?;
        rows.iter()
            .map(|row| Ok((get(row, 0)?, get(row, 1)?)))
            .collect()
    }

    fn mark_messages_read(
        &self,
        person: &PersonId,
        keys: &[String],
        now_ms: i64,
    ) -> Result<(), AccountError> {
        // One statement: all keys land, or none.
        self.execute(
            "INSERT INTO message_reads (person, message, read_ms)
             SELECT $1, key, $3 FROM unnest($2::text[]) AS key
             ON CONFLICT (person, message) DO NOTHING",
            vec![
                param(person.to_string()),
                param(keys.to_vec()),
                param(now_ms),
            ],
        )?;
        Ok(())
    }

    fn follows(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError> {
        let rows = self.query(
            "SELECT doc, since_ms FROM follows WHERE person = $1",
            vec![param(person.to_string())],
        )?;
        rows.iter()
            .map(|row| Ok((get(row, 0)?, get(row, 1)?)))
            .collect()
    }

    fn set_follow(
        &self,
        person: &PersonId,
        doc: &str,
        since_ms: Option<i64>,
    ) -> Result<(), AccountError> {
        match since_ms {
            Some(since) => self.execute(
                "INSERT INTO follows (person, doc, since_ms) VALUES ($1, $2, $3)
                 ON CONFLICT (person, doc) DO NOTHING",
                vec![
                    param(person.to_string()),
                    param(doc.to_owned()),
                    param(since),
                ],
            )?,
            None => self.execute(
                "DELETE FROM follows WHERE person = $1 AND doc = $2",
                vec![param(person.to_string()), param(doc.to_owned())],
            )?,
        };
        Ok(())
    }
}
