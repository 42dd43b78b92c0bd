//! A scrolled box that draws only the rows in view (the table's rows, the
//! Gantt chart's lines): where it is scrolled to and how tall it is,
//! measured on scroll and on resize, and so which rows are seen.

use std::ops::Range;

use leptos::{html, prelude::*};

use super::table_window::{OVERSCAN, visible_rows};

/// The window's width in CSS pixels; 0 off the browser.
pub fn window_width() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(0.0)
}

#[derive(Clone, Copy)]
pub struct ScrollWindow {
    pub node: NodeRef<html::Div>,
    top: RwSignal<f64>,
    height: RwSignal<f64>,
}

impl ScrollWindow {
    pub fn new() -> Self {
        Self {
            node: NodeRef::new(),
            top: RwSignal::new(0.0),
            height: RwSignal::new(0.0),
        }
    }

    /// Reads where the box is scrolled to and its height, if it is drawn.
    pub fn measure(&self) {
        if let Some(el) = self.node.get_untracked() {
            self.height.set(f64::from(el.client_height()));
            self.top.set(f64::from(el.scroll_top()));
        }
    }

    /// The rows in view, and `OVERSCAN` more on either side: rows of
    /// `row_px` below `head_px` of the box's own header.
    pub fn rows(
        self,
        head_px: f64,
        row_px: impl Fn() -> f64 + Send + Sync + 'static,
        count: Memo<usize>,
    ) -> Memo<Range<usize>> {
        Memo::new(move |_| {
            visible_rows(
                self.top.get() - head_px,
                self.height.get() - head_px,
                row_px(),
                count.get(),
                OVERSCAN,
            )
        })
    }
}
