//! The address bar as signals: the console's own history, in place of a router library. The
//! console parses its routes itself (`routes`), so all it needs is the location, moving to a
//! path, back and forward, and links that stay in the page. (A router library's matching,
//! nested routes and route table would be code in every first load that nothing calls.)
//!
//! A followed link to another path shows in the address bar once the new screen is drawn
//! ([`use_ready_to_complete`]), so the address and the screen agree, and the page scrolls to
//! its top (or to the fragment's element) then, not while the old screen is on show. A move
//! asked for in code ([`use_navigate`]) and a change of query or fragment only are written at
//! once.

use leptos::prelude::*;

/// The page's location: the path as the browser has it (percent-encoded), the query without
/// its `?`, the fragment with its `#`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Url {
    pub path: String,
    pub search: String,
    pub hash: String,
}

impl Url {
    /// The address bar's location now.
    fn current() -> Url {
        let Some(l) = web_sys::window().map(|w| w.location()) else {
            return Url::default();
        };
        Url {
            path: l.pathname().unwrap_or_default(),
            search: l
                .search()
                .unwrap_or_default()
                .trim_start_matches('?')
                .to_string(),
            hash: l.hash().unwrap_or_default(),
        }
    }

    /// `path?search#hash`.
    fn full(&self) -> String {
        let mut s = self.path.clone();
        if !self.search.is_empty() {
            s.push('?');
            s.push_str(&self.search);
        }
        s.push_str(&self.hash);
        s
    }
}

/// How a move goes into history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
    /// Scroll to the top (or to the fragment's element) once the new screen is drawn.
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

/// A move not yet in the address bar.
#[derive(Clone, Debug)]
struct Pending {
    to: String,
    options: NavigateOptions,
}

/// The app's history: the location, the deployment's base path, a move waiting for its screen.
#[derive(Clone, Copy)]
struct History {
    url: RwSignal<Url>,
    base: StoredValue<String>,
    pending: StoredValue<Option<Pending>>,
}

impl History {
    fn new(base: String) -> History {
        History {
            url: RwSignal::new(Url::current()),
            base: StoredValue::new(crate::net::url::base_path(&base)),
            pending: StoredValue::new(None),
        }
    }

    /// Moves to `to` (a path under the site's origin, base included). A followed link to
    /// another path (`wait`) reaches the address bar once its screen is drawn; anything else at
    /// once.
    fn go(self, to: &str, options: NavigateOptions, wait: bool) {
        let Some(url) = parse(to) else {
            return;
        };
        let same_path = self.url.with_untracked(|u| u.path == url.path);
        let pending = Pending {
            to: url.full(),
            options,
        };
        if self.url.with_untracked(|u| *u != url) {
            self.url.set(url);
        }
        if same_path || !wait {
            self.pending.set_value(None);
            complete(&pending);
        } else {
            self.pending.set_value(Some(pending));
        }
    }
}

/// `to` resolved against the page's address, as a location of this origin.
fn parse(to: &str) -> Option<Url> {
    let w = web_sys::window()?;
    let u = web_sys::Url::new_with_base(to, &w.location().href().ok()?).ok()?;
    Some(Url {
        path: u.pathname(),
        search: u.search().trim_start_matches('?').to_string(),
        hash: u.hash(),
    })
}

/// Writes a move into the address bar and scrolls as asked.
fn complete(p: &Pending) {
    let Some(w) = web_sys::window() else {
        return;
    };
    if let Ok(h) = w.history() {
        let here = Url::current().full();
        let _ = if p.options.replace {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&p.to))
        } else if here != p.to {
            h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&p.to))
        } else {
            Ok(())
        };
    }
    let hash = Url::current().hash;
    let target = hash
        .strip_prefix('#')
        .filter(|h| !h.is_empty())
        .and_then(|h| w.document()?.get_element_by_id(&crate::net::url::dec(h)));
    match target {
        Some(el) => el.scroll_into_view(),
        None if p.options.scroll => w.scroll_to_with_x_and_y(0.0, 0.0),
        None => {}
    }
}

/// Provides the app's history to everything below: links under the base path stay in the page,
/// back and forward move it.
#[component]
pub fn Router(
    /// The deployment's base path (`""` or `/console`).
    #[prop(optional, into)]
    base: String,
    children: Children,
) -> impl IntoView {
    let history = History::new(base);
    provide_context(history);
    let click = window_event_listener(leptos::ev::click, move |e| follow_link(history, &e));
    let pop = window_event_listener(leptos::ev::popstate, move |_| {
        history.pending.set_value(None);
        history.url.set(Url::current());
    });
    on_cleanup(move || {
        click.remove();
        pop.remove();
    });
    children()
}

/// A click on a link of the console, under its base path, taken in the page.
fn follow_link(history: History, e: &web_sys::MouseEvent) {
    if e.default_prevented()
        || e.button() != 0
        || e.meta_key()
        || e.alt_key()
        || e.ctrl_key()
        || e.shift_key()
    {
        return;
    }
    let Some(a) = crate::browser::link_of(e) else {
        return;
    };
    let rel = a.get_attribute("rel").unwrap_or_default();
    let Some(to) = crate::net::url::in_page_link(
        &a.href(),
        &crate::browser::origin(),
        &history.base.get_value(),
        crate::net::url::LinkTraits {
            target: !a.target().is_empty(),
            download: a.has_attribute("download"),
            external: rel.split([' ', '\t']).any(|p| p == "external"),
        },
    ) else {
        return;
    };
    e.prevent_default();
    history.go(&to, NavigateOptions::default(), true);
}

/// The history, or one of the address bar alone for a widget mounted without the app (tests).
fn use_history() -> History {
    use_context::<History>().unwrap_or_else(|| History::new(String::new()))
}

/// The location's parts, each tracked on its own.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Memo<String>,
    pub search: Memo<String>,
    pub hash: Memo<String>,
}

/// The current location.
pub fn use_location() -> Location {
    let url = use_history().url;
    Location {
        pathname: Memo::new(move |_| url.with(|u| u.path.clone())),
        search: Memo::new(move |_| url.with(|u| u.search.clone())),
        hash: Memo::new(move |_| url.with(|u| u.hash.clone())),
    }
}

/// The query's pairs, decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Every pair, in the address's order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// The current query.
pub fn use_query_map() -> Memo<Query> {
    let url = use_history().url;
    Memo::new(move |_| url.with(|u| Query(crate::net::url::parse_query(&u.search))))
}

/// Moves to a console path (`Route::path()`: under the deployment's base).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone {
    let history = use_history();
    move |path: &str, options: NavigateOptions| {
        let to = crate::net::url::href(&history.base.get_value(), path);
        history.go(&to, options, false);
    }
}

/// What a screen calls once it is drawn: a move waiting for it goes into the address bar (if
/// the location is still where that move went).
pub fn use_ready_to_complete() -> impl Fn() + Clone {
    let history = use_context::<History>();
    move || {
        let Some(history) = history else {
            return;
        };
        if let Some(p) = history.pending.try_update_value(Option::take).flatten() {
            if history.url.with_untracked(Url::full) == p.to {
                complete(&p);
            }
        }
    }
}
