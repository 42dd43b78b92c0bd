use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, close_code};
use bytes::Bytes;
use futures_util::{SinkExt as _, StreamExt as _, stream::SplitSink};
use tokio::sync::watch;

use super::{
    close::Close,
    connection_router::ConnectionRouter,
    outbound::{Closer, Outbound, OutboundQueue, PeerLink},
    signed_in::SignedIn,
    sync_service::SyncService,
};

/// How long a closing connection waits for its close frame to go out.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// How often a connection checks that its session is still live: expiry
/// and anything that ends a session without a call to the relay (another
/// relay process, a database edit) close it within this time. Sign-out and
/// admin changes close it at once.
const SESSION_RECHECK: Duration = Duration::from_secs(15);

/// Serves one `/sync` websocket until either side ends it. This task reads;
/// a second one writes from the connection's bounded queue and pings.
pub(crate) async fn serve(socket: WebSocket, service: SyncService, signed_in: Option<SignedIn>) {
    let _open = service.connection_opened();
    let mut shutting_down = service.shutting_down();
    let limits = service.limits().clone();
    let (sink, mut stream) = socket.split();
    let (closer, close_requested) = Closer::new();
    let (link, queue) = PeerLink::new(
        limits.outbound_queue_frames,
        limits.outbound_queue_bytes,
        closer.clone(),
    );
    let writer = tokio::spawn(write(
        sink,
        queue,
        close_requested.clone(),
        Duration::from_secs(limits.keepalive_secs.max(1)),
    ));
    let idle = Duration::from_secs(limits.idle_timeout_secs.max(1));
    let mut router = ConnectionRouter::new(service, link.clone(), signed_in);
    let mut close_requested = close_requested;
    let mut idle_deadline = tokio::time::Instant::now() + idle;
    let mut recheck = tokio::time::interval_at(
        tokio::time::Instant::now() + SESSION_RECHECK,
        SESSION_RECHECK,
    );
    // After an oversized frame the stream must not be read again: the rest
    // of that frame would be buffered whole.
    let mut unreadable = false;
    let close = loop {
        let received = tokio::select! {
            biased;
            _ = close_requested.changed() => break None,
            _ = shutting_down.wait_for(|down| *down) => {
                break Some(Close::going_away("the relay is shutting down"));
            }
            _ = recheck.tick(), if router.signed_in().is_some() => None,
            received = tokio::time::timeout_at(idle_deadline, stream.next()) => Some(received),
        };
        // The session is checked outside the select: its futures borrow
        // the shutdown watch, which may not be held across an await.
        let Some(received) = received else {
            if let Some(who) = router.signed_in()
                && !who.still_valid().await
            {
                break Some(Close::policy("the session ended; sign in again"));
            }
            continue;
        };
        idle_deadline = tokio::time::Instant::now() + idle;
        let Ok(received) = received else {
            break Some(Close::going_away(format!(
                "nothing received for {} s",
                idle.as_secs()
            )));
        };
        match received {
            None => break None,
            Some(Ok(Message::Binary(frame))) => {
                if let Err(close) = router.on_frame(&frame).await {
                    break Some(close);
                }
            }
            Some(Ok(Message::Text(_))) => {
                break Some(Close::protocol(
                    "text frames are not part of the protocol; send binary CBOR",
                ));
            }
            // Any traffic, a pong included, shows the peer is alive.
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            Some(Ok(Message::Close(_))) => break Some(Close::normal("closed by the peer")),
            Some(Err(error)) => {
                let close = close_for_read_error(error);
                unreadable = close.as_ref().is_some_and(|c| c.code == close_code::SIZE);
                break close;
            }
        }
    };
    router.on_closed().await;
    if let Some(close) = close {
        link.close(close);
    } else {
        closer.close(Close::normal(""));
    }
    drop(link);
    if !unreadable {
        // Reading on lets the peer's close reply arrive, so the peer sees a
        // clean close rather than a reset. Nothing read now is acted on.
        let _ = tokio::time::timeout(CLOSE_GRACE, async {
            while let Some(Ok(_)) = stream.next().await {}
        })
        .await;
    }
    // The writer ends after sending what was queued and the close frame. A
    // peer that reads nothing would hold it forever: past the grace it is cut
    // off, whatever is still queued.
    let mut writer = writer;
    if tokio::time::timeout(CLOSE_GRACE, &mut writer)
        .await
        .is_err()
    {
        closer.close(Close::overloaded("closing, and the peer reads nothing"));
        let _ = writer.await;
    }
}

/// A read error is either the peer breaking the protocol (answered with a
/// close frame naming it) or a dead connection (nothing to answer).
fn close_for_read_error(error: axum::Error) -> Option<Close> {
    let inner = error.into_inner();
    let Some(error) = inner.downcast_ref::<tungstenite::Error>() else {
        return Some(Close::internal("unexpected websocket error"));
    };
    match error {
        // The oversized frame is left unread: reading on would buffer it.
        tungstenite::Error::Capacity(capacity) => Some(Close::too_big(capacity.to_string())),
        tungstenite::Error::Protocol(protocol) => Some(Close::protocol(protocol.to_string())),
        tungstenite::Error::Utf8(_) => Some(Close::protocol("a text frame that is not UTF-8")),
        _ => None,
    }
}

async fn write(
    mut sink: SplitSink<WebSocket, Message>,
    mut queue: OutboundQueue,
    mut close_requested: watch::Receiver<Option<Close>>,
    keepalive: Duration,
) {
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + keepalive, keepalive);
    let close = loop {
        tokio::select! {
            biased;
            _ = close_requested.changed() => break close_requested.borrow().clone(),
            next = queue.queue.recv() => match next {
                Some(Outbound::Frame(frame)) => {
                    // Everything already queued goes out behind one flush:
                    // a burst of frames costs one write, not one each.
                    let (frames, then) = queue.take_ready(frame);
                    if !send_unless_closed(&mut sink, frames, &mut close_requested).await {
                        break close_requested.borrow().clone();
                    }
                    match then {
                        Some(Outbound::Close(close)) => break Some(close),
                        Some(Outbound::Frame(_)) | None => {}
                    }
                }
                Some(Outbound::Close(close)) => break Some(close),
                None => break close_requested.borrow().clone(),
            },
            _ = ping.tick() => {
                let ping = vec![Message::Ping(Bytes::new())];
                if !send_unless_closed(&mut sink, ping, &mut close_requested).await {
                    break close_requested.borrow().clone();
                }
            }
        }
    };
    if let Some(close) = close {
        if close.code != close_code::NORMAL || !close.reason.is_empty() {
            tracing::debug!(code = close.code, reason = %close.reason, "closing a sync connection");
        }
        let _ = tokio::time::timeout(CLOSE_GRACE, sink.send(close.into_message())).await;
    }
    let _ = tokio::time::timeout(CLOSE_GRACE, sink.close()).await;
}

/// Sends `messages` with one flush unless the connection is closed
/// meanwhile; `false` when the connection is over.
async fn send_unless_closed(
    sink: &mut SplitSink<WebSocket, Message>,
    messages: Vec<Message>,
    close_requested: &mut watch::Receiver<Option<Close>>,
) -> bool {
    let send = async {
        for message in messages {
            sink.feed(message).await?;
        }
        sink.flush().await
    };
    tokio::select! {
        biased;
        _ = close_requested.changed() => false,
        sent = send => sent.is_ok(),
    }
}
