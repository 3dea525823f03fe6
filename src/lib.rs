//! Zadig Workflow Console: a browser console for Zadig's workflow OpenAPI.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod domain;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod state;

/// Mounts the console into the page's `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
