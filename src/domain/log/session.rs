//! The live log's decisions, free of the browser: when to stream, when to fetch the complete
//! log, which replayed lines to drop after a reconnect, and what a dropped stream means.

use crate::api::ApiError;
use crate::domain::status::Status;

/// What the viewer does for a job in a given status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// The job runs: open the live stream.
    Stream,
    /// The job has ended: fetch the complete log.
    LoadComplete,
    /// The job has not started: wait for its status to change.
    Wait,
}

/// What to do for a job in `status`.
pub fn start_for(status: &Status) -> Start {
    if status.streams_log() {
        Start::Stream
    } else if status.is_finished() {
        Start::LoadComplete
    } else {
        Start::Wait
    }
}

/// What a change of the job's status asks of the viewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusChange {
    /// The job was retried (it ended and runs again under the same name): its new log starts
    /// from nothing.
    pub restart: bool,
    /// Begin showing the log now (it had not begun, and the job now runs or has ended).
    pub begin: bool,
}

/// Compares the job's previous status with its new one; `started` says whether the viewer has
/// already begun (before any restart this change causes).
pub fn on_status(prev: Option<&Status>, now: &Status, started: bool) -> StatusChange {
    let restart = prev.is_some_and(Status::is_finished) && !now.is_finished();
    let started = started && !restart;
    StatusChange {
        restart,
        begin: !started && start_for(now) != Start::Wait,
    }
}

/// Zadig's stream sends the whole log from its first line on every connection: after a reconnect
/// the lines already shown come again and are dropped, by count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Replay {
    /// Lines shown when this connection opened.
    skip: usize,
    /// Complete lines this connection has sent.
    seen: usize,
}

impl Replay {
    /// A connection opened with `shown` lines already on screen.
    pub fn open(shown: usize) -> Replay {
        Replay {
            skip: shown,
            seen: 0,
        }
    }

    /// Counts one complete line from the stream: whether it is new (not a replay).
    pub fn take(&mut self) -> bool {
        self.seen += 1;
        self.seen > self.skip
    }
}

/// What to do after the stream dropped, from what the task detail then said of the job.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterDrop {
    /// The job no longer streams (it ended, or was never going to): fetch the complete log.
    LoadComplete,
    /// The credentials were refused: reconnecting cannot help; say so.
    Stop(ApiError),
    /// Reconnect after the backoff; `waiting` when the job is still preparing and nothing has
    /// been shown (that is waiting for the first line, not a lost connection).
    Reconnect { waiting: bool },
}

/// Decides after a dropped stream: `job` is the job's status from the task detail (`Ok(None)`
/// when the job is not in it), `nothing_shown` whether no line is on screen yet.
pub fn after_drop(job: Result<Option<Status>, ApiError>, nothing_shown: bool) -> AfterDrop {
    match job {
        Ok(Some(s)) if !s.streams_log() => AfterDrop::LoadComplete,
        Err(e @ (ApiError::Unauthorized | ApiError::Forbidden { .. } | ApiError::BadToken)) => {
            AfterDrop::Stop(e)
        }
        r => AfterDrop::Reconnect {
            waiting: matches!(r, Ok(Some(Status::Prepare))) && nothing_shown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Status {
        Status::parse(x)
    }

    #[test]
    fn streams_while_running_fetches_once_ended_waits_before() {
        assert_eq!(start_for(&s("running")), Start::Stream);
        assert_eq!(start_for(&s("prepare")), Start::Stream);
        assert_eq!(start_for(&s("passed")), Start::LoadComplete);
        assert_eq!(start_for(&s("failed")), Start::LoadComplete);
        assert_eq!(start_for(&s("created")), Start::Wait);
        assert_eq!(start_for(&s("waiting")), Start::Wait);
    }

    #[test]
    fn a_retried_job_starts_over_and_a_waiting_one_begins_when_it_runs() {
        let c = on_status(Some(&s("failed")), &s("running"), true);
        assert_eq!(
            c,
            StatusChange {
                restart: true,
                begin: true
            }
        );
        let c = on_status(Some(&s("failed")), &s("created"), true);
        assert_eq!(
            c,
            StatusChange {
                restart: true,
                begin: false
            }
        );
        let c = on_status(Some(&s("created")), &s("running"), false);
        assert_eq!(
            c,
            StatusChange {
                restart: false,
                begin: true
            }
        );
        let c = on_status(Some(&s("running")), &s("passed"), true);
        assert_eq!(
            c,
            StatusChange {
                restart: false,
                begin: false
            }
        );
        let c = on_status(None, &s("running"), true);
        assert_eq!(
            c,
            StatusChange {
                restart: false,
                begin: false
            }
        );
    }

    #[test]
    fn a_reconnect_drops_exactly_the_lines_already_shown() {
        let mut r = Replay::open(3);
        let fresh: Vec<bool> = (0..5).map(|_| r.take()).collect();
        assert_eq!(fresh, [false, false, false, true, true]);
        let mut r = Replay::open(0);
        assert!(r.take());
    }

    #[test]
    fn a_dropped_stream_reconnects_unless_the_job_ended_or_the_token_was_refused() {
        assert_eq!(
            after_drop(Ok(Some(s("passed"))), false),
            AfterDrop::LoadComplete
        );
        assert_eq!(
            after_drop(Err(ApiError::Unauthorized), false),
            AfterDrop::Stop(ApiError::Unauthorized)
        );
        assert_eq!(
            after_drop(Ok(Some(s("running"))), true),
            AfterDrop::Reconnect { waiting: false }
        );
        assert_eq!(
            after_drop(Ok(Some(s("prepare"))), true),
            AfterDrop::Reconnect { waiting: true }
        );
        assert_eq!(
            after_drop(Ok(Some(s("prepare"))), false),
            AfterDrop::Reconnect { waiting: false }
        );
        assert_eq!(
            after_drop(Ok(None), true),
            AfterDrop::Reconnect { waiting: false }
        );
        assert_eq!(
            after_drop(Err(ApiError::Timeout(10)), true),
            AfterDrop::Reconnect { waiting: false }
        );
    }
}
