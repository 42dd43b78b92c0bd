//! Frame decoding plus engine handling: arbitrary frames injected into a
//! relay connection with its rooms and into a client, wired to each other.
//! See `concord_sync::engine::fuzzing::drive` for the input format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    concord_sync::engine::fuzzing::drive(data);
});
