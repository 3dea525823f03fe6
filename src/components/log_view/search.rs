//! Whole-log search: plain text in Rust, regular expressions through the browser's RegExp over
//! the whole text at once; searched again as lines arrive (at most once a second) and at once
//! when the log is replaced.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::mark;
use super::state::Handles;
use crate::domain::log::search::{self, utf16_to_byte, Found, Hit};
use crate::domain::log::store::LogStore;

/// The search's inputs and results.
#[derive(Clone, Copy)]
pub(super) struct LogSearch {
    pub needle: RwSignal<String>,
    pub use_regex: RwSignal<bool>,
    pub case: RwSignal<bool>,
    pub found: RwSignal<Found>,
    /// The hit moved to with Enter / ↑ ↓.
    pub current: RwSignal<usize>,
    /// Why the regular expression is not one.
    pub error: RwSignal<Option<String>>,
}

impl LogSearch {
    /// The current hit after moving `delta` hits (wrapping around), if there are any.
    pub fn step(&self, delta: i64) -> Option<Hit> {
        let n = self.found.with_untracked(|f| f.hits.len());
        if n == 0 {
            return None;
        }
        let next = (self.current.get_untracked() as i64 + delta).rem_euclid(n as i64) as usize;
        self.current.set(next);
        self.found.with_untracked(|f| f.hits.get(next).copied())
    }
}

/// Searches the log behind `h` whenever the search or the lines change.
pub(super) fn use_log_search(h: Handles) -> LogSearch {
    let s = LogSearch {
        needle: RwSignal::new(String::new()),
        use_regex: RwSignal::new(false),
        case: RwSignal::new(false),
        found: RwSignal::new(Found::default()),
        current: RwSignal::new(0),
        error: RwSignal::new(None),
    };
    let last_run = StoredValue::new(0.0f64);
    let run = move || {
        let (q, rx, cs) = (
            s.needle.get_untracked(),
            s.use_regex.get_untracked(),
            s.case.get_untracked(),
        );
        last_run.set_value(js_sys::Date::now());
        mark("zc:search-start");
        let result = h.with(|c| {
            if rx {
                regex_search(&c.store, &q, cs)
            } else {
                Ok(c.store.search(&q, cs, &mut || mark("zc:search-first")))
            }
        });
        mark("zc:search-done");
        match result {
            Ok(f) => {
                s.error.set(None);
                if s.current.get_untracked() >= f.hits.len() {
                    s.current.set(0);
                }
                s.found.set(f);
            }
            Err(e) => {
                s.error.set(Some(e));
                s.found.set(Found::default());
            }
        }
    };
    Effect::new(move |_| {
        s.needle.track();
        s.use_regex.track();
        s.case.track();
        s.current.set(0);
        run();
    });
    // New lines while a search is open: search again, at most once a second, and at once when
    // the log was replaced (the complete log's hits are not the streamed lines' hits).
    let searched = StoredValue::new(0u64);
    Effect::new(move |_| {
        h.version.track();
        let replaced = h.with(|c| c.replaced);
        let new_text = replaced != searched.get_value();
        searched.set_value(replaced);
        if !s.needle.get_untracked().is_empty()
            && (new_text || js_sys::Date::now() - last_run.get_value() > 1000.0)
        {
            run();
        }
    });
    s
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's RegExp, built so that a bad pattern is an error, not a throw (and with no
    /// `eval`, which the CSP forbids).
    #[wasm_bindgen(js_name = RegExp)]
    type CheckedRegExp;
    #[wasm_bindgen(constructor, catch, js_class = "RegExp")]
    fn new(pattern: &str, flags: &str) -> Result<CheckedRegExp, wasm_bindgen::JsValue>;
}

/// Searches with the browser's RegExp over the whole plain text at once (`m` flag: `^` and `$`
/// match at line boundaries); a bad pattern is reported, not thrown.
fn regex_search(store: &LogStore, pattern: &str, case: bool) -> Result<Found, String> {
    let mut found = Found::default();
    if pattern.is_empty() {
        return Ok(found);
    }
    let flags = if case { "gm" } else { "gim" };
    let re = match CheckedRegExp::new(pattern, flags) {
        Ok(r) => r.unchecked_into::<js_sys::RegExp>(),
        Err(e) => {
            let msg = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string());
            return Err(msg.unwrap_or_else(|| "invalid pattern".into()));
        }
    };
    // One string for the whole log, with each line's start in UTF-16 units.
    let mut text = String::with_capacity(store.bytes() + store.len());
    let mut starts16: Vec<usize> = Vec::with_capacity(store.len());
    let mut units = 0usize;
    for i in 0..store.len() {
        let line = store.plain_cow(i);
        starts16.push(units);
        units += line.encode_utf16().count() + 1;
        text.push_str(&line);
        text.push('\n');
    }
    // Converted to a JavaScript string once; `exec` is called on that string, not a copy.
    let js_text = js_sys::JsString::from(text.as_str());
    let exec: js_sys::Function = js_sys::Reflect::get(&re, &"exec".into())
        .map_err(|_| "RegExp".to_string())?
        .unchecked_into();
    loop {
        let m = exec
            .call1(&re, &js_text)
            .map_err(|e| e.as_string().unwrap_or_else(|| "RegExp".into()))?;
        if m.is_null() {
            break;
        }
        let m: js_sys::Array = m.unchecked_into();
        let at = js_sys::Reflect::get(&m, &"index".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as usize;
        let matched = m.get(0).as_string().unwrap_or_default();
        let len16 = matched.encode_utf16().count();
        if len16 == 0 {
            // An empty match would loop forever: step past it.
            re.set_last_index(re.last_index() + 1);
            if re.last_index() as usize > units {
                break;
            }
            continue;
        }
        let line = starts16.partition_point(|s| *s <= at).saturating_sub(1);
        found.total += 1;
        if found.total == 1 {
            mark("zc:search-first");
        }
        if found.hits.len() < search::MAX_HITS {
            let l = store.plain_cow(line);
            let col16 = at - starts16[line];
            let start = utf16_to_byte(&l, col16);
            let end = utf16_to_byte(&l, col16 + len16).max(start);
            found.hits.push(Hit { line, start, end });
        }
    }
    Ok(found)
}
