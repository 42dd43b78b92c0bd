use concord_sync::{Message, PROTOCOL_V1, PeerMetadata};

use super::{close::Close, hub::Hub, outbound::PeerLink};

/// The protocol side of one connection: the handshake, then routing each
/// message to its document's room.
pub(crate) struct Session {
    hub: Hub,
    link: PeerLink,
    joined: bool,
}

impl Session {
    pub fn new(hub: Hub, link: PeerLink) -> Self {
        Self {
            hub,
            link,
            joined: false,
        }
    }

    pub async fn on_frame(&mut self, frame: &[u8]) -> Result<(), Close> {
        let message = Message::decode(frame)
            .map_err(|error| Close::protocol(format!("malformed frame: {error}")))?;
        if !self.joined {
            let Message::Join { sender_id, .. } = message else {
                return Err(Close::protocol("the first message must be join"));
            };
            self.joined = true;
            self.link.send(
                Message::Peer {
                    sender_id: self.hub.peer_id().clone(),
                    target_id: sender_id,
                    selected_protocol_version: PROTOCOL_V1.into(),
                    peer_metadata: PeerMetadata {
                        storage_id: Some(self.hub.storage_id().clone()),
                        is_ephemeral: false,
                    },
                }
                .encode(),
            );
        }
        Ok(())
    }

    pub fn on_closed(&mut self) {}
}
