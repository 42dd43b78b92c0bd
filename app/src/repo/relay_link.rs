//! The websocket to the relay's `/sync`, reopened with backoff when it drops.

use std::{
    cell::{Cell, RefCell},
    rc::{Rc, Weak},
};

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue, prelude::Closure};
use web_sys::{BinaryType, MessageEvent, WebSocket};

use super::Backoff;

/// Where frames for the relay go. The repo speaks to this rather than to a
/// websocket, so tests can stand in for the relay.
pub trait FrameSink {
    /// Sends one frame if connected; frames while disconnected are dropped
    /// (the engine resyncs from scratch on the next connection).
    fn send(&self, frame: &[u8]);
    /// Drops the connection (the engine gave up on it); a link that reconnects does so.
    fn close(&self);
}

/// What the link tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEvent {
    Opened,
    Frame(Vec<u8>),
    /// The relay itself closed the socket with a close frame (not a dropped
    /// connection): it may have ended the session. `Closed` follows.
    ClosedByRelay {
        code: u16,
        reason: String,
    },
    Closed,
}

/// The relay's sync endpoint on the page's own origin: `wss:` under `https:`.
pub fn sync_url(page_protocol: &str, page_host: &str) -> String {
    let scheme = if page_protocol == "https:" {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{page_host}/sync")
}

/// A websocket that reconnects: after each close it waits per [`Backoff`]
/// (the wait resets once a connection opens) and tries again, until dropped.
pub struct RelayLink {
    inner: Rc<Inner>,
}

struct Inner {
    url: String,
    backoff: Backoff,
    attempt: Cell<u32>,
    socket: RefCell<Option<Socket>>,
    retry: Cell<Option<i32>>,
    /// The socket that just closed: its handlers may not be freed while one of them runs.
    closed: RefCell<Option<Socket>>,
    on_event: Box<dyn Fn(LinkEvent)>,
    stopped: Cell<bool>,
    /// The window's `online` and `offline` listeners, removed on drop.
    network_listeners: RefCell<Vec<(&'static str, Listener)>>,
}

/// A DOM event listener kept alive for as long as it is registered.
type Listener = Closure<dyn FnMut(JsValue)>;

struct Socket {
    ws: WebSocket,
    _handlers: [Closure<dyn FnMut(JsValue)>; 3],
}

impl RelayLink {
    /// Connects to the page's own relay.
    pub fn to_page_origin(on_event: impl Fn(LinkEvent) + 'static) -> Result<Self, JsValue> {
        let location = web_sys::window()
            .ok_or_else(|| JsValue::from_str("no window"))?
            .location();
        let url = sync_url(&location.protocol()?, &location.host()?);
        Ok(Self::connect(url, Backoff::default(), on_event))
    }

    pub fn connect(url: String, backoff: Backoff, on_event: impl Fn(LinkEvent) + 'static) -> Self {
        let inner = Rc::new(Inner {
            url,
            backoff,
            attempt: Cell::new(0),
            socket: RefCell::new(None),
            retry: Cell::new(None),
            closed: RefCell::new(None),
            on_event: Box::new(on_event),
            stopped: Cell::new(false),
            network_listeners: RefCell::new(Vec::new()),
        });
        Inner::follow_network(&inner);
        Inner::open(&inner);
        Self { inner }
    }
}

impl FrameSink for RelayLink {
    fn send(&self, frame: &[u8]) {
        if let Some(socket) = self.inner.socket.borrow().as_ref()
            && socket.ws.ready_state() == WebSocket::OPEN
        {
            let _ = socket.ws.send_with_u8_array(frame);
        }
    }

    fn close(&self) {
        // The close event then schedules the reconnect.
        if let Some(socket) = self.inner.socket.borrow().as_ref() {
            let _ = socket.ws.close();
        }
    }
}

impl Drop for RelayLink {
    fn drop(&mut self) {
        self.inner.stopped.set(true);
        if let Some(window) = web_sys::window() {
            if let Some(id) = self.inner.retry.take() {
                window.clear_timeout_with_handle(id);
            }
            for (event, listener) in self.inner.network_listeners.borrow_mut().drain(..) {
                let _ = window
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
        if let Some(socket) = self.inner.socket.borrow_mut().take() {
            socket.ws.set_onopen(None);
            socket.ws.set_onmessage(None);
            socket.ws.set_onclose(None);
            let _ = socket.ws.close();
        }
    }
}

impl Inner {
    /// Follows what the browser knows of the network: going offline closes
    /// the socket at once (so nobody is told "online" over a dead link), and
    /// coming back online tries the relay now instead of after the backoff
    /// that piled up while offline.
    fn follow_network(this: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let weak = Rc::downgrade(this);
        let offline = handler(&weak, |inner, _| {
            if let Some(socket) = inner.socket.borrow().as_ref() {
                let _ = socket.ws.close();
            }
        });
        let online = handler(&weak, |inner, _| {
            if inner.socket.borrow().is_some() {
                return;
            }
            if let Some(id) = inner.retry.take()
                && let Some(window) = web_sys::window()
            {
                window.clear_timeout_with_handle(id);
            }
            inner.attempt.set(0);
            Self::open(&inner);
        });
        let mut listeners = this.network_listeners.borrow_mut();
        for (event, listener) in [("offline", offline), ("online", online)] {
            if window
                .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
                .is_ok()
            {
                listeners.push((event, listener));
            }
        }
    }

    fn open(this: &Rc<Self>) {
        if this.stopped.get() {
            return;
        }
        this.closed.borrow_mut().take();
        // While the browser knows it is offline, trying only fails; the
        // `online` event opens the link.
        if web_sys::window().is_some_and(|w| !w.navigator().on_line()) {
            return;
        }
        let Ok(ws) = WebSocket::new(&this.url) else {
            // A malformed URL will not heal; still retry, with backoff, in case it was transient.
            return Self::schedule_retry(this);
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let weak = Rc::downgrade(this);
        let on_open = handler(&weak, |inner, _| {
            inner.attempt.set(0);
            (inner.on_event)(LinkEvent::Opened);
        });
        let on_message = handler(&weak, |inner, event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            // Text frames are not part of the protocol; they are ignored.
            if let Ok(buffer) = event.data().dyn_into::<ArrayBuffer>() {
                (inner.on_event)(LinkEvent::Frame(Uint8Array::new(&buffer).to_vec()));
            }
        });
        let on_close = handler(&weak, |inner, event| {
            // 1006: no close frame (the relay is down, the network dropped, or
            // the upgrade was refused); anything else the relay chose to send.
            if let Some(event) = event.dyn_ref::<web_sys::CloseEvent>()
                && event.code() != 1006
            {
                (inner.on_event)(LinkEvent::ClosedByRelay {
                    code: event.code(),
                    reason: event.reason(),
                });
            }
            let closed = inner.socket.borrow_mut().take();
            *inner.closed.borrow_mut() = closed;
            (inner.on_event)(LinkEvent::Closed);
            Self::schedule_retry(&inner);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *this.socket.borrow_mut() = Some(Socket {
            ws,
            _handlers: [on_open, on_message, on_close],
        });
    }

    fn schedule_retry(this: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let attempt = this.attempt.get();
        this.attempt.set(attempt.saturating_add(1));
        let wait = this.backoff.delay_ms(attempt, js_sys::Math::random());
        let weak = Rc::downgrade(this);
        // Freed by its one call; a retry cancelled by `drop` leaks one small closure.
        let retry = Closure::once_into_js(move || {
            if let Some(inner) = weak.upgrade() {
                inner.retry.set(None);
                Self::open(&inner);
            }
        });
        let wait = i32::try_from(wait).unwrap_or(i32::MAX);
        if let Ok(id) = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), wait)
        {
            this.retry.set(Some(id));
        }
    }
}

fn handler(
    weak: &Weak<Inner>,
    f: impl Fn(Rc<Inner>, JsValue) + 'static,
) -> Closure<dyn FnMut(JsValue)> {
    let weak = weak.clone();
    Closure::new(move |event: JsValue| {
        if let Some(inner) = weak.upgrade() {
            f(inner, event);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::sync_url;

    #[test]
    fn the_sync_url_follows_the_page() {
        assert_eq!(
            sync_url("https:", "c.example:8443"),
            "wss://c.example:8443/sync"
        );
        assert_eq!(
            sync_url("http:", "127.0.0.1:3000"),
            "ws://127.0.0.1:3000/sync"
        );
    }
}
