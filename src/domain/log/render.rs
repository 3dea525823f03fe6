//! What a log line becomes on screen: text segments with a style and, for http(s) URLs, a link.
//! Everything here is text; the component turns segments into text nodes and fixed classes.

use super::ansi::{Color, Line, Style};

/// A piece of a line to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub style: Style,
    /// The whole http(s) URL this piece is part of: a link cut by a style change is still one
    /// link, and every piece's href is the whole URL, never the piece.
    pub link: Option<String>,
}

/// Pieces rendered per line at most; the rest of a line with more style changes is one plain
/// piece (a hostile line of 100k colour changes must not become 100k elements).
pub const MAX_SEGMENTS: usize = 400;

/// Lines longer than this many bytes are cut in the view, with a way to see the whole line.
pub const MAX_LINE_BYTES: usize = 8_000;
/// Byte ranges of http:// and https:// URLs in `text`.
pub fn find_links(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower[from..].find("http") {
        let start = from + rel;
        let rest = &lower[start..];
        let scheme = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            from = start + 4;
            continue;
        };
        // A URL starts a word: not in the middle of "xhttp://".
        let boundary = start == 0
            || !text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric());
        let body = start + scheme;
        let end_of_url = text[body..]
            .char_indices()
            .find(|(_, c)| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`')
            })
            .map(|(i, _)| body + i)
            .unwrap_or(text.len());
        let mut end = end_of_url;
        // Trailing punctuation usually ends the sentence, not the URL.
        while end > start + scheme
            && text[..end].ends_with(['.', ',', ';', ':', ')', ']', '!', '?'])
        {
            end -= 1;
        }
        if boundary && end > start + scheme {
            out.push((start, end));
        }
        from = end.max(start + scheme);
    }
    out
}

/// Splits a styled line at style and link boundaries in one pass over its (sorted,
/// non-overlapping) spans and links, merging neighbours that render alike.
pub fn segments(line: &Line) -> Vec<Segment> {
    let text = &line.text;
    let spans = &line.spans;
    let links = find_links(text);
    let mut out: Vec<Segment> = Vec::new();
    let (mut pos, mut si, mut li) = (0, 0, 0);
    while pos < text.len() {
        while si < spans.len() && spans[si].end <= pos {
            si += 1;
        }
        while li < links.len() && links[li].1 <= pos {
            li += 1;
        }
        if out.len() + 1 >= MAX_SEGMENTS {
            out.push(Segment {
                text: text[pos..].to_string(),
                style: Style::default(),
                link: None,
            });
            break;
        }
        let (style, style_end) = match spans.get(si) {
            Some(s) if s.start <= pos => (s.style, s.end),
            Some(s) => (Style::default(), s.start),
            None => (Style::default(), text.len()),
        };
        let (link, link_end) = match links.get(li) {
            Some(&(a, b)) if a <= pos => (Some(&text[a..b]), b),
            Some(&(a, _)) => (None, a),
            None => (None, text.len()),
        };
        let end = style_end.min(link_end).min(text.len()).max(pos + 1);
        let end = (end..=text.len())
            .find(|&e| text.is_char_boundary(e))
            .unwrap_or(text.len());
        let piece = &text[pos..end];
        match out.last_mut() {
            Some(last) if last.style == style && last.link.as_deref() == link => {
                last.text.push_str(piece)
            }
            _ => out.push(Segment {
                text: piece.to_string(),
                style,
                link: link.map(str::to_string),
            }),
        }
        pos = end;
    }
    out
}

/// A line cut to at most `max` bytes (at a character boundary, spans clipped), with how many
/// characters were left out; `None` when it fits.
pub fn truncate_line(line: &Line, max: usize) -> Option<(Line, usize)> {
    if line.text.len() <= max {
        return None;
    }
    let cut = super::search::floor_boundary(&line.text, max);
    let hidden = line.text[cut..].chars().count();
    let spans = line
        .spans
        .iter()
        .filter(|s| s.start < cut)
        .map(|s| super::ansi::Span {
            start: s.start,
            end: s.end.min(cut),
            style: s.style,
        })
        .collect();
    Some((
        Line {
            text: line.text[..cut].to_string(),
            spans,
        },
        hidden,
    ))
}

/// The CSS classes of a style: `fg-N`/`bg-N` for indexed colours (a fixed set), and `b`, `d`,
/// `i`, `u` for attributes. Inverse swaps the colours (default ones become `fg-inv`/`bg-inv`).
pub fn classes(style: &Style) -> String {
    let (fg, bg) = if style.inverse {
        (style.bg, style.fg)
    } else {
        (style.fg, style.bg)
    };
    let mut c: Vec<String> = Vec::new();
    match fg {
        Color::Indexed(n) => c.push(format!("fg-{n}")),
        Color::Default if style.inverse => c.push("fg-inv".into()),
        _ => {}
    }
    match bg {
        Color::Indexed(n) => c.push(format!("bg-{n}")),
        Color::Default if style.inverse => c.push("bg-inv".into()),
        _ => {}
    }
    for (on, name) in [
        (style.bold, "b"),
        (style.dim, "d"),
        (style.italic, "i"),
        (style.underline, "u"),
    ] {
        if on {
            c.push(name.into());
        }
    }
    c.join(" ")
}

/// An inline style for 24-bit colours only, built from numbers (never from log text).
pub fn truecolor_style(style: &Style) -> Option<String> {
    let (fg, bg) = if style.inverse {
        (style.bg, style.fg)
    } else {
        (style.fg, style.bg)
    };
    let mut out = String::new();
    if let Color::Rgb(r, g, b) = fg {
        out.push_str(&format!("color:rgb({r},{g},{b});"));
    }
    if let Color::Rgb(r, g, b) = bg {
        out.push_str(&format!("background-color:rgb({r},{g},{b});"));
    }
    (!out.is_empty()).then_some(out)
}

/// Columns a text takes in a monospace font: East Asian wide characters count two, a tab moves to
/// the next multiple of eight.
pub fn display_width(text: &str) -> usize {
    text.chars().fold(0, |w, c| match c {
        '\t' => (w / 8 + 1) * 8,
        c if is_wide(c) => w + 2,
        c if (c as u32) < 0x20 => w,
        _ => w + 1,
    })
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// Screen rows a line takes when wrapped at `cols` columns (at least one).
pub fn wrapped_rows(text: &str, cols: usize) -> u32 {
    let w = display_width(text);
    if cols == 0 || w == 0 {
        1
    } else {
        w.div_ceil(cols) as u32
    }
}

/// Parses `#L120` or `#L120-L140` (1-based, inclusive) into a line range.
pub fn parse_hash(hash: &str) -> Option<(usize, usize)> {
    let h = hash.trim_start_matches('#');
    let (a, b) = match h.split_once('-') {
        Some((a, b)) => (a, b),
        None => (h, h),
    };
    let a: usize = a.strip_prefix('L')?.parse().ok()?;
    let b: usize = b.strip_prefix('L')?.parse().ok()?;
    if a == 0 || b == 0 {
        return None;
    }
    Some((a.min(b), a.max(b)))
}

/// The hash for a line range.
pub fn format_hash(start: usize, end: usize) -> String {
    if start == end {
        format!("#L{start}")
    } else {
        format!("#L{start}-L{end}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::log::ansi::parse_line;

    #[test]
    fn links_only_for_http_and_https() {
        let t = "see https://ci.example.com/x?a=1, or http://h/p. not javascript:alert(1) nor ftp://x nor xhttp://y";
        let l = find_links(t);
        assert_eq!(
            l.iter().map(|(a, b)| &t[*a..*b]).collect::<Vec<_>>(),
            ["https://ci.example.com/x?a=1", "http://h/p"]
        );
        assert!(find_links("http://").is_empty());
        assert_eq!(find_links("(https://a.b/c)").len(), 1);
        let t = "<https://a.b/\"onmouseover=x>";
        let (a, b) = find_links(t)[0];
        assert_eq!(&t[a..b], "https://a.b/");
    }

    #[test]
    fn segments_combine_styles_and_links() {
        let (line, _) = parse_line(
            "\x1b[31mERROR\x1b[0m see https://x.io/a now",
            Style::default(),
        );
        let segs = segments(&line);
        assert_eq!(segs.len(), 4);
        assert_eq!(
            (segs[0].text.as_str(), classes(&segs[0].style)),
            ("ERROR", "fg-1".to_string())
        );
        assert_eq!(segs[1].text, " see ");
        assert!(
            segs[2].link.as_deref() == Some("https://x.io/a") && segs[2].text == "https://x.io/a"
        );
        assert_eq!(segs[3].text, " now");
        let (plain, _) = parse_line("just text", Style::default());
        assert_eq!(
            segments(&plain),
            vec![Segment {
                text: "just text".into(),
                style: Style::default(),
                link: None
            }]
        );
        assert!(segments(&Line::default()).is_empty());
    }

    #[test]
    fn a_link_cut_by_a_style_change_keeps_its_whole_url_on_every_piece() {
        let (line, _) = parse_line(
            "open https://x.example/\x1b[1mjavascript:alert(1) now",
            Style::default(),
        );
        let segs = segments(&line);
        let linked: Vec<_> = segs.iter().filter(|s| s.link.is_some()).collect();
        assert_eq!(linked.len(), 2, "{segs:?}");
        // (A closing parenthesis at the end reads as punctuation, as in prose.)
        for s in linked {
            assert_eq!(
                s.link.as_deref(),
                Some("https://x.example/javascript:alert(1")
            );
        }
        assert_eq!(
            segs.iter().map(|s| s.text.as_str()).collect::<String>(),
            line.text
        );
    }

    #[test]
    fn a_line_of_many_colour_changes_is_capped_and_linear() {
        let raw: String = (0..100_000)
            .map(|i| format!("\x1b[3{}mx", i % 2 + 1))
            .collect();
        let (line, _) = parse_line(&raw, Style::default());
        let segs = segments(&line);
        assert_eq!(segs.len(), MAX_SEGMENTS);
        assert_eq!(segs.iter().map(|s| s.text.len()).sum::<usize>(), 100_000);
    }

    #[test]
    fn long_lines_are_cut_at_a_character() {
        let (line, _) = parse_line(&format!("\x1b[31m{}", "中".repeat(10)), Style::default());
        let (cut, hidden) = truncate_line(&line, 10).unwrap();
        assert_eq!((cut.text.as_str(), hidden), ("中中中", 7));
        assert_eq!(cut.spans[0].end, 9);
        assert_eq!(truncate_line(&line, 100), None);
    }

    #[test]
    fn classes_and_truecolour() {
        let s = Style {
            fg: Color::Indexed(9),
            bold: true,
            underline: true,
            ..Default::default()
        };
        assert_eq!(classes(&s), "fg-9 b u");
        let inv = Style {
            inverse: true,
            ..Default::default()
        };
        assert_eq!(classes(&inv), "fg-inv bg-inv");
        let rgb = Style {
            fg: Color::Rgb(1, 2, 3),
            ..Default::default()
        };
        assert_eq!(truecolor_style(&rgb).as_deref(), Some("color:rgb(1,2,3);"));
        assert_eq!(truecolor_style(&Style::default()), None);
    }

    #[test]
    fn widths_and_wrapping() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("中文"), 4);
        assert_eq!(display_width("a\tb"), 9);
        assert_eq!(wrapped_rows("", 80), 1);
        assert_eq!(wrapped_rows(&"x".repeat(80), 80), 1);
        assert_eq!(wrapped_rows(&"x".repeat(81), 80), 2);
        assert_eq!(wrapped_rows(&"中".repeat(50), 80), 2);
    }

    #[test]
    fn line_hashes() {
        assert_eq!(parse_hash("#L120"), Some((120, 120)));
        assert_eq!(parse_hash("#L140-L120"), Some((120, 140)));
        assert_eq!(parse_hash("L5-L7"), Some((5, 7)));
        assert_eq!(parse_hash("#L0"), None);
        assert_eq!(parse_hash("#top"), None);
        assert_eq!(format_hash(3, 3), "#L3");
        assert_eq!(format_hash(3, 9), "#L3-L9");
    }
}
