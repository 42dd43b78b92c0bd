//! Relays that share one workspace: PostgreSQL orders each document's
//! writes and is the truth; each relay keeps its own rooms and catches them
//! up with what the others wrote.
//!
//! A room takes the document's row lock before it judges a batch, catches
//! up under it, and appends with the next sequence number (`DocLog`). What
//! others write reaches a room as a [`FromOthers`]: from the broker, when
//! there is one ([`Broker`]: NATS core publish/subscribe, at most once),
//! and from the periodic check of every open room against PostgreSQL
//! ([`watch_rooms`]), which alone keeps rooms converging. Either way the
//! changes themselves are read from PostgreSQL: a broker message names
//! sequence numbers only, since anyone who reaches the broker may publish.
//! Changes from other relays enter a room as if sent by the
//! [`FeedPolicy`]'s peer, which no connection may speak as.

mod broker;
mod broker_error;
mod doc_news;
mod feed_policy;
mod from_others;
mod room_watch;
mod session_news;

pub(crate) use broker::{Broker, BrokerLink};
pub use broker_error::BrokerError;
pub(crate) use doc_news::DocNews;
pub(crate) use feed_policy::FeedPolicy;
pub(crate) use from_others::FromOthers;
pub(crate) use room_watch::watch_rooms;
pub(crate) use session_news::SessionNews;
