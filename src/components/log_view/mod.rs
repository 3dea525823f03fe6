//! The log viewer: a job's log, live over `EventSource` while the job runs, then reconciled with
//! the complete log; virtualised (only visible lines are in the DOM), ANSI colours through fixed
//! classes, text nodes only, line permalinks, follow mode, download, jump to first error.
//!
//! `session` runs the log (`use_log_session`: stream, reconnects, the complete log) over the
//! lines and handles in `state`; `viewer` is the virtual scroller, `toolbar` its controls, `line`
//! one row, `search` the whole-log search and `dom` the browser calls they share. Their decisions
//! are pure, in `domain::log`.

mod dom;
mod line;
mod search;
mod session;
mod state;
mod toolbar;
mod viewer;

pub use viewer::{LogView, StaticLog};
