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

/// [`plain`], calling `on_first` when the first match is found.
fn plain_with<'a>(
    lines: impl Iterator<Item = Cow<'a, str>>,
    needle: &str,
    case: bool,
    on_first: &mut dyn FnMut(),
) -> Found {
    let mut found = Found::default();
    if needle.is_empty() {
        return found;
    }
    let needle = &*needle_for(needle, case);
    // One searcher for the whole log (building one per line cost more than the search).
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut folded = String::new();
    for (i, line) in lines.enumerate() {
        let hay: &str = if case || !line.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            &line
        } else {
            fold_into(&mut folded, &line);
            &folded
        };
        // Non-overlapping, left to right; a match of UTF-8 text starts and ends on characters.
        for start in finder.find_iter(hay.as_bytes()) {
            found.total += 1;
            if found.total == 1 {
                on_first();
            }
            if found.hits.len() < MAX_HITS {
                found.hits.push(Hit {
                    line: i,
                    start,
                    end: start + needle.len(),
                });
            }
        }
    }
    found
}

/// The needle as it is searched for: lowercased unless the search is case-sensitive.
pub fn needle_for(needle: &str, case: bool) -> Cow<'_, str> {
    if case {
        Cow::Borrowed(needle)
    } else {
        Cow::Owned(needle.to_lowercase())
    }
}

/// Lowercases `s` into `out` keeping byte offsets aligned with the original (characters whose
/// lowercase has another length stay as they are): ASCII runs byte by byte, other characters
/// one by one.
pub fn fold_into(out: &mut String, s: &str) {
    out.clear();
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| b >= 0x80).unwrap_or(rest.len());
        let at = out.len();
        out.push_str(&rest[..ascii]);
        out[at..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(lc), None) if lc.len_utf8() == c.len_utf8() => out.push(lc),
                _ => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
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

    /// The obvious fold: each character lowercased when that keeps its length.
    #[cfg(not(target_arch = "wasm32"))]
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

    /// The obvious search: fold each line, `str::find` from the end of the last match.
    #[cfg(not(target_arch = "wasm32"))]
    fn reference(lines: &[String], needle: &str, case: bool) -> Vec<Hit> {
        let needle = if case {
            needle.to_string()
        } else {
            needle.to_lowercase()
        };
        let mut hits = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let hay = if case { l.clone() } else { fold(l) };
            let mut from = 0;
            while let Some(p) = hay[from..].find(needle.as_str()) {
                let start = from + p;
                hits.push(Hit {
                    line: i,
                    start,
                    end: start + needle.len(),
                });
                from = start + needle.len();
            }
        }
        hits
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn plain_search_finds_what_the_obvious_search_finds(
            lines in proptest::collection::vec("[aAbB É中\\.]{0,12}", 0..8),
            needle in "[aAbB É中]{1,3}",
            case: bool,
        ) {
            let want = if needle.is_empty() { Vec::new() } else { reference(&lines, &needle, case) };
            let got = plain(lines.iter().map(|l| Cow::Borrowed(l.as_str())), &needle, case);
            proptest::prop_assert_eq!(got.total, want.len());
            proptest::prop_assert_eq!(got.hits, want);
        }
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
