use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, Xlsx, XlsxError};
use concord_model::import::{Grid, Mark};

use super::{GridError, lines::Lines};

/// An OLE compound file: how Office wraps a workbook encrypted with a
/// password (and how the old .xls format is stored).
pub(super) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The most a workbook may unpack to. The zip reader stops at each entry's
/// declared size, so summing those bounds what calamine will inflate.
pub(super) const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// A worksheet's cells as texts: `sheet` by name, else the first
/// worksheet. Formulas give the value the file kept (never computed);
/// merged cells all hold their first cell's value, marked as merged.
pub(super) fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, GridError> {
    if !bytes.starts_with(OLE_MAGIC) {
        check_unpacked_size(bytes)?;
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => GridError::PasswordProtected,
        _ if bytes.starts_with(OLE_MAGIC) => GridError::NotASpreadsheet(
            "an old .xls workbook or another Office file: save it as .xlsx".into(),
        ),
        other => malformed(other),
    })?;
    let worksheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let name = match sheet {
        Some(wanted) => worksheets
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| GridError::NoSuchSheet(wanted.to_owned()))?,
        None => worksheets.first().cloned().ok_or(GridError::Empty)?,
    };
    let mut lines = Lines::default();
    {
        let mut cells = book.worksheet_cells_reader(&name).map_err(malformed)?;
        while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(malformed)? {
            let (row, column) = (cell.pos.0 as usize, cell.pos.1 as usize);
            match cell.value {
                DataRef::Empty if cell.formula.is_some() => {
                    lines.mark(row, column, Mark::NoCachedValue)?
                }
                DataRef::Error(e) => {
                    lines.put(row, column, e.to_string())?;
                    lines.mark(row, column, Mark::ErrorValue)?;
                }
                value => lines.put(row, column, text_of(value))?,
            }
        }
    }
    let merged = book.merge_cells_by_sheet_name(&name).map_err(malformed)?;
    fill_merged(&mut lines, &merged)?;
    lines.into_grid(name, worksheets)
}

/// Each merged region's value copied into its other cells, within the
/// cells the sheet reaches (a title merged across a whole row does not
/// widen the grid).
fn fill_merged(lines: &mut Lines, merged: &[calamine::Dimensions]) -> Result<(), GridError> {
    let (height, width) = lines.extent();
    for region in merged {
        let (top, left) = (region.start.0 as usize, region.start.1 as usize);
        let Some(text) = lines.get(top, left).map(str::to_owned) else {
            continue;
        };
        let bottom = (region.end.0 as usize).min(height.saturating_sub(1));
        let right = (region.end.1 as usize).min(width.saturating_sub(1));
        for row in top..=bottom {
            for column in left..=right {
                if (row, column) != (top, left) {
                    lines.put(row, column, text.clone())?;
                    lines.mark(
                        row,
                        column,
                        Mark::Merged {
                            row: top,
                            column: left,
                        },
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn check_unpacked_size(bytes: &[u8]) -> Result<(), GridError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| GridError::NotASpreadsheet(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| GridError::NotASpreadsheet(e.to_string()))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(GridError::UnpacksTooLarge(MAX_UNPACKED_BYTES));
    }
    Ok(())
}

fn malformed(e: XlsxError) -> GridError {
    GridError::NotASpreadsheet(e.to_string())
}

/// A value as a person would type it: dates `YYYY-MM-DD` (with `HH:MM`
/// when the time is not midnight), numbers plainly, to the fifteen
/// digits a spreadsheet keeps.
fn text_of(value: DataRef<'_>) -> String {
    match value {
        DataRef::String(s) => s,
        DataRef::SharedString(s) => s.to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => number_text(f),
        DataRef::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}")
            }
        }
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    // Fifteen significant digits, as a spreadsheet shows: 0.1 + 0.2 is 0.3.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}
