use std::time::Duration;

use async_nats::{Client, ConnectOptions, Event};
use futures_util::StreamExt as _;
use tokio::sync::mpsc;

use super::{
    BrokerError, FromOthers,
    doc_news::{DOC_SUBJECTS, DocNews},
    session_news::{SESSION_SUBJECTS, SessionNews},
};
use crate::sync_socket::SyncService;

/// An unreachable broker is reported at start rather than hanging it.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// A subject and the bytes published on it.
type Outgoing = (String, Vec<u8>);

/// News waiting to be published. A broker that stalls (or a paused one)
/// fills it; news past it is dropped, as the broker itself may drop it:
/// the periodic check reads it from PostgreSQL.
const OUTBOX: usize = 4096;

/// NATS core publish/subscribe between relays sharing a database: each
/// commit is published on `concord.doc.<id>`, and what others publish is
/// handed to the document's open room. At most once and only a hint:
/// PostgreSQL is the truth.
pub(crate) struct Broker {
    client: Client,
    server: String,
    outbox: mpsc::Receiver<Outgoing>,
    link: BrokerLink,
    events: mpsc::UnboundedReceiver<Event>,
}

/// What rooms publish through; cheap to clone, never waits.
#[derive(Clone)]
pub(crate) struct BrokerLink {
    outbox: mpsc::Sender<Outgoing>,
}

impl Broker {
    /// Connects to the NATS server at `url`, or says clearly why not.
    pub async fn connect(url: &str) -> Result<Self, BrokerError> {
        let server = without_password(url);
        if !url.starts_with("nats://") {
            return Err(BrokerError::BadUrl {
                reason: format!("{server} does not start with nats://"),
            });
        }
        let (events, heard) = mpsc::unbounded_channel();
        let client = ConnectOptions::new()
            .name("concord-relay")
            .connection_timeout(CONNECT_TIMEOUT)
            .event_callback(move |event| {
                let events = events.clone();
                async move {
                    let _ = events.send(event);
                }
            })
            .connect(url)
            .await
            .map_err(|error| match error.kind() {
                async_nats::ConnectErrorKind::ServerParse => BrokerError::BadUrl {
                    reason: error.to_string(),
                },
                _ => BrokerError::CannotConnect {
                    server: server.clone(),
                    reason: error.to_string(),
                },
            })?;
        let (outbox, queued) = mpsc::channel(OUTBOX);
        Ok(Self {
            client,
            server,
            outbox: queued,
            link: BrokerLink { outbox },
            events: heard,
        })
    }

    pub fn link(&self) -> BrokerLink {
        self.link.clone()
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// Subscribes, then runs the publisher, the subscriber and the watch on
    /// the connection until the relay shuts down.
    pub async fn start(self, service: SyncService) -> Result<(), BrokerError> {
        let Self {
            client,
            server,
            outbox,
            events,
            ..
        } = self;
        let subscribe = |subjects: &'static str| {
            let client = client.clone();
            let server = server.clone();
            async move {
                client
                    .subscribe(subjects)
                    .await
                    .map_err(|error| BrokerError::Subscribe {
                        server,
                        reason: error.to_string(),
                    })
            }
        };
        let documents = subscribe(DOC_SUBJECTS).await?;
        let sessions = subscribe(SESSION_SUBJECTS).await?;
        tokio::spawn(publish(client, outbox));
        tokio::spawn(deliver(documents, service.clone()));
        tokio::spawn(deliver(sessions, service.clone()));
        tokio::spawn(watch(events, service, server));
        Ok(())
    }
}

impl BrokerLink {
    /// Queues the news of a commit; drops it when the queue is full.
    pub fn publish(&self, news: DocNews) {
        if self
            .outbox
            .try_send((news.subject(), news.payload()))
            .is_err()
        {
            tracing::debug!(
                "the broker's queue is full; the periodic check will carry this commit"
            );
        }
    }

    /// Queues news that closes sockets on every relay; when it is dropped,
    /// each relay's own check of its sockets' sessions closes them later.
    pub fn tell_sessions(&self, news: SessionNews) {
        let outgoing = (news.subject().to_owned(), news.payload());
        if self.outbox.try_send(outgoing).is_err() {
            tracing::warn!(
                "the broker's queue is full; other relays close the sockets at their next session check"
            );
        }
    }
}

async fn publish(client: Client, mut outbox: mpsc::Receiver<Outgoing>) {
    while let Some((subject, payload)) = outbox.recv().await {
        if let Err(error) = client.publish(subject, payload.into()).await {
            tracing::debug!(%error, "news did not reach the broker");
        }
    }
}

async fn deliver(mut subscriber: async_nats::Subscriber, service: SyncService) {
    let mut shutting_down = service.shutting_down();
    loop {
        let message = tokio::select! {
            _ = shutting_down.changed() => return,
            message = subscriber.next() => message,
        };
        let Some(message) = message else { return };
        let (subject, payload) = (message.subject.as_str(), &message.payload[..]);
        if let Some(news) = DocNews::read(subject, payload) {
            let (doc, news) = news.into_news();
            service.rooms().tell(&doc, news);
        } else if let Some(news) = SessionNews::read(subject, payload) {
            close_sockets(&service, news);
        }
    }
}

/// What the relay where it happened did to its own sockets (`log_out`,
/// `change_person`), done here.
fn close_sockets(service: &SyncService, news: SessionNews) {
    match news {
        SessionNews::Ended(digest) => service.signed_in().close_session(&digest, "signed out"),
        SessionNews::PersonChanged(person) => {
            if let Some(access) = service.access() {
                access.unbind_person(&person);
            }
            service
                .signed_in()
                .close_person(&person, "your account was changed; reconnect");
        }
    }
}

/// Logs a lost broker (the relay keeps serving) and, once it is back, has
/// every open room read what it may have missed meanwhile.
async fn watch(mut events: mpsc::UnboundedReceiver<Event>, service: SyncService, server: String) {
    let mut shutting_down = service.shutting_down();
    loop {
        let event = tokio::select! {
            _ = shutting_down.changed() => return,
            event = events.recv() => event,
        };
        match event {
            None => return,
            Some(Event::Disconnected) => {
                tracing::warn!(%server, "lost the broker; other relays' changes arrive by the periodic check until it is back");
            }
            Some(Event::Connected) => {
                tracing::info!(%server, "the broker is back; open documents catch up from PostgreSQL");
                for (doc, _) in service.rooms().held_seqs() {
                    service.rooms().tell(&doc, FromOthers::Behind);
                }
            }
            Some(other) => tracing::debug!(%server, %other, "broker event"),
        }
    }
}

/// `url` without a password, for messages and logs.
fn without_password(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((_, host)) => format!("{scheme}://{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_url_that_is_not_nats_is_a_clear_error() {
        for url in ["http://127.0.0.1:4222", "not a url"] {
            let Err(error) = Broker::connect(url).await else {
                panic!("{url} is refused")
            };
            assert!(
                matches!(error, BrokerError::BadUrl { .. }),
                "{url}: {error}"
            );
            assert!(error.to_string().contains("nats://host:port"), "{error}");
        }
    }

    #[tokio::test]
    async fn an_unreachable_broker_is_named_without_its_password() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let url = format!("nats://relay:secret-word@127.0.0.1:{port}");
        let Err(error) = Broker::connect(&url).await else {
            panic!("nothing listens there")
        };
        let text = error.to_string();
        assert!(matches!(error, BrokerError::CannotConnect { .. }), "{text}");
        assert!(text.contains(&format!("nats://127.0.0.1:{port}")), "{text}");
        assert!(!text.contains("secret-word"), "{text}");
    }
}
