//! Search over a whole log: every line, not only the rendered ones.

use std::borrow::Cow;

/// One match: line index and byte range in the line's plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// At most this many hits are kept for navigation and highlighting; all are counted.
pub const MAX_HITS: usize = 100_000;

/// The result of a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Every match, including those beyond `MAX_HITS`.
    pub total: usize,
}

/// Finds a plain needle in each line; `case` makes it case-sensitive.
pub fn plain<'a>(lines: impl Iterator<Item = Cow<'a, str>>, needle: &str, case: bool) -> Found {
    plain_with(lines, needle, case, &mut || {})
}

/// [`plain`], calling `on_first` when the first match is found (for timing).
pub fn plain_with<'a>(
    lines: impl Iterator<Item = Cow<'a, str>>,
    needle: &str,
    case: bool,
    on_first: &mut dyn FnMut(),
) -> Found {
    let mut found = Found::default();
    if needle.is_empty() {
        return found;
    }
    let lowered;
    let needle = if case {
        needle
    } else {
        lowered = needle.to_lowercase();
        lowered.as_str()
    };
    for (i, line) in lines.enumerate() {
        let folded;
        let hay: &str = if case || line.is_ascii() && !line.bytes().any(|b| b.is_ascii_uppercase())
        {
            &line
        } else {
            folded = fold(&line);
            &folded
        };
        let mut from = 0;
        while let Some(p) = hay[from..].find(needle) {
            let start = from + p;
            let end = start + needle.len();
            found.total += 1;
            if found.total == 1 {
                on_first();
            }
            if found.hits.len() < MAX_HITS {
                found.hits.push(Hit {
                    line: i,
                    start,
                    end,
                });
            }
            from = if end > start { end } else { start + 1 };
            if from >= hay.len() {
                break;
            }
        }
    }
    found
}

/// Lowercases while keeping byte offsets aligned with the original (characters whose lowercase
/// has another length stay as they are).
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(lc), None) if lc.len_utf8() == c.len_utf8() => out.push(lc),
            _ => out.push(c),
        }
    }
    out
}

/// The hits on one line, for highlighting (hits are sorted by line).
pub fn on_line(hits: &[Hit], line: usize) -> &[Hit] {
    let a = hits.partition_point(|h| h.line < line);
    let b = hits.partition_point(|h| h.line <= line);
    &hits[a..b]
}

/// Byte offset in `s` of a UTF-16 offset (JavaScript string positions).
pub fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if n >= units {
            return i;
        }
        n += c.len_utf16();
    }
    s.len()
}

/// The largest character boundary of `s` at or below byte `i` (offsets from another version of
/// a line, such as stale search hits, must never split a character).
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits `(text, marked)` pieces of a line at the given byte ranges (ranges that fall inside a
/// character are moved to its start).
pub fn split_marks(text: &str, from: usize, marks: &[(usize, usize)]) -> Vec<(String, bool)> {
    let end = from + text.len();
    let at = |x: usize| from + floor_boundary(text, x.saturating_sub(from));
    let mut out = Vec::new();
    let mut pos = from;
    for &(a, b) in marks {
        let (a, b) = (at(a.max(pos).min(end)), at(b.min(end)));
        if a >= b || a < pos {
            continue;
        }
        if a > pos {
            out.push((text[pos - from..a - from].to_string(), false));
        }
        out.push((text[a - from..b - from].to_string(), true));
        pos = b;
    }
    if pos < end {
        out.push((text[pos - from..].to_string(), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(v: &'a [&'static str]) -> impl Iterator<Item = Cow<'static, str>> + 'a {
        v.iter().map(|s| Cow::Borrowed(*s))
    }

    #[test]
    fn plain_search_counts_every_match() {
        let l = ["ERROR one", "fine", "error two error", "Ünïcode ERROR"];
        let f = plain(lines(&l), "error", false);
        assert_eq!(f.total, 4);
        assert_eq!(
            f.hits[0],
            Hit {
                line: 0,
                start: 0,
                end: 5
            }
        );
        assert_eq!(
            f.hits[2],
            Hit {
                line: 2,
                start: 10,
                end: 15
            }
        );
        assert_eq!(f.hits[3].line, 3);
        assert_eq!(&l[3][f.hits[3].start..f.hits[3].end], "ERROR");
        assert_eq!(
            plain(lines(&["ÜNÏ ünï"]), "ünï", false).total,
            2,
            "non-ASCII folds too"
        );
        assert_eq!(plain(lines(&l), "error", true).total, 2);
        assert_eq!(plain(lines(&l), "", false).total, 0);
        assert_eq!(
            plain(lines(&["aaaa"]), "aa", true).total,
            2,
            "non-overlapping"
        );
    }

    #[test]
    fn hits_per_line_and_marks() {
        let f = plain(lines(&["a x a", "b", "a"]), "a", true);
        assert_eq!(on_line(&f.hits, 0).len(), 2);
        assert!(on_line(&f.hits, 1).is_empty());
        assert_eq!(on_line(&f.hits, 2).len(), 1);
        assert_eq!(
            split_marks("hello world", 0, &[(0, 5)]),
            vec![("hello".to_string(), true), (" world".to_string(), false)]
        );
        // A segment starting at byte 6 of its line, with a mark across its start.
        assert_eq!(
            split_marks("world", 6, &[(4, 8)]),
            vec![("wo".to_string(), true), ("rld".to_string(), false)]
        );
        assert_eq!(split_marks("x", 0, &[]), vec![("x".to_string(), false)]);
    }

    #[test]
    fn utf16_offsets() {
        assert_eq!(utf16_to_byte("aé😀b", 0), 0);
        assert_eq!(utf16_to_byte("aé😀b", 2), 3);
        assert_eq!(utf16_to_byte("aé😀b", 4), 7);
        assert_eq!(utf16_to_byte("aé😀b", 9), 8);
    }
}
