//! Exponential backoff after failures: how long to wait before asking again. One formula for
//! every repeated request (polls, a GET's retries, live-log reconnects), each with its policy.

/// How the wait grows: after the first failure, at most, and how much jitter spreads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Policy {
    /// The wait after the first failure (ms); it doubles with each further one.
    pub first_ms: f64,
    /// The longest wait before jitter (ms).
    pub max_ms: f64,
    /// The jitter's spread: the wait is scaled by `1 ± spread` so many clients do not ask in step.
    pub spread: f64,
}

impl Policy {
    /// Polls: 1 s, 2 s, 4 s … up to a minute, ±25 %.
    pub const POLL: Policy = Policy {
        first_ms: 1000.0,
        max_ms: 60_000.0,
        spread: 0.25,
    };
    /// A GET's retries within one call: 400 ms, 800 ms, 1.6 s, ±50 %.
    pub const RETRY: Policy = Policy {
        first_ms: 400.0,
        max_ms: 60_000.0,
        spread: 0.5,
    };
    /// Live-log reconnects: 1 s, 2 s … 12 s, ±25 % (never more than 15 s).
    pub const STREAM: Policy = Policy {
        first_ms: 1000.0,
        max_ms: 12_000.0,
        spread: 0.25,
    };

    /// The wait after `failures` failures, with `jitter` in `0.0..=1.0`; none before the first.
    pub fn delay_ms(&self, failures: u32, jitter: f64) -> f64 {
        if failures == 0 {
            return 0.0;
        }
        let base = (self.first_ms * 2f64.powi(failures.min(16) as i32 - 1)).min(self.max_ms);
        base * (1.0 - self.spread + 2.0 * self.spread * jitter.clamp(0.0, 1.0))
    }
}

/// Consecutive failures of one repeated request and when it may be sent again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    /// How the wait grows.
    pub policy: Policy,
    /// Failures since the last success.
    pub failures: u32,
    /// Milliseconds (on the caller's clock) before which the request waits.
    pub next_at: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(Policy::POLL)
    }
}

impl Backoff {
    /// No failures yet, growing by `policy`.
    pub const fn new(policy: Policy) -> Backoff {
        Backoff {
            policy,
            failures: 0,
            next_at: 0.0,
        }
    }

    /// Notes an answer at `now`: a success clears the backoff, a failure pushes it out.
    pub fn record(&mut self, ok: bool, now: f64, jitter: f64) {
        if ok {
            *self = Backoff::new(self.policy);
        } else {
            self.failures = self.failures.saturating_add(1);
            self.next_at = now + self.delay_ms(jitter);
        }
    }

    /// The wait the failures so far call for.
    pub fn delay_ms(&self, jitter: f64) -> f64 {
        self.policy.delay_ms(self.failures, jitter)
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
    fn polls_double_up_to_a_minute_and_clear_on_success() {
        let p = Policy::POLL;
        assert_eq!(p.delay_ms(0, 0.5), 0.0);
        assert_eq!(p.delay_ms(1, 0.5), 1000.0);
        assert_eq!(p.delay_ms(2, 0.5), 2000.0);
        assert_eq!(p.delay_ms(3, 0.0), 3000.0);
        assert_eq!(p.delay_ms(30, 0.5), 60_000.0);
        assert_eq!(p.delay_ms(u32::MAX, 1.0), 75_000.0);
        let mut b = Backoff::default();
        assert!(b.ready(0.0));
        b.record(false, 100.0, 0.5);
        assert!(!b.ready(1000.0) && b.ready(1100.0));
        b.record(false, 1100.0, 0.5);
        assert_eq!((b.failures, b.next_at), (2, 3100.0));
        b.record(true, 3200.0, 0.5);
        assert_eq!(b, Backoff::default());
    }

    #[test]
    fn retries_start_sooner_and_spread_wider() {
        let p = Policy::RETRY;
        assert_eq!(p.delay_ms(1, 0.5), 400.0);
        assert_eq!(p.delay_ms(2, 0.5), 800.0);
        assert_eq!(p.delay_ms(3, 0.0), 800.0);
        assert_eq!(p.delay_ms(3, 1.0), 2400.0);
    }

    #[test]
    fn stream_reconnects_never_wait_more_than_fifteen_seconds() {
        let mut b = Backoff::new(Policy::STREAM);
        for n in 0..40 {
            b.record(false, n as f64, 1.0);
            assert!(b.delay_ms(1.0) <= 15_000.0);
        }
        b.record(true, 0.0, 0.0);
        assert_eq!(b, Backoff::new(Policy::STREAM));
    }
}
