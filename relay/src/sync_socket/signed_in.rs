use std::{collections::HashMap, sync::Arc, sync::Mutex};

use concord_model::{Person, PersonId};

use super::{close::Close, outbound::Closer};
use crate::{
    accounts::{Account, Accounts, SessionToken},
    clock::now_ms,
};

/// The person a `/sync` connection was opened for, and the session that
/// lets it stay open.
#[derive(Clone)]
pub(crate) struct SignedIn {
    pub person: Person,
    cookie: String,
    accounts: Arc<Accounts>,
}

impl SignedIn {
    pub fn new(account: Account, cookie: String, accounts: Arc<Accounts>) -> Self {
        Self {
            person: account.person,
            cookie,
            accounts,
        }
    }

    /// The session's digest, by which signing out finds its connections.
    pub fn session_digest(&self) -> Option<[u8; 32]> {
        SessionToken::parse(&self.cookie).map(|token| token.digest())
    }

    /// Whether the session is still live and still this person's (not
    /// expired, signed out or disabled). A failing accounts database ends
    /// the connection too: nobody stays in on an unchecked session.
    pub async fn still_valid(&self) -> bool {
        let accounts = self.accounts.clone();
        let cookie = self.cookie.clone();
        let now = now_ms();
        let found = tokio::task::spawn_blocking(move || accounts.session(&cookie, now)).await;
        matches!(found, Ok(Ok(Some(account))) if account.person == self.person)
    }
}

/// Every open `/sync` connection that belongs to a session, so signing out,
/// disabling a person or changing their departments reaches the sockets
/// they already have open at once.
#[derive(Default)]
pub(crate) struct SignedInConnections {
    by_serial: Mutex<HashMap<u64, OpenSocket>>,
}

/// Whose a connection is, by which session, and how to close it.
struct OpenSocket {
    person: PersonId,
    session: Option<[u8; 32]>,
    closer: Closer,
}

impl SignedInConnections {
    pub fn register(&self, serial: u64, who: &SignedIn, closer: Closer) {
        let socket = OpenSocket {
            person: who.person.id.clone(),
            session: who.session_digest(),
            closer,
        };
        self.lock().insert(serial, socket);
    }

    pub fn forget(&self, serial: u64) {
        self.lock().remove(&serial);
    }

    /// Closes the connections opened with this session.
    pub fn close_session(&self, digest: &[u8; 32], why: &str) {
        for socket in self.lock().values() {
            if socket.session.as_ref() == Some(digest) {
                socket.closer.close(Close::policy(why));
            }
        }
    }

    /// Closes every connection of this person.
    pub fn close_person(&self, person: &PersonId, why: &str) {
        for socket in self.lock().values() {
            if socket.person == *person {
                socket.closer.close(Close::policy(why));
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, OpenSocket>> {
        crate::locks::lock(&self.by_serial)
    }
}
