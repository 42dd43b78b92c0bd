use axum::extract::ws::{CloseFrame, Message, close_code};

/// Why the relay ends a `/sync` connection, as a websocket close frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Close {
    pub code: u16,
    pub reason: String,
}

/// A close frame's payload is at most 125 bytes, two of them the code.
const MAX_REASON_BYTES: usize = 123;

impl Close {
    fn new(code: u16, reason: impl Into<String>) -> Self {
        let mut reason = reason.into();
        if reason.len() > MAX_REASON_BYTES {
            let mut end = MAX_REASON_BYTES;
            while !reason.is_char_boundary(end) {
                end -= 1;
            }
            reason.truncate(end);
        }
        Self { code, reason }
    }

    pub fn normal(reason: impl Into<String>) -> Self {
        Self::new(close_code::NORMAL, reason)
    }

    /// A malformed frame, a text frame, or a broken handshake.
    pub fn protocol(reason: impl Into<String>) -> Self {
        Self::new(close_code::PROTOCOL, reason)
    }

    /// The peer asked for something it may not have (too many documents, a refused change).
    pub fn policy(reason: impl Into<String>) -> Self {
        Self::new(close_code::POLICY, reason)
    }

    pub fn too_big(reason: impl Into<String>) -> Self {
        Self::new(close_code::SIZE, reason)
    }

    pub fn internal(reason: impl Into<String>) -> Self {
        Self::new(close_code::ERROR, reason)
    }

    /// The relay cannot keep up with this peer; it may reconnect and resync.
    pub fn overloaded(reason: impl Into<String>) -> Self {
        Self::new(close_code::AGAIN, reason)
    }

    pub fn idle(reason: impl Into<String>) -> Self {
        Self::new(close_code::AWAY, reason)
    }

    pub fn into_message(self) -> Message {
        Message::Close(Some(CloseFrame {
            code: self.code,
            reason: self.reason.into(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reason_is_cut_to_fit_a_close_frame_on_a_char_boundary() {
        let close = Close::protocol("文".repeat(100));
        assert!(close.reason.len() <= MAX_REASON_BYTES);
        assert!(close.reason.len() > MAX_REASON_BYTES - 3);
        assert_eq!(close.code, 1002);
    }
}
