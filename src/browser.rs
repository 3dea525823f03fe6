//! Thin wrappers over browser APIs (storage, document), so pages stay readable.

use wasm_bindgen::JsCast;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn get(store: Option<web_sys::Storage>, key: &str) -> Option<String> {
    store?.get_item(key).ok()?
}

fn set(store: Option<web_sys::Storage>, key: &str, value: Option<&str>) {
    if let Some(s) = store {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// A `localStorage` value (kept across tabs and restarts).
pub fn local_get(key: &str) -> Option<String> {
    get(local(), key)
}

/// Sets or (with `None`) removes a `localStorage` value.
pub fn local_set(key: &str, value: Option<&str>) {
    set(local(), key, value)
}

/// A `sessionStorage` value (this tab only).
pub fn session_get(key: &str) -> Option<String> {
    get(session(), key)
}

/// Sets or removes a `sessionStorage` value.
pub fn session_set(key: &str, value: Option<&str>) {
    set(session(), key, value)
}

/// The document's base URI (Trunk's `<base data-trunk-public-url/>`), absolute.
pub fn document_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_string())
}

/// Sets the document's title (what a tab, history and an embedding portal show).
pub fn set_document_title(t: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(t);
    }
}

/// Brings in the log viewer's colour classes (256 colours, foreground and background). The
/// release build keeps them out of the first load: `index.html` names their stylesheet in
/// `<meta name="zc-log-colours">`, fetched once the page is idle or when a log is first shown.
/// (`trunk serve` has them in its one stylesheet and no such meta.)
pub fn load_log_colours() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("zc-log-colours").is_some() {
        return;
    }
    let Some(href) = doc
        .query_selector("meta[name=zc-log-colours]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
    else {
        return;
    };
    let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) else {
        return;
    };
    let _ = link.set_attribute("id", "zc-log-colours");
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &href);
    let _ = head.append_child(&link);
}

/// Sets an attribute on `<html>` (theme, language).
pub fn set_root_attr(name: &str, value: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute(name, value);
    }
}

/// The browser's preferred language tag.
pub fn navigator_language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// The current path and query (never includes the token: the console never puts it there).
pub fn current_location() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The async clipboard, where the browser offers it (only on secure origins: plain-http hosts
/// have none, and calling it there would throw).
pub fn clipboard() -> Option<web_sys::Clipboard> {
    let nav = web_sys::window()?.navigator();
    let c = js_sys::Reflect::get(&nav, &"clipboard".into()).ok()?;
    (!c.is_undefined() && !c.is_null()).then(|| c.unchecked_into())
}

/// Takes query keys out of the address bar (and so out of history and bookmarks) without a
/// navigation: secrets that arrived in a link.
pub fn drop_query_keys(keys: &[String]) {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return;
    };
    let rest = crate::net::url::without_keys(&search, keys);
    if rest != search {
        replace_url(Some(&rest), None);
    }
}

/// Replaces the address bar's query and/or hash (`None`: kept as they are), keeping the path,
/// without a navigation or a new history entry.
pub fn replace_url(search: Option<&str>, hash: Option<&str>) {
    let Some(w) = web_sys::window() else { return };
    let l = w.location();
    let url = format!(
        "{}{}{}",
        l.pathname().unwrap_or_default(),
        search.map_or_else(|| l.search().unwrap_or_default(), str::to_string),
        hash.map_or_else(|| l.hash().unwrap_or_default(), str::to_string),
    );
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Whether the tab is in the background.
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Whether the browser lets this page show notifications: `granted`, `denied`, `default` (not
/// asked yet) or `unsupported`.
pub fn notification_permission() -> &'static str {
    let supported = web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false));
    if !supported {
        return "unsupported";
    }
    match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => "granted",
        web_sys::NotificationPermission::Denied => "denied",
        _ => "default",
    }
}

/// Asks the browser for permission to show notifications; the answer as
/// [`notification_permission`] gives it.
pub async fn request_notification_permission() -> &'static str {
    if notification_permission() == "unsupported" {
        return "unsupported";
    }
    if let Ok(p) = web_sys::Notification::request_permission() {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
    notification_permission()
}

/// Shows a browser notification (`tag` replaces an earlier one with the same tag); a click
/// brings the tab forward on `href`. Whether it was shown.
pub fn show_notification(title: &str, body: &str, href: &str) -> bool {
    if notification_permission() != "granted" {
        return false;
    }
    let opts = web_sys::NotificationOptions::new();
    opts.set_body(body);
    opts.set_tag(href);
    let Ok(n) = web_sys::Notification::new_with_options(title, &opts) else {
        return false;
    };
    let href = href.to_string();
    let on_click = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.focus();
            let _ = w.location().set_href(&href);
        }
    });
    n.set_onclick(Some(on_click.unchecked_ref()));
    true
}

/// The page's origin (`https://host:port`), `""` where there is none.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The page's whole URL (a reload link).
pub fn current_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_else(|| "/".into())
}

/// Listens for `message` events for the life of the page.
pub fn on_message(mut f: impl FnMut(String, wasm_bindgen::JsValue) + 'static) {
    let Some(w) = web_sys::window() else { return };
    let cb = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |e: web_sys::MessageEvent| f(e.origin(), e.data()),
    );
    let _ = w.add_event_listener_with_callback("message", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// The link (`<a href>`) an event happened on or inside, if any.
pub fn link_of(e: &web_sys::Event) -> Option<web_sys::HtmlAnchorElement> {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
}
