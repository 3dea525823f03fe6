//! When the console's background part (the watcher and the keyboard shortcuts) is fetched: it is
//! a chunk, so a first visit fetches it only after the landing screen's data, once the browser
//! is idle; a key pressed before then fetches it at once and is handed to it when it arrives,
//! so no shortcut is lost. A fetch that fails is tried again after a growing wait, and by the
//! next key.

use crate::net::backoff::{Backoff, Policy};

/// The most keys kept while the part is on its way (a person does not type more shortcuts
/// than that in the moment it takes; more are typing, not shortcuts).
pub const MAX_KEPT: usize = 8;

/// The background part's fetch, and the keys that wait for it.
#[derive(Clone, Debug)]
pub struct Loader<K> {
    state: State,
    kept: Vec<K>,
    backoff: Backoff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not asked for yet, or the last fetch failed.
    Waiting,
    Fetching,
    In,
}

/// What to do after a fetch ended.
#[derive(Clone, Debug, PartialEq)]
pub enum After<K> {
    /// The part is in: hand it these keys, in the order they came.
    Replay(Vec<K>),
    /// It could not be fetched: try again after this many milliseconds (or at the next key).
    Retry(f64),
}

impl<K> Default for Loader<K> {
    fn default() -> Self {
        Loader {
            state: State::Waiting,
            kept: Vec::new(),
            backoff: Backoff::new(Policy::POLL),
        }
    }
}

impl<K> Loader<K> {
    /// Whether the part is in (its own listeners take the keys from then on).
    pub fn is_in(&self) -> bool {
        self.state == State::In
    }

    /// Asked for (the page settled, or a retry's time came): whether to start a fetch now.
    pub fn want(&mut self) -> bool {
        if self.state != State::Waiting {
            return false;
        }
        self.state = State::Fetching;
        true
    }

    /// A key came before the part: kept for it (unless too many are), and whether to start a
    /// fetch now.
    pub fn key(&mut self, k: K) -> bool {
        if self.state == State::In {
            return false;
        }
        if self.kept.len() < MAX_KEPT {
            self.kept.push(k);
        }
        self.want()
    }

    /// The fetch ended (`jitter` in `0.0..=1.0` spreads the retry).
    pub fn done(&mut self, ok: bool, jitter: f64) -> After<K> {
        if ok {
            self.state = State::In;
            self.backoff.record(true, 0.0, jitter);
            After::Replay(std::mem::take(&mut self.kept))
        } else {
            self.state = State::Waiting;
            // Keys that waited for a part that did not come are not replayed later, when the
            // person has moved on.
            self.kept.clear();
            self.backoff.record(false, 0.0, jitter);
            After::Retry(self.backoff.delay_ms(jitter))
        }
    }
}

/// What the keys after a replayed one that put the cursor in a text field would have typed
/// there: their characters (keys such as `Enter` or `ArrowDown` type nothing).
pub fn typed<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    keys.into_iter()
        .filter(|k| k.chars().count() == 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_settling_fetches_once_and_nothing_is_replayed() {
        let mut l = Loader::<&str>::default();
        assert!(!l.is_in());
        assert!(l.want());
        assert!(!l.want(), "one fetch at a time");
        assert_eq!(l.done(true, 0.5), After::Replay(vec![]));
        assert!(l.is_in());
        assert!(!l.want(), "in: nothing more to fetch");
    }

    #[test]
    fn an_early_key_fetches_at_once_and_keys_are_replayed_in_order() {
        let mut l = Loader::default();
        assert!(l.key("?"), "the first key starts the fetch");
        assert!(!l.key("g"), "later keys wait for the same fetch");
        assert!(!l.key("p"));
        assert!(!l.want(), "the idle timer finds it on its way");
        assert_eq!(l.done(true, 0.5), After::Replay(vec!["?", "g", "p"]));
        assert!(!l.key("j"), "once in, the part's own listener has the keys");
        assert_eq!(l.done(true, 0.5), After::Replay(vec![]));
    }

    #[test]
    fn no_more_than_a_few_keys_are_kept() {
        let mut l = Loader::default();
        for i in 0..20 {
            l.key(i);
        }
        let After::Replay(kept) = l.done(true, 0.5) else {
            panic!("in");
        };
        assert_eq!(kept, (0..MAX_KEPT as i32).collect::<Vec<_>>());
    }

    #[test]
    fn a_failed_fetch_is_tried_again_later_and_at_the_next_key_and_drops_its_keys() {
        let mut l = Loader::default();
        assert!(l.key("?"));
        let After::Retry(first) = l.done(false, 0.5) else {
            panic!("failed");
        };
        assert_eq!(first, 1000.0);
        assert!(!l.is_in());
        // The next key tries at once and is the only one replayed.
        assert!(l.key("j"));
        let After::Retry(second) = l.done(false, 0.5) else {
            panic!("failed");
        };
        assert!(second > first, "the wait grows: {first} then {second}");
        assert!(l.want(), "the retry's time came");
        assert!(!l.key("k"));
        assert_eq!(l.done(true, 0.5), After::Replay(vec!["k"]));
    }

    #[test]
    fn keys_after_the_cursor_went_to_a_field_are_what_they_type() {
        assert_eq!(
            typed(["j", "g", "Enter", "a", "ArrowDown", "中", " "]),
            "jga中 "
        );
        assert_eq!(typed([]), "");
    }
}
