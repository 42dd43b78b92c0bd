//! Small reads of browser facilities shared by the repo's adapters.

use wasm_bindgen::JsValue;

/// Random bytes from the browser's cryptographic generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut bytes = [0u8; N];
    fill_random(&mut bytes)?;
    Ok(bytes)
}

/// Fills `dest` from the browser's cryptographic generator.
pub fn fill_random(dest: &mut [u8]) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    window.crypto()?.get_random_values_with_u8_array(dest)?;
    Ok(())
}

/// Milliseconds since the epoch; the model takes time as an argument.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Asks the browser not to evict this site's storage under pressure.
/// `Some(granted)`, or `None` where the browser has no such request.
/// Refusal is common (browsers decide by engagement) and changes nothing
/// today; it only means the browser may clear this site's data when the disk fills.
pub async fn request_persistence() -> Option<bool> {
    let promise = web_sys::window()?.navigator().storage().persist().ok()?;
    let granted = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    granted.as_bool()
}

/// A named point on the page's performance timeline, so benchmarks can
/// tell where the time of opening a document goes. Nothing if the browser
/// has no Performance API.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Resolves in a later task: what comes after the `await` runs once the
/// browser has had a chance to paint and to handle input, so two long
/// pieces of work do not make one longer task.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().map(|window| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
        });
        // No window (a worker, a test harness): resolve at once.
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
