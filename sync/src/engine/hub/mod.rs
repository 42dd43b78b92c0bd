//! The relay's side of the engine: a [`Connection`] per websocket and a
//! [`Room`] per open document (see the diagram in [`crate::engine`]).
//!
//! The relay adapter's whole job: feed frames to connections, pass each
//! `Route` to the document's room (creating the room and loading the document
//! from storage on first use), tick rooms, make `Store`/`Compact` durable, and
//! deliver each room `Send` to the connection whose peer it names.

mod connection;
mod peer_sync;
mod room;
mod room_io;

pub use connection::{Connection, ConnectionOutput};
pub use room::Room;
pub use room_io::{RoomInput, RoomOutput};

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
