//! Log text processing: Zadig's stream quirks, ANSI styling, and compact line storage.

pub mod ansi;
pub mod layout;
pub mod render;
pub mod search;
pub mod session;
pub mod store;
pub mod zadig;

/// How long Zadig may take to store a job's log after the job ends (seconds): it uploads the
/// log seconds later, and until then the complete log is empty.
pub const UPLOAD_GRACE_S: i64 = 90;

/// Whether to ask again for a complete log that came back empty, and after how many ms:
/// while the job ended less than [`UPLOAD_GRACE_S`] ago (or its end is unknown), with growing
/// pauses (1 s, 2 s, 4 s, then every 5 s); a job that ended long ago is asked once more only.
pub fn upload_wait_ms(ended_at: i64, now: i64, attempt: u32) -> Option<u32> {
    let recent = ended_at <= 0 || now - ended_at < UPLOAD_GRACE_S;
    let limit = if recent { 40 } else { 1 };
    (attempt < limit).then(|| (1000u32 << attempt.min(3)).min(5000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_log_is_waited_for_only_while_it_may_still_be_uploaded() {
        // Ended 2 s ago: keeps asking, well past an 8 s upload delay.
        let waits: Vec<u32> = (0..6).map_while(|a| upload_wait_ms(100, 102, a)).collect();
        assert_eq!(waits, [1000, 2000, 4000, 5000, 5000, 5000]);
        assert!(waits.iter().sum::<u32>() > 8_000);
        assert_eq!(upload_wait_ms(100, 102, 40), None);
        // Ended an hour ago: one more look, then it is empty.
        assert_eq!(upload_wait_ms(100, 3700, 0), Some(1000));
        assert_eq!(upload_wait_ms(100, 3700, 1), None);
        assert_eq!(upload_wait_ms(0, 3700, 5), Some(5000));
    }
}
