//! Log diff: a job's log against the same job's log in another task (the last passed one),
//! compared line by line after normalising what differs in every run (dates, times, durations,
//! hex ids, long numbers, percentages and progress counts), so only real differences show.
//! The changes come in order, the first differing region first, with a few lines of context
//! around each and the unchanged stretches between them folded.

use std::collections::HashMap;

use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};

/// Lines of context shown around each change.
pub const CONTEXT: usize = 3;

/// Units that make a number a duration (`350ms`, `1.2s`, `3m`).
const UNITS: [&str; 11] = [
    "ns", "us", "µs", "ms", "s", "sec", "secs", "m", "min", "mins", "h",
];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `count` ASCII digits at `i`.
fn digits(b: &[u8], i: usize, count: usize) -> bool {
    b.len() >= i + count && b[i..i + count].iter().all(u8::is_ascii_digit)
}

/// A date `YYYY-MM-DD` or `YYYY/MM/DD` at `i`: its length.
fn date_at(b: &[u8], i: usize) -> Option<usize> {
    (digits(b, i, 4)
        && matches!(b.get(i + 4), Some(b'-' | b'/'))
        && digits(b, i + 5, 2)
        && b.get(i + 7) == b.get(i + 4)
        && digits(b, i + 8, 2))
    .then_some(10)
}

/// A time `H:MM:SS` or `HH:MM:SS`, with an optional fraction, at `i`: its length.
fn time_at(b: &[u8], i: usize) -> Option<usize> {
    let h = if digits(b, i, 2) {
        2
    } else if digits(b, i, 1) {
        1
    } else {
        return None;
    };
    let j = i + h;
    if !(b.get(j) == Some(&b':')
        && digits(b, j + 1, 2)
        && b.get(j + 3) == Some(&b':')
        && digits(b, j + 4, 2))
    {
        return None;
    }
    let mut end = j + 6;
    if matches!(b.get(end), Some(b'.' | b',')) && digits(b, end + 1, 1) {
        end += 1;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
    }
    Some(end - i)
}

/// A UUID (8-4-4-4-12 hex digits) at `i`: its length.
fn uuid_at(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    for (n, len) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if n > 0 {
            if b.get(j) != Some(&b'-') {
                return None;
            }
            j += 1;
        }
        if b.len() < j + len || !b[j..j + len].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        j += len;
    }
    (b.get(j).is_none_or(|c| !is_word(*c))).then_some(j - i)
}

/// A log line (escapes already removed) reduced to what should be compared.
pub fn normalise(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0 || !is_word(b[i - 1]);
        if at_word_start && b[i].is_ascii_alphanumeric() {
            if let Some(n) = uuid_at(b, i) {
                out.push_str("<id>");
                i += n;
                continue;
            }
            if let Some(n) = date_at(b, i) {
                out.push_str("<date>");
                i += n;
                // ISO 8601's `T` between the date and the time.
                if let Some(t) = (b.get(i) == Some(&b'T'))
                    .then(|| time_at(b, i + 1))
                    .flatten()
                {
                    out.push_str("T<time>");
                    i += 1 + t;
                }
                continue;
            }
            if let Some(n) = time_at(b, i) {
                out.push_str("<time>");
                i += n;
                continue;
            }
            let mut end = i;
            while end < b.len() && is_word(b[end]) {
                end += 1;
            }
            let word = &line[i..end];
            let hex = word.strip_prefix("0x").unwrap_or(word);
            let is_hex = hex.bytes().all(|c| c.is_ascii_hexdigit());
            if is_hex
                && ((word.starts_with("0x") && hex.len() >= 2)
                    || (hex.len() >= 7 && hex.bytes().any(|c| c.is_ascii_alphabetic())))
            {
                out.push_str("<n>");
                i = end;
                continue;
            }
            if b[i].is_ascii_digit() {
                // A number: its digits, a fraction, then what follows it.
                let mut j = i;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                let whole = j - i;
                if b.get(j) == Some(&b'.') && digits(b, j + 1, 1) {
                    j += 1;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                }
                let mut k = j;
                while k < b.len() && (b[k].is_ascii_alphabetic() || b[k] >= 0x80) {
                    k += 1;
                }
                // The unit ends at a non-letter (UTF-8 `µ` counts as a letter here).
                let unit = line.get(j..k).unwrap_or("");
                if !unit.is_empty() && UNITS.contains(&unit) {
                    out.push_str("<dur>");
                    i = k;
                    continue;
                }
                let integer = j == i + whole;
                if unit.is_empty() && (b.get(j) == Some(&b'%') || (integer && whole >= 5)) {
                    // A percentage, or a long whole number (counters, stamps, ids); a version
                    // or a short number (an exit code, a line) is kept.
                    out.push_str("<n>");
                    i = j;
                    continue;
                }
                let in_parens = i > 0 && b[i - 1] == b'(';
                if unit.is_empty() && in_parens && b.get(j) == Some(&b'/') && digits(b, j + 1, 1) {
                    // A progress count `(570/1000)`; `Step 2/6` stays as it is.
                    let mut k = j + 1;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                    out.push_str("<n>/<n>");
                    i = k;
                    continue;
                }
            }
            out.push_str(word);
            i = end;
            continue;
        }
        // Any other character, whole (never a byte of one).
        let ch = line[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// One row of a log diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffRow {
    /// The same line (after normalising) in both: line `a` of the first log, `b` of the second.
    Same { a: usize, b: usize },
    /// Only in the first log.
    Removed { a: usize },
    /// Only in the second log.
    Added { b: usize },
    /// `count` unchanged lines folded, from line `a` / `b` on.
    Folded { a: usize, b: usize, count: usize },
}

impl DiffRow {
    pub fn is_change(&self) -> bool {
        matches!(self, DiffRow::Removed { .. } | DiffRow::Added { .. })
    }
}

/// Two logs compared: their differing regions in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogDiff {
    ops: Vec<(Kind, usize, usize, usize, usize)>,
    pub removed: usize,
    pub added: usize,
    /// Whether the comparison stopped at its time limit (the result is still correct, maybe not
    /// the smallest).
    pub approximate: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Equal,
    Change,
}

/// Interns normalised lines as numbers, so the diff compares integers.
#[derive(Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    pub fn id(&mut self, normalised: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(normalised).or_insert(next)
    }
}

/// Compares two logs given as interned normalised lines, stopping the search for a smaller
/// result at `deadline`.
pub fn diff_ids(a: &[u32], b: &[u32], deadline: Option<similar::Instant>) -> LogDiff {
    let ops = capture_diff_slices_deadline(Algorithm::Histogram, a, b, deadline);
    let approximate = deadline.is_some_and(|d| similar::Instant::now() > d);
    let mut out = LogDiff {
        approximate,
        ..Default::default()
    };
    for op in ops {
        let (kind, oa, la, ob, lb) = match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (Kind::Equal, old_index, len, new_index, len),
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (Kind::Change, old_index, old_len, new_index, 0),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (Kind::Change, old_index, 0, new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (Kind::Change, old_index, old_len, new_index, new_len),
        };
        if kind == Kind::Change {
            out.removed += la;
            out.added += lb;
        }
        // Adjacent changes merge into one region.
        match out.ops.last_mut() {
            Some(last) if last.0 == Kind::Change && kind == Kind::Change => {
                last.2 += la;
                last.4 += lb;
            }
            _ => out.ops.push((kind, oa, la, ob, lb)),
        }
    }
    out
}

/// Compares two logs' plain lines (convenience for tests and small logs).
pub fn diff_lines<'a>(
    a: impl IntoIterator<Item = &'a str>,
    b: impl IntoIterator<Item = &'a str>,
) -> LogDiff {
    let mut i = Interner::default();
    let ia: Vec<u32> = a.into_iter().map(|l| i.id(normalise(l))).collect();
    let ib: Vec<u32> = b.into_iter().map(|l| i.id(normalise(l))).collect();
    diff_ids(&ia, &ib, None)
}

impl LogDiff {
    /// Whether the two logs read the same.
    pub fn is_same(&self) -> bool {
        self.removed == 0 && self.added == 0
    }

    /// How many differing regions there are.
    pub fn regions(&self) -> usize {
        self.ops.iter().filter(|o| o.0 == Kind::Change).count()
    }

    /// The rows to show: each change with [`CONTEXT`] lines around it, the unchanged stretches
    /// between folded unless their index (counted among the unchanged stretches) is in `open`.
    pub fn rows(&self, open: &[usize]) -> Vec<DiffRow> {
        let mut rows = Vec::new();
        let last = self.ops.len().saturating_sub(1);
        let mut stretch = 0;
        for (n, &(kind, oa, la, ob, lb)) in self.ops.iter().enumerate() {
            if kind == Kind::Change {
                rows.extend((0..la).map(|k| DiffRow::Removed { a: oa + k }));
                rows.extend((0..lb).map(|k| DiffRow::Added { b: ob + k }));
                continue;
            }
            let same = |k: usize| DiffRow::Same {
                a: oa + k,
                b: ob + k,
            };
            let lead = if n == 0 { 0 } else { CONTEXT };
            let tail = if n == last { 0 } else { CONTEXT };
            if open.contains(&stretch) || la <= lead + tail + 1 {
                rows.extend((0..la).map(same));
            } else {
                rows.extend((0..lead).map(same));
                rows.push(DiffRow::Folded {
                    a: oa + lead,
                    b: ob + lead,
                    count: la - lead - tail,
                });
                rows.extend((la - tail..la).map(same));
            }
            stretch += 1;
        }
        rows
    }

    /// The index among the unchanged stretches of the one a folded row belongs to.
    pub fn stretch_of(&self, folded_a: usize) -> Option<usize> {
        self.ops
            .iter()
            .filter(|o| o.0 == Kind::Equal)
            .position(|&(_, oa, la, _, _)| oa <= folded_a && folded_a < oa + la)
    }
}

/// The rows where each differing region begins.
pub fn region_starts(rows: &[DiffRow]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(i, r)| r.is_change() && (*i == 0 || !rows[*i - 1].is_change()))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_changes_every_run() {
        for (a, b) in [
            (
                "[20261203183230] Job shop/orders started",
                "[20261203190001] Job shop/orders started",
            ),
            (
                "2026-12-03T18:32:30.123Z start",
                "2026-12-04T09:01:02.9Z start",
            ),
            ("2026/12/03 18:32:30 start", "2026/12/04 9:01:02 start"),
            ("took 350ms", "took 1200ms"),
            (
                "--- PASS: TestCase01 (0.12s)",
                "--- PASS: TestCase01 (1.50s)",
            ),
            ("done in 3m", "done in 12m"),
            (
                "HEAD is now at cd5af07c feat",
                "HEAD is now at b79c3351 feat",
            ),
            ("pod 5f70bf18a086: Pushed", "pod 0a1b2c3d4e5f: Pushed"),
            ("addr 0xdeadbeef", "addr 0x1234"),
            (
                "req 123e4567-e89b-12d3-a456-426614174000 ok",
                "req 00000000-0000-0000-0000-000000000001 ok",
            ),
            (
                "Receiving objects: 57% (570/1000)",
                "Receiving objects: 12% (120/1001)",
            ),
            ("payload=1fa0c3e1 [0000123]", "payload=aa00ffee [0004567]"),
        ] {
            assert_eq!(normalise(a), normalise(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn keeps_what_is_a_real_difference() {
        for (a, b) in [
            ("exit code 1", "exit code 2"),
            ("orders.go:42:13: undefined", "orders.go:43:13: undefined"),
            ("3 of 7 failed", "4 of 7 failed"),
            ("--- PASS: TestCase01", "--- FAIL: TestCase01"),
            ("Step 2/6 : COPY", "Step 3/6 : COPY"),
            ("version 1.4.0", "version 1.5.0"),
            ("deploy to dev", "deploy to prod"),
            ("cafe", "face"),
            ("日志 第12行", "日志 第13行"),
        ] {
            assert_ne!(normalise(a), normalise(b), "{a:?} vs {b:?}");
        }
        // Characters beyond ASCII pass through whole.
        assert_eq!(normalise("µ 构建 — ✓ 12µs"), "µ 构建 — ✓ <dur>");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn the_first_differing_region_comes_first_with_context_and_folds() {
        let a: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
        let mut b = a.clone();
        b[20] = "ERROR: boom".into();
        b.insert(70, "extra".into());
        let d = diff_lines(a.iter().map(String::as_str), b.iter().map(String::as_str));
        assert_eq!((d.removed, d.added, d.regions()), (1, 2, 2));
        let rows = d.rows(&[]);
        let starts = region_starts(&rows);
        assert_eq!(starts.len(), 2);
        // Folded start, three lines of context, the change.
        assert_eq!(
            rows[0],
            DiffRow::Folded {
                a: 0,
                b: 0,
                count: 17
            }
        );
        assert_eq!(rows[1], DiffRow::Same { a: 17, b: 17 });
        assert_eq!(rows[starts[0]], DiffRow::Removed { a: 20 });
        assert_eq!(rows[starts[0] + 1], DiffRow::Added { b: 20 });
        assert_eq!(rows[starts[1]], DiffRow::Added { b: 70 });
        assert!(matches!(rows.last(), Some(DiffRow::Folded { .. })));
        let shown = rows
            .iter()
            .filter(|r| !matches!(r, DiffRow::Folded { .. }))
            .count();
        assert_eq!(
            shown,
            3 + 2 + 3 + 3 + 1 + 3,
            "context around both changes only"
        );
        // Opening a fold shows its lines.
        let middle = d.stretch_of(30).unwrap();
        assert_eq!(middle, 1);
        let opened = d.rows(&[middle]);
        assert!(opened.contains(&DiffRow::Same { a: 45, b: 45 }));
        assert!(!rows.contains(&DiffRow::Same { a: 45, b: 45 }));
    }

    #[test]
    fn runs_that_differ_only_in_noise_are_the_same() {
        let a = [
            "[20261203183230] start",
            "took 350ms",
            "HEAD is now at cd5af07c x",
        ];
        let b = [
            "[20261204000000] start",
            "took 20ms",
            "HEAD is now at 0b9c8a7d x",
        ];
        let d = diff_lines(a, b);
        assert!(d.is_same());
        assert_eq!(
            d.rows(&[]),
            vec![DiffRow::Folded {
                a: 0,
                b: 0,
                count: 3
            }]
        );
        let empty = diff_lines([], []);
        assert!(empty.is_same() && empty.rows(&[]).is_empty());
        let one_side = diff_lines(["a", "b"], []);
        assert_eq!(
            one_side.rows(&[]),
            vec![DiffRow::Removed { a: 0 }, DiffRow::Removed { a: 1 }]
        );
    }

    #[test]
    fn a_hundred_thousand_lines_diff_quickly_enough_to_test() {
        let a: Vec<String> = (0..100_000).map(|i| format!("[{i:07}] item {i}")).collect();
        let mut b = a.clone();
        b[99_000] = "ERROR item 99000 failed".into();
        let d = diff_lines(a.iter().map(String::as_str), b.iter().map(String::as_str));
        // "[0099000] item 99000" normalises like every other line but one: one change.
        assert_eq!((d.removed, d.added), (1, 1));
        let rows = d.rows(&[]);
        assert!(rows.len() < 20, "{} rows", rows.len());
    }
}
