//! The relay's side of the engine: a [`Connection`] per websocket and a
//! [`Room`] per open document (see the diagram in [`crate::engine`]).
//!
//! The relay adapter's whole job: feed frames to connections, pass each
//! `Route` to the document's room (creating the room and loading the document
//! from storage on first use), tick rooms, make `Store`/`Compact` durable, and
//! deliver each room `Send` to the connection whose peer it names.
//!
//! A room task that gets group commit and coalescing for free:
//! ```text
//! loop {
//!     let first = inbox.recv().await;            // wait for something to do
//!     outputs = room.handle(first);
//!     while let Ok(next) = inbox.try_recv() {    // take whatever else is queued
//!         outputs += room.handle(next);
//!     }
//!     outputs += room.tick();
//!     make every Store/Compact in outputs durable (one shared transaction
//!         and disk sync with other rooms' stores is fine), then deliver
//!         the Sends, Refused and Failed in order
//! }
//! ```
//! Sends that come out of `handle` (doc-unavailable, ephemeral) carry no
//! heads and may go out at once; a tick's sends must wait for its store.
//!
//! Peer ids are the routing key: the relay must not let two live connections
//! use the same `PeerId` (close the older one), or their rooms would merge
//! their sync states.

mod change_chunks;
mod connection;
mod peer_sync;
mod room;
mod room_io;
mod stored_state;
mod sync_shortcut;

pub use connection::{Connection, ConnectionOutput};
pub use room::{MAX_QUEUED_WHILE_LOADING, Room};
pub use room_io::{RoomInput, RoomOutput};
pub use stored_state::DEFAULT_COMPACT_FLOOR;

#[cfg(test)]
mod tests {
    use super::*;

    /// The relay moves connections and rooms into their own tokio tasks.
    #[test]
    fn connections_and_rooms_can_move_between_threads() {
        fn send<T: Send + 'static>() {}
        send::<Connection>();
        send::<Room>();
        send::<RoomInput>();
        send::<RoomOutput>();
        send::<ConnectionOutput>();
    }
}
