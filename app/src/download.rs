//! Hands the person a file made in the page, as the browser's download.

use wasm_bindgen::{JsCast as _, JsValue};

/// Offers `bytes` as the download `file_name` of type `mime`.
pub fn browser_download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

/// A download's name from a document's title and what part of it this is:
/// no path separators or control characters (no title names a place on the
/// person's disk), at most 80 characters before the extension.
pub fn file_name(parts: &[&str], extension: &str) -> String {
    let joined = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" - ");
    let kept: String = joined
        .chars()
        .filter(|c| !c.is_control() && !"/\\:*?\"<>|".contains(*c))
        .take(80)
        .collect();
    let kept = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    // A leading dot would hide the file on some systems.
    match kept.trim().trim_start_matches('.') {
        "" => format!("concord.{extension}"),
        name => format!("{name}.{extension}"),
    }
}

/// Hands over an .xlsx file the relay made, or says why it could not: the
/// reader's words for the failure, and when the relay was out of reach,
/// `offline` (what works without it).
pub fn save_relay_xlsx(
    made: Result<Vec<u8>, crate::api::CallError>,
    file_name: &str,
    offline: concord_model::Localized,
    locale: concord_model::Locale,
) -> Result<(), String> {
    use crate::api::CallError;
    match made {
        Ok(bytes) => browser_download(file_name, concord_model::export::XLSX_MIME, &bytes)
            .map_err(|e| format!("{e:?}")),
        Err(e @ CallError::Unreachable(_)) => {
            Err(format!("{} {}", e.describe(locale), offline.get(locale)))
        }
        Err(e) => Err(e.describe(locale)),
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_are_harmless() {
        assert_eq!(
            file_name(&["季度/计划", "任务"], "csv"),
            "季度计划 - 任务.csv"
        );
        assert_eq!(file_name(&["采购 / 二期"], "xlsx"), "采购 二期.xlsx");
        assert_eq!(file_name(&["../\r\n", " "], "xlsx"), "concord.xlsx");
        assert_eq!(file_name(&["", ""], "csv"), "concord.csv");
    }
}
