//! Where a log's lines sit on screen, for the virtual scroller: one row each, or, when long lines
//! wrap, as many rows as each needs (prefix sums, kept up to date as lines arrive).

use super::render::wrapped_rows;
use super::store::LogStore;

/// Pixel height of one row (CSS `.log-line` matches it).
pub const ROW: f64 = 20.0;

/// Screen rows per line when long lines wrap: prefix sums, grown as lines arrive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WrapLayout {
    cols: usize,
    /// `prefix[i]` is the first screen row of line `i`; one more entry than lines.
    prefix: Vec<u32>,
}

impl WrapLayout {
    /// Brings the layout up to date with the store's lines at `cols` columns (starting over
    /// when the width changed or the store was replaced by a shorter one).
    pub fn sync(&mut self, store: &LogStore, cols: usize) {
        if cols != self.cols || self.prefix.len() > store.len() + 1 || self.prefix.is_empty() {
            self.cols = cols;
            self.prefix = vec![0];
        }
        while self.prefix.len() <= store.len() {
            let i = self.prefix.len() - 1;
            let rows = wrapped_rows(&store.plain_cow(i), cols);
            self.prefix.push(self.prefix[i] + rows);
        }
    }

    /// The line on screen row `row`.
    pub fn line_at(&self, row: u32) -> usize {
        self.prefix.partition_point(|p| *p <= row).saturating_sub(1)
    }

    /// The first row of line `i` and how many rows it takes (a line index from before the log was
    /// replaced may be past its end: the last line's then).
    pub fn rows_of(&self, i: usize) -> (u32, u32) {
        let p = &self.prefix;
        let i = i.min(p.len().saturating_sub(2));
        let top = p.get(i).copied().unwrap_or(0);
        let next = p.get(i + 1).copied().unwrap_or(top + 1);
        (top, next.saturating_sub(top))
    }

    /// Rows of the first `n` lines.
    pub fn rows_before(&self, n: usize) -> u32 {
        self.prefix[n.min(self.prefix.len() - 1)]
    }
}

/// The lines to render (`first..end`) for a view `height` px tall scrolled to `top` px, with
/// `overscan` lines more on each side, over `n` lines of one row each.
pub fn visible_rows(top: f64, height: f64, n: usize, overscan: usize) -> (usize, usize) {
    let first = ((top / ROW) as usize).saturating_sub(overscan);
    let count = (height / ROW).ceil() as usize + 2 * overscan;
    (first.min(n), (first + count).min(n))
}

/// The same over wrapped lines.
pub fn visible_wrapped(
    layout: &WrapLayout,
    top: f64,
    height: f64,
    n: usize,
    overscan: usize,
) -> (usize, usize) {
    let a = layout.line_at((top / ROW) as u32).saturating_sub(overscan);
    let b = layout.line_at(((top + height) / ROW) as u32) + overscan + 1;
    (a.min(n), b.min(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_take_the_rows_they_need() {
        let mut store = LogStore::new();
        store.extend(["short", &"x".repeat(25), "", &"y".repeat(10)]);
        let mut l = WrapLayout::default();
        l.sync(&store, 10);
        assert_eq!(l.rows_of(0), (0, 1));
        assert_eq!(l.rows_of(1), (1, 3));
        assert_eq!(l.rows_of(2), (4, 1));
        assert_eq!(l.rows_of(3), (5, 1));
        assert_eq!(l.rows_before(4), 6);
        assert_eq!((l.line_at(0), l.line_at(2), l.line_at(4)), (0, 1, 2));
        // Below the last line: the end (callers clamp ranges to the line count).
        assert_eq!(l.line_at(99), 4);
        // Past the end (the log was replaced): the last line.
        assert_eq!(l.rows_of(40), (5, 1));
        // Another width starts over; a shorter store too.
        l.sync(&store, 100);
        assert_eq!(l.rows_before(4), 4);
        let mut short = LogStore::new();
        short.extend(["a"]);
        l.sync(&short, 100);
        assert_eq!(l.rows_before(9), 1);
    }

    #[test]
    fn only_the_visible_rows_and_the_overscan_are_rendered() {
        assert_eq!(visible_rows(0.0, 100.0, 1000, 20), (0, 45));
        assert_eq!(visible_rows(2000.0, 100.0, 1000, 20), (80, 125));
        assert_eq!(visible_rows(2000.0, 100.0, 90, 20), (80, 90));
        assert_eq!(visible_rows(0.0, 100.0, 0, 20), (0, 0));
    }
}
