//! One module per route-level screen.

pub mod approvals;
pub mod compare;
pub mod editor;
pub mod not_found;
pub mod projects;
pub mod run;
pub mod settings;
pub mod task;
pub mod ticket;
pub mod workflow;
pub mod workflows;
