//! Parts of the console that load on first use.
//!
//! In the release build (cargo feature `split`, see `scripts/build`) each [`split!`] function
//! is cut out of the main wasm into a chunk of its own, fetched the first time it is called.
//! Without the feature (`trunk serve`, the browser tests) the same functions are plain `async`
//! functions over code in the one wasm, so every caller is written once for both builds.
//!
//! A chunk that cannot be fetched (network cut, a deployment replaced under an open tab) is an
//! error shown where the part would be, with a way to try again; never a panic.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::use_ctx;

/// The landing screen has its first answer (or is a screen that needs none): marks the moment
/// (`zc-first-answer`, what the first-load test counts bytes up to) and asks for the main module's
/// later part, once (`zcLoadParts`, which the release build's loader defines; see
/// `scripts/split-cold.mjs`). Its fetch starts after the answer is drawn.
pub fn first_answer() {
    thread_local! {
        static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if ASKED.with(|a| a.replace(true)) {
        return;
    }
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("zc-first-answer");
    }
    set_timeout(
        || {
            if let Some(load) = loader_fn("zcLoadParts") {
                let _ = load.call0(&wasm_bindgen::JsValue::NULL);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The release build's loader function `name` on the global object (see
/// `scripts/split-cold.mjs`); a build without parts has none.
fn loader_fn(name: &str) -> Option<js_sys::Function> {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(&js_sys::global(), &name.into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Waits for the main module's later part (and the later stylesheet), asking for them if nobody
/// has yet (`zcPartsReady`; at once in a build without parts), and records that they are there
/// for [`parts_arrived`] and [`parts_ready`]. When they cannot be fetched (the network is cut),
/// they are asked for again after 1 s, 2 s, 4 s … a minute, and what waits goes on
/// waiting: it never runs before its code is there (which would need a synchronous load, and a
/// failed one stops the page).
pub async fn parts() {
    use wasm_bindgen::JsCast;
    // Plain doubling, not net::backoff: this runs before the parts are there, and code that no
    // profiled visit ran (a failure's branch) is in them.
    let mut wait = 1_000u32;
    while let Some(p) = loader_fn("zcPartsReady")
        .and_then(|f| f.call0(&wasm_bindgen::JsValue::NULL).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    {
        if wasm_bindgen_futures::JsFuture::from(p).await.is_ok() {
            break;
        }
        crate::net::timer::sleep(wait).await;
        wait = (wait * 2).min(60_000);
    }
    PARTS.with(|r| r.set(true));
}

thread_local! {
    static PARTS: ArcRwSignal<bool> = ArcRwSignal::new(loader_fn("zcPartsReady").is_none());
    static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the main module's later part has arrived, untracked, without asking for it.
pub fn parts_arrived() -> bool {
    PARTS.with(|r| r.get_untracked())
}

/// Whether the main module's later part is there, tracked; the first call asks for it. Work
/// that follows the landing screen's first answer (the rows' statuses, the clock's ticks, the
/// background part) waits for it, so its code is not in the first load: it moves
/// to the later part, which is there when it runs.
pub fn parts_ready() -> bool {
    let ready = PARTS.with(Clone::clone);
    if !ready.get_untracked() && !ASKED.with(|a| a.replace(true)) {
        leptos::task::spawn_local(parts());
    }
    ready.get()
}

/// A chunk could not be fetched or instantiated; calling its function again tries afresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `split!(chunk, preload_fn, fn name(args) -> T { body })`: `name` is `async` and returns
/// `Result<T, ChunkError>`; `preload_fn()` fetches the chunk without running anything.
macro_rules! split {
    ($chunk:ident, $preload:ident, $(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            fallible,
            wasm_split_path = ::leptos::wasm_split,
            preload($preload)
        )]
        $(#[$meta])*
        pub fn $name($($arg: $ty),*) -> Result<$ret, $crate::chunks::ChunkError> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $(#[$meta])*
        pub async fn $name($($arg: $ty),*) -> Result<$ret, $crate::chunks::ChunkError> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        pub async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use split;

/// What builds a part of the console from its chunk, each call a fresh attempt.
pub type Load =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>> + Send + Sync>;

/// A [`Load`] from a [`split!`] function call.
pub fn load<F, Fut>(f: F) -> Load
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    Arc::new(move || Box::pin(f()))
}

/// Where a deferred part is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Loading,
    Failed,
    Ready,
}

/// Shows what a chunk builds, a skeleton while it loads, and a retry when it cannot be loaded.
/// (Not generic: one copy in the main module serves every deferred part. A closure over the
/// part's state, not `<Suspense>`: see [`crate::hooks::Fetch`].)
#[component]
pub fn Deferred(load: Load) -> impl IntoView {
    // What the chunk built, taken once by the view below when `state` says it is there.
    let built = StoredValue::new_local(None::<AnyView>);
    let state = RwSignal::new(Part::Loading);
    let owner = Owner::current();
    let tasks = crate::hooks::Tasks::new();
    let land = move |r: Result<AnyView, ChunkError>| match r {
        Ok(view) => {
            built.try_update_value(|b| *b = Some(view));
            state.try_set(Part::Ready);
        }
        Err(ChunkError) => {
            state.try_set(Part::Failed);
        }
    };
    // The part is built under this component (its signals go with it) and untracked (what it
    // reads while being built is not what shows it). A chunk already loaded builds at once.
    let start = move || {
        let attempt = || {
            let mut attempt = load();
            match futures::FutureExt::now_or_never(attempt.as_mut()) {
                Some(r) => land(r),
                None => {
                    state.try_set(Part::Loading);
                    tasks.spawn(async move { land(attempt.await) });
                }
            }
        };
        match &owner {
            Some(o) => o.with(|| untrack(attempt)),
            None => untrack(attempt),
        }
    };
    start();
    move || match state.get() {
        Part::Loading => view! { <crate::components::Loading/> }.into_any(),
        Part::Failed => view! { <ChunkFailed on_retry=start.clone()/> }.into_any(),
        Part::Ready => built
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
    }
}

/// Where a part of the console would be when its chunk could not be loaded.
#[component]
pub(crate) fn ChunkFailed(on_retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="error-banner" role="alert" data-testid="chunk-failed">
            <div class="error-title">{ctx.tr(T::ChunkFailed)}</div>
            <div class="error-actions">
                <button type="button" class="btn" on:click=move |_| on_retry()>{ctx.tr(T::Retry)}</button>
            </div>
        </div>
    }
}

macro_rules! chunk_screen {
    ($chunk:ident, $preload:ident, $view:ident, $page:ident) => {
        $crate::chunks::split!(
            $chunk,
            $preload,
            fn $view() -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page/> })
            }
        );
    };
}

// Every screen but the two landing ones (the project picker and the workflow list) and "not
// found", which are in the main module: a first visit draws them without fetching a chunk.
use crate::pages::approvals::ApprovalsPage;
use crate::pages::compare::ComparePage;
use crate::pages::editor::{EditWorkflowPage, NewWorkflowPage};
use crate::pages::not_found::NotFound;
use crate::pages::projects::ProjectsPage;
use crate::pages::run::RunPage;
use crate::pages::settings::SettingsPage;
use crate::pages::task::TaskPage;
use crate::pages::ticket::TicketPage;
use crate::pages::workflow::WorkflowPage;
use crate::pages::workflows::WorkflowsPage;
use crate::routes::Screen;
chunk_screen!(settings, preload_settings, settings_page, SettingsPage);
chunk_screen!(approvals, preload_approvals, approvals_page, ApprovalsPage);
chunk_screen!(ticket, preload_ticket, ticket_page, TicketPage);
chunk_screen!(editor, preload_editor, editor_page, EditWorkflowPage);
chunk_screen!(editor, preload_new_editor, new_editor_page, NewWorkflowPage);
chunk_screen!(workflow, preload_workflow, workflow_page, WorkflowPage);
chunk_screen!(run, preload_run, run_page, RunPage);
chunk_screen!(task, preload_task, task_page, TaskPage);
chunk_screen!(compare, preload_compare, compare_page, ComparePage);

/// Fetches a screen's code (at once for the screens in the main module).
pub async fn preload(screen: Screen) -> Result<(), ChunkError> {
    match screen {
        Screen::Projects | Screen::Workflows | Screen::NotFound => Ok(()),
        Screen::Settings => Ok(preload_settings().await?),
        Screen::Approvals => Ok(preload_approvals().await?),
        Screen::NewTicket => Ok(preload_ticket().await?),
        Screen::NewWorkflow => Ok(preload_new_editor().await?),
        Screen::Workflow => Ok(preload_workflow().await?),
        Screen::EditWorkflow => Ok(preload_editor().await?),
        Screen::Run => Ok(preload_run().await?),
        Screen::Task => Ok(preload_task().await?),
        Screen::Compare => Ok(preload_compare().await?),
    }
}

/// Draws a screen; once [`preload`] has succeeded this completes without waiting.
pub async fn draw(screen: Screen) -> Result<AnyView, ChunkError> {
    preload(screen).await?;
    drawn(screen).ok_or(ChunkError)
}

/// A screen whose code is in, drawn at once (`None` if its code is not in after all). One
/// small call per screen rather than one state machine holding every screen's loader.
fn drawn(screen: Screen) -> Option<AnyView> {
    use futures::FutureExt;
    let view = match screen {
        Screen::Projects => return Some(projects_screen()),
        Screen::Workflows => return Some(workflows_screen()),
        Screen::NotFound => return Some(not_found_screen()),
        Screen::Settings => settings_page().now_or_never(),
        Screen::Approvals => approvals_page().now_or_never(),
        Screen::NewTicket => ticket_page().now_or_never(),
        Screen::NewWorkflow => new_editor_page().now_or_never(),
        Screen::Workflow => workflow_page().now_or_never(),
        Screen::EditWorkflow => editor_page().now_or_never(),
        Screen::Run => run_page().now_or_never(),
        Screen::Task => task_page().now_or_never(),
        Screen::Compare => compare_page().now_or_never(),
    };
    view?.ok()
}

// The main module's screens, a function each: inlined into `drawn`, the project picker's first
// load would hold the workflow list's code too (the split build keeps whole functions).
#[inline(never)]
fn projects_screen() -> AnyView {
    view! { <ProjectsPage/> }.into_any()
}

#[inline(never)]
fn workflows_screen() -> AnyView {
    view! { <WorkflowsPage/> }.into_any()
}

#[inline(never)]
fn not_found_screen() -> AnyView {
    view! { <NotFound/> }.into_any()
}

/// The screen of the current route. The screen on show stays until the next one's code is in,
/// so a click never blanks the page; a chunk that cannot be fetched says so where the screen
/// would be, with a way to try again (and is not fetched again by itself).
#[component]
pub fn Screens() -> impl IntoView {
    let route = crate::routes::use_route();
    let wanted = Memo::new(move |_| route.with(|r| Screen::of(r.as_ref())));
    let attempt = RwSignal::new(0u32);
    // The screen to draw, and whether its code is in.
    let ready = RwSignal::new(None::<(Screen, bool)>);
    // A followed link's URL goes into the address bar once the new screen is drawn.
    let complete = crate::nav::use_ready_to_complete();
    Effect::new(move |_| {
        route.track();
        attempt.track();
        let screen = wanted.get_untracked();
        let complete = complete.clone();
        leptos::task::spawn_local(async move {
            let loaded = preload(screen).await.is_ok();
            if wanted.try_get_untracked() != Some(screen) {
                return;
            }
            // A change only: the same screen is not drawn again.
            if ready.try_get_untracked() != Some(Some((screen, loaded))) {
                ready.try_set(Some((screen, loaded)));
            }
            complete();
        });
    });
    move || {
        let (screen, loaded) = ready.get()?;
        if !loaded {
            return Some(
                view! { <ChunkFailed on_retry=move || attempt.update(|n| *n += 1)/> }.into_any(),
            );
        }
        Some(match drawn(screen) {
            Some(view) => view,
            // The code was in a moment ago: fetch it again the ordinary way.
            None => view! { <Deferred load=load(move || draw(screen))/> }.into_any(),
        })
    }
}

split!(
    background,
    preload_background,
    fn background() -> AnyView {
        view! { <crate::components::background::Background/> }.into_any()
    }
);

// A newcomer's first screen: once per person, so it is not in every signed-in first load.
split!(
    welcome,
    preload_welcome,
    fn welcome_screen() -> AnyView {
        view! { <crate::components::Welcome/> }.into_any()
    }
);

split!(
    notices,
    preload_notices,
    fn notice_list() -> AnyView {
        view! { <crate::components::notices::NoticeList/> }.into_any()
    }
);

use crate::components::{ViewEdit, ViewEditor};
split!(
    view_editor,
    preload_view_editor,
    fn view_editor_dialog(
        project: String,
        edit: ViewEdit,
        existing: Vec<String>,
        on_close: Callback<()>,
        on_saved: Callback<String>,
    ) -> AnyView {
        view! { <ViewEditor project edit existing on_close on_saved/> }.into_any()
    }
);

use crate::api::types::{JobTask, TaskDetail};
split!(
    log_diff,
    preload_log_diff,
    fn log_diff_view(project: String, task: TaskDetail, job: JobTask) -> AnyView {
        view! { <crate::components::LogDiffView project task job/> }.into_any()
    }
);

/// Fetches every chunk ahead of use, one at a time, once the page has settled and the browser is
/// idle, so a click on a screen or a dialog never waits for its code. A chunk that fails here is
/// fetched again when it is used. Screens most likely to be opened next come first.
pub fn prefetch_when_idle() {
    leptos::task::spawn_local(async {
        crate::net::timer::sleep(PREFETCH_DELAY_MS).await;
        crate::net::timer::idle(2_000).await;
        // Every chunk load waits for the main module's parts: so does this code.
        parts().await;
        crate::browser::load_log_colours();
        for preload in PRELOADS {
            crate::net::timer::idle(2_000).await;
            let _ = preload().await;
        }
    });
}

/// How long after start-up prefetching begins: the landing screen's own data comes first.
const PREFETCH_DELAY_MS: u32 = 1_500;

type Preload =
    fn() -> Pin<Box<dyn Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>>>>;

use crate::inbox::preload_inbox;

macro_rules! preloads {
    ($($f:ident),* $(,)?) => { &[$(|| Box::pin($f())),*] };
}
const PRELOADS: &[Preload] = preloads![
    preload_workflow,
    preload_task,
    preload_compare,
    preload_run,
    preload_view_editor,
    preload_notices,
    preload_settings,
    preload_approvals,
    preload_inbox,
    preload_editor,
    preload_ticket,
    preload_log_diff,
    preload_welcome,
];
