//! Zadig's live-log quirks (docs/zadig-contract.md §6.2), undone: each SSE event is one piece of a line.
//!
//! - Pod jobs send trimmed lines; a line with carriage returns arrives as pieces, each ending
//!   in the two characters backslash-r, the last one as `text\n\r` (newline, backslash-r).
//! - Deploy and VM jobs send lines with their trailing `\n`.
//!
//! [`Assembler`] turns pieces back into raw lines like the complete log's, `\r` included, so
//! both render the same once carriage returns collapse.

/// One SSE event's data, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A piece of a progress line that a later piece overwrites.
    Partial(&'a str),
    /// The end of a line.
    End(&'a str),
}

/// Classifies an event's data.
pub fn piece(data: &str) -> Piece<'_> {
    if let Some(t) = data.strip_suffix("\n\\r") {
        Piece::End(t)
    } else if let Some(t) = data.strip_suffix("\\r") {
        Piece::Partial(t)
    } else if let Some(t) = data.strip_suffix('\n') {
        Piece::End(t)
    } else {
        Piece::End(data)
    }
}

/// Rebuilds raw lines from pieces.
#[derive(Default, Debug)]
pub struct Assembler {
    partial: Option<String>,
}

impl Assembler {
    pub fn new() -> Assembler {
        Assembler::default()
    }

    /// Takes one event's data; returns a finished raw line, if any.
    pub fn push(&mut self, data: &str) -> Option<String> {
        match piece(data) {
            Piece::Partial(t) => {
                let p = self.partial.get_or_insert_with(String::new);
                p.push_str(t);
                p.push('\r');
                None
            }
            Piece::End(t) => Some(match self.partial.take() {
                Some(mut p) => {
                    p.push_str(t);
                    p
                }
                None => t.to_string(),
            }),
        }
    }

    /// A progress line still waiting for its end (shown as it is meanwhile).
    pub fn pending(&self) -> Option<&str> {
        self.partial.as_deref()
    }

    /// Drops an unfinished line (the stream broke mid-line; the replay will send it again).
    pub fn reset(&mut self) {
        self.partial = None;
    }
}

/// Splits a complete log (`text/plain`) into raw lines.
pub fn split_complete(text: &str) -> Vec<&str> {
    let t = text.strip_suffix('\n').unwrap_or(text);
    if t.is_empty() {
        return Vec::new();
    }
    t.split('\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::log::ansi::plain;

    #[test]
    fn pieces_are_classified() {
        assert_eq!(piece("a 10%\\r"), Piece::Partial("a 10%"));
        assert_eq!(piece("a 100%\n\\r"), Piece::End("a 100%"));
        assert_eq!(piece("deploy line\n"), Piece::End("deploy line"));
        assert_eq!(piece("plain"), Piece::End("plain"));
        assert_eq!(piece(""), Piece::End(""));
    }

    #[test]
    fn progress_lines_are_rebuilt() {
        let mut a = Assembler::new();
        assert_eq!(a.push("Receiving  12%\\r"), None);
        assert_eq!(a.pending(), Some("Receiving  12%\r"));
        assert_eq!(a.push("Receiving  57%\\r"), None);
        let line = a.push("Receiving 100%, done.\n\\r").unwrap();
        assert_eq!(
            line,
            "Receiving  12%\rReceiving  57%\rReceiving 100%, done."
        );
        assert_eq!(plain(&line), "Receiving 100%, done.");
        assert_eq!(a.push("next"), Some("next".into()));
        assert_eq!(a.pending(), None);
    }

    #[test]
    fn complete_logs_split_into_lines() {
        assert_eq!(split_complete(""), Vec::<&str>::new());
        assert_eq!(split_complete("a\nb\n"), vec!["a", "b"]);
        assert_eq!(split_complete("a\n\nb"), vec!["a", "", "b"]);
        assert_eq!(plain(split_complete("x\n\rA 10%\rA 100%\n")[1]), "A 100%");
    }
}
