pub mod domain;
pub fn start() {}
