use concord_model::import::Grid;
use encoding_rs::{Encoding, GB18030, UTF_8};

use super::{GridError, lines::Lines};

/// A CSV file's lines. UTF-8 (with or without a byte-order mark) or
/// UTF-16 with one; any other text is read as GB18030, which holds GBK and
/// GB2312: Excel on a Chinese Windows saves "CSV" in it. The separator is
/// the comma, or a tab or semicolon where the first line has more of those.
pub(super) fn read(bytes: &[u8]) -> Result<Grid, GridError> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut lines = Lines::default();
    for (row, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| GridError::NotASpreadsheet(format!("line {}: {e}", row + 1)))?;
        for (column, field) in record.iter().enumerate() {
            lines.put(row, column, field.to_owned())?;
        }
    }
    lines.into_grid(String::new(), Vec::new())
}

fn decode(bytes: &[u8]) -> Result<String, GridError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if malformed {
            return Err(not_text(encoding));
        }
        return Ok(text.into_owned());
    }
    // A NUL is no text file's: a binary file (an image, an old .xls) is
    // refused rather than shown as mojibake.
    if bytes.contains(&0) {
        return Err(GridError::NotASpreadsheet("a binary file, not text".into()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| not_text(UTF_8))
}

fn not_text(encoding: &'static Encoding) -> GridError {
    GridError::NotASpreadsheet(format!("not text in {} or GB18030", encoding.name()))
}

/// The first line's most frequent separator, outside quotes.
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(s, _)| *s == c) {
            entry.1 += 1;
        }
    }
    // The comma wins ties (and a line with no separator at all).
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}
