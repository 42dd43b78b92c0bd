//! A cell's value as one short line of text, for table rows and cards: the
//! model's `cell_text_at` (the relay's search reads the same), on this
//! browser's clock.

use concord_model::{FieldKind, Locale, Value, cell_text_at};

use crate::browser_zone::BrowserZone;

/// The value as compact display text in the reader's language and time zone.
pub fn cell_text(kind: &FieldKind, value: &Value, locale: Locale) -> String {
    cell_text_at(kind, value, locale, &BrowserZone)
}
