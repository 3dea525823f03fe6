//! Compact line storage: one text buffer and line offsets. A million lines cost their bytes plus
//! four bytes each; styles are parsed only for the lines on screen.

use super::ansi::{parse_line, plain, Line, Style};

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
}

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
                starts.push(pos as u32);
                let stop = bytes[pos..end]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map(|i| pos + i)
                    .unwrap_or(end);
                let raw = &s.text[pos..stop];
                if raw.contains('\x1b') {
                    style = parse_line(raw, style).1;
                }
                if stop >= end {
                    break;
                }
                pos = stop + 1;
            }
        }
        s.ends = true;
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
        self.starts.push(self.text.len() as u32);
        self.text.push_str(raw);
        // Only lines with escapes can change the style; most lines skip the parser.
        if raw.contains('\x1b') {
            self.tail_style = parse_line(raw, self.tail_style).1;
        }
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
        if raw
            .bytes()
            .any(|b| b == 0x1b || b == b'\r' || (b < 0x20 && b != b'\t'))
        {
            std::borrow::Cow::Owned(plain(raw))
        } else {
            std::borrow::Cow::Borrowed(raw)
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
