//! Instants as the browser shows them: in the person's local time zone,
//! which only the browser knows.

use wasm_bindgen::JsValue;

/// `YYYY-MM-DDTHH:MM` in local time, what `<input type=datetime-local>` takes.
pub fn local_input_from_ms(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The instant a `datetime-local` value names in local time; None if blank or invalid.
pub fn ms_from_local_input(typed: &str) -> Option<i64> {
    if typed.trim().is_empty() {
        return None;
    }
    let t = js_sys::Date::new(&JsValue::from_str(typed.trim())).get_time();
    t.is_finite().then_some(t as i64)
}

/// An instant for reading: `YYYY-MM-DD HH:MM`, local time.
pub fn show_ms(ms: i64) -> String {
    local_input_from_ms(ms).replacen('T', " ", 1)
}
