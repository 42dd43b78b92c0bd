use concord_sync::engine::hub::{Connection, ConnectionOutput};

use super::{
    close::Close, outbound::PeerLink, room_actor::ToRoom, signed_in::SignedIn,
    sync_service::SyncService,
};

/// The protocol side of one `/sync` connection: the engine's [`Connection`]
/// decides (handshake, sender checks, limits, the policy's `admit`); this
/// carries its answers out and routes document messages to their rooms.
pub(crate) struct ConnectionRouter {
    service: SyncService,
    link: PeerLink,
    serial: u64,
    connection: Connection,
    registered: bool,
    /// Who opened the connection; `None` only on a relay run with `--open-sync`.
    signed_in: Option<SignedIn>,
}

impl ConnectionRouter {
    pub fn new(service: SyncService, link: PeerLink, signed_in: Option<SignedIn>) -> Self {
        let connection = Connection::new(
            service.peer_id().clone(),
            service.storage_id().clone(),
            service.engine_limits(),
            service.policy().clone(),
        );
        let serial = service.connection_serial();
        if let Some(who) = &signed_in {
            service
                .signed_in()
                .register(serial, who, link.closer().clone());
        }
        Self {
            service,
            link,
            serial,
            connection,
            registered: false,
            signed_in,
        }
    }

    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.signed_in.as_ref()
    }

    pub async fn on_frame(&mut self, frame: &[u8]) -> Result<(), Close> {
        let outputs = self.connection.receive(frame);
        if !self.registered
            && let Some(peer) = self.connection.peer_id()
        {
            let closer = self.link.closer().clone();
            let owner = self.signed_in.as_ref().map(|who| who.person.id.clone());
            if self
                .service
                .live_peers()
                .register(peer.clone(), self.serial, owner, closer)
                .is_err()
            {
                return Err(Close::policy(
                    "this peer id is in use by another person's connection",
                ));
            }
            self.registered = true;
            // Bound before any message after the join is judged.
            if let (Some(access), Some(who)) = (self.service.access(), &self.signed_in) {
                access.bind_peer(peer.clone(), who.person.clone());
            }
        }
        self.carry_out(outputs).await
    }

    /// The websocket is gone: the rooms this peer was in hear it left.
    pub async fn on_closed(&mut self) {
        if let Some(peer) = self.connection.peer_id().filter(|_| self.registered)
            && self.service.live_peers().forget(peer, self.serial)
            && let Some(access) = self.service.access()
        {
            access.unbind_peer(peer);
        }
        self.service.signed_in().forget(self.serial);
        let outputs = self.connection.close();
        // Nothing is sent any more; only the leaving matters.
        let _ = self.carry_out(outputs).await;
    }

    async fn carry_out(&mut self, outputs: Vec<ConnectionOutput>) -> Result<(), Close> {
        for output in outputs {
            match output {
                ConnectionOutput::Send(message) => {
                    self.link.send(message.encode());
                }
                ConnectionOutput::Route { document_id, input } => {
                    let message = ToRoom {
                        conn: self.serial,
                        link: self.link.clone(),
                        input,
                    };
                    self.service
                        .rooms()
                        .route(&self.service, document_id, message)
                        .await;
                }
                ConnectionOutput::Close { reason } => return Err(close_for(reason)),
            }
        }
        Ok(())
    }
}

/// The engine closes with a reason only; the close code is read from it.
/// The tests below pin each reason the engine gives to its code.
fn close_for(reason: String) -> Close {
    if reason == "peer left" || reason.starts_with("peer error") {
        Close::normal(reason)
    } else if reason.starts_with("frame exceeds") {
        Close::too_big(reason)
    } else if reason.starts_with("more than") || reason.starts_with("document ") {
        Close::policy(reason)
    } else {
        Close::protocol(reason)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use concord_sync::{
        DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata,
        engine::{AllowAll, Limits},
    };

    use super::*;

    fn connection(limits: Limits) -> Connection {
        Connection::new(
            "relay".parse().unwrap(),
            "store".parse().unwrap(),
            limits,
            Arc::new(AllowAll),
        )
    }

    fn peer() -> PeerId {
        "client".parse().unwrap()
    }

    fn join() -> Vec<u8> {
        Message::Join {
            sender_id: peer(),
            supported_protocol_versions: vec![PROTOCOL_V1.into()],
            peer_metadata: PeerMetadata::default(),
        }
        .encode()
    }

    fn close_code(outputs: Vec<ConnectionOutput>) -> u16 {
        outputs
            .into_iter()
            .find_map(|output| match output {
                ConnectionOutput::Close { reason } => Some(close_for(reason).code),
                _ => None,
            })
            .expect("the connection closes")
    }

    fn request(document: u8) -> Vec<u8> {
        Message::Request {
            sender_id: peer(),
            target_id: "relay".parse().unwrap(),
            document_id: DocumentId::from_bytes([document; 16]),
            data: vec![],
        }
        .encode()
    }

    #[test]
    fn each_engine_close_reason_gets_its_code() {
        let mut c = connection(Limits::default());
        assert_eq!(close_code(c.receive(b"\xff")), 1002, "malformed");
        let mut c = connection(Limits::default());
        assert_eq!(close_code(c.receive(&request(1))), 1002, "no join");
        let mut c = connection(Limits::default());
        c.receive(&join());
        assert_eq!(close_code(c.receive(&join())), 1002, "join twice");
        let mut c = connection(Limits::default());
        c.receive(&join());
        let leave = Message::Leave { sender_id: peer() }.encode();
        assert_eq!(close_code(c.receive(&leave)), 1000, "leave");
        let mut c = connection(Limits {
            max_documents_per_connection: 1,
            ..Limits::default()
        });
        c.receive(&join());
        c.receive(&request(1));
        assert_eq!(
            close_code(c.receive(&request(2))),
            1008,
            "too many documents"
        );
        let mut c = connection(Limits {
            max_frame_bytes: 4,
            ..Limits::default()
        });
        assert_eq!(close_code(c.receive(&join())), 1009, "frame too big");
        let mut c = connection(Limits::default());
        c.receive(&join());
        let forged = Message::Leave {
            sender_id: "someone-else".parse().unwrap(),
        }
        .encode();
        assert_eq!(close_code(c.receive(&forged)), 1002, "forged sender");
    }
}
