//! Reactive helpers over browser timers: polling that pauses while the tab is hidden, and a
//! ticking clock for live durations. Everything is released in `on_cleanup`.

use leptos::prelude::*;

use crate::api::error::ApiError;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

/// Calls `f` every `ms` milliseconds while `active()` holds, the tab is visible and Zadig has not
/// refused the credentials (a 401 stops every poll until the person signs in again), and once
/// right away when the tab becomes visible again.
pub fn use_polling(ms: u32, active: impl Fn() -> bool + 'static, f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let ctx = use_context::<crate::state::Ctx>();
    let f = std::rc::Rc::new(f);
    let active =
        std::rc::Rc::new(move || !ctx.is_some_and(|c| c.signed_out_untracked()) && active());
    let tick = {
        let (f, active) = (f.clone(), active.clone());
        Closure::<dyn Fn()>::new(move || {
            if !hidden() && active() {
                f();
            }
        })
    };
    let on_visible = {
        let (f, active) = (f.clone(), active.clone());
        Closure::<dyn Fn()>::new(move || {
            if !hidden() && active() {
                f();
            }
        })
    };
    let id = window
        .set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            ms as i32,
        )
        .ok();
    let doc = window.document();
    if let Some(d) = &doc {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    let held = SendWrapper::new((tick, on_visible, doc));
    on_cleanup(move || {
        let (tick, on_visible, doc) = held.take();
        if let (Some(id), Some(w)) = (id, web_sys::window()) {
            w.clear_interval_with_handle(id);
        }
        if let Some(d) = doc {
            let _ = d.remove_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
        drop(tick);
    });
}

/// An answer as a read holds it: of any type, so one copy of the reading machinery serves every
/// read.
type Erased = Result<std::sync::Arc<dyn std::any::Any + Send + Sync>, ApiError>;
type Fetcher = Box<dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Erased>>>>;

/// Runs `fetcher` now and whenever what it reads (or `again`) changes, and puts each answer in
/// `value`. Each run is work of an effect: running again, or the component going away, cancels
/// the run before it (its request is aborted, see `Client::send`), so an answer that lands is
/// always the latest.
fn erased_fetch(fetcher: Fetcher, value: RwSignal<Option<Erased>>, again: Trigger) {
    Effect::new(move |_| {
        again.track();
        let answer = fetcher();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let answer = answer.await;
            value.try_set(Some(answer));
        });
    });
}

/// A read of the API: the answer of type `Result<T, ApiError>`, `None` until the first one.
/// It is fetched again when what its fetcher reads changes (the answer before stays until the
/// next one is in), and its request is aborted with the component that made it. (Not a
/// `LocalResource`: its async machinery, with `<Suspense>`'s and `<Transition>`'s, was a tenth
/// of the code a landing screen runs before its first answer; see README "Size".)
pub struct Fetch<T> {
    value: RwSignal<Option<Erased>>,
    again: Trigger,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Fetch<T> {}

impl<T: Clone + Send + Sync + 'static> Fetch<T> {
    /// Reads with `fetcher` now and whenever a reactive value it reads changes.
    pub fn new<Fut>(fetcher: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
    {
        let value = RwSignal::new(None);
        let again = Trigger::new();
        erased_fetch(
            Box::new(move || {
                let answer = fetcher();
                Box::pin(async move {
                    answer.await.map(|t| {
                        std::sync::Arc::new(t) as std::sync::Arc<dyn std::any::Any + Send + Sync>
                    })
                })
            }),
            value,
            again,
        );
        Fetch {
            value,
            again,
            _t: std::marker::PhantomData,
        }
    }

    fn typed(r: &Erased) -> Option<Result<&T, &ApiError>> {
        match r {
            Ok(any) => any.downcast_ref::<T>().map(Ok),
            Err(e) => Some(Err(e)),
        }
    }

    /// The answer (`None` while the first is on its way), tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.with(|r| r.map(|r| r.cloned().map_err(Clone::clone)))
    }

    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        self.with_untracked(|r| r.map(|r| r.cloned().map_err(Clone::clone)))
    }

    /// Looks at the answer without cloning it, tracked.
    pub fn with<R>(&self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.value.with(|r| f(r.as_ref().and_then(Self::typed)))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.value
            .with_untracked(|r| f(r.as_ref().and_then(Self::typed)))
    }

    /// Reads again now (a read still out is cancelled).
    pub fn refetch(&self) {
        self.again.notify();
    }
}

/// Refetches a resource every `ms` milliseconds while `active()` holds (see [`use_polling`]),
/// never while its previous fetch is still out (a refetch would replace it, and a slow answer,
/// or its error, would never land), and waiting longer after each failed answer (1 s, 2 s, 4 s …
/// a minute), back to `ms` after a success.
pub fn use_polled_resource<T: Clone + Send + Sync + 'static>(
    ms: u32,
    active: impl Fn() -> bool + 'static,
    resource: Fetch<T>,
) {
    let backoff = StoredValue::new(crate::net::backoff::Backoff::default());
    // When the refetch still waiting for its answer was asked for (ms), if one is.
    let asked: StoredValue<Option<f64>> = StoredValue::new(None);
    Effect::new(move |_| {
        let ok = resource.with(|r| r.map(|r| r.is_ok()));
        if let Some(ok) = ok {
            asked.set_value(None);
            backoff.update_value(|b| b.record(ok, js_sys::Date::now(), js_sys::Math::random()));
        }
    });
    use_polling(ms, active, move || {
        let now = js_sys::Date::now();
        // A request that never settles (it has its own time limit) does not stop polling forever.
        let waiting = asked
            .try_get_value()
            .flatten()
            .is_some_and(|at| now - at < 120_000.0);
        if !waiting && backoff.try_with_value(|b| b.ready(now)).unwrap_or(false) {
            asked.set_value(Some(now));
            resource.refetch();
        }
    });
}

/// What a polled read shows: its last good answer while the next one is fetched, and while a
/// refresh fails (the failure is [`Kept::stale`], shown beside it).
pub struct Kept<T: Send + Sync + 'static> {
    /// The last good answer, or the failure of a read that has not answered well yet; `None`
    /// before the first answer.
    pub shown: ReadSignal<Option<Result<T, ApiError>>>,
    set: WriteSignal<Option<Result<T, ApiError>>>,
    /// Why the latest refresh failed, while an earlier answer stays shown.
    pub stale: Memo<Option<ApiError>>,
    pub resource: Fetch<T>,
}

impl<T: Send + Sync + 'static> Clone for Kept<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Kept<T> {}

impl<T: Clone + Send + Sync + 'static> Kept<T> {
    /// Starts from nothing: the next answer is the first (another subject is being read).
    pub fn forget(&self) {
        self.set.set(None);
    }

    /// Reads again now.
    pub fn retry(&self) -> Callback<()> {
        let r = self.resource;
        Callback::new(move |_| r.refetch())
    }

    /// The last good answer.
    pub fn good(&self) -> Option<T>
    where
        T: Clone,
    {
        self.shown
            .with(|s| s.as_ref().and_then(|r| r.as_ref().ok().cloned()))
    }
}

/// Polls `resource` every `ms` milliseconds while `poll_while` holds for the last good answer
/// (`None` when there is none yet), as [`use_polled_resource`] does, and keeps what it shows:
/// an answer `belongs` rejects (a late answer about something no longer on screen) is dropped,
/// and a failed refresh leaves the last good answer in place.
pub fn use_polled<T: Clone + Send + Sync + 'static>(
    ms: u32,
    resource: Fetch<T>,
    poll_while: impl Fn(Option<&T>) -> bool + 'static,
    belongs: impl Fn(&T) -> bool + 'static,
) -> Kept<T> {
    let (shown, set) = signal(None::<Result<T, ApiError>>);
    Effect::new(move |_| {
        let Some(r) = resource.get() else {
            return;
        };
        let keep = match &r {
            Ok(t) => !belongs(t),
            Err(_) => shown.with_untracked(|s| matches!(s, Some(Ok(_)))),
        };
        if !keep {
            set.set(Some(r));
        }
    });
    // Signed out (Zadig refused the credentials, whichever read heard it): polling has
    // stopped, so what is shown is out of date too.
    let ctx = use_context::<crate::state::Ctx>();
    let stale = Memo::new(move |_| match resource.get() {
        Some(Err(e)) if shown.with(|s| matches!(s, Some(Ok(_)))) => Some(e),
        _ if ctx.is_some_and(|c| c.signed_out()) && shown.with(|s| matches!(s, Some(Ok(_)))) => {
            Some(ApiError::Unauthorized)
        }
        _ => None,
    });
    use_polled_resource(
        ms,
        move || shown.with_untracked(|s| poll_while(s.as_ref().and_then(|r| r.as_ref().ok()))),
        resource,
    );
    Kept {
        shown,
        set,
        stale,
        resource,
    }
}

/// The async work of one component (reads, streams, retry loops), made where the component is
/// built and usable from event handlers, effects and browser callbacks alike: everything spawned
/// through it is dropped, and its requests aborted, when the component is cleaned up, so it never
/// touches a disposed value; nothing is started once the component is gone.
#[derive(Clone)]
pub struct Tasks {
    owner: Option<Owner>,
    alive: StoredValue<()>,
}

impl Tasks {
    /// The scope of the component being built.
    pub fn new() -> Tasks {
        Tasks {
            owner: Owner::current(),
            alive: StoredValue::new(()),
        }
    }

    /// Whether the component is still mounted.
    pub fn alive(&self) -> bool {
        self.alive.try_get_value().is_some()
    }

    /// Runs `fut` as the component's work.
    pub fn spawn(&self, fut: impl std::future::Future<Output = ()> + 'static) {
        if !self.alive() {
            return;
        }
        match &self.owner {
            Some(o) => o.with(|| leptos::task::spawn_local_scoped_with_cancellation(fut)),
            None => leptos::task::spawn_local(fut),
        }
    }
}

impl Default for Tasks {
    fn default() -> Self {
        Tasks::new()
    }
}

/// Whether the element a write was sent from (its form or dialog) is still in the page: where its
/// answer goes. (The DOM says so at once, whatever the reactive owner's cleanup order.)
pub fn still_shown<E>(r: NodeRef<E>) -> bool
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    r.try_get_untracked()
        .flatten()
        .is_some_and(|e| e.unchecked_ref::<web_sys::Node>().is_connected())
}

/// Seconds since the epoch, now.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The browser's offset from UTC in minutes (east positive).
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The app's clock: seconds since the epoch, ticking every second while the tab is visible.
#[derive(Clone, Copy)]
pub struct Clock(ReadSignal<i64>);

fn ticking() -> ReadSignal<i64> {
    let (now, set_now) = signal(now_secs());
    // It starts ticking once the main module's later part is there: what a tick redraws need
    // not be in the first load (see chunks::parts_ready).
    use_polling(1000, crate::chunks::parts_arrived, move || {
        set_now.set(now_secs())
    });
    now
}

/// Starts the one clock every live duration of the app reads (see [`use_now`]).
pub fn provide_clock() {
    provide_context(Clock(ticking()));
}

/// The time now, for live durations: the app's clock, or (for a widget mounted alone, as in
/// tests) one of its own.
pub fn use_now() -> ReadSignal<i64> {
    use_context::<Clock>().map_or_else(ticking, |c| c.0)
}

/// Navigation options for changing a page's own URL state (tab, filter, page): replace the
/// history entry and keep the scroll position.
pub fn replace_in_place() -> crate::nav::NavigateOptions {
    crate::nav::NavigateOptions {
        replace: true,
        scroll: false,
    }
}
