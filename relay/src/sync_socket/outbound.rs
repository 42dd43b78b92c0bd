use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::extract::ws::Message;
use bytes::Bytes;
use tokio::sync::{mpsc, watch};

use super::close::Close;

/// What the connection's writer sends, in order.
#[derive(Debug)]
pub(crate) enum Outbound {
    Frame(Bytes),
    /// Sent after every frame queued before it; then the connection ends.
    Close(Close),
}

/// Ends a connection now, ahead of anything still queued: for a peer too slow
/// to drain its queue (whose queue therefore has no room for a close).
#[derive(Clone)]
pub(crate) struct Closer(Arc<watch::Sender<Option<Close>>>);

impl Closer {
    pub fn new() -> (Self, watch::Receiver<Option<Close>>) {
        let (sender, receiver) = watch::channel(None);
        (Self(Arc::new(sender)), receiver)
    }

    /// The first reason given wins.
    pub fn close(&self, close: Close) {
        self.0.send_if_modified(|current| {
            if current.is_some() {
                return false;
            }
            *current = Some(close);
            true
        });
    }
}

/// The sending half of one connection's bounded outbound queue, handed to
/// every room the connection has open. Rooms never wait on it: a full queue
/// closes that connection with 1013, so one slow reader never slows a room.
#[derive(Clone)]
pub(crate) struct PeerLink {
    queue: mpsc::Sender<Outbound>,
    queued_bytes: Arc<AtomicUsize>,
    max_queued_bytes: usize,
    closer: Closer,
}

/// The writer's end of the queue.
pub(crate) struct OutboundQueue {
    pub queue: mpsc::Receiver<Outbound>,
    queued_bytes: Arc<AtomicUsize>,
}

impl PeerLink {
    pub fn new(max_frames: usize, max_bytes: usize, closer: Closer) -> (Self, OutboundQueue) {
        let (queue, receiver) = mpsc::channel(max_frames.max(1));
        let queued_bytes = Arc::new(AtomicUsize::new(0));
        (
            Self {
                queue,
                queued_bytes: queued_bytes.clone(),
                max_queued_bytes: max_bytes,
                closer,
            },
            OutboundQueue {
                queue: receiver,
                queued_bytes,
            },
        )
    }

    /// Queues one frame; `false` if the connection is gone or was just
    /// closed for falling behind.
    pub fn send(&self, frame: Vec<u8>) -> bool {
        let len = frame.len();
        let before = self.queued_bytes.fetch_add(len, Ordering::Relaxed);
        if before.saturating_add(len) > self.max_queued_bytes && before > 0 {
            self.queued_bytes.fetch_sub(len, Ordering::Relaxed);
            self.overloaded();
            return false;
        }
        match self.queue.try_send(Outbound::Frame(Bytes::from(frame))) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.queued_bytes.fetch_sub(len, Ordering::Relaxed);
                self.overloaded();
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }

    /// Closes after the frames already queued.
    pub fn close(&self, close: Close) {
        if let Err(mpsc::error::TrySendError::Full(Outbound::Close(close))) =
            self.queue.try_send(Outbound::Close(close))
        {
            self.closer.close(close);
        }
    }

    pub fn closer(&self) -> &Closer {
        &self.closer
    }

    fn overloaded(&self) {
        self.closer.close(Close::overloaded(
            "outbound queue full: this connection reads too slowly; reconnect to resync",
        ));
    }
}

/// Frames written behind one flush, at most: a peer that reads slowly still
/// sees its first frames while the rest wait.
const FRAMES_PER_FLUSH: usize = 64;

impl OutboundQueue {
    /// Marks a frame taken off the queue as no longer counting against it.
    pub fn sent(&self, frame: &Bytes) {
        self.queued_bytes.fetch_sub(frame.len(), Ordering::Relaxed);
    }

    /// `first` and the frames queued behind it, up to a close (handed back
    /// second, to follow them) or `FRAMES_PER_FLUSH`; each counted as sent.
    pub fn take_ready(&mut self, first: Bytes) -> (Vec<Message>, Option<Outbound>) {
        self.sent(&first);
        let mut frames = vec![Message::Binary(first)];
        while frames.len() < FRAMES_PER_FLUSH {
            match self.queue.try_recv() {
                Ok(Outbound::Frame(frame)) => {
                    self.sent(&frame);
                    frames.push(Message::Binary(frame));
                }
                Ok(close) => return (frames, Some(close)),
                Err(_) => break,
            }
        }
        (frames, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_closes_the_connection_with_1013() {
        let (closer, closed) = Closer::new();
        let (link, _queue) = PeerLink::new(2, usize::MAX, closer);
        assert!(link.send(vec![1]));
        assert!(link.send(vec![2]));
        assert!(!link.send(vec![3]));
        let close = closed.borrow().clone().expect("closed");
        assert_eq!(close.code, 1013);
    }

    #[test]
    fn too_many_queued_bytes_close_the_connection_but_one_big_frame_passes() {
        let (closer, closed) = Closer::new();
        let (link, queue) = PeerLink::new(100, 10, closer);
        assert!(
            link.send(vec![0; 50]),
            "a lone frame is never refused for size"
        );
        assert!(!link.send(vec![0; 1]));
        assert_eq!(closed.borrow().as_ref().map(|c| c.code), Some(1013));
        drop(queue);
    }

    #[test]
    fn queued_frames_leave_together_and_a_close_after_them() {
        let (closer, _closed) = Closer::new();
        let (link, mut queue) = PeerLink::new(10, 1_000, closer);
        for n in 0..3u8 {
            assert!(link.send(vec![n; 4]));
        }
        link.close(Close::normal("done"));
        assert!(link.send(vec![9]), "queued after the close, never sent");
        let Ok(Outbound::Frame(first)) = queue.queue.try_recv() else {
            panic!("a frame first");
        };
        let (frames, then) = queue.take_ready(first);
        assert_eq!(frames.len(), 3);
        assert!(matches!(then, Some(Outbound::Close(c)) if c.code == 1000));
        assert_eq!(
            queue.queued_bytes.load(Ordering::Relaxed),
            1,
            "only the last"
        );
    }

    #[test]
    fn a_drained_queue_takes_more() {
        let (closer, closed) = Closer::new();
        let (link, mut queue) = PeerLink::new(1, 10, closer);
        for n in 0..5u8 {
            assert!(link.send(vec![n; 8]));
            let Some(Outbound::Frame(frame)) = queue.queue.try_recv().ok() else {
                panic!("frame {n} queued");
            };
            queue.sent(&frame);
        }
        assert!(closed.borrow().is_none());
    }
}
