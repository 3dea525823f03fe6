//! The browser calls the log viewer makes: frames, marks for the benchmark, scrolling, the
//! location hash, the selection, and saving a file.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs `f` on the next animation frame.
pub(super) fn request_frame(f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let cb = Closure::once_into_js(f);
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// A `performance.mark`, read by the benchmark command.
pub(super) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Scrolls so that a line's top (in px) sits a third of the way down the view.
pub(super) fn scroll_to(viewport: NodeRef<leptos::html::Div>, top_px: f64) {
    if let Some(el) = viewport.get_untracked() {
        let target = (top_px - el.client_height() as f64 / 3.0).max(0.0);
        el.set_scroll_top(target as i32);
    }
}

pub(super) fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Sets the hash without a navigation or a history entry, keeping path and query.
pub(super) fn set_location_hash(hash: &str) {
    crate::browser::replace_url(None, Some(hash));
}

/// Whether the person is selecting text (following would move it under them).
pub(super) fn selecting() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed())
}

/// Offers `text` as a download named `name`.
pub(super) fn save_text(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Puts the page's address (which now holds a line link) on the clipboard where there is one
/// (plain-http hosts have no `navigator.clipboard`); `copied` is set only when the browser took it.
pub(super) fn copy_address(copied: RwSignal<bool>) {
    if let (Some(w), Some(clip)) = (web_sys::window(), crate::browser::clipboard()) {
        if let Ok(href) = w.location().href() {
            let promise = clip.write_text(&href);
            // Only sets a signal, which is harmless once the viewer is gone.
            leptos::task::spawn_local(async move {
                copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
            });
        }
    }
}
