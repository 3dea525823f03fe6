//! Keyboard shortcuts: which key does what, and when a key is not a shortcut at all (typed
//! into a field, part of an IME composition, or held with Ctrl, Alt or Meta).

use crate::i18n::T;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Shows every shortcut.
    Help,
    GoProjects,
    GoApprovals,
    /// Puts the cursor in the page's search field.
    Search,
    /// The next or previous item of the page's list (workflows, tasks, jobs, approvals, projects).
    Next,
    Prev,
    /// Opens the current item.
    Open,
    /// Runs the workflow (or runs the task again).
    Run,
    /// The log's next or previous search match.
    NextMatch,
    PrevMatch,
    /// The log follows its live end again.
    Follow,
    /// Approves or rejects the current approval of the inbox (the dialog asks to confirm).
    Approve,
    Reject,
}

/// What the keyboard was doing when a key came.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Keys {
    /// `g` was pressed (at this time, ms): the next key completes `g p` or `g a`.
    g_at: Option<f64>,
}

/// How long `g` waits for its second key (ms).
pub const CHORD_MS: f64 = 1_500.0;

/// One key press as the browser reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// In a text field, a select or an editable element.
    pub in_field: bool,
    /// Part of an IME composition (`isComposing`, or the 229 key code).
    pub composing: bool,
    /// Ctrl, Alt or Meta held (Shift is part of the key: `?`, `N`).
    pub modified: bool,
}

impl Press<'_> {
    /// Typed into a field, part of a composition or held with a modifier: never a shortcut.
    pub fn is_typing(&self) -> bool {
        self.in_field || self.composing || self.modified
    }
}

impl Keys {
    /// The action of a key press at `now` (ms), if it is a shortcut.
    pub fn press(&mut self, p: Press<'_>, now: f64) -> Option<Action> {
        if p.is_typing() {
            self.g_at = None;
            return None;
        }
        if let Some(at) = self.g_at.take() {
            if now - at <= CHORD_MS {
                return match p.key {
                    "p" => Some(Action::GoProjects),
                    "a" => Some(Action::GoApprovals),
                    _ => None,
                };
            }
        }
        Some(match p.key {
            "g" => {
                self.g_at = Some(now);
                return None;
            }
            "?" => Action::Help,
            "/" => Action::Search,
            "j" => Action::Next,
            "k" => Action::Prev,
            "Enter" => Action::Open,
            "r" => Action::Run,
            "n" => Action::NextMatch,
            "N" => Action::PrevMatch,
            "f" => Action::Follow,
            "a" => Action::Approve,
            "x" => Action::Reject,
            _ => return None,
        })
    }
}

/// Every shortcut as the help lists it: the keys, and what they do.
pub const SHORTCUTS: &[(&str, T)] = &[
    ("?", T::KeyHelp),
    ("g p", T::KeyGoProjects),
    ("g a", T::KeyGoApprovals),
    ("/", T::KeySearch),
    ("j / k", T::KeyNextPrev),
    ("Enter", T::KeyOpen),
    ("r", T::KeyRun),
    ("n / N", T::KeyMatches),
    ("f", T::KeyFollow),
    ("a / x", T::KeyDecide),
    ("Esc", T::KeyClose),
];

/// Where an action acts, as CSS selectors tried in order (the first present is used).
pub fn targets(a: Action) -> &'static [&'static str] {
    match a {
        Action::Search => &[
            "[data-testid=log-search]",
            "[data-testid=workflow-search]",
            "[data-testid=task-search-input]",
        ],
        Action::Run => &["[data-testid=run-button]", "[data-testid=run-again]"],
        Action::NextMatch => &["[data-testid=log-search-next]"],
        Action::PrevMatch => &["[data-testid=log-search-prev]"],
        Action::Follow => &["[data-testid=log-jump-live]"],
        // The lists j and k move through, the page's first that has items.
        Action::Next | Action::Prev | Action::Open => &[
            "[data-testid=inbox-row]",
            "[data-testid=job]",
            "[data-testid=task-row]",
            "[data-testid=workflow-row]",
            "[data-testid=project-option]",
        ],
        Action::Approve | Action::Reject => &["[data-testid=inbox-row]"],
        Action::Help | Action::GoProjects | Action::GoApprovals => &[],
    }
}

/// The item to move to in a list of `len` from `current` (`None`: nothing chosen yet).
pub fn step(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1).min(len - 1),
        (Some(i), false) => i.saturating_sub(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Press<'_> {
        Press {
            key: k,
            ..Default::default()
        }
    }

    #[test]
    fn single_keys_and_chords() {
        let mut s = Keys::default();
        assert_eq!(s.press(key("?"), 0.0), Some(Action::Help));
        assert_eq!(s.press(key("j"), 0.0), Some(Action::Next));
        assert_eq!(s.press(key("N"), 0.0), Some(Action::PrevMatch));
        assert_eq!(s.press(key("g"), 0.0), None);
        assert_eq!(s.press(key("p"), 500.0), Some(Action::GoProjects));
        assert_eq!(s.press(key("g"), 1_000.0), None);
        assert_eq!(
            s.press(key("a"), 1_200.0),
            Some(Action::GoApprovals),
            "not approve"
        );
        // After g, another key ends the chord and does nothing.
        assert_eq!(s.press(key("g"), 2_000.0), None);
        assert_eq!(s.press(key("j"), 2_100.0), None);
        assert_eq!(s.press(key("j"), 2_200.0), Some(Action::Next));
        // A g that waited too long is forgotten: its second key is a key of its own.
        assert_eq!(s.press(key("g"), 3_000.0), None);
        assert_eq!(
            s.press(key("a"), 3_000.0 + CHORD_MS + 1.0),
            Some(Action::Approve)
        );
        assert_eq!(s.press(key("q"), 0.0), None);
        assert_eq!(
            s.press(key("Escape"), 0.0),
            None,
            "dialogs close themselves"
        );
    }

    #[test]
    fn never_while_typing_composing_or_with_modifiers() {
        let mut s = Keys::default();
        let typing = Press {
            key: "j",
            in_field: true,
            ..Default::default()
        };
        assert_eq!(s.press(typing, 0.0), None);
        let ime = Press {
            key: "a",
            composing: true,
            ..Default::default()
        };
        assert_eq!(s.press(ime, 0.0), None);
        let copy = Press {
            key: "r",
            modified: true,
            ..Default::default()
        };
        assert_eq!(s.press(copy, 0.0), None, "Ctrl+R reloads the page");
        // A g typed into a field starts no chord.
        s.press(
            Press {
                key: "g",
                in_field: true,
                ..Default::default()
            },
            0.0,
        );
        assert_eq!(s.press(key("p"), 10.0), None);
    }

    #[test]
    fn moving_through_a_list_stops_at_its_ends() {
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(None, 3, false), Some(2));
        assert_eq!(step(Some(1), 3, true), Some(2));
        assert_eq!(step(Some(2), 3, true), Some(2));
        assert_eq!(step(Some(0), 3, false), Some(0));
        assert_eq!(step(Some(5), 0, true), None);
    }

    #[test]
    fn every_shortcut_is_listed_once() {
        let keys: Vec<&str> = SHORTCUTS.iter().map(|(k, _)| *k).collect();
        let mut unique = keys.clone();
        unique.dedup();
        assert_eq!(keys, unique);
        assert!(keys.contains(&"g a") && keys.contains(&"a / x"));
    }
}
