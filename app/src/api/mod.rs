//! The relay's HTTP API (relay/API.md) through fetch; the session cookie
//! goes by itself. The bodies are `concord-api`'s types, the very ones the
//! relay writes; `CallError` is a call that gave no usable answer.

mod call_error;
mod http;

pub use call_error::CallError;
pub use http::{
    delete, delete_for, get, get_bytes, patch, path_segment, post, post_empty, post_file,
    post_for_bytes, put, put_bytes,
};
