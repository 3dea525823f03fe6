#![recursion_limit = "512"]
//! Zadig Workflow Console: a browser console for Zadig's workflow OpenAPI.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod domain;
pub mod embed;
pub mod hooks;
pub mod i18n;
pub mod net;
pub mod pages;
pub mod panic_notice;
pub mod routes;
pub mod state;

/// Mounts the console into the page's `<body>`.
pub fn start() {
    panic_notice::install();
    leptos::mount::mount_to_body(app::App);
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
