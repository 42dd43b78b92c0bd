use std::{collections::HashMap, time::Duration};

use tokio::time::MissedTickBehavior;

use super::FromOthers;
use crate::{store::DocLog, sync_socket::SyncService};

/// The periodic check: every `every`, one query for the latest sequence
/// number of every open room's document; each room behind it is told to
/// catch up. What the broker loses arrives this way, so
/// PostgreSQL alone keeps the relays' rooms converging. Ends when the
/// relay shuts down.
pub(crate) async fn watch_rooms(service: SyncService, log: DocLog, every: Duration) {
    let mut shutting_down = service.shutting_down();
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutting_down.changed() => return,
            _ = ticks.tick() => {}
        }
        let held: HashMap<_, _> = service.rooms().held_seqs().into_iter().collect();
        if held.is_empty() {
            continue;
        }
        match log.latest(held.keys().copied().collect()).await {
            Ok(latest) => {
                for (doc, seq) in latest {
                    if held.get(&doc).is_some_and(|held| seq > *held) {
                        service.rooms().tell(&doc, FromOthers::Behind);
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, "the periodic check of open documents against PostgreSQL failed");
            }
        }
    }
}
