//! Pure logic with no browser dependency, unit-tested natively.

pub mod approval;
pub mod editor;
pub mod jobs;
pub mod log;
pub mod run;
pub mod status;
pub mod tasks;
pub mod ticket;
pub mod time;
pub mod token;
pub mod url;
pub mod views;
pub mod workflows;
