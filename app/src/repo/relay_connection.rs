//! The repo's side of the connection to the relay: frames in through
//! `link_event`, frames out through a `FrameSink`.

use std::rc::Rc;

use leptos::prelude::*;

use super::{FrameSink, IdbStoreError, LinkEvent, RelayLink, Repo, RepoError};

impl Repo {
    /// Syncs with the relay that served this page, reconnecting as needed.
    pub fn connect_to_relay(&self) -> Result<(), RepoError> {
        let weak = Rc::downgrade(&self.inner);
        let link = RelayLink::to_page_origin(move |event| {
            if let Some(inner) = weak.upgrade() {
                Repo { inner }.link_event(event);
            }
        })
        .map_err(|e| IdbStoreError::Unavailable(format!("no websocket: {e:?}")))?;
        self.use_sink(Rc::new(link));
        Ok(())
    }

    /// Where frames for the relay go: the websocket, or a stand-in in tests.
    pub fn use_sink(&self, sink: Rc<dyn FrameSink>) {
        self.inner.state.borrow_mut().sink = Some(sink);
    }

    /// Whether the websocket to the relay is set up (signed in).
    pub fn is_connected_to_relay(&self) -> bool {
        self.inner.state.borrow().sink.is_some()
    }

    /// Stops syncing with the relay (signed out): the websocket closes and
    /// is not reopened. Documents and their edits stay in this browser.
    pub fn disconnect_from_relay(&self) {
        let sink = {
            let mut state = self.inner.state.borrow_mut();
            state.client.disconnected();
            state.sink.take()
        };
        drop(sink);
        self.inner.signals.online.set(false);
        self.refresh_all();
    }

    /// What the connection to the relay did; the sink's owner reports it here.
    pub fn link_event(&self, event: LinkEvent) {
        let signals = self.inner.signals;
        let outputs = {
            let mut state = self.inner.state.borrow_mut();
            let client = &mut state.client;
            match &event {
                LinkEvent::Opened => client.connect(),
                LinkEvent::Frame(frame) => {
                    let mut outputs = client.receive(frame);
                    outputs.extend(client.tick());
                    outputs
                }
                LinkEvent::ClosedByRelay { .. } => Vec::new(),
                LinkEvent::Closed => {
                    client.disconnected();
                    Vec::new()
                }
            }
        };
        match event {
            LinkEvent::Opened => signals.online.set(true),
            LinkEvent::ClosedByRelay { .. } => signals.link_closes.update(|n| *n += 1),
            LinkEvent::Closed => signals.online.set(false),
            LinkEvent::Frame(_) => {}
        }
        self.enqueue(outputs);
    }

    /// Counts the closes the relay sent, tracked.
    pub fn link_closes(&self) -> ReadSignal<u64> {
        self.inner.signals.link_closes.read_only()
    }

    /// The websocket to the relay is open.
    pub fn online(&self) -> ReadSignal<bool> {
        self.inner.signals.online.read_only()
    }
}
