//! Compact line storage: one text buffer and line offsets. A million lines cost their bytes plus
//! four bytes each; styles are parsed only for the lines on screen.

use super::ansi::{parse_line, plain, Line, Style};
use super::search::{fold_into, needle_for, Found, Hit, MAX_HITS};

/// Lines of a log.
#[derive(Default, Debug, Clone)]
pub struct LogStore {
    text: String,
    /// Start of each line in `text`; line `i` ends where line `i + 1` starts.
    starts: Vec<u32>,
    /// Every so many lines, the style in effect at the line's start (colours can span lines).
    checkpoints: Vec<Style>,
    /// The style after the last line.
    tail_style: Style,
    /// Lines are separated by `\n` in `text` (built by `from_text`); appended lines are not.
    ends: bool,
    /// The lines whose plain text is not their raw text (escapes, carriage returns, control
    /// characters), ascending: every other line is searched and shown as it is stored.
    special: Vec<u32>,
}

/// Whether a raw byte makes its line's plain text differ from the raw text.
fn odd_byte(b: u8) -> bool {
    b < 0x20 && b != b'\t'
}

/// About how many bytes of text [`LogStore::search`] folds and searches at a time (the first hit
/// comes after one block, not after the whole log).
const BLOCK: usize = 64 * 1024;
/// The first block's size; each next one is twice as large, up to [`BLOCK`].
const FIRST_BLOCK: usize = 4 * 1024;

/// How often the style at a line start is remembered.
const CHECKPOINT: usize = 256;

impl LogStore {
    pub fn new() -> LogStore {
        LogStore::default()
    }

    /// Builds a store from a complete log without copying it: the text is kept as it came and
    /// only line starts are recorded (each line's `\n` stays in the buffer, outside the line).
    pub fn from_text(text: String) -> LogStore {
        let mut s = LogStore {
            text,
            ..LogStore::default()
        };
        let bytes = s.text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 48 + 1);
        let mut checkpoints = Vec::with_capacity(starts.capacity() / CHECKPOINT + 1);
        let mut style = Style::default();
        let mut special = Vec::new();
        let mut pos = 0usize;
        let end = if bytes.last() == Some(&b'\n') {
            bytes.len() - 1
        } else {
            bytes.len()
        };
        if end > 0 {
            loop {
                if starts.len().is_multiple_of(CHECKPOINT) {
                    checkpoints.push(style);
                }
                // One pass finds the line's end and whether it is special.
                let mut stop = end;
                let mut odd = false;
                for (k, &b) in bytes[pos..end].iter().enumerate() {
                    if b < 0x20 {
                        if b == b'\n' {
                            stop = pos + k;
                            break;
                        }
                        odd |= odd_byte(b);
                    }
                }
                if odd {
                    special.push(starts.len() as u32);
                }
                starts.push(pos as u32);
                let raw = &s.text[pos..stop];
                if odd && raw.contains('\x1b') {
                    style = parse_line(raw, style).1;
                }
                if stop >= end {
                    break;
                }
                pos = stop + 1;
            }
        }
        s.ends = true;
        s.special = special;
        s.starts = starts;
        s.checkpoints = checkpoints;
        s.tail_style = style;
        s
    }

    /// Appends one raw line (no `\n` inside).
    pub fn push(&mut self, raw: &str) {
        if self.ends && self.starts.is_empty() {
            self.ends = false;
        } else if self.ends && !self.text.ends_with('\n') {
            // Keep the separator convention of a store built from text.
            self.text.push('\n');
        }
        if self.starts.len().is_multiple_of(CHECKPOINT) {
            self.checkpoints.push(self.tail_style);
        }
        if raw.bytes().any(odd_byte) {
            self.special.push(self.starts.len() as u32);
            // Only lines with escapes can change the style; most lines skip the parser.
            if raw.contains('\x1b') {
                self.tail_style = parse_line(raw, self.tail_style).1;
            }
        }
        self.starts.push(self.text.len() as u32);
        self.text.push_str(raw);
    }

    /// Appends many lines.
    pub fn extend<'a>(&mut self, lines: impl IntoIterator<Item = &'a str>) {
        for l in lines {
            self.push(l);
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Bytes of text held.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    /// Line `i` as it was received (escapes included).
    pub fn raw(&self, i: usize) -> &str {
        let start = self.starts[i] as usize;
        let end = match self.starts.get(i + 1) {
            Some(e) if self.ends => *e as usize - 1,
            Some(e) => *e as usize,
            None if self.ends && self.text.ends_with('\n') => self.text.len() - 1,
            None => self.text.len(),
        };
        &self.text[start..end.max(start)]
    }

    /// Line `i` without escapes, carriage returns collapsed.
    pub fn plain(&self, i: usize) -> String {
        self.plain_cow(i).into_owned()
    }

    /// Line `i` without escapes, borrowed when it has none (most lines).
    pub fn plain_cow(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let raw = self.raw(i);
        if self.is_special(i) {
            std::borrow::Cow::Owned(plain(raw))
        } else {
            std::borrow::Cow::Borrowed(raw)
        }
    }

    /// Whether line `i`'s plain text differs from its raw text.
    pub fn is_special(&self, i: usize) -> bool {
        self.special.binary_search(&(i as u32)).is_ok()
    }

    /// Where line `i` starts in the stored text.
    fn start(&self, i: usize) -> usize {
        self.starts[i] as usize
    }

    /// Searches every line's plain text for `needle` (`case`: case-sensitive), calling
    /// `on_first` at the first match: [`search::plain`] over every line, but over the stored text
    /// in blocks, with one searcher, and line by line only for the special lines.
    pub fn search(&self, needle: &str, case: bool, on_first: &mut dyn FnMut()) -> Found {
        self.search_blocks(needle, case, on_first, BLOCK)
    }

    fn search_blocks(
        &self,
        needle: &str,
        case: bool,
        on_first: &mut dyn FnMut(),
        block: usize,
    ) -> Found {
        let mut found = Found::default();
        let needle = &*needle_for(needle, case);
        if needle.is_empty() || needle.bytes().any(odd_byte) {
            // No plain line holds a control character; an empty needle finds nothing.
            return found;
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let mut specials = self.special.iter().map(|&l| l as usize).peekable();
        let mut folded = String::new();
        let mut emit = |found: &mut Found, hit: Hit| {
            found.total += 1;
            if found.total == 1 {
                on_first();
            }
            if found.hits.len() < MAX_HITS {
                found.hits.push(hit);
            }
        };
        let mut first = 0;
        let mut size = block.min(FIRST_BLOCK);
        while first < self.len() {
            // A block of whole lines, about `size` bytes.
            let from = self.start(first);
            let mut last = first;
            while last + 1 < self.len() && self.start(last + 1) - from < size {
                last += 1;
            }
            let to = self.start(last) + self.raw(last).len();
            let text = &self.text[from..to];
            let hay = if case {
                text
            } else {
                fold_into(&mut folded, text);
                folded.as_str()
            };
            let mut line = first;
            let mut pos = 0;
            while let Some(p) = finder.find(&hay.as_bytes()[pos..]).map(|p| p + pos) {
                while line < last && self.start(line + 1) - from <= p {
                    line += 1;
                }
                // Special lines before this one, in order, searched as their plain text.
                while let Some(&s) = specials.peek().filter(|&&s| s < line) {
                    specials.next();
                    self.search_special(s, &finder, needle, case, &mut found, &mut emit);
                }
                let start = p - (self.start(line) - from);
                let next_line = if line < last {
                    self.start(line + 1) - from
                } else {
                    hay.len()
                };
                if start + needle.len() > self.raw(line).len() || self.is_special(line) {
                    // Across the line's end (appended lines have no separator), or a line whose
                    // stored text is not what it shows: go on from the next line.
                    pos = next_line;
                    if pos >= hay.len() {
                        break;
                    }
                    continue;
                }
                emit(
                    &mut found,
                    Hit {
                        line,
                        start,
                        end: start + needle.len(),
                    },
                );
                pos = p + needle.len();
            }
            // The block's special lines whose turn has not come yet: a block's hits are all out
            // before the next block is searched.
            while let Some(&s) = specials.peek().filter(|&&s| s <= last) {
                specials.next();
                self.search_special(s, &finder, needle, case, &mut found, &mut emit);
            }
            first = last + 1;
            // Small blocks first (the first hit comes soon), larger ones after.
            size = (size * 2).min(block);
        }
        for s in specials {
            self.search_special(s, &finder, needle, case, &mut found, &mut emit);
        }
        found
    }

    /// The matches on special line `i`, in its plain text.
    fn search_special(
        &self,
        i: usize,
        finder: &memchr::memmem::Finder,
        needle: &str,
        case: bool,
        found: &mut Found,
        emit: &mut dyn FnMut(&mut Found, Hit),
    ) {
        let plain = self.plain_cow(i);
        let mut folded = String::new();
        let hay = if case {
            plain.as_ref()
        } else {
            fold_into(&mut folded, &plain);
            folded.as_str()
        };
        for start in finder.find_iter(hay.as_bytes()) {
            emit(
                found,
                Hit {
                    line: i,
                    start,
                    end: start + needle.len(),
                },
            );
        }
    }

    /// Line `i` styled, taking into account colours opened on earlier lines.
    pub fn styled(&self, i: usize) -> Line {
        let cp = i / CHECKPOINT;
        let mut style = self.checkpoints.get(cp).copied().unwrap_or_default();
        for j in cp * CHECKPOINT..i {
            let raw = self.raw(j);
            if raw.contains('\x1b') {
                style = parse_line(raw, style).1;
            }
        }
        parse_line(self.raw(i), style).0
    }

    /// Every line's plain text joined by `\n` (for download and whole-log search).
    pub fn plain_text(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.len());
        for i in 0..self.len() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&self.plain(i));
        }
        out
    }

    /// The raw text joined by `\n`, as the complete log would have it.
    pub fn raw_text(&self) -> String {
        (0..self.len())
            .map(|i| self.raw(i))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Drops every line (a complete log replaces what was streamed).
    pub fn clear(&mut self) {
        *self = LogStore::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The store's search finds exactly what the line-by-line search over every line's
        /// plain text finds, for a store built from text and for appended lines, whatever the
        /// block size.
        #[test]
        fn store_search_is_the_line_by_line_search(
            lines in proptest::collection::vec("[aAbÉ中\\x1b\\[1m\\r\\t]{0,12}", 0..10),
            needle in "[aAÉ中m\\[]{1,3}",
            case: bool,
            block in 1usize..40,
        ) {
            let text = lines.join("\n");
            let built = LogStore::from_text(text);
            let mut pushed = LogStore::new();
            pushed.extend(lines.iter().map(String::as_str));
            let plain_lines: Vec<String> = (0..built.len()).map(|i| built.plain(i)).collect();
            let want = crate::domain::log::search::plain(
                plain_lines.iter().map(|l| std::borrow::Cow::Borrowed(l.as_str())), &needle, case);
            for store in [&built, &pushed] {
                let got = store.search_blocks(&needle, case, &mut || {}, block);
                proptest::prop_assert_eq!(&got, &want);
            }
        }
    }
    use crate::domain::log::ansi::Color;

    #[test]
    fn stores_and_styles_lines() {
        let mut s = LogStore::new();
        s.extend([
            "plain",
            "\x1b[31mred starts",
            "still red",
            "\x1b[0mreset",
            "中文",
        ]);
        assert_eq!(s.len(), 5);
        assert_eq!(s.raw(1), "\x1b[31mred starts");
        assert_eq!(s.plain(1), "red starts");
        assert!(matches!(
            s.plain_cow(0),
            std::borrow::Cow::Borrowed("plain")
        ));
        assert_eq!(
            s.styled(2).spans[0].style.fg,
            Color::Indexed(1),
            "colour carried from line 1"
        );
        assert!(s.styled(3).spans.is_empty());
        assert_eq!(s.raw(4), "中文");
        assert_eq!(s.plain_text(), "plain\nred starts\nstill red\nreset\n中文");
        assert_eq!(
            s.bytes(),
            "plain\x1b[31mred startsstill red\x1b[0mreset中文".len()
        );
    }

    #[test]
    fn built_from_text_without_copying() {
        for text in ["a\n\x1b[31mb\nc\n", "a\n\x1b[31mb\nc", "\n\nx\n"] {
            let s = LogStore::from_text(text.to_string());
            let expect: Vec<&str> = crate::domain::log::zadig::split_complete(text);
            assert_eq!(
                (0..s.len()).map(|i| s.raw(i)).collect::<Vec<_>>(),
                expect,
                "{text:?}"
            );
        }
        let s = LogStore::from_text("a\n\x1b[31mb\nc\n".into());
        assert_eq!(s.styled(2).spans[0].style.fg, Color::Indexed(1));
        assert_eq!(s.raw_text(), "a\n\x1b[31mb\nc");
        assert!(LogStore::from_text(String::new()).is_empty());
        let mut s = LogStore::from_text("a\nb\n".into());
        s.push("c");
        assert_eq!((s.raw(1), s.raw(2)), ("b", "c"));
    }

    #[test]
    fn checkpoints_cover_long_logs() {
        let mut s = LogStore::new();
        s.push("\x1b[32m");
        for i in 0..1000 {
            s.push(&format!("line {i}"));
        }
        s.push("\x1b[0mend");
        assert_eq!(s.styled(900).spans[0].style.fg, Color::Indexed(2));
        assert!(s.styled(1001).spans.is_empty());
        s.clear();
        assert!(s.is_empty());
    }
}
