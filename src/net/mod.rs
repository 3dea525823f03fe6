//! Below every layer: URLs, timers and backoff, shared by the API client, the domain and views.

pub mod backoff;
pub mod timer;
pub mod url;

/// Whether a value can go into an HTTP header as it is (`Headers.set` throws otherwise).
pub fn header_safe(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_values_are_visible_ascii() {
        assert!(super::header_safe("a.b-c_d"));
        assert!(!super::header_safe("a\u{200B}b"));
        assert!(!super::header_safe("a b"));
        assert!(!super::header_safe(""));
    }
}
