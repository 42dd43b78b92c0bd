//! A room of relays that share a database: catching up with what the
//! others wrote, and writing under the document's lock.

use std::sync::atomic::Ordering;

use automerge::ReadDoc as _;
use concord_sync::engine::hub::RoomOutput;

use super::{room_actor::RoomActor, room_feed::feed_inputs};
use crate::{
    cluster::{DocNews, FromOthers},
    store::{ChunkSeq, LockedDoc, Missed},
};

impl RoomActor {
    pub(super) fn held(&self) -> ChunkSeq {
        self.held.load(Ordering::Acquire)
    }

    /// Only forward: news read out of order never takes the room back.
    pub(super) fn set_held(&self, seq: ChunkSeq) {
        self.held.fetch_max(seq, Ordering::AcqRel);
    }

    /// Locks the document's row and applies what others wrote since the
    /// room's number; `None` if that failed (the room stops: its peers
    /// reconnect to a freshly loaded room).
    pub(super) async fn lock_and_catch_up(&mut self) -> Option<LockedDoc> {
        let log = self.service.doc_log()?.clone();
        let mut locked = match log.lock(self.document_id, self.held()).await {
            Ok(locked) => locked,
            Err(error) => {
                tracing::error!(document_id = %self.document_id, %error, "cannot lock the document to write it");
                return None;
            }
        };
        let missed = std::mem::take(&mut locked.missed.chunks);
        if !missed.is_empty() && !self.feed(missed).await {
            return None;
        }
        self.set_held(locked.missed.seq);
        Some(locked)
    }

    /// Applies news from other relays: whatever the room lacks, read from
    /// PostgreSQL (the broker's news is only a hint that there is some).
    /// `false` if the room must stop.
    pub(super) async fn hear(&mut self, news: FromOthers) -> bool {
        let Some(log) = self.service.doc_log().cloned() else {
            return true;
        };
        let held = self.held();
        if let FromOthers::Committed { last, .. } = news
            && last <= held
        {
            return true;
        }
        let missed: Missed = match log.since(self.document_id, held).await {
            Ok(missed) => missed,
            Err(error) => {
                // The next check or write tries again.
                tracing::warn!(document_id = %self.document_id, %error, "cannot read what other relays wrote");
                return true;
            }
        };
        if !missed.chunks.is_empty() && !self.feed(missed.chunks).await {
            return false;
        }
        self.set_held(missed.seq);
        true
    }

    /// Applies chunks other relays stored (and judged) to the room, then
    /// tells the room's peers: they are durable already, so nothing waits.
    /// `false` if the room must stop.
    async fn feed(&mut self, chunks: Vec<Vec<u8>>) -> bool {
        let Some(room) = self.room.as_ref() else {
            return false;
        };
        // Changes a peer sent whose dependencies are missing wait inside
        // Automerge; others' changes could complete them, and they would
        // enter unjudged with the feed. The room restarts instead, and its
        // peers send them again, to be judged.
        if !room.doc().get_missing_deps(&[]).is_empty() {
            tracing::warn!(document_id = %self.document_id, "changes wait for missing dependencies as other relays' changes arrive; the room restarts");
            return false;
        }
        let feed = self.service.feed().clone();
        let Some((outputs, _)) = self.apply(feed_inputs(&feed, chunks)).await else {
            return false;
        };
        let mut refused = false;
        let outputs = outputs
            .into_iter()
            .filter(|output| match output {
                // Other relays stored these changes; nothing else was pending.
                RoomOutput::Store { .. } | RoomOutput::Compact { .. } => false,
                RoomOutput::Refused { peer, reason, .. } if *peer == feed => {
                    tracing::error!(document_id = %self.document_id, %reason, "the room cannot take what other relays stored; it restarts");
                    refused = true;
                    false
                }
                _ => true,
            })
            .collect();
        !refused && self.carry_out(outputs, None).await
    }

    /// Appends `chunk` under the document's lock (this tick's, or one taken
    /// now), commits, and counts it for compaction. Only when the room
    /// held everything before it does its number move to the chunk's;
    /// otherwise the room reads what it missed, its own chunk included.
    pub(super) async fn store_shared(
        &mut self,
        chunk: Vec<u8>,
        locked: Option<LockedDoc>,
    ) -> Result<(), String> {
        let Some(log) = self.service.doc_log().cloned() else {
            return Err("no shared database".into());
        };
        let (locked, caught_up) = match locked {
            Some(locked) => (locked, true),
            None => {
                let locked = log
                    .lock(self.document_id, self.held())
                    .await
                    .map_err(|error| error.to_string())?;
                let caught_up = locked.missed.chunks.is_empty();
                (locked, caught_up)
            }
        };
        let seq = locked
            .commit(Some(chunk))
            .await
            .map_err(|error| error.to_string())?
            .ok_or("the write took no number")?;
        if let Some(broker) = self.service.broker() {
            broker.publish(DocNews::committed(self.document_id, seq));
        }
        if caught_up {
            self.set_held(seq);
        } else {
            self.service
                .rooms()
                .tell(&self.document_id, FromOthers::Behind);
        }
        self.service.commit().count_elsewhere(self.document_id);
        Ok(())
    }
}
