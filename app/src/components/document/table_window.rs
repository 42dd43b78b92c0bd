//! Which rows of a long table are in the DOM: those in view, and a few on
//! either side so a quick scroll does not show blank space.

use std::ops::Range;

use concord_model::{FieldDef, TableDef};

/// Rows kept in the DOM above and below the visible ones.
pub const OVERSCAN: usize = 6;

/// Until the scroller has been measured, assume a tall phone's viewport.
const UNMEASURED_VIEWPORT_PX: f64 = 800.0;

/// How a table is drawn: a grid of columns on a desktop, one card line per
/// row on a phone. Rows have a fixed height in each, so a row's place is its
/// index times that height and no row has to be measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableLayout {
    Grid,
    Cards,
}

impl TableLayout {
    /// Width (CSS px) from which the grid has room for its columns; the
    /// row sheet's side panel in table.css starts at the same width.
    pub const GRID_MIN_WIDTH: f64 = 900.0;

    pub fn for_width(width: f64) -> Self {
        if width >= Self::GRID_MIN_WIDTH {
            TableLayout::Grid
        } else {
            TableLayout::Cards
        }
    }

    pub fn row_height_px(self) -> f64 {
        match self {
            TableLayout::Grid => 44.0,
            TableLayout::Cards => 64.0,
        }
    }

    /// How many fields a row shows at most.
    pub fn columns(self) -> usize {
        match self {
            TableLayout::Grid => 6,
            TableLayout::Cards => 4,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            TableLayout::Grid => "table-grid",
            TableLayout::Cards => "table-cards",
        }
    }
}

/// The rows to render for a scroll offset and viewport height (both in
/// pixels): the visible ones plus `overscan` on each side, within `0..count`.
pub fn visible_rows(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    count: usize,
    overscan: usize,
) -> Range<usize> {
    if count == 0 || row_height.is_nan() || row_height <= 0.0 {
        return 0..0;
    }
    let viewport = if viewport > 0.0 {
        viewport
    } else {
        UNMEASURED_VIEWPORT_PX
    };
    // NaN and negative offsets (rubber-band scrolling) count as the top.
    let top = if scroll_top > 0.0 { scroll_top } else { 0.0 };
    let first = ((top / row_height).floor() as usize).min(count - 1);
    let past_last = ((top + viewport) / row_height).ceil() as usize;
    let start = first.saturating_sub(overscan);
    let end = past_last.saturating_add(overscan).min(count);
    start..end.max(first + 1)
}

/// The fields a compact row shows: the template's list columns (what a
/// person scans for, the row's name first), as many as the layout holds.
pub fn summary_fields(table: &'static TableDef, columns: usize) -> Vec<&'static FieldDef> {
    table
        .columns
        .iter()
        .filter_map(|id| table.fields.iter().find(|f| f.id == *id))
        .take(columns)
        .collect()
}

#[cfg(test)]
mod tests {
    use concord_model::find_template;

    use super::*;

    #[test]
    fn the_top_of_the_table_shows_the_first_rows_and_the_overscan_below() {
        // 10 rows of 40 px fit in 400 px.
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 2000, 5), 0..15);
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 8, 5), 0..8);
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 0, 5), 0..0);
    }

    #[test]
    fn the_middle_shows_the_rows_at_the_scroll_offset() {
        // Row 1000 starts at 40,000 px; a half-scrolled row counts as visible.
        assert_eq!(visible_rows(40_000.0, 400.0, 40.0, 2000, 5), 995..1015);
        assert_eq!(visible_rows(40_020.0, 400.0, 40.0, 2000, 0), 1000..1011);
    }

    #[test]
    fn the_bottom_and_beyond_stay_within_the_table() {
        assert_eq!(visible_rows(79_600.0, 400.0, 40.0, 2000, 5), 1985..2000);
        // A stale offset from a table that just shrank still shows its last row.
        assert_eq!(visible_rows(79_600.0, 400.0, 40.0, 3, 5), 0..3);
        assert_eq!(visible_rows(1e12, 400.0, 40.0, 3, 0), 2..3);
    }

    #[test]
    fn odd_inputs_give_a_sensible_window() {
        assert_eq!(visible_rows(-50.0, 400.0, 40.0, 2000, 0), 0..10);
        assert_eq!(visible_rows(f64::NAN, 400.0, 40.0, 2000, 0), 0..10);
        // Not measured yet: a phone's worth of rows, not none and not all.
        assert_eq!(visible_rows(0.0, 0.0, 40.0, 2000, 0), 0..20);
        assert_eq!(visible_rows(0.0, 400.0, 0.0, 2000, 0), 0..0);
        assert_eq!(visible_rows(0.0, 400.0, f64::NAN, 2000, 0), 0..0);
    }

    #[test]
    fn phones_get_cards_and_desktops_a_grid() {
        assert_eq!(TableLayout::for_width(360.0), TableLayout::Cards);
        assert_eq!(TableLayout::for_width(899.0), TableLayout::Cards);
        assert_eq!(TableLayout::for_width(900.0), TableLayout::Grid);
        for layout in [TableLayout::Grid, TableLayout::Cards] {
            assert!(layout.row_height_px() >= 40.0, "a row is a touch target");
        }
    }

    #[test]
    fn a_row_summary_shows_the_columns_that_matter() {
        let ids = |template: &str, n: usize| -> Vec<&str> {
            let t = find_template(template).unwrap();
            summary_fields(&t.tables[0], n)
                .iter()
                .map(|f| f.id)
                .collect()
        };
        let grid = TableLayout::Grid.columns();
        assert_eq!(
            ids("task-tracker", grid),
            ["task", "owner", "status", "deadline", "progress"]
        );
        let cards = TableLayout::Cards.columns();
        assert_eq!(
            ids("task-tracker", cards),
            ["task", "owner", "status", "deadline"]
        );
        // A notice's items are long text, and they are the point of the table.
        assert_eq!(ids("internal-notice", grid), ["content"]);
    }
}
