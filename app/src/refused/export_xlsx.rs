use concord_sync::DocumentId;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::RefusedChange;

const HEADERS: [&str; 8] = [
    "hash", "actor", "seq", "time", "message", "path", "action", "value",
];

/// The refused edits as a spreadsheet: one line per place a change touched
/// (a change that touched nothing visible still gets its line), under a
/// first line that names the document and the relay's reason.
pub fn export_xlsx(
    doc: DocumentId,
    reason: &str,
    changes: &[RefusedChange],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("refused")?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, "document", &bold)?;
    sheet.write_string(0, 1, doc.url())?;
    sheet.write_string_with_format(1, 0, "refused because", &bold)?;
    sheet.write_string(1, 1, reason)?;
    for (col, header) in (0u16..).zip(HEADERS) {
        sheet.write_string_with_format(3, col, header, &bold)?;
    }
    let mut row: u32 = 4;
    for change in changes {
        let lines: Vec<(&str, &str, &str)> = if change.effects.is_empty() {
            vec![("", "", "")]
        } else {
            change
                .effects
                .iter()
                .map(|e| (e.path.as_str(), e.action, e.value.as_str()))
                .collect()
        };
        for (path, action, value) in lines {
            sheet.write_string(row, 0, &change.hash)?;
            sheet.write_string(row, 1, &change.actor)?;
            sheet.write_number(row, 2, change.seq as f64)?;
            sheet.write_string(row, 3, &change.time)?;
            sheet.write_string(row, 4, change.message.as_deref().unwrap_or(""))?;
            sheet.write_string(row, 5, path)?;
            sheet.write_string(row, 6, action)?;
            sheet.write_string(row, 7, value)?;
            row += 1;
        }
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(3, 22)?;
    sheet.set_column_width(5, 32)?;
    sheet.set_column_width(7, 40)?;
    book.save_to_buffer()
}
