//! Integers as JavaScript numbers. cbor-x writes a number that fits 32 bits as
//! a CBOR integer and any larger one (a `Date.now()` timestamp) as a double;
//! it reads a 64-bit CBOR integer back as a BigInt, which automerge-repo's
//! arithmetic does not expect. So both directions follow cbor-x.

use std::convert::Infallible;

use minicbor::{Encoder, encode::Error};

/// The largest integer a double holds exactly (`Number.MAX_SAFE_INTEGER`).
pub(super) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The integer a double stands for, if it is a whole number a JavaScript peer
/// could have meant as one.
pub(super) fn integer_from_double(value: f64) -> Option<u64> {
    let whole = (0.0..=MAX_SAFE_INTEGER as f64).contains(&value) && value.trunc() == value;
    // The range check above makes the cast exact.
    whole.then_some(value as u64)
}

/// Writes `value` as cbor-x writes the same JavaScript number. Values past
/// `MAX_SAFE_INTEGER` are no JavaScript number at all; they stay CBOR integers
/// so that nothing is lost between Rust peers.
pub(super) fn write_integer(
    encoder: &mut Encoder<Vec<u8>>,
    value: u64,
) -> Result<(), Error<Infallible>> {
    if value <= u64::from(u32::MAX) || value > MAX_SAFE_INTEGER {
        encoder.u64(value)?;
    } else {
        // Exact: the value is at most 2^53 - 1.
        encoder.f64(value as f64)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: u64) -> Vec<u8> {
        let mut encoder = Encoder::new(Vec::new());
        write_integer(&mut encoder, value).unwrap();
        encoder.into_writer()
    }

    #[test]
    fn writes_32_bit_values_as_integers_and_larger_ones_as_doubles() {
        assert_eq!(written(5), [0x05]);
        assert_eq!(written(300), [0x19, 0x01, 0x2c]);
        assert_eq!(written(u64::from(u32::MAX)), [0x1a, 0xff, 0xff, 0xff, 0xff]);
        // 1_700_000_000_000 ms, a 2023 timestamp, as cbor-x writes Date.now().
        let mut double = vec![0xfb];
        double.extend_from_slice(&1_700_000_000_000f64.to_be_bytes());
        assert_eq!(written(1_700_000_000_000), double);
        assert_eq!(written(MAX_SAFE_INTEGER + 1)[0], 0x1b);
    }

    #[test]
    fn reads_only_whole_non_negative_safe_doubles() {
        assert_eq!(
            integer_from_double(1_700_000_000_000.0),
            Some(1_700_000_000_000)
        );
        assert_eq!(integer_from_double(-0.0), Some(0));
        assert_eq!(
            integer_from_double(MAX_SAFE_INTEGER as f64),
            Some(MAX_SAFE_INTEGER)
        );
        for bad in [0.5, -1.0, f64::NAN, f64::INFINITY, 2f64.powi(53)] {
            assert_eq!(integer_from_double(bad), None, "{bad}");
        }
    }
}
