//! ANSI escape handling for log lines: SGR colours and attributes become styled spans; every
//! other escape sequence (cursor moves, OSC, OSC 8 links, DCS) is dropped; a carriage return
//! followed by more text starts the line over, so progress bars show their last state.
//!
//! Parsing goes through `vte`'s byte-level state machine, so the result is the same however the
//! input is split (inside escapes and multi-byte UTF-8 included).

use vte::{Params, Parser, Perform};

/// A colour: the terminal default, one of 256 indexed colours, or 24-bit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Color {
    #[default]
    Default,
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// Text attributes in effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Style {
    pub fg: Color,
    pub bg: Color,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
    pub inverse: bool,
}

impl Style {
    pub fn is_plain(&self) -> bool {
        *self == Style::default()
    }
}

/// A run of text in one style: byte offsets into the line's clean text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub style: Style,
}

/// A log line without escapes, plus where its styles apply (plain text has no spans).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub spans: Vec<Span>,
}

/// Applies one SGR parameter list to a style.
fn sgr(style: &mut Style, params: &Params) {
    let flat: Vec<Vec<u16>> = params.iter().map(|p| p.to_vec()).collect();
    if flat.is_empty() {
        *style = Style::default();
        return;
    }
    let mut i = 0;
    while i < flat.len() {
        let p = &flat[i];
        let code = p.first().copied().unwrap_or(0);
        match code {
            0 => *style = Style::default(),
            1 => style.bold = true,
            2 => style.dim = true,
            3 => style.italic = true,
            4 => style.underline = true,
            7 => style.inverse = true,
            21 | 22 => {
                style.bold = false;
                style.dim = false;
            }
            23 => style.italic = false,
            24 => style.underline = false,
            27 => style.inverse = false,
            30..=37 => style.fg = Color::Indexed((code - 30) as u8),
            39 => style.fg = Color::Default,
            40..=47 => style.bg = Color::Indexed((code - 40) as u8),
            49 => style.bg = Color::Default,
            90..=97 => style.fg = Color::Indexed((code - 90 + 8) as u8),
            100..=107 => style.bg = Color::Indexed((code - 100 + 8) as u8),
            38 | 48 => {
                // Colon form (38:5:n, 38:2::r:g:b or 38:2:r:g:b) or semicolon form (38;5;n, 38;2;r;g;b).
                let (color, used) = if p.len() > 1 {
                    (extended(&p[1..]), 0)
                } else {
                    let rest: Vec<u16> = flat[i + 1..]
                        .iter()
                        .map(|q| q.first().copied().unwrap_or(0))
                        .collect();
                    match rest.first() {
                        Some(5) => (extended(&rest[..rest.len().min(2)]), 2.min(rest.len())),
                        Some(2) => (extended(&rest[..rest.len().min(4)]), 4.min(rest.len())),
                        _ => (None, 0),
                    }
                };
                if let Some(c) = color {
                    if code == 38 {
                        style.fg = c;
                    } else {
                        style.bg = c;
                    }
                }
                i += used;
            }
            _ => {}
        }
        i += 1;
    }
}

/// `5;n` or `2;r;g;b` (with an optional colour-space id in the colon form).
fn extended(p: &[u16]) -> Option<Color> {
    match p {
        [5, n, ..] => Some(Color::Indexed((*n).min(255) as u8)),
        [2, r, g, b] => Some(Color::Rgb(
            (*r).min(255) as u8,
            (*g).min(255) as u8,
            (*b).min(255) as u8,
        )),
        [2, _, r, g, b, ..] => Some(Color::Rgb(
            (*r).min(255) as u8,
            (*g).min(255) as u8,
            (*b).min(255) as u8,
        )),
        _ => None,
    }
}

/// Collects lines as the parser reports characters and controls.
#[derive(Default)]
struct Collector {
    style: Style,
    text: String,
    spans: Vec<Span>,
    /// A carriage return was seen: the next printed character starts the line over.
    cr: bool,
    done: Vec<Line>,
}

impl Collector {
    fn push_char(&mut self, c: char) {
        if self.cr {
            self.text.clear();
            self.spans.clear();
            self.cr = false;
        }
        let start = self.text.len();
        self.text.push(c);
        let end = self.text.len();
        if self.style.is_plain() {
            return;
        }
        match self.spans.last_mut() {
            Some(s) if s.end == start && s.style == self.style => s.end = end,
            _ => self.spans.push(Span {
                start,
                end,
                style: self.style,
            }),
        }
    }

    fn end_line(&mut self) {
        self.cr = false;
        self.done.push(Line {
            text: std::mem::take(&mut self.text),
            spans: std::mem::take(&mut self.spans),
        });
    }
}

impl Perform for Collector {
    fn print(&mut self, c: char) {
        self.push_char(c);
    }

    fn execute(&mut self, byte: u8) {
        match byte {
            b'\n' => self.end_line(),
            b'\r' => self.cr = true,
            b'\t' => self.push_char('\t'),
            _ => {} // BEL, BS and other controls are dropped.
        }
    }

    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], ignore: bool, action: char) {
        if action == 'm' && intermediates.is_empty() && !ignore {
            sgr(&mut self.style, params);
        }
        // Cursor movement, erase and every other CSI sequence are removed.
    }
}

/// A streaming parser: feed bytes in any chunks, take finished lines as they complete.
#[derive(Default)]
pub struct AnsiStream {
    parser: Parser,
    out: Collector,
}

impl AnsiStream {
    pub fn new() -> AnsiStream {
        AnsiStream::default()
    }

    /// Feeds bytes; returns the lines that a `\n` completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Line> {
        self.parser.advance(&mut self.out, bytes);
        std::mem::take(&mut self.out.done)
    }

    /// The unfinished last line, if it has text.
    pub fn finish(mut self) -> Option<Line> {
        if self.out.text.is_empty() {
            return None;
        }
        self.out.end_line();
        self.out.done.pop()
    }

    /// The style in effect now (carried into the next line).
    pub fn style(&self) -> Style {
        self.out.style
    }
}

/// Parses one stored line (no `\n` inside) starting in `style`; returns the line and the
/// style in effect at its end.
pub fn parse_line(raw: &str, style: Style) -> (Line, Style) {
    let mut s = AnsiStream::new();
    s.out.style = style;
    let mut lines = s.feed(raw.as_bytes());
    let end = s.style();
    let line = match lines.pop() {
        Some(l) => l,
        None => s.finish().unwrap_or_default(),
    };
    (line, end)
}

/// The line's text without escapes (for search and copy).
pub fn plain(raw: &str) -> String {
    parse_line(raw, Style::default()).0.text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str) -> Vec<Line> {
        let mut s = AnsiStream::new();
        let mut out = s.feed(input.as_bytes());
        out.extend(s.finish());
        out
    }

    #[test]
    fn sgr_colours_and_attributes() {
        let l = &lines("\x1b[1;31mERR\x1b[0m ok\n")[0];
        assert_eq!(l.text, "ERR ok");
        assert_eq!(
            l.spans,
            vec![Span {
                start: 0,
                end: 3,
                style: Style {
                    fg: Color::Indexed(1),
                    bold: true,
                    ..Default::default()
                }
            }]
        );
        let l = &lines("\x1b[38;5;208ma\x1b[48;2;1;2;3mb\x1b[38:2::9:8:7mc\x1b[94;2;3;4;7md\x1b[22;23;24;27;39;49me")[0];
        assert_eq!(l.text, "abcde");
        assert_eq!(l.spans[0].style.fg, Color::Indexed(208));
        assert_eq!(l.spans[1].style.bg, Color::Rgb(1, 2, 3));
        assert_eq!(l.spans[2].style.fg, Color::Rgb(9, 8, 7));
        let d = l.spans[3].style;
        assert_eq!(
            (d.fg, d.dim, d.italic, d.underline, d.inverse),
            (Color::Indexed(12), true, true, true, true)
        );
        assert_eq!(l.spans.len(), 4, "the reset tail is plain");
        assert_eq!(lines("\x1b[mplain")[0].spans, vec![]);
    }

    #[test]
    fn other_escapes_are_removed() {
        let l = &lines("a\x1b[2K\x1b[1Ab\x1b]8;;javascript:alert(1)\x07link\x1b]8;;\x07c\x1b]0;title\x1b\\d\x1bPdcs\x1b\\e\x07\x08\n")[0];
        assert_eq!(l.text, "ablinkcde");
        assert!(l.spans.is_empty());
    }

    #[test]
    fn carriage_returns_collapse_to_the_last_state() {
        assert_eq!(lines("\rA 10%\rA 50%\rA 100%\n")[0].text, "A 100%");
        assert_eq!(lines("done\r\n")[0].text, "done", "CRLF keeps the text");
        let l = &lines("\x1b[32mA 10%\rA 100%\x1b[0m\n")[0];
        assert_eq!(l.text, "A 100%");
        assert_eq!(
            l.spans[0].style.fg,
            Color::Indexed(2),
            "the colour survives the overwrite"
        );
    }

    #[test]
    fn styles_carry_across_lines() {
        let (l1, s) = parse_line("\x1b[33mwarn", Style::default());
        assert_eq!(l1.text, "warn");
        let (l2, s2) = parse_line("still\x1b[0m", s);
        assert_eq!(l2.spans[0].style.fg, Color::Indexed(3));
        assert!(s2.is_plain());
        assert_eq!(plain("\x1b[1mx\x1b[0m"), "x");
        assert_eq!(lines("é中\n")[0].text, "é中");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = "\x1b[1;32m[INFO]\x1b[0m compiling 中文 é\n\rDownloading  10%\rDownloading 100%\n\x1b[38;2;255;0;128mtrue\x1b[39m \
        \x1b]8;;http://x\x07link\x1b]8;;\x07 \x1b[2Kcleared\n\x1b[31mERROR\x1b[0m: 💥 failed\r\n\x1b[38:5:196mred\x1b[m tail";

    fn run(chunks: &[&[u8]]) -> Vec<Line> {
        let mut s = AnsiStream::new();
        let mut out = Vec::new();
        for c in chunks {
            out.extend(s.feed(c));
        }
        out.extend(s.finish());
        out
    }

    proptest! {
        #[test]
        fn split_anywhere_gives_the_same_lines(cuts in proptest::collection::vec(0usize..SAMPLE.len(), 0..12)) {
            let bytes = SAMPLE.as_bytes();
            let whole = run(&[bytes]);
            let mut cuts = cuts;
            cuts.sort_unstable();
            cuts.dedup();
            let mut chunks = Vec::new();
            let mut prev = 0;
            for c in cuts {
                chunks.push(&bytes[prev..c]);
                prev = c;
            }
            chunks.push(&bytes[prev..]);
            prop_assert_eq!(run(&chunks), whole);
        }
    }

    #[test]
    fn every_single_split_point() {
        let bytes = SAMPLE.as_bytes();
        let whole = run(&[bytes]);
        assert_eq!(whole.len(), 5);
        for i in 0..=bytes.len() {
            assert_eq!(run(&[&bytes[..i], &bytes[i..]]), whole, "split at {i}");
        }
        let byte_by_byte: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(run(&byte_by_byte), whole);
    }
}
