//! Random bytes for new row ids, from the browser's crypto.

use rand_core::{CryptoRng, RngCore};

/// `crypto.getRandomValues` as a `RngCore`, for `ConcordDoc::add_row`: two
/// people adding rows offline must never pick the same id.
pub struct BrowserRng;

impl RngCore for BrowserRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if self.try_fill_bytes(dest).is_err() {
            // Only a browser without Web Crypto gets here; Math.random still
            // makes a clash between two people's rows vanishingly unlikely.
            for byte in dest.iter_mut() {
                *byte = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        let crypto = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .ok_or_else(|| no_crypto())?;
        crypto
            .get_random_values_with_u8_array(dest)
            .map(|_| ())
            .map_err(|_| no_crypto())
    }
}

impl CryptoRng for BrowserRng {}

/// Our error code for "no Web Crypto" (rand_core without `std` carries codes).
fn no_crypto() -> rand_core::Error {
    let code = std::num::NonZeroU32::MIN.saturating_add(rand_core::Error::CUSTOM_START);
    rand_core::Error::from(code)
}
