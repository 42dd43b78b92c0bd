//! automerge-repo's CBOR framing: one map with text keys per message.
//!
//! Decoding reads the bytes JavaScript's cbor-x writes (16-bit map headers,
//! integers past 32 bits as doubles, `undefined` for unset optional fields);
//! encoding writes what cbor-x reads back as the same JavaScript values.

mod decode;
mod decode_error;
mod encode;
mod fields;
mod number;
mod reader;

#[cfg(test)]
mod cbor_bytes;
#[cfg(test)]
mod proptests;

pub(crate) use decode::decode;
pub use decode_error::DecodeError;
pub(crate) use encode::encode;
