#![recursion_limit = "512"]
//! Zadig Workflow Console: a browser console for Zadig's workflow OpenAPI.

pub mod api;
pub mod app;
pub mod browser;
pub mod chunks;
pub mod components;
pub mod domain;
pub mod embed;
pub mod hooks;
pub mod i18n;
pub mod inbox;
pub mod nav;
pub mod net;
pub mod pages;
pub mod panic_notice;
pub mod routes;
pub mod state;
pub mod watcher;

/// Mounts the console into the page's `<body>`, in place of the shell `index.html` painted
/// while the WebAssembly loaded (both in one task: no frame shows neither).
pub fn start() {
    panic_notice::install();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

/// Called by the release build's loader when code the page needs now (the main module's cold
/// part, scripts/split-cold.mjs) cannot be fetched: the page cannot go on, and says so.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn cold_code_unavailable() {
    panic_notice::show(i18n::T::CodeUnavailable.get(panic_notice::page_locale()));
}

/// Bytes of WebAssembly memory in use (for the benchmark command's memory figures).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}
