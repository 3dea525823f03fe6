//! The run form, as a page or a dialog: built from the workflow detail (plus registries and
//! environments), pre-filled from a past task, the link or a draft, checked before sending,
//! sent once, and on success the new task opens. Nothing typed is lost on an error.
//!
//! `loader` reads what the form starts from, `controller` holds its state and its one write
//! (`use_run_form`), `form` lays it out, `fields`, `job` and `notify` draw its parts and
//! `notices` what it says around them. The form's model is pure, in `domain::run`.

mod controller;
mod fields;
mod form;
mod job;
mod loader;
mod notices;
mod notify;

pub use form::{RunDialog, RunForm, RunFormView};
