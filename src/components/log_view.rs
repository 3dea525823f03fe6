//! The log viewer: a job's log, live over `EventSource` while the job runs, then reconciled with
//! the complete log; virtualised (only visible lines are in the DOM), ANSI colours through fixed
//! classes, text nodes only, line permalinks, follow mode, download, jump to first error.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::stream::EventStream;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::domain::log::render::{
    classes, format_hash, parse_hash, segments, truecolor_style, truncate_line, wrapped_rows,
    MAX_LINE_BYTES,
};
use crate::domain::log::search::{self, on_line, split_marks, utf16_to_byte, Found, Hit};
use crate::domain::log::store::LogStore;
use crate::domain::log::upload_wait_ms;
use crate::domain::log::zadig::{split_complete, Assembler};
use crate::domain::status::Status;
use crate::hooks::{self, Tasks};
use crate::i18n::T;
use crate::net::backoff::{Backoff, Policy};
use crate::net::timer::sleep;
use crate::net::url::safe_href;
use crate::state::use_ctx;

/// Pixel height of one line (CSS `.log-line` matches it).
pub const ROW: f64 = 20.0;
/// Lines rendered above and below the visible ones.
const OVERSCAN: usize = 20;
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

/// Where lines sit when long ones wrap: prefix sums of screen rows per line.
#[derive(Default)]
struct WrapLayout {
    cols: usize,
    /// `prefix[i]` is the first screen row of line `i`; one more entry than lines.
    prefix: Vec<u32>,
}

impl WrapLayout {
    /// Brings the layout up to date with the store's lines at `cols` columns.
    fn sync(&mut self, store: &LogStore, cols: usize) {
        if cols != self.cols || self.prefix.len() > store.len() + 1 || self.prefix.is_empty() {
            self.cols = cols;
            self.prefix = vec![0];
        }
        while self.prefix.len() <= store.len() {
            let i = self.prefix.len() - 1;
            let rows = wrapped_rows(&store.plain_cow(i), cols);
            self.prefix.push(self.prefix[i] + rows);
        }
    }
    fn line_at(&self, row: u32) -> usize {
        self.prefix.partition_point(|p| *p <= row).saturating_sub(1)
    }
}

struct Ctl {
    store: LogStore,
    layout: WrapLayout,
    pending: Vec<String>,
    assembler: Assembler,
    /// Complete lines seen on the current connection (a reconnect replays from the start).
    conn_lines: usize,
    /// Lines already shown when the current connection opened.
    skip: usize,
    stream: Option<EventStream>,
    frame_scheduled: bool,
    disposed: bool,
    /// Reconnect backoff of the live stream.
    backoff: Backoff,
    /// Counts restarts (a retried job's new attempt): answers for an earlier one are dropped.
    epoch: u64,
    /// Counts replacements of the lines (the complete log, a restart): search hits from before
    /// point into other text.
    replaced: u64,
}

impl Ctl {
    fn new(store: LogStore) -> Ctl {
        Ctl {
            store,
            layout: WrapLayout::default(),
            pending: Vec::new(),
            assembler: Assembler::new(),
            conn_lines: 0,
            skip: 0,
            stream: None,
            frame_scheduled: false,
            disposed: false,
            backoff: Backoff::new(Policy::STREAM),
            epoch: 0,
            replaced: 0,
        }
    }

    /// Starts over for a new attempt of the job: nothing of the previous attempt stays.
    fn restart(&mut self) {
        let (epoch, replaced) = (self.epoch + 1, self.replaced + 1);
        *self = Ctl::new(LogStore::new());
        self.epoch = epoch;
        self.replaced = replaced;
    }
}

type Shared = Rc<RefCell<Ctl>>;
/// The connect function, reachable from its own error handler for reconnects.
type Reconnect = Rc<RefCell<Option<Rc<dyn Fn()>>>>;

#[derive(Clone, Copy)]
struct Handles {
    version: RwSignal<u64>,
    state: RwSignal<LogState>,
    ctl: StoredValue<SendWrapper<Shared>>,
}

impl Handles {
    /// For view code, which only runs while the viewer is mounted.
    fn with<R>(&self, f: impl FnOnce(&mut Ctl) -> R) -> R {
        self.ctl.with_value(|c| f(&mut c.borrow_mut()))
    }

    /// For timers, frames, streams and futures, which may fire after the viewer is gone: `None`
    /// then, and nothing is touched.
    fn try_with<R>(&self, f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
        self.ctl
            .try_with_value(|c| {
                let mut c = c.borrow_mut();
                (!c.disposed).then(|| f(&mut c))
            })
            .flatten()
    }
}

fn request_frame(f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let cb = Closure::once_into_js(f);
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// Appends pending lines to the store once per animation frame (a frame that fires after the
/// viewer is gone does nothing).
fn schedule_flush(h: Handles) {
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

/// The log of one job task.
#[component]
pub fn LogView(
    /// Workflow key.
    #[prop(into)]
    workflow: String,
    /// Task id.
    task: i64,
    /// The job task name from the task detail (`job-S-J-N-<name>`).
    #[prop(into)]
    job: String,
    /// The job's status, kept current by the task page's polling.
    #[prop(into)]
    status: Signal<String>,
    /// The job's type: approvals write no log.
    #[prop(into, optional)]
    kind: String,
    /// When the job ended (seconds; 0 if unknown): how long an empty log is waited for.
    #[prop(into, optional)]
    ended: Signal<i64>,
) -> impl IntoView {
    let has_log = kind != "approval";
    let ctx = use_ctx();
    let h = Handles {
        version: RwSignal::new(0),
        state: RwSignal::new(LogState::Waiting),
        ctl: StoredValue::new(SendWrapper::new(Rc::new(RefCell::new(Ctl::new(
            LogStore::new(),
        ))))),
    };
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
                let streamed = h.try_with(|c| c.store.len() + c.pending.len()).unwrap_or(0);
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
                c.skip = c.store.len() + c.pending.len();
                c.conn_lines = 0;
                c.assembler.reset();
                c.epoch
            }) else {
                return;
            };
            let on_message = move |data: String| {
                let line = h
                    .try_with(|c| {
                        let line = c.assembler.push(&data)?;
                        c.conn_lines += 1;
                        c.backoff = Backoff::new(Policy::STREAM);
                        (c.conn_lines > c.skip).then_some(line)
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
                    let running = api::task_detail(&c, &w, task).await.map(|t| {
                        t.stages
                            .iter()
                            .flat_map(|s| s.jobs.iter())
                            .find(|x| x.name == j)
                            .map(|x| Status::parse(&x.status))
                    });
                    if h.try_with(|c| c.epoch) != Some(epoch) {
                        return;
                    }
                    match running {
                        Ok(Some(s)) if !s.streams_log() => load_complete(),
                        // 401 and 403 end the stream: reconnecting cannot help.
                        Err(
                            e @ (ApiError::Unauthorized
                            | ApiError::Forbidden { .. }
                            | ApiError::BadToken),
                        ) => h.state.set(LogState::Failed(e)),
                        r => {
                            // A job still preparing has written nothing yet: that is waiting,
                            // not a lost connection.
                            let nothing = h.try_with(|c| c.store.len() + c.pending.len() == 0);
                            if matches!(r, Ok(Some(Status::Prepare))) && nothing == Some(true) {
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
        move |s: Status| {
            if s.streams_log() {
                h.state.set(LogState::Waiting);
                do_connect();
            } else if s.is_finished() {
                h.state.set(LogState::Loading);
                load_complete();
            }
        }
    };
    let initial = Status::parse(&status.get_untracked());
    if !has_log {
        h.state.set(LogState::NoLog);
    } else {
        begin(initial.clone());
    }
    let started = StoredValue::new(!has_log || initial.streams_log() || initial.is_finished());
    let begin_later = SendWrapper::new(begin.clone());
    Effect::new(move |prev: Option<Status>| {
        let s = Status::parse(&status.get());
        if !has_log {
            return s;
        }
        let retried = prev.is_some_and(|p| p.is_finished()) && !s.is_finished();
        if retried {
            // Retry runs the job again under the same name: its new log starts from nothing.
            h.try_with(Ctl::restart);
            h.version.update(|v| *v += 1);
            started.set_value(false);
            h.state.set(LogState::Waiting);
        }
        if !started.get_value() && (s.streams_log() || s.is_finished()) {
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
    let loc = leptos_router::hooks::use_location();
    let hash = Signal::derive(move || loc.hash.get());
    view! { <LogBody h=h name=job.get_value() download_name=format!("{}-{task}-{}.log", wf.get_value(), job.get_value()) reload=reload hash=hash/> }
}

/// A log whose text is already known (a saved log, tests): the same viewer, no network.
#[component]
pub fn StaticLog(
    /// The raw log text (`\n`-separated lines, escapes and `\r` included).
    #[prop(into)]
    text: String,
    /// The name offered when downloading.
    #[prop(into, optional)]
    name: String,
) -> impl IntoView {
    let mut store = LogStore::new();
    store.extend(split_complete(&text));
    let h = Handles {
        version: RwSignal::new(1),
        state: RwSignal::new(LogState::Complete),
        ctl: StoredValue::new(SendWrapper::new(Rc::new(RefCell::new(Ctl::new(store))))),
    };
    let download_name = if name.is_empty() {
        "log.txt".to_string()
    } else {
        format!("{name}.log")
    };
    view! { <LogBody h=h name=name download_name=download_name/> }
}

/// The toolbar and the virtualised lines.
#[component]
fn LogBody(
    h: Handles,
    name: String,
    download_name: String,
    #[prop(optional)] reload: Option<Callback<()>>,
    /// The page's `#L…` hash, followed after mounting too (links between jobs and lines).
    #[prop(optional)]
    hash: Option<Signal<String>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let viewport = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let height = RwSignal::new(480.0f64);
    let follow = RwSignal::new(true);
    let selected = RwSignal::new(parse_hash(&location_hash()));
    let len = Memo::new(move |_| {
        h.version.get();
        h.with(|c| c.store.len())
    });
    // Search over the whole log.
    let needle = RwSignal::new(String::new());
    let use_regex = RwSignal::new(false);
    let case = RwSignal::new(false);
    let found: RwSignal<Found> = RwSignal::new(Found::default());
    let current = RwSignal::new(0usize);
    let search_error: RwSignal<Option<String>> = RwSignal::new(None);
    let last_run = StoredValue::new(0.0f64);
    let run_search = move || {
        let (q, rx, cs) = (
            needle.get_untracked(),
            use_regex.get_untracked(),
            case.get_untracked(),
        );
        last_run.set_value(js_sys::Date::now());
        mark("zc:search-start");
        let result = h.with(|c| {
            if rx {
                regex_search(&c.store, &q, cs)
            } else {
                Ok(search::plain_with(
                    (0..c.store.len()).map(|i| c.store.plain_cow(i)),
                    &q,
                    cs,
                    &mut || mark("zc:search-first"),
                ))
            }
        });
        mark("zc:search-done");
        match result {
            Ok(f) => {
                search_error.set(None);
                if current.get_untracked() >= f.hits.len() {
                    current.set(0);
                }
                found.set(f);
            }
            Err(e) => {
                search_error.set(Some(e));
                found.set(Found::default());
            }
        }
    };
    Effect::new(move |_| {
        needle.track();
        use_regex.track();
        case.track();
        current.set(0);
        run_search();
    });
    // New lines while a search is open: search again, at most once a second, and at once when
    // the log was replaced (the complete log's hits are not the streamed lines' hits).
    let searched = StoredValue::new(0u64);
    Effect::new(move |_| {
        h.version.track();
        let replaced = h.with(|c| c.replaced);
        let new_text = replaced != searched.get_value();
        searched.set_value(replaced);
        if !needle.get_untracked().is_empty()
            && (new_text || js_sys::Date::now() - last_run.get_value() > 1000.0)
        {
            run_search();
        }
    });

    let wrap = RwSignal::new(crate::browser::local_get("zc.log.wrap").as_deref() == Some("1"));
    let width = RwSignal::new(960.0f64);
    let char_w = RwSignal::new(7.8f64);
    let measure = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        if let Some(m) = measure.get() {
            let w = m.get_bounding_client_rect().width();
            if w > 0.0 {
                char_w.set(w / 50.0);
            }
        }
    });
    // Columns of text beside the 64 px line-number gutter and 16 px right padding.
    let cols = Memo::new(move |_| (((width.get() - 80.0) / char_w.get()).floor() as usize).max(20));
    // (top px, height px) of line `i`.
    let geo = move |c: &mut Ctl, i: usize| -> (f64, f64) {
        if wrap.get_untracked() {
            c.layout.sync(&c.store, cols.get_untracked());
            // A line index from before the log was replaced may be past its end.
            let p = &c.layout.prefix;
            let i = i.min(p.len().saturating_sub(2));
            let top = p.get(i).copied().unwrap_or(0);
            let next = p.get(i + 1).copied().unwrap_or(top + 1);
            (top as f64 * ROW, next.saturating_sub(top) as f64 * ROW)
        } else {
            (i as f64 * ROW, ROW)
        }
    };
    let total_px = Memo::new(move |_| {
        let n = len.get();
        if wrap.get() {
            let cols = cols.get();
            h.with(|c| {
                c.layout.sync(&c.store, cols);
                c.layout.prefix[n.min(c.layout.prefix.len() - 1)] as f64 * ROW
            })
        } else {
            n as f64 * ROW
        }
    });
    let range = Memo::new(move |_| {
        let n = len.get();
        total_px.track();
        let (top, hgt) = (scroll_top.get(), height.get());
        if wrap.get() {
            let cols = cols.get();
            h.with(|c| {
                c.layout.sync(&c.store, cols);
                let a = c
                    .layout
                    .line_at((top / ROW) as u32)
                    .saturating_sub(OVERSCAN);
                let b = c.layout.line_at(((top + hgt) / ROW) as u32) + OVERSCAN + 1;
                (a.min(n), b.min(n))
            })
        } else {
            let first = ((top / ROW) as usize).saturating_sub(OVERSCAN);
            let count = (hgt / ROW).ceil() as usize + 2 * OVERSCAN;
            (first.min(n), (first + count).min(n))
        }
    });
    let at_bottom = move |el: &web_sys::HtmlDivElement| {
        el.scroll_top() as f64 + el.client_height() as f64 >= el.scroll_height() as f64 - ROW
    };

    // Follow: stick to the bottom as lines arrive, unless the person scrolled up or is selecting.
    Effect::new(move |_| {
        let n = len.get();
        if !follow.get_untracked() || selected.get_untracked().is_some() || selecting() {
            return;
        }
        if let Some(el) = viewport.get_untracked() {
            let _ = n;
            el.set_scroll_top(total_px.get_untracked() as i32);
        }
    });
    // A permalink scrolls to its line once the line exists.
    let jumped = StoredValue::new(false);
    if let Some(hash) = hash {
        Effect::new(move |_| {
            if let Some(r) = parse_hash(&hash.get()) {
                if selected.get_untracked() != Some(r) {
                    jumped.set_value(false);
                    selected.set(Some(r));
                }
            }
        });
    }
    Effect::new(move |_| {
        let n = len.get();
        if let Some((start, _)) = selected.get() {
            if !jumped.get_value() && n >= start {
                jumped.set_value(true);
                follow.set(false);
                scroll_to(
                    viewport,
                    h.with(|c| {
                        geo(
                            c,
                            start.saturating_sub(1).min(c.store.len().saturating_sub(1)),
                        )
                    })
                    .0,
                );
            }
        }
    });

    let on_scroll = move |_| {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            // Never more rows than the window can show, even if styles fail to load.
            let window_h = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|v| v.as_f64())
                .unwrap_or(1080.0);
            height.set((el.client_height() as f64).min(window_h));
            width.set(el.client_width() as f64);
            follow.set(at_bottom(&el));
        }
    };
    let copied = RwSignal::new(false);
    // The line shown whole below the toolbar (lines too long for a row).
    let whole_line: RwSignal<Option<usize>> = RwSignal::new(None);
    let select_line = move |ev: web_sys::MouseEvent, n: usize| {
        ev.prevent_default();
        let range = match (ev.shift_key(), selected.get_untracked()) {
            (true, Some((a, _))) => (a.min(n), a.max(n)),
            _ => (n, n),
        };
        jumped.set_value(true);
        selected.set(Some(range));
        follow.set(false);
        set_location_hash(&format_hash(range.0, range.1));
        // The address bar now holds the link; put it on the clipboard too, where there is one
        // (plain-http hosts have no `navigator.clipboard`).
        if let (Some(w), Some(clip)) = (web_sys::window(), crate::browser::clipboard()) {
            if let Ok(href) = w.location().href() {
                let promise = clip.write_text(&href);
                // Only sets a signal, which is harmless once the viewer is gone.
                leptos::task::spawn_local(async move {
                    // Said only when the browser really took it.
                    copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
                });
            }
        }
    };
    let jump_live = move |_| {
        follow.set(true);
        if let Some(el) = viewport.get_untracked() {
            el.set_scroll_top(total_px.get_untracked() as i32);
        }
    };
    let first_error = move |_| {
        let hit = h.with(|c| (0..c.store.len()).find(|&i| looks_like_error(&c.store.plain(i))));
        if let Some(i) = hit {
            follow.set(false);
            selected.set(Some((i + 1, i + 1)));
            set_location_hash(&format_hash(i + 1, i + 1));
            scroll_to(viewport, h.with(|c| geo(c, i)).0);
        }
    };
    let download = move |_| {
        let text = h.with(|c| c.store.raw_text());
        save_text(&download_name, &text);
    };

    let go = move |delta: i64| {
        let n = found.with_untracked(|f| f.hits.len());
        if n == 0 {
            return;
        }
        let next = (current.get_untracked() as i64 + delta).rem_euclid(n as i64) as usize;
        current.set(next);
        let line = found.with_untracked(|f| f.hits[next].line);
        follow.set(false);
        scroll_to(viewport, h.with(|c| geo(c, line)).0);
    };
    let on_search_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            go(if ev.shift_key() { -1 } else { 1 });
        } else if ev.key() == "Escape" {
            needle.set(String::new());
        }
    };
    let count_text = move || {
        let f = found.get();
        if needle.get().is_empty() {
            String::new()
        } else if f.total == 0 {
            ctx.t(T::NoMatches).to_string()
        } else {
            format!("{} / {}", (current.get() + 1).min(f.hits.len()), f.total)
        }
    };

    let state_text = move || match h.state.get() {
        LogState::Loading => ctx.t(T::Loading).to_string(),
        LogState::AwaitingUpload => ctx.t(T::LogAwaitingUpload).to_string(),
        LogState::NoLog => ctx.t(T::LogNone).to_string(),
        LogState::Waiting => ctx.t(T::LogWaiting).to_string(),
        LogState::Live => ctx.t(T::LogLive).to_string(),
        LogState::Reconnecting => ctx.t(T::LogReconnecting).to_string(),
        LogState::Complete => ctx.t(T::LogComplete).to_string(),
        LogState::Unverified => ctx.t(T::LogUnverified).to_string(),
        LogState::Failed(_) => ctx.t(T::LogFailed).to_string(),
    };
    let rows = move || {
        h.version.get();
        wrap.track();
        cols.track();
        let (a, b) = range.get();
        let sel = selected.get();
        let cur = found.with(|f| f.hits.get(current.get()).copied());
        found.with(|f| h.with(|c| {
            (a..b)
                .map(|i| {
                    let n = i + 1;
                    let full = c.store.styled(i);
                    // A very long line is cut here; the whole of it opens below the toolbar.
                    let (line, hidden) = match truncate_line(&full, MAX_LINE_BYTES) {
                        Some((cut, hidden)) => (cut, hidden),
                        None => (full, 0),
                    };
                    let hl = sel.is_some_and(|(x, y)| x <= n && n <= y);
                    let marks: Vec<(usize, usize)> = on_line(&f.hits, i).iter().map(|h| (h.start, h.end)).collect();
                    let cur_mark = cur.filter(|h| h.line == i).map(|h: Hit| (h.start, h.end));
                    let mut offset = 0;
                    let pieces = segments(&line).into_iter().map(|s| {
                        let from = offset;
                        offset += s.text.len();
                        let cls = classes(&s.style);
                        let style = truecolor_style(&s.style);
                        let inner = split_marks(&s.text, from, &marks).into_iter().scan(from, |pos, (t, marked)| {
                            let start = *pos;
                            *pos += t.len();
                            Some(if marked {
                                let is_cur = cur_mark.is_some_and(|(x, y)| x <= start && start < y);
                                view! { <mark class:cur=is_cur data-testid="log-match">{t}</mark> }.into_any()
                            } else {
                                t.into_any()
                            })
                        }).collect_view();
                        // The href is the whole link, checked where it is set.
                        if let Some(href) = s.link.as_deref().and_then(safe_href).map(str::to_string) {
                            view! { <a class=cls style=style href=href target="_blank" rel="noopener noreferrer nofollow">{inner}</a> }.into_any()
                        } else if s.style.is_plain() {
                            inner.into_any()
                        } else {
                            view! { <span class=cls style=style>{inner}</span> }.into_any()
                        }
                    }).collect_view();
                    let (top, hgt) = geo(c, i);
                    view! {
                        <div class="log-line" class:hl=hl data-testid="log-line" data-line=n
                            style=format!("position:absolute;left:0;right:0;top:{top}px;height:{hgt}px")>
                            <a class="ln" href=format_hash(n, n) on:click=move |ev| select_line(ev, n)>{n}</a>
                            <span class="lt">{pieces}
                                {(hidden > 0).then(|| view! {
                                    <button type="button" class="link-btn whole-line" data-testid="log-whole-line"
                                        on:click=move |_| whole_line.set(Some(i))>
                                        {T::LogShowWholeLine.fill(ctx.locale.get_untracked(), &[("count", &hidden.to_string())])}
                                    </button>
                                })}
                            </span>
                        </div>
                    }
                })
                .collect_view()
        }))
    };
    view! {
        <div class="log-panel">
            <div class="log-toolbar">
                <span class=move || format!("log-state state-{}", match h.state.get() {
                    LogState::Live => "live", LogState::Waiting | LogState::Reconnecting | LogState::Loading | LogState::AwaitingUpload => "wait",
                    LogState::Complete | LogState::NoLog => "done", _ => "warn" })
                    data-testid="log-state">{state_text}</span>
                <span class="muted" data-testid="log-count">{move || format!("{} {}", len.get(), ctx.t(T::Lines))}</span>
                {move || copied.get().then(|| view! { <span class="muted" data-testid="log-link-copied">{ctx.t(T::LinkCopied)}</span> })}
                <span class="spacer"></span>
                <input class="log-search" type="search" data-testid="log-search" placeholder=move || ctx.t(T::SearchLog)
                    aria-label=move || ctx.t(T::SearchLog) prop:value=move || needle.get()
                    on:input:target=move |ev| needle.set(ev.target().value()) on:keydown=on_search_key/>
                <label class="check" title=move || ctx.t(T::RegexHint)>
                    <input type="checkbox" data-testid="log-search-regex" prop:checked=move || use_regex.get()
                        on:change:target=move |ev| use_regex.set(ev.target().checked())/>".*"</label>
                <label class="check" title=move || ctx.t(T::MatchCase)>
                    <input type="checkbox" data-testid="log-search-case" prop:checked=move || case.get()
                        on:change:target=move |ev| case.set(ev.target().checked())/>"Aa"</label>
                <span class="muted" data-testid="log-search-count">{count_text}</span>
                <button class="btn" data-testid="log-search-prev" aria-label=move || ctx.t(T::PrevMatch) on:click=move |_| go(-1)>"↑"</button>
                <button class="btn" data-testid="log-search-next" aria-label=move || ctx.t(T::NextMatch) on:click=move |_| go(1)>"↓"</button>
                <label class="check">
                    <input type="checkbox" data-testid="log-wrap" prop:checked=move || wrap.get()
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            crate::browser::local_set("zc.log.wrap", Some(if on { "1" } else { "0" }));
                            if let Some(el) = viewport.get_untracked() {
                                width.set(el.client_width() as f64);
                            }
                            wrap.set(on);
                        }/>
                    {move || ctx.t(T::Wrap)}
                </label>
                <button class="btn" data-testid="log-first-error" on:click=first_error>{move || ctx.t(T::FirstError)}</button>
                {move || (!follow.get()).then(|| view! {
                    <button class="btn" data-testid="log-jump-live" on:click=jump_live>{ctx.t(T::JumpToLive)}</button>
                })}
                <button class="btn" data-testid="log-download" on:click=download>{move || ctx.t(T::Download)}</button>
            </div>
            {move || search_error.get().map(|e| view! {
                <p class="field-error" data-testid="log-search-error">{ctx.t(T::BadRegex)} ": " {e}</p>
            })}
            {move || match h.state.get() {
                LogState::Failed(e) => Some(match reload {
                    Some(r) => view! { <ErrorBanner error=e retry=r/> }.into_any(),
                    None => view! { <ErrorBanner error=e/> }.into_any(),
                }),
                _ => None,
            }}
            {move || whole_line.get().map(|i| {
                let text = h.with(|c| (i < c.store.len()).then(|| c.store.plain(i))).unwrap_or_default();
                view! {
                    <div class="log-whole card" data-testid="log-whole-line-view">
                        <div class="row">
                            <strong>{T::LogLineNumber.fill(ctx.locale.get(), &[("line", &(i + 1).to_string())])}</strong>
                            <span class="spacer"></span>
                            <button type="button" class="btn" on:click=move |_| whole_line.set(None)>{ctx.t(T::Close)}</button>
                        </div>
                        <pre class="mono">{text}</pre>
                    </div>
                }
            })}
            {move || (h.state.get() == LogState::Unverified).then(|| view! {
                <div class="notice row" data-testid="log-unverified">
                    <span>{ctx.t(T::LogUnverifiedHint)}</span>
                    {reload.map(|r| view! {
                        <button class="btn" data-testid="log-load-full" on:click=move |_| r.run(())>{ctx.t(T::LoadFullLog)}</button>
                    })}
                </div>
            })}
            <div class="log" class:wrap=move || wrap.get() data-testid="log-view" data-job=name node_ref=viewport on:scroll=on_scroll tabindex="0">
                <span class="log-measure" aria-hidden="true" node_ref=measure>"00000000000000000000000000000000000000000000000000"</span>
                <div class="log-space" style=move || format!("position:relative;height:{}px", total_px.get())>
                    {rows}
                </div>
                {move || (len.get() == 0 && matches!(h.state.get(), LogState::Complete)).then(|| view! {
                    <p class="muted log-empty">{ctx.t(T::LogEmpty)}</p>
                })}
            </div>
        </div>
    }
}

/// A `performance.mark`, read by the benchmark command.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn looks_like_error(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("error") || l.contains("fail") || l.contains("fatal") || l.contains("panic")
}

/// Scrolls so that a line's top (in px) sits a third of the way down the view.
fn scroll_to(viewport: NodeRef<leptos::html::Div>, top_px: f64) {
    if let Some(el) = viewport.get_untracked() {
        let target = (top_px - el.client_height() as f64 / 3.0).max(0.0);
        el.set_scroll_top(target as i32);
    }
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Sets the hash without a navigation or a history entry, keeping path and query.
fn set_location_hash(hash: &str) {
    crate::browser::replace_url(None, Some(hash));
}

fn selecting() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed())
}

fn save_text(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's RegExp, built so that a bad pattern is an error, not a throw (and with no
    /// `eval`, which the CSP forbids).
    #[wasm_bindgen(js_name = RegExp)]
    type CheckedRegExp;
    #[wasm_bindgen(constructor, catch, js_class = "RegExp")]
    fn new(pattern: &str, flags: &str) -> Result<CheckedRegExp, wasm_bindgen::JsValue>;
}

/// Searches with the browser's RegExp over the whole plain text at once (`m` flag: `^` and `$`
/// match at line boundaries); a bad pattern is reported, not thrown.
fn regex_search(store: &LogStore, pattern: &str, case: bool) -> Result<Found, String> {
    let mut found = Found::default();
    if pattern.is_empty() {
        return Ok(found);
    }
    let flags = if case { "gm" } else { "gim" };
    let re = match CheckedRegExp::new(pattern, flags) {
        Ok(r) => r.unchecked_into::<js_sys::RegExp>(),
        Err(e) => {
            let msg = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string());
            return Err(msg.unwrap_or_else(|| "invalid pattern".into()));
        }
    };
    // One string for the whole log, with each line's start in UTF-16 units.
    let mut text = String::with_capacity(store.bytes() + store.len());
    let mut starts16: Vec<usize> = Vec::with_capacity(store.len());
    let mut units = 0usize;
    for i in 0..store.len() {
        let line = store.plain_cow(i);
        starts16.push(units);
        units += line.encode_utf16().count() + 1;
        text.push_str(&line);
        text.push('\n');
    }
    // Converted to a JavaScript string once; `exec` is called on that string, not a copy.
    let js_text = js_sys::JsString::from(text.as_str());
    let exec: js_sys::Function = js_sys::Reflect::get(&re, &"exec".into())
        .map_err(|_| "RegExp".to_string())?
        .unchecked_into();
    loop {
        let m = exec
            .call1(&re, &js_text)
            .map_err(|e| e.as_string().unwrap_or_else(|| "RegExp".into()))?;
        if m.is_null() {
            break;
        }
        let m: js_sys::Array = m.unchecked_into();
        let at = js_sys::Reflect::get(&m, &"index".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as usize;
        let matched = m.get(0).as_string().unwrap_or_default();
        let len16 = matched.encode_utf16().count();
        if len16 == 0 {
            // An empty match would loop forever: step past it.
            re.set_last_index(re.last_index() + 1);
            if re.last_index() as usize > units {
                break;
            }
            continue;
        }
        let line = starts16.partition_point(|s| *s <= at).saturating_sub(1);
        found.total += 1;
        if found.total == 1 {
            mark("zc:search-first");
        }
        if found.hits.len() < search::MAX_HITS {
            let l = store.plain_cow(line);
            let col16 = at - starts16[line];
            let start = utf16_to_byte(&l, col16);
            let end = utf16_to_byte(&l, col16 + len16).max(start);
            found.hits.push(Hit { line, start, end });
        }
    }
    Ok(found)
}
