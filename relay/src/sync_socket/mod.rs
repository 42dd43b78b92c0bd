//! The `/sync` websocket: automerge-repo's protocol over binary frames.
//!
//! One task per connection reads frames and hands them to its
//! [`ConnectionRouter`]; a second writes from the connection's bounded
//! outbound queue and pings. Each open document runs in its own actor task
//! (a room, whose engine work runs on the blocking pool), which commits what
//! it must store through the group committer before it sends anything that
//! follows it. What they all share is the [`SyncService`]. Close codes: 1000
//! normal, 1001 idle, 1002 protocol error, 1008 policy, 1009 too big, 1011
//! internal, 1013 overloaded (resync later).

mod close;
mod connection;
mod connection_router;
mod live_peers;
mod outbound;
mod room_actor;
mod room_catch_up;
mod room_feed;
mod rooms;
mod signed_in;
mod sync_service;

use axum::{
    extract::{State, WebSocketUpgrade},
    http::StatusCode,
    response::{IntoResponse as _, Response},
};
use axum_extra::extract::cookie::CookieJar;

use signed_in::SignedIn;
pub(crate) use sync_service::{RelayIdentity, SyncService};

use crate::http::{SESSION_COOKIE, Shared, signed_in_account};

const IDLE_READ_BUFFER: usize = 4 * 1024;

/// Upgrades only with a live session (unless the relay runs `--open-sync`):
/// the connection belongs to that session's person from its first frame.
pub(crate) async fn sync_route(
    ws: WebSocketUpgrade,
    State(shared): State<Shared>,
    jar: CookieJar,
) -> Response {
    let service = shared.sync_service.clone();
    let signed_in = if service.access().is_some() {
        match signed_in_account(&shared.accounts, &jar).await {
            Ok(Some(account)) => {
                let cookie = jar
                    .get(SESSION_COOKIE)
                    .map(|c| c.value().to_owned())
                    .unwrap_or_default();
                Some(SignedIn::new(account, cookie, shared.accounts.clone()))
            }
            Ok(None) => return (StatusCode::UNAUTHORIZED, "sign in first").into_response(),
            Err(error) => {
                tracing::error!(%error, "accounts failed on a sync upgrade");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the relay could not check the session",
                )
                    .into_response();
            }
        }
    } else {
        None
    };
    let max = service.limits().max_frame_bytes;
    // tungstenite's default 128 KiB read buffer stays resident per idle
    // connection; frames are small, and bigger ones still grow it on demand.
    ws.max_message_size(max)
        .max_frame_size(max)
        .read_buffer_size(IDLE_READ_BUFFER)
        .on_upgrade(move |socket| connection::serve(socket, service, signed_in))
}
