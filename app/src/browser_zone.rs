//! The browser's time zone, which only the browser knows: the model's
//! calendar reads instants on this browser's clocks through `BrowserZone`.

use concord_model::{Day, LocalDateTime, Offset, TimeZone};

/// This browser's zone, its daylight saving rules included. Off the
/// browser (native tests) it is UTC.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserZone;

impl TimeZone for BrowserZone {
    fn offset_at(&self, instant_ms: i64) -> Offset {
        #[cfg(target_arch = "wasm32")]
        {
            let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(instant_ms as f64));
            // JavaScript counts minutes *west* of UTC; an invalid date gives NaN.
            let west = at.get_timezone_offset();
            if west.is_finite() {
                return Offset::from_minutes_east(-(west as i32)).unwrap_or(Offset::UTC);
            }
            Offset::UTC
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = instant_ms;
            Offset::UTC
        }
    }
}

/// An instant for reading: `YYYY-MM-DD HH:MM` on this browser's clocks.
pub fn show_ms(ms: i64) -> String {
    LocalDateTime::text_of(ms, &BrowserZone)
}

/// Today on this browser's clocks.
pub fn today() -> Option<Day> {
    Day::of_instant(js_sys::Date::now() as i64, &BrowserZone)
}
