//! Small reads of browser facilities shared by the repo's adapters.

use wasm_bindgen::JsValue;

/// Random bytes from the browser's cryptographic generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut bytes = [0u8; N];
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    window
        .crypto()?
        .get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

/// Milliseconds since the epoch; the model takes time as an argument.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Asks the browser not to evict this site's storage under pressure; asked
/// once per page, the answer (granted or not) is the browser's to keep.
pub fn request_persistence() {
    thread_local! {
        static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if ASKED.with(|asked| asked.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(promise) = window.navigator().storage().persist() {
        // Refusal is normal (the browser decides by engagement); nothing to do.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
