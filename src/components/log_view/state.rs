//! The log's state: its lines and the stream feeding them ([`Ctl`]), the handle views and
//! callbacks share ([`Handles`]), and where the log stands ([`LogState`]).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::dom::request_frame;
use crate::api::stream::EventStream;
use crate::api::ApiError;
use crate::domain::log::layout::WrapLayout;
use crate::domain::log::session::Replay;
use crate::domain::log::store::LogStore;
use crate::domain::log::zadig::Assembler;
use crate::net::backoff::{Backoff, Policy};

/// Where the log stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LogState {
    /// Fetching the complete log of a job that has ended.
    Loading,
    /// The job has ended and Zadig has not stored its log yet (it uploads seconds later).
    AwaitingUpload,
    /// The job type writes no log (approvals).
    NoLog,
    /// Connected or connecting; Zadig sends nothing until the first line.
    Waiting,
    Live,
    Reconnecting,
    /// The complete log is shown.
    Complete,
    /// The job ended but the complete log could not be had: the streamed lines may miss some.
    Unverified,
    Failed(ApiError),
}

/// The log's lines and the stream feeding them.
pub(super) struct Ctl {
    pub store: LogStore,
    pub layout: WrapLayout,
    /// Streamed lines waiting for the next animation frame.
    pub pending: Vec<String>,
    pub assembler: Assembler,
    pub replay: Replay,
    pub stream: Option<EventStream>,
    pub frame_scheduled: bool,
    pub disposed: bool,
    /// Reconnect backoff of the live stream.
    pub backoff: Backoff,
    /// Counts restarts (a retried job's new attempt): answers for an earlier one are dropped.
    pub epoch: u64,
    /// Counts replacements of the lines (the complete log, a restart): search hits from before
    /// point into other text.
    pub replaced: u64,
}

impl Ctl {
    pub fn new(store: LogStore) -> Ctl {
        Ctl {
            store,
            layout: WrapLayout::default(),
            pending: Vec::new(),
            assembler: Assembler::new(),
            replay: Replay::default(),
            stream: None,
            frame_scheduled: false,
            disposed: false,
            backoff: Backoff::new(Policy::STREAM),
            epoch: 0,
            replaced: 0,
        }
    }

    /// Starts over for a new attempt of the job: nothing of the previous attempt stays.
    pub fn restart(&mut self) {
        let (epoch, replaced) = (self.epoch + 1, self.replaced + 1);
        *self = Ctl::new(LogStore::new());
        self.epoch = epoch;
        self.replaced = replaced;
    }

    /// Lines on screen or about to be.
    pub fn shown(&self) -> usize {
        self.store.len() + self.pending.len()
    }
}

/// The viewer's handle on a log: its lines (behind `ctl`), a version bumped when they change,
/// and its state.
#[derive(Clone, Copy)]
pub(super) struct Handles {
    pub version: RwSignal<u64>,
    pub state: RwSignal<LogState>,
    ctl: StoredValue<SendWrapper<Rc<RefCell<Ctl>>>>,
}

impl Handles {
    pub fn new(ctl: Ctl, state: LogState, version: u64) -> Handles {
        Handles {
            version: RwSignal::new(version),
            state: RwSignal::new(state),
            ctl: StoredValue::new(SendWrapper::new(Rc::new(RefCell::new(ctl)))),
        }
    }

    /// For view code, which only runs while the viewer is mounted.
    pub fn with<R>(&self, f: impl FnOnce(&mut Ctl) -> R) -> R {
        self.ctl.with_value(|c| f(&mut c.borrow_mut()))
    }

    /// For timers, frames, streams and futures, which may fire after the viewer is gone: `None`
    /// then, and nothing is touched.
    pub fn try_with<R>(&self, f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
        self.ctl
            .try_with_value(|c| {
                let mut c = c.borrow_mut();
                (!c.disposed).then(|| f(&mut c))
            })
            .flatten()
    }
}

/// Appends pending lines to the store once per animation frame (a frame that fires after the
/// viewer is gone does nothing).
pub(super) fn schedule_flush(h: Handles) {
    let schedule = h.try_with(|c| !std::mem::replace(&mut c.frame_scheduled, true));
    if schedule == Some(true) {
        request_frame(move || {
            let changed = h.try_with(|c| {
                c.frame_scheduled = false;
                if c.pending.is_empty() {
                    return false;
                }
                let lines = std::mem::take(&mut c.pending);
                c.store.extend(lines.iter().map(String::as_str));
                true
            });
            if changed == Some(true) {
                h.version.update(|v| *v += 1);
            }
        });
    }
}
