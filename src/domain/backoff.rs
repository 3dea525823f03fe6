//! Exponential backoff after failures: how long to wait before asking again.

/// Consecutive failures of one repeated request and when it may be sent again.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Backoff {
    /// Failures since the last success.
    pub failures: u32,
    /// Milliseconds (on the caller's clock) before which the request waits.
    pub next_at: f64,
}

impl Backoff {
    /// Delay after the first failure.
    pub const BASE_MS: f64 = 1000.0;
    /// The longest delay.
    pub const MAX_MS: f64 = 60_000.0;

    /// The wait after `failures` failures: 1 s, 2 s, 4 s … up to a minute, scaled by a jitter
    /// in `0.0..=1.0` to ±25 % so many clients do not ask in step.
    pub fn delay_ms(failures: u32, jitter: f64) -> f64 {
        if failures == 0 {
            return 0.0;
        }
        let base = (Self::BASE_MS * 2f64.powi(failures.min(16) as i32 - 1)).min(Self::MAX_MS);
        base * (0.75 + 0.5 * jitter.clamp(0.0, 1.0))
    }

    /// Notes an answer at `now`: a success clears the backoff, a failure pushes it out.
    pub fn record(&mut self, ok: bool, now: f64, jitter: f64) {
        if ok {
            *self = Backoff::default();
        } else {
            self.failures = self.failures.saturating_add(1);
            self.next_at = now + Self::delay_ms(self.failures, jitter);
        }
    }

    /// Whether the request may be sent at `now`.
    pub fn ready(&self, now: f64) -> bool {
        now >= self.next_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_a_minute_and_clears_on_success() {
        assert_eq!(Backoff::delay_ms(0, 0.5), 0.0);
        assert_eq!(Backoff::delay_ms(1, 0.5), 1000.0);
        assert_eq!(Backoff::delay_ms(2, 0.5), 2000.0);
        assert_eq!(Backoff::delay_ms(3, 0.0), 3000.0);
        assert_eq!(Backoff::delay_ms(30, 0.5), 60_000.0);
        assert_eq!(Backoff::delay_ms(u32::MAX, 1.0), 75_000.0);
        let mut b = Backoff::default();
        assert!(b.ready(0.0));
        b.record(false, 100.0, 0.5);
        assert!(!b.ready(1000.0) && b.ready(1100.0));
        b.record(false, 1100.0, 0.5);
        assert_eq!((b.failures, b.next_at), (2, 3100.0));
        b.record(true, 3200.0, 0.5);
        assert_eq!(b, Backoff::default());
    }
}
