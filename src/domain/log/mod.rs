//! Log text processing: Zadig's stream quirks, ANSI styling, and compact line storage.

pub mod ansi;
pub mod render;
pub mod search;
pub mod store;
pub mod zadig;
