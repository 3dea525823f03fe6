//! A panic is a dead page (`panic = "abort"`): this hook replaces it with a visible notice that
//! says so, carries the message (never the token) and offers a reload, and writes the same
//! message to the browser console.

use crate::domain::secret::scrub;
use crate::i18n::{Locale, T};

/// The test id of the notice.
pub const TESTID: &str = "internal-error";

/// Installs the hook, once, before anything else runs.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let secrets = secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let message = scrub(&info.to_string(), &secrets);
        // (`info` names the panic's file and line: enough to find it, nothing of the person's.)
        web_sys::console::error_1(&format!("zadig-console: {message}").into());
        show(&message);
    }));
}

/// Whatever the page holds that must never be shown: the token of this tab.
fn secrets() -> Vec<String> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(crate::state::K_TOKEN).ok().flatten())
        .into_iter()
        .collect()
}

/// The page's language, read from `<html lang>` with plain DOM calls (the reactive system may be
/// gone).
pub fn page_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .map(|l| Locale::parse(&l))
        .unwrap_or_default()
}

/// Builds the notice with plain DOM calls: the reactive system may be what panicked, and after
/// the hook returns the module is gone, so the reload is a plain link (no handler to run).
/// Public for the browser test (a real panic would end the test's module too).
pub fn show(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc
        .query_selector(&format!("[data-testid={TESTID}]"))
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let locale = page_locale();
    let el = |tag: &str, text: Option<&str>| {
        let e = doc.create_element(tag).ok()?;
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Some(e)
    };
    let Some(panel) = el("div", None) else { return };
    let _ = panel.set_attribute("class", "fatal");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", TESTID);
    let parts = [
        el("h2", Some(T::InternalError.get(locale))),
        el("p", Some(T::InternalErrorHint.get(locale))),
        el("pre", Some(message)),
    ];
    for p in parts.into_iter().flatten() {
        let _ = panel.append_child(&p);
    }
    if let Some(a) = el("a", Some(T::Reload.get(locale))) {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_else(|| "/".into());
        let _ = a.set_attribute("href", &href);
        let _ = a.set_attribute("class", "btn primary");
        let _ = a.set_attribute("data-testid", "internal-error-reload");
        let _ = panel.append_child(&a);
    }
    if let Some(body) = doc.body() {
        let _ = body.append_child(&panel);
        if let Ok(Some(main)) = doc.query_selector("main") {
            let _ = main.set_attribute("aria-hidden", "true");
            let _ = main.set_attribute("class", "dead");
        }
    }
}
