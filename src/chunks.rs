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
use leptos_router::{Lazy, LazyRoute};

use crate::i18n::T;
use crate::state::use_ctx;

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

/// Shows what a chunk builds, a skeleton while it loads, and a retry when it cannot be loaded.
/// (Not generic: one copy in the main module serves every deferred part.)
#[component]
pub fn Deferred(load: Load) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <crate::components::Loading/> }>
            {move || {
                attempt.track();
                let load = load.clone();
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(ChunkError) => view! { <ChunkFailed on_retry=move || attempt.update(|n| *n += 1)/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

/// Where a part of the console would be when its chunk could not be loaded.
#[component]
fn ChunkFailed(on_retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="error-banner" role="alert" data-testid="chunk-failed">
            <div class="error-title">{move || ctx.t(T::ChunkFailed)}</div>
            <div class="error-actions">
                <button type="button" class="btn" on:click=move |_| on_retry()>{move || ctx.t(T::Retry)}</button>
            </div>
        </div>
    }
}

/// A route whose screen lives in a chunk: the router fetches it before leaving the page it is
/// on, so the old screen stays until the new one can be drawn.
pub trait ChunkRoute: Send + Sync + 'static {
    fn load() -> impl Future<Output = Result<AnyView, ChunkError>> + 'static;
}

/// The router's handle on a [`ChunkRoute`].
pub struct Routed<R>(std::marker::PhantomData<R>);

impl<R: ChunkRoute> LazyRoute for Routed<R> {
    fn data() -> Self {
        Routed(std::marker::PhantomData)
    }
    fn view(_: Self) -> impl Future<Output = AnyView> {
        screen(load(R::load))
    }
}

/// A chunk route's screen: drawn once its chunk is in, or [`Deferred`] (which tries again and
/// says so) when it could not be fetched. One copy for every route.
fn screen(load: Load) -> Pin<Box<dyn Future<Output = AnyView>>> {
    Box::pin(async move {
        match load().await {
            Ok(view) => view,
            Err(ChunkError) => view! { <Deferred load/> }.into_any(),
        }
    })
}

/// `view=` for a [`ChunkRoute`].
pub fn routed<R: ChunkRoute>() -> Lazy<Routed<R>> {
    Lazy::new()
}

macro_rules! chunk_route {
    ($route:ident, $chunk:ident, $preload:ident, $view:ident, $page:ident) => {
        $crate::chunks::split!(
            $chunk,
            $preload,
            fn $view() -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page/> })
            }
        );
        pub struct $route;
        impl $crate::chunks::ChunkRoute for $route {
            fn load() -> impl ::std::future::Future<
                Output = Result<::leptos::prelude::AnyView, $crate::chunks::ChunkError>,
            > + 'static {
                $view()
            }
        }
    };
}

// Every screen but the two landing ones (the project picker and the workflow list), which are in
// the main module: a first visit draws them without fetching a chunk.
use crate::pages::approvals::ApprovalsPage;
use crate::pages::editor::{EditWorkflowPage, NewWorkflowPage};
use crate::pages::run::RunPage;
use crate::pages::settings::SettingsPage;
use crate::pages::task::TaskPage;
use crate::pages::ticket::TicketPage;
use crate::pages::workflow::WorkflowPage;
chunk_route!(
    SettingsRoute,
    settings,
    preload_settings,
    settings_page,
    SettingsPage
);
chunk_route!(
    ApprovalsRoute,
    approvals,
    preload_approvals,
    approvals_page,
    ApprovalsPage
);
chunk_route!(TicketRoute, ticket, preload_ticket, ticket_page, TicketPage);
chunk_route!(
    EditorRoute,
    editor,
    preload_editor,
    editor_page,
    EditWorkflowPage
);
chunk_route!(
    NewEditorRoute,
    editor,
    preload_new_editor,
    new_editor_page,
    NewWorkflowPage
);
chunk_route!(
    WorkflowRoute,
    workflow,
    preload_workflow,
    workflow_page,
    WorkflowPage
);
chunk_route!(RunRoute, run, preload_run, run_page, RunPage);
chunk_route!(TaskRoute, task, preload_task, task_page, TaskPage);

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

/// Fetches every chunk ahead of use, one at a time, once the page has settled and the browser is
/// idle, so a click on a screen or a dialog never waits for its code. A chunk that fails here is
/// fetched again when it is used. Screens most likely to be opened next come first.
pub fn prefetch_when_idle() {
    leptos::task::spawn_local(async {
        crate::net::timer::sleep(PREFETCH_DELAY_MS).await;
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

macro_rules! preloads {
    ($($f:ident),* $(,)?) => { &[$(|| Box::pin($f())),*] };
}
const PRELOADS: &[Preload] = preloads![
    preload_workflow,
    preload_task,
    preload_run,
    preload_view_editor,
    preload_settings,
    preload_approvals,
    preload_editor,
    preload_ticket,
];
