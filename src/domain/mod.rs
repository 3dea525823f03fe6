//! Pure logic with no browser dependency, unit-tested natively.

pub mod approval;
pub mod background;
pub mod editor;
pub mod editor_secrets;
pub mod embed;
pub mod inbox;
pub mod insight;
pub mod jobs;
pub mod keys;
pub mod log;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod robust;
pub mod run;
pub mod secret;
pub mod ships;
pub mod status;
pub mod tasks;
pub mod text;
pub mod ticket;
pub mod time;
pub mod token;
pub mod views;
pub mod watch;
pub mod welcome;
pub mod workflows;

/// The text at `key` of a free-form JSON object (job specs, job info), or `""`.
pub(crate) fn text_at<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v.get(key).and_then(serde_json::Value::as_str).unwrap_or("")
}
