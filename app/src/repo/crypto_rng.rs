//! Random ids (rows, comments, sign-offs) from the browser's cryptographic generator.

use std::num::NonZeroU32;

use rand_core::{Error, RngCore, impls};

/// The model takes randomness as an argument; in the browser it is this.
pub struct CryptoRng;

impl RngCore for CryptoRng {
    fn next_u32(&mut self) -> u32 {
        impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        impls::next_u64_via_fill(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if self.try_fill_bytes(dest).is_err() {
            // Ids need only be unique, not secret; the repo could not have
            // opened without crypto, so this is a last resort.
            for byte in dest.iter_mut() {
                *byte = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        super::browser::fill_random(dest).map_err(|_| Error::from(NO_CRYPTO))
    }
}

const NO_CRYPTO: NonZeroU32 = match NonZeroU32::new(Error::CUSTOM_START) {
    Some(code) => code,
    None => NonZeroU32::MIN,
};
