//! `use_log_session`: one job's log as a state machine with a lifetime. It streams while the job
//! runs, reconnects with backoff (dropping the lines each reconnect replays), fetches the complete
//! log once the job has ended (waiting while Zadig uploads it), starts over when the job is
//! retried, resumes after a new sign-in, and stops everything when its component goes away.
//! The decisions are pure, in `domain::log::session`.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::dom::{mark, request_frame};
use super::state::{schedule_flush, Ctl, Handles, LogState};
use crate::api::stream::EventStream;
use crate::api::types::{JobTaskName, TaskId, WorkflowKey};
use crate::api::{self, ApiError};
use crate::domain::log::layout::WrapLayout;
use crate::domain::log::session::{after_drop, on_status, start_for, AfterDrop, Replay, Start};
use crate::domain::log::store::LogStore;
use crate::domain::log::upload_wait_ms;
use crate::domain::status::Status;
use crate::hooks::{self, Tasks};
use crate::net::backoff::{Backoff, Policy};
use crate::net::timer::sleep;
use crate::state::use_ctx;

/// Which job's log, and what the task page knows of it.
pub(super) struct JobLog {
    pub workflow: WorkflowKey,
    pub task: TaskId,
    /// The job task name from the task detail (`job-S-J-N-<name>`).
    pub job: JobTaskName,
    /// The job's status, kept current by the task page's polling.
    pub status: Signal<String>,
    /// Approvals write no log.
    pub has_log: bool,
    /// When the job ended (seconds; 0 if unknown): how long an empty log is waited for.
    pub ended: Signal<i64>,
}

/// What the viewer gets: the log, and a way to fetch the complete log again.
pub(super) struct LogSession {
    pub h: Handles,
    pub reload: Callback<()>,
}

/// The connect function, reachable from its own error handler for reconnects.
type Reconnect = Rc<RefCell<Option<Rc<dyn Fn()>>>>;

/// Runs one job's log for as long as the calling component lives.
pub(super) fn use_log_session(log: JobLog) -> LogSession {
    let JobLog {
        workflow,
        task,
        job,
        status,
        has_log,
        ended,
    } = log;
    let ctx = use_ctx();
    let h = Handles::new(Ctl::new(LogStore::new()), LogState::Waiting, 0);
    let wf = StoredValue::new(workflow);
    let job = StoredValue::new(job);
    let tasks = Tasks::new();

    // Fetches the complete log; an empty one is asked for again while Zadig may still be storing
    // it (it uploads the log seconds after the job ends).
    let load_complete = {
        let tasks = tasks.clone();
        move || {
            let Some(epoch) = h.try_with(|c| c.epoch) else {
                return;
            };
            let c = ctx.client_untracked();
            let (w, j, ended_at) = (wf.get_value(), job.get_value(), ended.get_untracked());
            tasks.spawn(async move {
                let mut attempt = 0;
                loop {
                    let r = api::full_log(&c, &w, task, &j).await;
                    if h.try_with(|c| c.epoch) != Some(epoch) {
                        return;
                    }
                    match r {
                        Ok(text) if !text.is_empty() => {
                            mark("zc:log-downloaded");
                            // The downloaded text becomes the store as it is: no second copy.
                            let store = LogStore::from_text(text);
                            h.try_with(|c| {
                                c.pending.clear();
                                c.store = store;
                                c.layout = WrapLayout::default();
                                c.replaced += 1;
                            });
                            h.state.set(LogState::Complete);
                            h.version.update(|v| *v += 1);
                            request_frame(|| request_frame(|| mark("zc:log-painted")));
                            return;
                        }
                        Ok(_) => match upload_wait_ms(ended_at, hooks::now_secs(), attempt) {
                            Some(ms) => {
                                h.state.set(LogState::AwaitingUpload);
                                sleep(ms).await;
                            }
                            None => break,
                        },
                        // The client has already retried what may pass; the failure is shown with
                        // a way to load again (a refused token resumes on signing in, below).
                        Err(e) => {
                            h.state.set(LogState::Failed(e));
                            return;
                        }
                    }
                    attempt += 1;
                }
                let streamed = h.try_with(|c| c.shown()).unwrap_or(0);
                h.state.set(if streamed == 0 {
                    LogState::Complete
                } else {
                    LogState::Unverified
                });
            });
        }
    };

    let connect: Reconnect = Rc::new(RefCell::new(None));
    let connect_ref = connect.clone();
    let do_connect: Rc<dyn Fn()> = {
        let (tasks, load_complete) = (tasks.clone(), load_complete.clone());
        Rc::new(move || {
            let c = ctx.client_untracked();
            let url = api::log_stream_url(&c, &wf.get_value(), task, &job.get_value(), -1);
            let Some(epoch) = h.try_with(|c| {
                c.replay = Replay::open(c.shown());
                c.assembler.reset();
                c.epoch
            }) else {
                return;
            };
            let on_message = move |data: String| {
                let line = h
                    .try_with(|c| {
                        let line = c.assembler.push(&data)?;
                        c.backoff = Backoff::new(Policy::STREAM);
                        c.replay.take().then_some(line)
                    })
                    .flatten();
                if let Some(l) = line {
                    h.try_with(|c| c.pending.push(l));
                    schedule_flush(h);
                }
                if h.state.try_get_untracked() != Some(LogState::Live) {
                    h.state.set(LogState::Live);
                }
            };
            let on_open = move || h.state.set(LogState::Live);
            let again = connect_ref.clone();
            let (tasks, load_complete) = (tasks.clone(), load_complete.clone());
            let on_error = move || {
                // Zadig just closes the stream when the job ends; the browser would reconnect and
                // replay: close it now, then ask the job's status what happened.
                let Some(delay) = h.try_with(|c| {
                    c.stream = None;
                    c.backoff
                        .record(false, js_sys::Date::now(), js_sys::Math::random());
                    c.backoff.delay_ms(js_sys::Math::random())
                }) else {
                    return;
                };
                h.state.set(LogState::Reconnecting);
                let again = again.clone();
                let load_complete = load_complete.clone();
                let c = ctx.client_untracked();
                let (w, j) = (wf.get_value(), job.get_value());
                tasks.spawn(async move {
                    let job_status = api::task_detail(&c, &w, task).await.map(|t| {
                        t.stages
                            .iter()
                            .flat_map(|s| s.jobs.iter())
                            .find(|x| x.name == j)
                            .map(|x| Status::parse(&x.status))
                    });
                    let Some((now_epoch, nothing_shown)) =
                        h.try_with(|c| (c.epoch, c.shown() == 0))
                    else {
                        return;
                    };
                    if now_epoch != epoch {
                        return;
                    }
                    match after_drop(job_status, nothing_shown) {
                        AfterDrop::LoadComplete => load_complete(),
                        AfterDrop::Stop(e) => h.state.set(LogState::Failed(e)),
                        AfterDrop::Reconnect { waiting } => {
                            if waiting {
                                h.state.set(LogState::Waiting);
                            }
                            sleep(delay as u32).await;
                            if let Some(f) = again.borrow().clone() {
                                f();
                            }
                        }
                    }
                });
            };
            match EventStream::open(&url, on_message, on_open, on_error) {
                Ok(s) => {
                    h.try_with(|c| c.stream = Some(s));
                }
                Err(e) => h.state.set(LogState::Failed(e)),
            }
        })
    };
    *connect.borrow_mut() = Some(do_connect.clone());

    // Start: stream while the job runs, fetch the complete log once it has ended, and for a
    // job that has not started yet, wait for its status to change.
    let begin = {
        let (do_connect, load_complete) = (do_connect.clone(), load_complete.clone());
        move |s: Status| match start_for(&s) {
            Start::Stream => {
                h.state.set(LogState::Waiting);
                do_connect();
            }
            Start::LoadComplete => {
                h.state.set(LogState::Loading);
                load_complete();
            }
            Start::Wait => {}
        }
    };
    let initial = Status::parse(&status.get_untracked());
    if !has_log {
        h.state.set(LogState::NoLog);
    } else {
        begin(initial.clone());
    }
    let started = StoredValue::new(!has_log || start_for(&initial) != Start::Wait);
    let begin_later = SendWrapper::new(begin.clone());
    Effect::new(move |prev: Option<Status>| {
        let s = Status::parse(&status.get());
        if !has_log {
            return s;
        }
        let change = on_status(prev.as_ref(), &s, started.get_value());
        if change.restart {
            // Retry runs the job again under the same name: its new log starts from nothing.
            h.try_with(Ctl::restart);
            h.version.update(|v| *v += 1);
            started.set_value(false);
            h.state.set(LogState::Waiting);
        }
        if change.begin {
            started.set_value(true);
            begin_later(s.clone());
        }
        s
    });
    // Signing in again after a 401 picks up where the log stopped.
    let resume = SendWrapper::new(begin);
    Effect::new(move |prev: Option<u64>| {
        let g = ctx.generation.get();
        if prev.is_some_and(|p| p != g)
            && matches!(
                h.state.get_untracked(),
                LogState::Failed(ApiError::Unauthorized | ApiError::BadToken)
            )
        {
            resume(Status::parse(&status.get_untracked()));
        }
        g
    });
    let connect_cleanup = SendWrapper::new(connect);
    on_cleanup(move || {
        h.try_with(|c| {
            c.disposed = true;
            c.stream = None;
        });
        connect_cleanup.borrow_mut().take();
    });

    let reload = Callback::new(move |_| {
        h.state.set(LogState::Reconnecting);
        load_complete();
    });
    LogSession { h, reload }
}
